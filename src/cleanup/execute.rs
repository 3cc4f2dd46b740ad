//! Carrying a plan out: the ticked items in the plan's order (compute instances, then the
//! stack, then what the stack leaves, the network, the key pair, local files), each
//! reported as it starts and as it ends. Idempotent: something already gone is "already
//! gone", not an error, so a run after an interruption finishes the job; and a new plan
//! never lists what an earlier run removed, so nothing is deleted twice.
//!
//! A failure stops nothing that does not depend on it, but what depends on it waits: the
//! network is not touched while the stack that stands in it failed to go.

use std::time::{Duration, Instant};

use chrono::Utc;

use crate::aws::in_use;
use crate::aws::network_stack;
use crate::aws::session::AwsSession;
use crate::cluster::cleanup_plan::{Item, Kind, Outcome, Plan, Progress};
use crate::pcluster::Pcluster;
use crate::store::dirs::Dirs;
use crate::store::history::{History, NetworkState, Removed};

mod local_file;
mod stack;

use crate::aws::cleanup_deletes as deletes;

/// How long a stack may take to delete (a real cluster's takes about ten minutes).
const STACK_LIMIT: Duration = Duration::from_secs(40 * 60);
const STACK_POLL: Duration = Duration::from_secs(5);
/// EFS mount targets go in a minute or two; FSx for Lustre takes several minutes.
const STORAGE_LIMIT: Duration = Duration::from_secs(30 * 60);

pub async fn run(
    session: &AwsSession,
    dirs: &Dirs,
    pcluster: Option<&Pcluster>,
    plan: &Plan,
    mut report: impl FnMut(Progress) + Send,
) -> Vec<Progress> {
    let mut results: Vec<Progress> = vec![];
    let mut stack_failed = false;
    for item in &plan.items {
        if !item.selected {
            let kept = done(item, Outcome::Kept, None);
            report(kept.clone());
            results.push(kept);
            continue;
        }
        report(Progress {
            kind: item.kind,
            id: item.id.clone(),
            outcome: None,
            note: None,
        });
        let outcome = if item.kind == Kind::NetworkStack && stack_failed {
            Outcome::Failed {
                reason: "the cluster stack did not go, and it stands in this network".into(),
                next: "Run clean-up again once the cluster stack is deleted".into(),
            }
        } else if let Some(user) = still_in_use(session, plan, item, &results).await {
            // Proven again just before: a neighbour may have started since the plan.
            Outcome::Failed {
                reason: format!("in use by {user}; nothing was deleted"),
                next: "It stays while that uses it; run clean-up (or pcwiz sweep) again once it is gone".into(),
            }
        } else {
            remove(session, pcluster, item, &mut report).await
        };
        if item.kind == Kind::ClusterStack && matches!(outcome, Outcome::Failed { .. }) {
            stack_failed = true;
        }
        let progress = done(item, outcome, None);
        report(progress.clone());
        results.push(progress);
    }
    record(dirs, plan, &results);
    results
}

/// What uses a network or key pair now, apart from this cluster and what this run removed;
/// None when nothing does (or for other kinds).
async fn still_in_use(
    session: &AwsSession,
    plan: &Plan,
    item: &Item,
    results: &[Progress],
) -> Option<String> {
    let users = match item.kind {
        Kind::NetworkStack => {
            let parts = match network_stack::parts(session, &item.id).await {
                Ok(Some(parts)) => parts,
                Ok(None) => return None,
                Err(e) => {
                    return Some(format!(
                        "nothing known: it could not be checked ({})",
                        e.explained()
                    ));
                }
            };
            // The storage removed in this run had its interfaces in this network.
            let removed: Vec<String> = results
                .iter()
                .filter(|p| {
                    matches!(p.kind, Kind::EfsFileSystem | Kind::FsxFileSystem)
                        && matches!(p.outcome, Some(Outcome::Deleted | Outcome::AlreadyGone))
                })
                .map(|p| p.id.clone())
                .collect();
            let vpc = parts.vpc?;
            in_use::network_users(session, &vpc, &parts.nat_gateways, &plan.cluster, &removed).await
        }
        Kind::KeyPair => in_use::key_pair_users(session, &item.id, &plan.cluster).await,
        _ => return None,
    };
    match users {
        Ok(users) if users.is_empty() => None,
        Ok(users) => Some(users.join("; ")),
        Err(e) => Some(format!(
            "nothing known: it could not be checked ({})",
            e.explained()
        )),
    }
}

