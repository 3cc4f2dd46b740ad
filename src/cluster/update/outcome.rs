//! How a stack's update ended, in words: done, rolled back (the cluster runs as before), or
//! stuck in a failed rollback. The cause is the first failure CloudFormation recorded after
//! the update began, typically the head node's new wait condition ("WaitCondition received
//! failed message: 'Update failed' for uniqueId: i-…" by analogy with creation; the exact
//! text on AWS is unverified here).

use serde::Serialize;

use crate::cluster::stack::StackProgress;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "end", rename_all = "kebab-case")]
pub enum UpdateEnd {
    /// UPDATE_COMPLETE: the new config is the cluster's.
    Done,
    /// UPDATE_ROLLBACK_COMPLETE: the update failed and the old config is back.
    RolledBack { cause: String, next: String },
    /// UPDATE_ROLLBACK_FAILED: the update failed, and so did putting the old one back.
    Stuck { cause: String, next: String },
    /// Still going (UPDATE_IN_PROGRESS, …) or a status an update does not end in.
    Other { status: String },
}

pub fn end_of(stack: &StackProgress, name: &str, region: &str) -> UpdateEnd {
    let cause =
        || update_failure(stack).unwrap_or_else(|| "CloudFormation gave no reason.".to_string());
    match stack.status.as_str() {
        "UPDATE_COMPLETE" => UpdateEnd::Done,
        "UPDATE_ROLLBACK_COMPLETE" => UpdateEnd::RolledBack {
            cause: cause(),
            next: format!(
                "The cluster runs with its old settings. See why on the head node (`pcwiz ssh {name}`, then /var/log/chef-client.log and /var/log/cfn-init.log), fix the config, and run the update again."
            ),
        },
        "UPDATE_ROLLBACK_FAILED" => UpdateEnd::Stuck {
            cause: cause(),
            next: format!(
                "CloudFormation could not put the old settings back, so the stack is stuck and takes no other change. `aws cloudformation continue-update-rollback --stack-name {name} --region {region}` retries the rollback; read the stack's events on the dashboard first."
            ),
        },
        other => UpdateEnd::Other {
            status: other.to_string(),
        },
    }
}

/// The oldest failure since the newest UPDATE_IN_PROGRESS of the stack itself (events are
/// newest first): the cause; later ones are consequences.
fn update_failure(stack: &StackProgress) -> Option<String> {
    let began = stack
        .events
        .iter()
        .position(|e| e.logical_id == stack.name && e.status == "UPDATE_IN_PROGRESS")
        .unwrap_or(stack.events.len());
    stack.events[..began]
        .iter()
        .rev()
        .find(|e| e.status.ends_with("_FAILED"))
        .map(|e| e.describe())
}

/// How far a stack's update has got, for a progress bar: CloudFormation counts no
/// resources for an update, so the stack's status in its usual order stands in, with
/// what it means.
pub fn progress(status: &str) -> (f64, &'static str) {
    match status {
        "UPDATE_IN_PROGRESS" => (
            0.4,
            "CloudFormation is updating; the head node applies the change",
        ),
        "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS" => {
            (0.85, "done; removing what the old settings used")
        }
        "UPDATE_COMPLETE" => (1.0, "done"),
        "UPDATE_ROLLBACK_IN_PROGRESS" => (0.6, "failed: putting the old settings back"),
        "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS" => {
            (0.85, "failed: old settings back; cleaning up")
        }
        "UPDATE_ROLLBACK_COMPLETE" => (1.0, "failed: the old settings are back"),
        "UPDATE_ROLLBACK_FAILED" => (1.0, "failed, and so did the rollback"),
        _ => (0.1, "waiting for CloudFormation"),
    }
}

impl UpdateEnd {
    pub fn succeeded(&self) -> bool {
        *self == Self::Done
    }

    /// One line for the end of an update.
    pub fn sentence(&self, name: &str) -> String {
        match self {
            Self::Done => format!("✔ {name} is updated: the new config is the cluster's."),
            Self::RolledBack { cause, .. } => {
                format!("✖ The update failed and CloudFormation rolled it back: {cause}")
            }
            Self::Stuck { cause, .. } => {
                format!("✖ The update failed and so did the rollback: {cause}")
            }
            Self::Other { status } => format!("The stack is {status}."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::stack::StackEvent;

    fn event(logical: &str, status: &str, reason: Option<&str>) -> StackEvent {
        StackEvent {
            time: None,
            logical_id: logical.into(),
            resource_type: if logical == "rev" {
                "AWS::CloudFormation::Stack".into()
            } else {
                "AWS::CloudFormation::WaitCondition".into()
            },
            status: status.into(),
            reason: reason.map(str::to_string),
            physical_id: None,
        }
    }

    #[test]
    fn a_rollback_names_the_update_failure_not_an_old_one() {
        let stack = StackProgress {
            name: "rev".into(),
            status: "UPDATE_ROLLBACK_COMPLETE".into(),
            events: vec![
                event("rev", "UPDATE_ROLLBACK_COMPLETE", None),
                event(
                    "rev",
                    "UPDATE_ROLLBACK_IN_PROGRESS",
                    Some("The following resource(s) failed to update: [HeadNodeWaitCondition2]"),
                ),
                event(
                    "HeadNodeWaitCondition2",
                    "CREATE_FAILED",
                    Some(
                        "WaitCondition received failed message: 'Update failed' for uniqueId: i-1",
                    ),
                ),
                event("rev", "UPDATE_IN_PROGRESS", Some("User Initiated")),
                event("rev", "CREATE_COMPLETE", None),
                event(
                    "HeadNodeWaitCondition1",
                    "CREATE_FAILED",
                    Some("an older story"),
                ),
            ],
            ..StackProgress::default()
        };
        let UpdateEnd::RolledBack { cause, next } = end_of(&stack, "rev", "us-west-2") else {
            panic!()
        };
        assert!(cause.contains("'Update failed'"), "{cause}");
        assert!(!cause.contains("older"));
        assert!(next.contains("old settings"));
    }

    #[test]
    fn complete_and_stuck_are_told_apart() {
        let mut stack = StackProgress {
            name: "rev".into(),
            status: "UPDATE_COMPLETE".into(),
            ..StackProgress::default()
        };
        assert!(end_of(&stack, "rev", "us-west-2").succeeded());
        stack.status = "UPDATE_ROLLBACK_FAILED".into();
        let UpdateEnd::Stuck { next, .. } = end_of(&stack, "rev", "us-west-2") else {
            panic!()
        };
        assert!(next.contains("continue-update-rollback --stack-name rev --region us-west-2"));
    }
}
