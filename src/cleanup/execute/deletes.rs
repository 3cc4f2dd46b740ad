//! One deletion per kind, each answering what became of the thing: deleted, already gone
//! (a not-found answer, or a state that means gone), or failed with why and what next.

use std::path::Path;
use std::time::{Duration, Instant};

use aws_sdk_cloudformation::error::ProvideErrorMetadata;
use aws_smithy_runtime_api::client::result::SdkError;

use crate::aws::error::sdk_error;
use crate::aws::session::AwsSession;
use crate::cleanup::plan::Outcome;
use crate::pcluster::Pcluster;

/// The error codes that mean "no such thing" across the services used here.
fn is_not_found(code: Option<&str>, message: Option<&str>) -> bool {
    let code = code.unwrap_or("");
    code.contains("NotFound")
        || code == "ResourceNotFoundException"
        || code == "FileSystemNotFound"
        || message.is_some_and(|m| m.contains("does not exist"))
}

/// Deleted, already gone, or failed with the AWS error explained and a next step.
fn answer<E, R>(
    result: Result<R, SdkError<E, aws_smithy_runtime_api::http::Response>>,
    endpoint: &str,
    action: &str,
) -> Outcome
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match result {
        Ok(_) => Outcome::Deleted,
        Err(e) => {
            let (code, message) = (
                e.code().map(str::to_string),
                e.message().map(str::to_string),
            );
            if is_not_found(code.as_deref(), message.as_deref()) {
                return Outcome::AlreadyGone;
            }
            let error = sdk_error(e, endpoint, action);
            Outcome::Failed {
                next: error.generic_next_step().unwrap_or_else(|| {
                    "Run clean-up again; if it fails the same way, remove it in the AWS console"
                        .into()
                }),
                reason: error.to_string(),
            }
        }
    }
}

pub async fn instance(session: &AwsSession, id: &str) -> Outcome {
    let result = session
        .ec2()
        .terminate_instances()
        .instance_ids(id)
        .send()
        .await;
    // Terminating a terminated instance succeeds: say it was already gone.
    if let Ok(answer) = &result {
        let before = answer
            .terminating_instances()
            .first()
            .and_then(|c| c.previous_state())
            .and_then(|s| s.name())
            .map(|n| n.as_str().to_string());
        if before.as_deref() == Some("terminated") {
            return Outcome::AlreadyGone;
        }
    }
    answer(result, &session.endpoint("ec2"), "ec2:TerminateInstances")
}

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
    let endpoint = session.endpoint("cloudformation");
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
            && let Err(e) = session
                .cloudformation()
                .delete_stack()
                .stack_name(name)
                .send()
                .await
        {
            return Outcome::Failed {
                reason: sdk_error(e, &endpoint, "cloudformation:DeleteStack").explained(),
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
    session
        .cloudformation()
        .delete_stack()
        .stack_name(name)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| {
            sdk_error(
                e,
                &session.endpoint("cloudformation"),
                "cloudformation:DeleteStack",
            )
            .explained()
        })
}

/// The resources whose deletion failed in the stack's latest attempt, each with
/// CloudFormation's reason and, for a dependency, the network interfaces that hold it.
async fn what_blocked(session: &AwsSession, name: &str) -> Vec<String> {
    let Ok(events) = crate::aws::stacks::events(session, name).await else {
        return vec![];
    };
    let mut blocked = vec![];
    // Newest first: up to the event that started this deletion.
    for event in events
        .iter()
        .take_while(|e| !(e.logical_id == name && e.status == "DELETE_IN_PROGRESS"))
        .filter(|e| e.status == "DELETE_FAILED" && e.logical_id != name)
    {
        let mut line = event.describe();
        if let Some(id) = &event.physical_id
            && let Ok(holders) =
                crate::aws::in_use::interfaces_holding(session, &event.resource_type, id).await
            && !holders.is_empty()
        {
            line.push_str(&format!(" (held by {})", holders.join(", ")));
        }
        if !blocked.contains(&line) {
            blocked.push(line);
        }
    }
    blocked
}

/// A stack's status and reason; None when CloudFormation no longer knows it.
async fn stack_status(
    session: &AwsSession,
    name: &str,
) -> Result<Option<(String, Option<String>)>, String> {
    let answer = session
        .cloudformation()
        .describe_stacks()
        .stack_name(name)
        .send()
        .await;
    match answer {
        Err(e) if e.message().is_some_and(|m| m.contains("does not exist")) => Ok(None),
        Err(e) => Err(sdk_error(
            e,
            &session.endpoint("cloudformation"),
            "cloudformation:DescribeStacks",
        )
        .explained()),
        Ok(answer) => Ok(answer.stacks().first().and_then(|s| {
            Some((
                s.stack_status()?.as_str().to_string(),
                s.stack_status_reason().map(str::to_string),
            ))
        })),
    }
}

pub async fn volume(session: &AwsSession, id: &str) -> Outcome {
    let result = session.ec2().delete_volume().volume_id(id).send().await;
    answer(result, &session.endpoint("ec2"), "ec2:DeleteVolume")
}

pub async fn snapshot(session: &AwsSession, id: &str) -> Outcome {
    let result = session.ec2().delete_snapshot().snapshot_id(id).send().await;
    answer(result, &session.endpoint("ec2"), "ec2:DeleteSnapshot")
}

