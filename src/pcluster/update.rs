//! `pcluster update-cluster`: the dry run that reports the change set (pcluster compares the
//! new config with the one it stored for the cluster, setting by setting), and the update
//! itself, which hands CloudFormation a new template and returns at once.
//!
//! A dry run exits 1 even when the update would be accepted, so the answer is read from the
//! JSON pcluster prints, never from the exit code (notes §3.1: every shape observed against
//! moto with pcluster 3.16.1).

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use super::{Pcluster, PclusterError, WOULD_SUCCEED, config_command_args, unparsable};
use crate::cluster::aws_scope::AwsScope;
use crate::cluster::update::change::{Blocked, Change, UpdateAnswer};
use crate::cluster::validation::ValidationProblem;
use crate::tools::probe;

/// pcluster's "nothing differs" answer, after its "Bad Request: " prefix.
const NO_CHANGES: &str = "No changes found in your cluster configuration.";

impl Pcluster {
    /// `pcluster update-cluster -n NAME -c FILE [--dryrun true] --region R`. A dry run takes
    /// a few seconds (validators, then the stored config from S3); the update a minute or
    /// two (it builds the new template with the CDK and uploads it first).
    pub async fn update_cluster(
        &self,
        name: &str,
        config: &Path,
        scope: &AwsScope,
        suppress_validators: &[String],
        dry_run: bool,
    ) -> Result<UpdateAnswer, PclusterError> {
        let mut command = self.command_in(scope);
        command.args(config_command_args(
            "update-cluster",
            name,
            config,
            &scope.region,
            suppress_validators,
            dry_run,
        ));
        let limit = Duration::from_secs(if dry_run { 180 } else { 600 });
        let (output, _code) = probe::run_any(command, limit).await?;
        parse_update(&output.stdout).ok_or_else(|| unparsable(&output))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawChange {
    parameter: String,
    #[serde(default)]
    requested_value: String,
    #[serde(default)]
    current_value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawBlocked {
    parameter: String,
    #[serde(default)]
    message: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCluster {
    cloudformation_stack_status: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    #[serde(default)]
    message: String,
    cluster: Option<RawCluster>,
    #[serde(default)]
    change_set: Vec<RawChange>,
    update_validation_errors: Option<Vec<RawBlocked>>,
    configuration_validation_errors: Option<Vec<ValidationProblem>>,
    #[serde(default)]
    validation_messages: Vec<ValidationProblem>,
}

/// Every shape pcluster 3.16.1 answers an update with: the dry run's "would have
/// succeeded", the real update's `cluster`, a refusal (`updateValidationErrors`), an invalid
/// config (`configurationValidationErrors`), "No changes found", or a bare `message`.
pub fn parse_update(stdout: &str) -> Option<UpdateAnswer> {
    let answer: Answer = serde_json::from_str(stdout.trim()).ok()?;
    let changes = || {
        answer
            .change_set
            .iter()
            .map(|c| Change {
                parameter: c.parameter.clone(),
                old: c.current_value.clone(),
                new: c.requested_value.clone(),
            })
            .collect::<Vec<_>>()
    };
    Some(if let Some(cluster) = &answer.cluster {
        UpdateAnswer::Started {
            stack_status: cluster
                .cloudformation_stack_status
                .clone()
                .unwrap_or_else(|| "UPDATE_IN_PROGRESS".into()),
            changes: changes(),
            warnings: answer.validation_messages.clone(),
        }
    } else if let Some(blocked) = &answer.update_validation_errors {
        UpdateAnswer::Refused {
            changes: changes(),
            blocked: blocked
                .iter()
                .map(|b| Blocked {
                    parameter: b.parameter.clone(),
                    message: b.message.clone(),
                })
                .collect(),
        }
    } else if let Some(problems) = &answer.configuration_validation_errors {
        UpdateAnswer::Invalid {
            problems: problems.clone(),
        }
    } else if answer.message == WOULD_SUCCEED {
        UpdateAnswer::WouldApply {
            changes: changes(),
            warnings: answer.validation_messages.clone(),
        }
    } else if answer.message.ends_with(NO_CHANGES) {
        UpdateAnswer::NoChanges
    } else {
        UpdateAnswer::Failed {
            message: answer.message.clone(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// pcluster 3.16.1's answers, verbatim from the research against moto (notes §4.4, §5.3).
    #[test]
    fn every_answer_shape_is_read() {
        let would = parse_update(r#"{"message": "Request would have succeeded, but DryRun flag is set.", "changeSet": [{"parameter": "Scheduling.SlurmQueues[standard].ComputeResources[c6a12xl].MaxCount", "requestedValue": "20", "currentValue": "10"}]}"#).unwrap();
        assert_eq!(
            would.changes()[0],
            Change {
                parameter: "Scheduling.SlurmQueues[standard].ComputeResources[c6a12xl].MaxCount"
                    .into(),
                old: "10".into(),
                new: "20".into()
            }
        );
        assert!(matches!(would, UpdateAnswer::WouldApply { .. }));

        let refused = parse_update(r#"{"message": "Update failure", "updateValidationErrors": [{"parameter": "HeadNode.InstanceType", "requestedValue": "t3.xlarge", "message": "Update actions are not currently supported for the 'InstanceType' parameter.", "currentValue": "t3.large"}], "changeSet": [{"parameter": "HeadNode.InstanceType", "requestedValue": "t3.xlarge", "currentValue": "t3.large"}]}"#).unwrap();
        assert_eq!(refused.blocked()[0].parameter, "HeadNode.InstanceType");
        assert_eq!(refused.changes().len(), 1);

        let invalid = parse_update(r#"{"configurationValidationErrors": [{"level": "ERROR", "type": "KeyPairValidator", "message": "nope"}], "message": "Invalid cluster configuration."}"#).unwrap();
        assert_eq!(invalid.problems()[0].validator, "KeyPairValidator");

        assert_eq!(
            parse_update(
                r#"{"message": "Bad Request: No changes found in your cluster configuration."}"#
            ),
            Some(UpdateAnswer::NoChanges)
        );
        assert_eq!(
            parse_update(
                r#"{"message": "Cannot execute update while stack is in CREATE_IN_PROGRESS status."}"#
            ),
            Some(UpdateAnswer::Failed {
                message: "Cannot execute update while stack is in CREATE_IN_PROGRESS status."
                    .into()
            })
        );

        let started = parse_update(r#"{"cluster": {"clusterName": "c8", "cloudformationStackStatus": "UPDATE_IN_PROGRESS", "clusterStatus": "UPDATE_IN_PROGRESS"}, "changeSet": [{"parameter": "DevSettings", "requestedValue": "{'ClusterTemplate': 's3://b/t'}", "currentValue": "-"}], "validationMessages": [{"level": "WARNING", "type": "KeyPairValidator", "message": "careful"}]}"#).unwrap();
        let UpdateAnswer::Started {
            stack_status,
            warnings,
            ..
        } = &started
        else {
            panic!("{started:?}")
        };
        assert_eq!(stack_status, "UPDATE_IN_PROGRESS");
        assert_eq!(warnings[0].message, "careful");
        assert!(parse_update("Traceback (most recent call last):").is_none());
    }

    #[test]
    fn the_update_command_line_is_exactly_pclusters() {
        let args: Vec<String> = config_command_args(
            "update-cluster",
            "rev",
            Path::new("/tmp/new.yaml"),
            "us-west-2",
            &[],
            true,
        )
        .into_iter()
        .map(|a| a.into_string().unwrap())
        .collect();
        assert_eq!(
            args,
            [
                "update-cluster",
                "--cluster-name",
                "rev",
                "--cluster-configuration",
                "/tmp/new.yaml",
                "--dryrun",
                "true",
                "--region",
                "us-west-2"
            ]
        );
    }
}
