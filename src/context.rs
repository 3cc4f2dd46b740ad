//! What every front end needs to know about this run, gathered once at start-up and cheap:
//! no file is read and no network touched here.

use crate::aws::environment::AwsEnvironment;
use crate::cli::args::GlobalArgs;
use crate::doctor::gather::DoctorInputs;
use crate::store::dirs::Dirs;
use crate::tools::locate::SearchPath;

#[derive(Debug, Clone)]
pub struct Context {
    pub aws_env: AwsEnvironment,
    pub profile_flag: Option<String>,
    pub region_flag: Option<String>,
    pub dirs: Dirs,
    /// False when NO_COLOR is set (https://no-color.org).
    pub color: bool,
}

impl Context {
    pub fn from_process(global: &GlobalArgs) -> Self {
        let dirs =
            Dirs::discover().unwrap_or_else(|| Dirs::under(std::env::temp_dir().join("pcwiz")));
        Self {
            aws_env: AwsEnvironment::from_process(),
            profile_flag: global.profile.clone(),
            region_flag: global.region.clone(),
            dirs,
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    pub fn search_path(&self) -> SearchPath {
        SearchPath::from_process(Some(self.dirs.managed_venv().join("bin")))
    }

    pub fn doctor_inputs(&self) -> DoctorInputs {
        DoctorInputs {
            env: self.aws_env.clone(),
            profile_flag: self.profile_flag.clone(),
            region_flag: self.region_flag.clone(),
            search: self.search_path(),
        }
    }
}
