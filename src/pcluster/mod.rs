//! The one place that runs the `pcluster` CLI, and installs it (`install`).

pub mod describe;
pub mod install;
pub mod update;

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use tokio::process::Command;

use crate::cluster::aws_scope::AwsScope;
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
    #[error("pcluster printed something unexpected: {0}")]
    Unparsable(String),
    #[error("pcluster refused: {0}")]
    Refused(String),
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

    /// A command that talks to AWS: the profile and region pcwiz resolved are handed over
    /// explicitly, so pcluster never falls back to AWS_PROFILE or `default` on its own.
    pub(crate) fn command_in(&self, scope: &AwsScope) -> Command {
        let mut command = self.command();
        command.envs(scope.subprocess_env());
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

pub use crate::cluster::validation::ValidationProblem;

/// The one message pcluster prints when a dry run finds nothing wrong.
pub(crate) const WOULD_SUCCEED: &str = "Request would have succeeded, but DryRun flag is set.";

impl Pcluster {
    /// `pcluster create-cluster -n NAME -c FILE --dryrun true`: everything but the creation.
    /// It still calls AWS (subnets, key pair, AMI lookups), so it needs credentials.
    pub async fn dry_run(
        &self,
        name: &str,
        config: &std::path::Path,
        scope: &AwsScope,
        suppress_validators: &[String],
    ) -> Result<DryRunVerdict, PclusterError> {
        let mut command = self.command_in(scope);
        command.args(create_args(
            name,
            config,
            &scope.region,
            suppress_validators,
            true,
        ));
        let (output, _code) = probe::run_any(command, Duration::from_secs(180)).await?;
        parse_dry_run(&output.stdout).ok_or_else(|| unparsable(&output))
    }
}

/// What `pcluster create-cluster` answered when it accepted the request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Accepted {
    pub stack_arn: Option<String>,
    pub status: String,
    pub version: Option<String>,
    /// Warnings pcluster printed while accepting (validators at WARNING level).
    pub warnings: Vec<ValidationProblem>,
}

/// Why `pcluster create-cluster` refused.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Refused {
    pub message: String,
    pub problems: Vec<ValidationProblem>,
}

impl Pcluster {
    /// `pcluster create-cluster`: the real thing. pcluster returns once CloudFormation has
    /// the stack (a minute or two: it builds the template with the CDK and uploads it).
    pub async fn create(
        &self,
        name: &str,
        config: &std::path::Path,
        scope: &AwsScope,
        suppress_validators: &[String],
    ) -> Result<Result<Accepted, Refused>, PclusterError> {
        let mut command = self.command_in(scope);
        command.args(create_args(
            name,
            config,
            &scope.region,
            suppress_validators,
            false,
        ));
        let (output, _code) = probe::run_any(command, Duration::from_secs(600)).await?;
        parse_create(&output.stdout).ok_or_else(|| unparsable(&output))
    }
}

/// The exact arguments of `pcluster create-cluster`, dry run or not. `--suppress-validators`
/// is handed on unchanged: pcwiz never suppresses anything by itself.
pub fn create_args(
    name: &str,
    config: &std::path::Path,
    region: &str,
    suppress_validators: &[String],
    dry_run: bool,
) -> Vec<OsString> {
    config_command_args(
        "create-cluster",
        name,
        config,
        region,
        suppress_validators,
        dry_run,
    )
}

/// `pcluster create-cluster` and `update-cluster` take the same arguments.
pub(crate) fn config_command_args(
    subcommand: &str,
    name: &str,
    config: &std::path::Path,
    region: &str,
    suppress_validators: &[String],
    dry_run: bool,
) -> Vec<OsString> {
    let mut args: Vec<OsString> = [subcommand, "--cluster-name", name]
        .iter()
        .map(OsString::from)
        .collect();
    args.push("--cluster-configuration".into());
    args.push(config.as_os_str().to_owned());
    if dry_run {
        args.extend(["--dryrun", "true"].map(OsString::from));
    }
    args.extend(["--region", region].map(OsString::from));
    if !suppress_validators.is_empty() {
        args.push("--suppress-validators".into());
        args.extend(suppress_validators.iter().map(OsString::from));
    }
    args
}

