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

/// What `pcluster create-cluster --dryrun true` said, in pcwiz's terms.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DryRunVerdict {
    pub would_succeed: bool,
    /// pcluster's own summary ("Request would have succeeded…", "Invalid cluster configuration…").
    pub message: String,
    pub problems: Vec<ValidationProblem>,
}

/// One of pcluster's validator messages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct ValidationProblem {
    pub level: String,
    #[serde(rename = "type")]
    pub validator: String,
    pub message: String,
}

/// The one message pcluster prints when a dry run finds nothing wrong.
const WOULD_SUCCEED: &str = "Request would have succeeded, but DryRun flag is set.";

impl Pcluster {
    /// `pcluster create-cluster -n NAME -c FILE --dryrun true`: everything but the creation.
    /// It still calls AWS (subnets, key pair, AMI lookups), so it needs credentials.
    pub async fn dry_run(
        &self,
        name: &str,
        config: &std::path::Path,
        region: &str,
        suppress_validators: &[String],
    ) -> Result<DryRunVerdict, PclusterError> {
        let mut command = self.command();
        command
            .args([
                "create-cluster",
                "--cluster-name",
                name,
                "--cluster-configuration",
            ])
            .arg(config)
            .args(["--dryrun", "true", "--region", region]);
        if !suppress_validators.is_empty() {
            command
                .arg("--suppress-validators")
                .args(suppress_validators);
        }
        let (output, _code) = probe::run_any(command, Duration::from_secs(180)).await?;
        parse_dry_run(&output.stdout).ok_or_else(|| {
            PclusterError::Unparsable(probe::last_lines(
                if output.stdout.is_empty() {
                    &output.stderr
                } else {
                    &output.stdout
                },
                4,
            ))
        })
    }
}

/// pcluster prints one JSON document: `{"message": …, "configurationValidationErrors": […]}`.
pub fn parse_dry_run(stdout: &str) -> Option<DryRunVerdict> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Answer {
        #[serde(default)]
        message: String,
        #[serde(default)]
        configuration_validation_errors: Vec<ValidationProblem>,
    }
    let answer: Answer = serde_json::from_str(stdout).ok()?;
    Some(DryRunVerdict {
        would_succeed: answer.message == WOULD_SUCCEED,
        message: answer.message,
        problems: answer.configuration_validation_errors,
    })
}

/// pcwiz drives ParallelCluster 3.x; 2.x had a different config format and CLI.
pub fn is_supported_version(version: &str) -> bool {
    version.split('.').next() == Some("3")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dry_run_answers_are_read() {
        let ok = parse_dry_run(
            r#"{"message": "Request would have succeeded, but DryRun flag is set."}"#,
        )
        .unwrap();
        assert!(ok.would_succeed);
        let bad = parse_dry_run(
            r#"{"configurationValidationErrors": [{"level": "ERROR", "type": "KeyPairValidator", "message": "The key pair 'x' does not exist"}], "message": "Invalid cluster configuration."}"#,
        )
        .unwrap();
        assert!(!bad.would_succeed);
        assert_eq!(bad.problems[0].validator, "KeyPairValidator");
        assert!(parse_dry_run("Traceback …").is_none());
    }

    #[test]
    fn only_major_version_3_is_supported() {
        assert!(is_supported_version("3.16.1"));
        assert!(!is_supported_version("2.11.9"));
        assert!(!is_supported_version("30.0"));
    }
}
