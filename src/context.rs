//! What every front end needs to know about this run, gathered once at start-up and cheap:
//! no file is read and no network touched here.

use crate::aws::credential_source::{ProfileChoice, ProfileFiles};
use crate::aws::environment::AwsEnvironment;
use crate::aws::session::AwsSession;
use crate::doctor::gather::DoctorInputs;
use crate::doctor::region::{self, ResolvedRegion};
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
    /// PCWIZ_SUPPRESS_VALIDATORS="type:A type:B": handed to pcluster unchanged when the
    /// full-screen app launches (the CLI takes --suppress-validators). Empty by default.
    pub suppress_validators: Vec<String>,
}

impl Context {
    /// `profile` and `region`: the command line's `--profile` and `--region`, if given.
    pub fn from_process(profile: Option<String>, region: Option<String>) -> Self {
        let dirs =
            Dirs::discover().unwrap_or_else(|| Dirs::under(std::env::temp_dir().join("pcwiz")));
        Self {
            aws_env: AwsEnvironment::from_process(),
            profile_flag: profile,
            region_flag: region,
            dirs,
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            suppress_validators: std::env::var("PCWIZ_SUPPRESS_VALIDATORS")
                .map(|v| v.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default(),
        }
    }

    pub fn search_path(&self) -> SearchPath {
        SearchPath::from_process(Some(self.dirs.managed_venv().join("bin")))
    }

    pub fn profile(&self) -> ProfileChoice {
        ProfileChoice::resolve(self.profile_flag.as_deref(), &self.aws_env)
    }

    /// The region as doctor resolves it: --region, AWS_REGION, AWS_DEFAULT_REGION, profile.
    pub fn region(&self) -> Option<ResolvedRegion> {
        let files = ProfileFiles::load(&self.aws_env).ok();
        region::resolve(
            self.region_flag.as_deref(),
            &self.aws_env,
            files.as_ref(),
            &self.profile(),
        )
    }

    /// The region the user gave for this run (`--region`, AWS_REGION, AWS_DEFAULT_REGION),
    /// as opposed to a profile's default: a cluster named with it is looked for there only.
    pub fn explicit_region(&self) -> Option<String> {
        self.region_flag
            .clone()
            .filter(|r| !r.is_empty())
            .or_else(|| self.aws_env.var("AWS_REGION").map(str::to_string))
            .or_else(|| self.aws_env.var("AWS_DEFAULT_REGION").map(str::to_string))
    }

    /// An AWS session in `region`, with the profile this run resolved.
    pub async fn session_in(&self, region: &str) -> AwsSession {
        AwsSession::new(&self.aws_env, &self.profile(), region).await
    }

    /// An AWS session in the resolved region, or an error that says how to set one.
    pub async fn session(&self) -> anyhow::Result<AwsSession> {
        let Some(region) = self.region() else {
            anyhow::bail!(
                "no AWS region is set: pass --region us-west-2, export AWS_REGION, or run `aws configure set region us-west-2`"
            );
        };
        Ok(AwsSession::new(&self.aws_env, &self.profile(), &region.name).await)
    }

    /// The user's ~/.ssh.
    pub fn ssh_dir(&self) -> std::path::PathBuf {
        self.aws_env
            .home()
            .cloned()
            .unwrap_or_default()
            .join(".ssh")
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
