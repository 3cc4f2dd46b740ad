//! One deletion per kind, each answering what became of the thing: deleted, already gone
//! (a not-found answer, or a state that means gone), or failed with why and what next. The
//! waiting AWS really needs (EFS mount targets, FSx's DELETING) happens here too.

use std::time::{Duration, Instant};

use aws_sdk_cloudformation::error::ProvideErrorMetadata;
use aws_smithy_runtime_api::client::result::SdkError;

use super::error::{AwsError, sdk_error};
use super::session::AwsSession;
use crate::cluster::cleanup_plan::Outcome;

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

/// The resources whose deletion failed in the stack's latest attempt, each with
/// CloudFormation's reason and, for a dependency, the network interfaces that hold it.
pub async fn what_blocked(session: &AwsSession, name: &str) -> Vec<String> {
    let Ok(events) = super::stacks::events(session, name).await else {
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
                super::in_use::interfaces_holding(session, &event.resource_type, id).await
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

/// The cluster's AWS Budget, in the session's account.
pub async fn budget(session: &AwsSession, name: &str) -> Outcome {
    let failed = |e: AwsError| Outcome::Failed {
        reason: e.explained(),
        next: "Run clean-up again".into(),
    };
    let account = match crate::aws::identity::caller_identity(
        &session.config,
        &session.endpoint("sts"),
    )
    .await
    {
        Ok(identity) => identity.account,
        Err(e) => return failed(e),
    };
    match crate::aws::budgets::delete(session, &account, name).await {
        Ok(true) => Outcome::Deleted,
        Ok(false) => Outcome::AlreadyGone,
        Err(e) => failed(e),
    }
}
