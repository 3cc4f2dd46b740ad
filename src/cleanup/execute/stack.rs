//! Removing a stack: a cluster's through `pcluster delete-cluster` when pcluster is here (it
//! first keeps the log groups, so an unticked one survives), else CloudFormation; then
//! watched until it is gone, once more after a DELETE_FAILED, saying what blocked it.

use std::time::{Duration, Instant};

use crate::aws::cleanup_deletes::what_blocked;
use crate::aws::session::AwsSession;
use crate::cluster::cleanup_plan::Outcome;
use crate::pcluster::Pcluster;

/// A stack, through `pcluster delete-cluster` when it is a cluster and pcluster is here
/// (it first keeps the log groups, so an unticked one survives), else CloudFormation;
/// then watched until it is gone.
pub async fn stack(
    session: &AwsSession,
    pcluster: Option<&Pcluster>,
    name: &str,
    poll: Duration,
    limit: Duration,
    tell: &mut impl FnMut(&str),
) -> Outcome {
    // Gone before we ask is "already gone"; whatever the delete call says afterwards, the
    // stack's own state decides (pcluster can answer "does not exist" for a stack it just
    // set deleting).
    match stack_status(session, name).await {
        Ok(None) => return Outcome::AlreadyGone,
        Ok(Some((status, _))) if status == "DELETE_COMPLETE" => return Outcome::AlreadyGone,
        Ok(Some(_)) => {}
        Err(reason) => {
            return Outcome::Failed {
                reason,
                next: "Run clean-up again".into(),
            };
        }
    }
    let asked = match pcluster {
        Some(pcluster) => pcluster
            .delete_cluster(name, &session.scope())
            .await
            .map_err(|e| e.to_string()),
        None => delete_stack(session, name).await,
    };
    if let Err(why) = asked {
        tracing::info!("deleting stack {name} answered: {why}");
        if !why.contains("does not exist") {
            return Outcome::Failed {
                reason: why,
                next: "Run clean-up again; check the stack in the CloudFormation console if it keeps failing".into(),
            };
        }
        // pcluster did not know it (another major version): CloudFormation does.
        if let Ok(Some((status, _))) = stack_status(session, name).await
            && !status.starts_with("DELETE_")
            && let Err(reason) = delete_stack(session, name).await
        {
            return Outcome::Failed {
                reason,
                next: "Run clean-up again".into(),
            };
        }
    }
    let started = Instant::now();
    let mut retried = false;
    loop {
        let status = match stack_status(session, name).await {
            Ok(status) => status,
            Err(reason) => {
                return Outcome::Failed {
                    reason,
                    next: "Run clean-up again to see whether the stack went".into(),
                };
            }
        };
        match status {
            None => return Outcome::Deleted,
            Some((s, _)) if s == "DELETE_COMPLETE" => return Outcome::Deleted,
            Some((s, reason)) if s == "DELETE_FAILED" => {
                let blocked = what_blocked(session, name).await;
                if retried {
                    return Outcome::Failed {
                        reason: format!(
                            "DELETE_FAILED twice{}: {}",
                            reason.map(|r| format!(" ({r})")).unwrap_or_default(),
                            if blocked.is_empty() {
                                "CloudFormation named no resource".to_string()
                            } else {
                                blocked.join("; ")
                            }
                        ),
                        next: "Remove what holds the named resources (or wait for it to go), then run clean-up again; the stack's events are on the dashboard's Stack tab".into(),
                    };
                }
                // A dependency that was still going (an interface detaching) often lets go
                // by now: one more try, saying what blocked the first.
                tell(&format!(
                    "DELETE_FAILED, blocked by {}; trying once more",
                    if blocked.is_empty() {
                        "a resource CloudFormation did not name".to_string()
                    } else {
                        blocked.join("; ")
                    }
                ));
                retried = true;
                if let Err(why) = delete_stack(session, name).await {
                    return Outcome::Failed {
                        reason: why,
                        next: "Run clean-up again".into(),
                    };
                }
            }
            Some((s, _)) => tell(&s),
        }
        if started.elapsed() > limit {
            return Outcome::Failed {
                reason: format!("still deleting after {} min", limit.as_secs() / 60),
                next: "Run clean-up again later: it picks up where this left off".into(),
            };
        }
        tokio::time::sleep(poll).await;
    }
}

async fn delete_stack(session: &AwsSession, name: &str) -> Result<(), String> {
    crate::aws::stacks::delete(session, name)
        .await
        .map_err(|e| e.explained())
}

/// A stack's status and reason; None when CloudFormation no longer knows it.
async fn stack_status(
    session: &AwsSession,
    name: &str,
) -> Result<Option<(String, Option<String>)>, String> {
    crate::aws::stacks::describe(session, name)
        .await
        .map(|s| s.map(|s| (s.status, s.reason)))
        .map_err(|e| e.explained())
}