/// EFS refuses to delete a file system while it has mount targets (FileSystemInUse), and
/// deletes mount targets asynchronously: they go first, and are waited for.
pub async fn efs(
    session: &AwsSession,
    id: &str,
    poll: Duration,
    limit: Duration,
    tell: &mut impl FnMut(&str),
) -> Outcome {
    let endpoint = session.endpoint("elasticfilesystem");
    let targets = session
        .efs()
        .describe_mount_targets()
        .file_system_id(id)
        .send()
        .await;
    match targets {
        Ok(targets) => {
            for target in targets.mount_targets() {
                let gone = session
                    .efs()
                    .delete_mount_target()
                    .mount_target_id(target.mount_target_id())
                    .send()
                    .await;
                if let Outcome::Failed { reason, next } =
                    answer(gone, &endpoint, "elasticfilesystem:DeleteMountTarget")
                {
                    return Outcome::Failed { reason, next };
                }
            }
        }
        Err(e) => {
            return answer::<_, ()>(Err(e), &endpoint, "elasticfilesystem:DescribeMountTargets");
        }
    }
    let started = Instant::now();
    loop {
        let left = session
            .efs()
            .describe_mount_targets()
            .file_system_id(id)
            .send()
            .await
            .map(|t| t.mount_targets().len());
        match left {
            Ok(0) => break,
            Ok(n) if started.elapsed() < limit => {
                tell(&format!("waiting for {n} mount target(s) to go"));
                tokio::time::sleep(poll).await;
            }
            Ok(n) => {
                return Outcome::Failed {
                    reason: format!(
                        "{n} mount target(s) still there after {} min",
                        limit.as_secs() / 60
                    ),
                    next: "Run clean-up again later: EFS removes mount targets in its own time"
                        .into(),
                };
            }
            Err(e) => {
                return answer::<_, ()>(
                    Err(e),
                    &endpoint,
                    "elasticfilesystem:DescribeMountTargets",
                );
            }
        }
    }
    let result = session
        .efs()
        .delete_file_system()
        .file_system_id(id)
        .send()
        .await;
    answer(result, &endpoint, "elasticfilesystem:DeleteFileSystem")
}

/// FSx for Lustre takes minutes to delete (DELETING): followed to the end, so "deleted"
/// means gone, and a deletion that fails (FAILED) says so.
pub async fn fsx(
    session: &AwsSession,
    id: &str,
    poll: Duration,
    limit: Duration,
    tell: &mut impl FnMut(&str),
) -> Outcome {
    let endpoint = session.endpoint("fsx");
    let result = session
        .fsx()
        .delete_file_system()
        .file_system_id(id)
        .send()
        .await;
    match answer(result, &endpoint, "fsx:DeleteFileSystem") {
        Outcome::Deleted => {}
        other => return other,
    }
    let started = Instant::now();
    loop {
        let now = session
            .fsx()
            .describe_file_systems()
            .file_system_ids(id)
            .send()
            .await;
        let lifecycle = match now {
            Ok(answer) => answer
                .file_systems()
                .first()
                .and_then(|fs| fs.lifecycle())
                .map(|l| l.as_str().to_string()),
            Err(e) => match answer::<_, ()>(Err(e), &endpoint, "fsx:DescribeFileSystems") {
                Outcome::AlreadyGone => None,
                failed => return failed,
            },
        };
        match lifecycle.as_deref() {
            None => return Outcome::Deleted,
            Some("FAILED") => {
                return Outcome::Failed {
                    reason: format!("FSx says the deletion of {id} FAILED"),
                    next: "Look at the file system in the FSx console, then run clean-up again"
                        .into(),
                };
            }
            Some(state) if started.elapsed() < limit => {
                tell(&format!(
                    "{state} ({} min)",
                    started.elapsed().as_secs() / 60
                ));
                tokio::time::sleep(poll).await;
            }
            Some(state) => {
                return Outcome::Failed {
                    reason: format!("still {state} after {} min", limit.as_secs() / 60),
                    next: "Run clean-up again later: it picks up where this left off".into(),
                };
            }
        }
    }
}

pub async fn log_group(session: &AwsSession, name: &str) -> Outcome {
    let result = session
        .logs()
        .delete_log_group()
        .log_group_name(name)
        .send()
        .await;
    answer(result, &session.endpoint("logs"), "logs:DeleteLogGroup")
}

/// EC2 answers success for a key pair that is not there, so look first.
pub async fn key_pair(session: &AwsSession, name: &str) -> Outcome {
    match crate::aws::keypairs::exists(session, name).await {
        Ok(false) => return Outcome::AlreadyGone,
        Ok(true) => {}
        Err(e) => {
            return Outcome::Failed {
                reason: e.explained(),
                next: "Run clean-up again".into(),
            };
        }
    }
    let result = session.ec2().delete_key_pair().key_name(name).send().await;
    answer(result, &session.endpoint("ec2"), "ec2:DeleteKeyPair")
}

/// A file on this machine (a private key takes its `.pub` with it).
pub fn local_file(path: &str) -> Outcome {
    let path = Path::new(path);
    let public = path.with_extension(match path.extension() {
        Some(ext) => format!("{}.pub", ext.to_string_lossy()),
        None => "pub".into(),
    });
    let result = std::fs::remove_file(path);
    if public.exists() && path.extension().is_none() {
        let _ = std::fs::remove_file(&public);
    }
    match result {
        Ok(()) => Outcome::Deleted,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Outcome::AlreadyGone,
        Err(e) => Outcome::Failed {
            reason: format!("{}: {e}", path.display()),
            next: "Check the file's permissions, then run clean-up again".into(),
        },
    }
}