/// `{"cluster": {"cloudformationStackArn": …, "cloudformationStackStatus": …, "version": …},
/// "validationMessages": […]}` when accepted; `{"message": …, "configurationValidationErrors": […]}`
/// when refused.
pub fn parse_create(stdout: &str) -> Option<Result<Accepted, Refused>> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Cluster {
        cloudformation_stack_arn: Option<String>,
        cloudformation_stack_status: Option<String>,
        version: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Answer {
        cluster: Option<Cluster>,
        #[serde(default)]
        message: String,
        #[serde(default)]
        validation_messages: Vec<ValidationProblem>,
        #[serde(default)]
        configuration_validation_errors: Vec<ValidationProblem>,
    }
    let answer: Answer = serde_json::from_str(stdout).ok()?;
    Some(match answer.cluster {
        Some(c) => Ok(Accepted {
            stack_arn: c.cloudformation_stack_arn,
            status: c
                .cloudformation_stack_status
                .unwrap_or_else(|| "CREATE_IN_PROGRESS".into()),
            version: c.version,
            warnings: answer.validation_messages,
        }),
        None => Err(Refused {
            message: answer.message,
            problems: answer.configuration_validation_errors,
        }),
    })
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

/// What pcluster printed when it printed no JSON pcwiz reads: its last lines, from stdout,
/// or from stderr when stdout is empty (a Python traceback).
pub(crate) fn unparsable(output: &probe::Output) -> PclusterError {
    let text = if output.stdout.trim().is_empty() {
        &output.stderr
    } else {
        &output.stdout
    };
    PclusterError::Unparsable(probe::last_lines(text, 4))
}

/// pcwiz drives ParallelCluster 3.x; 2.x had a different config format and CLI.
pub fn is_supported_version(version: &str) -> bool {
    version.split('.').next() == Some("3")
}

/// `pcluster describe-compute-fleet` / `update-compute-fleet`: the fleet's status is
/// pcluster's to keep (a DynamoDB item its daemons watch), so pcwiz asks pcluster rather
/// than touching the table itself.
impl Pcluster {
    /// "RUNNING", "STOPPED", "STOP_REQUESTED", …
    pub async fn fleet_status(
        &self,
        name: &str,
        scope: &AwsScope,
    ) -> Result<String, PclusterError> {
        let mut command = self.command_in(scope);
        command.args([
            "describe-compute-fleet",
            "--cluster-name",
            name,
            "--region",
            &scope.region,
        ]);
        fleet_answer(probe::run_any(command, Duration::from_secs(120)).await?)
    }

    /// Asks for the fleet to start or stop; answers the status pcluster recorded.
    pub async fn set_fleet(
        &self,
        name: &str,
        scope: &AwsScope,
        start: bool,
    ) -> Result<String, PclusterError> {
        let status = if start {
            "START_REQUESTED"
        } else {
            "STOP_REQUESTED"
        };
        let mut command = self.command_in(scope);
        command.args([
            "update-compute-fleet",
            "--cluster-name",
            name,
            "--region",
            &scope.region,
            "--status",
            status,
        ]);
        fleet_answer(probe::run_any(command, Duration::from_secs(120)).await?)
    }
}

impl Pcluster {
    /// `pcluster delete-cluster`: it marks the cluster's log groups to be kept, then
    /// deletes the stack. Returns once the deletion has started.
    pub async fn delete_cluster(&self, name: &str, scope: &AwsScope) -> Result<(), PclusterError> {
        let mut command = self.command_in(scope);
        command.args([
            "delete-cluster",
            "--cluster-name",
            name,
            "--region",
            &scope.region,
        ]);
        let (output, code) = probe::run_any(command, Duration::from_secs(180)).await?;
        if code == 0 {
            return Ok(());
        }
        let message = serde_json::from_str::<serde_json::Value>(output.stdout.trim())
            .ok()
            .and_then(|j| {
                j.get("message")
                    .and_then(|m| m.as_str())
                    .map(str::to_string)
            });
        Err(match message {
            Some(message) => PclusterError::Refused(message),
            None => unparsable(&output),
        })
    }
}

/// `{"status": …}` on success; pcluster's `{"message": …}` (with a non-zero exit) when it
/// refuses, e.g. for a cluster it does not find.
fn fleet_answer((output, code): (probe::Output, i32)) -> Result<String, PclusterError> {
    let json: Option<serde_json::Value> = serde_json::from_str(output.stdout.trim()).ok();
    let field = |key: &str| {
        json.as_ref()
            .and_then(|j| j.get(key))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    match (code, field("status"), field("message")) {
        (0, Some(status), _) => Ok(status),
        (_, _, Some(message)) => Err(PclusterError::Refused(message)),
        _ => Err(unparsable(&output)),
    }
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
    fn the_create_command_line_is_exactly_pclusters() {
        let args = |dry_run, suppress: &[String]| -> Vec<String> {
            create_args(
                "rev",
                std::path::Path::new("/home/jane/rev.yaml"),
                "us-west-2",
                suppress,
                dry_run,
            )
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
        };
        assert_eq!(
            args(false, &[]),
            [
                "create-cluster",
                "--cluster-name",
                "rev",
                "--cluster-configuration",
                "/home/jane/rev.yaml",
                "--region",
                "us-west-2"
            ]
        );
        let suppress = ["type:HeadNodeLaunchTemplateValidator".to_string()];
        assert_eq!(
            args(true, &suppress)[5..],
            [
                "--dryrun",
                "true",
                "--region",
                "us-west-2",
                "--suppress-validators",
                "type:HeadNodeLaunchTemplateValidator"
            ]
        );
    }

    #[test]
    fn create_answers_are_read() {
        let accepted = parse_create(r#"{"cluster": {"clusterName": "rev", "cloudformationStackStatus": "CREATE_IN_PROGRESS", "cloudformationStackArn": "arn:aws:cloudformation:us-west-2:123456789012:stack/rev/1", "region": "us-west-2", "version": "3.16.1", "clusterStatus": "CREATE_IN_PROGRESS"}, "validationMessages": [{"level": "WARNING", "type": "X", "message": "careful"}]}"#).unwrap().unwrap();
        assert_eq!(accepted.status, "CREATE_IN_PROGRESS");
        assert_eq!(accepted.version.as_deref(), Some("3.16.1"));
        assert_eq!(accepted.warnings[0].message, "careful");
        let refused = parse_create(r#"{"message": "Cluster rev already exists."}"#)
            .unwrap()
            .unwrap_err();
        assert_eq!(refused.message, "Cluster rev already exists.");
    }

    #[test]
    fn only_major_version_3_is_supported() {
        assert!(is_supported_version("3.16.1"));
        assert!(!is_supported_version("2.11.9"));
        assert!(!is_supported_version("30.0"));
    }
}
