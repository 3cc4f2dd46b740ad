//! The one place that runs the `pcluster` CLI.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use tokio::process::Command;

use crate::tools::locate::SearchPath;
use crate::tools::probe::{self, ProbeError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pcluster {
    pub program: PathBuf,
    /// True when this is pcwiz's managed install (`pcwiz doctor --install-pcluster`).
    pub managed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PclusterError {
    #[error(transparent)]
    Run(#[from] ProbeError),
    #[error("`pcluster version` printed something unexpected: {0}")]
    Unparsable(String),
}

impl Pcluster {
    pub fn locate(search: &SearchPath) -> Option<Self> {
        search.find("pcluster").map(|found| Self {
            program: found.path,
            managed: found.managed,
        })
    }

    /// A command for `pcluster`, with its own directory first on PATH: pcluster shells out
    /// to `node` (the AWS CDK), and the managed venv ships its `node` next to `pcluster`.
    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        if let Some(bin) = self.program.parent() {
            let mut path = OsString::from(bin);
            if let Some(rest) = std::env::var_os("PATH") {
                path.push(":");
                path.push(rest);
            }
            command.env("PATH", path);
        }
        command
    }

    /// `pcluster version` → "3.16.1". Python start-up makes this take about a second.
    pub async fn version(&self) -> Result<String, PclusterError> {
        #[derive(Deserialize)]
        struct Version {
            version: String,
        }
        let mut command = self.command();
        command.arg("version");
        let output = probe::run(command, Duration::from_secs(60)).await?;
        serde_json::from_str::<Version>(&output.stdout)
            .map(|v| v.version)
            .map_err(|_| PclusterError::Unparsable(probe::last_lines(&output.stdout, 2)))
    }
}

/// pcwiz drives ParallelCluster 3.x; 2.x had a different config format and CLI.
pub fn is_supported_version(version: &str) -> bool {
    version.split('.').next() == Some("3")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_major_version_3_is_supported() {
        assert!(is_supported_version("3.16.1"));
        assert!(!is_supported_version("2.11.9"));
        assert!(!is_supported_version("30.0"));
    }
}
