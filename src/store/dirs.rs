//! Where pcwiz keeps its files, following the platform's conventions (XDG on Linux).

use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    pub config: PathBuf,
    pub data: PathBuf,
    pub cache: PathBuf,
    /// Logs go here (`~/.local/state/pcwiz` on Linux).
    pub state: PathBuf,
}

impl Dirs {
    /// The user's directories. Fails only when no home directory can be found at all.
    pub fn discover() -> Option<Self> {
        let project = directories::ProjectDirs::from("", "", "pcwiz")?;
        Some(Self {
            config: project.config_dir().to_path_buf(),
            data: project.data_dir().to_path_buf(),
            cache: project.cache_dir().to_path_buf(),
            state: project
                .state_dir()
                .unwrap_or_else(|| project.data_local_dir())
                .to_path_buf(),
        })
    }

    /// All four under one root: for tests, and as the fallback when there is no home.
    pub fn under(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Self {
            config: root.join("config"),
            data: root.join("data"),
            cache: root.join("cache"),
            state: root.join("state"),
        }
    }

    /// The private virtualenv `pcwiz doctor --install-pcluster` creates.
    pub fn managed_venv(&self) -> PathBuf {
        self.data.join("pcluster-venv")
    }

    pub fn log_file(&self) -> PathBuf {
        self.state.join("pcwiz.log")
    }
}