fn done(item: &Item, outcome: Outcome, note: Option<String>) -> Progress {
    Progress {
        kind: item.kind,
        id: item.id.clone(),
        outcome: Some(outcome),
        note,
    }
}

async fn remove(
    session: &AwsSession,
    pcluster: Option<&Pcluster>,
    item: &Item,
    report: &mut (impl FnMut(Progress) + Send),
) -> Outcome {
    let started = Instant::now();
    let mut tell = |status: &str| {
        report(Progress {
            kind: item.kind,
            id: item.id.clone(),
            outcome: None,
            note: Some(format!(
                "{status} ({} min)",
                started.elapsed().as_secs() / 60
            )),
        })
    };
    match item.kind {
        Kind::ComputeInstance => deletes::instance(session, &item.id).await,
        Kind::ClusterStack | Kind::NetworkStack => {
            let via_pcluster = (item.kind == Kind::ClusterStack)
                .then_some(pcluster)
                .flatten();
            stack::stack(
                session,
                via_pcluster,
                &item.id,
                STACK_POLL,
                STACK_LIMIT,
                &mut tell,
            )
            .await
        }
        Kind::EbsVolume => deletes::volume(session, &item.id).await,
        Kind::EbsSnapshot => deletes::snapshot(session, &item.id).await,
        Kind::EfsFileSystem => {
            deletes::efs(session, &item.id, STACK_POLL, STORAGE_LIMIT, &mut tell).await
        }
        Kind::FsxFileSystem => {
            deletes::fsx(session, &item.id, STACK_POLL, STORAGE_LIMIT, &mut tell).await
        }
        Kind::LogGroup => deletes::log_group(session, &item.id).await,
        Kind::KeyPair => deletes::key_pair(session, &item.id).await,
        Kind::Budget => deletes::budget(session, &item.id).await,
        Kind::LocalFile | Kind::PrivateKey => local_file::local_file(&item.id),
    }
}

/// The history keeps the cluster, marked deleted once its stack is gone, with what was
/// removed and when: the list shows it as deleted, and the record says what went.
fn record(dirs: &Dirs, plan: &Plan, results: &[Progress]) {
    let now = Utc::now();
    let removed: Vec<Removed> = results
        .iter()
        .filter(|p| matches!(p.outcome, Some(Outcome::Deleted | Outcome::AlreadyGone)))
        .map(|p| Removed {
            kind: format!("{:?}", p.kind),
            id: p.id.clone(),
            at: now,
        })
        .collect();
    let stack_gone = results.iter().any(|p| {
        p.kind == Kind::ClusterStack
            && matches!(p.outcome, Some(Outcome::Deleted | Outcome::AlreadyGone))
    }) || !plan.items.iter().any(|i| i.kind == Kind::ClusterStack);
    if removed.is_empty() && !stack_gone {
        return;
    }
    let result = History::in_dir(&dirs.data).update(&plan.cluster, &plan.region, None, |r| {
        if stack_gone && r.deleted_at.is_none() {
            r.deleted_at = Some(now);
        }
        r.removed.extend(removed);
    });
    if let Err(e) = result {
        tracing::warn!("could not record the clean-up in the history: {e}");
    }
    // A network pcwiz made, now gone: its own record says so (sweep looks no more).
    for gone in results.iter().filter(|p| {
        p.kind == Kind::NetworkStack
            && matches!(p.outcome, Some(Outcome::Deleted | Outcome::AlreadyGone))
    }) {
        let _ = History::in_dir(&dirs.data).network_became(
            &gone.id,
            &plan.region,
            NetworkState::Deleted { at: now },
        );
    }
}
