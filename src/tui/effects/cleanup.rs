//! The clean-up screen's background work: the plan, the run (each item reported as it
//! goes), and parking or resuming. Each has a limit and always answers, so the screen never
//! waits forever on a spinner.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use super::{CommandEnv, no_pcluster};
use crate::cleanup::{Outcome, Plan, Progress, discover, execute, park, sweep};
use crate::pcluster::Pcluster;
use crate::tui::action::Action;

/// Looking everywhere a cluster leaves things, and pricing them.
const PLAN_LIMIT: Duration = Duration::from_secs(120);
/// Deleting the cluster's stack and then the network's takes CloudFormation a while.
const RUN_LIMIT: Duration = Duration::from_secs(60 * 60);
/// Stopping (or starting) the fleet, then the head node.
/// Above parking's own wait for the compute instances (15 minutes).
const PARK_LIMIT: Duration = Duration::from_secs(20 * 60);

pub async fn plan(env: &CommandEnv, name: &str, region: &str) -> Action {
    let session = env.session(region).await;
    let plan = tokio::time::timeout(PLAN_LIMIT, discover::plan(&session, &env.dirs, name))
        .await
        .map(Box::new)
        .map_err(|_| {
            format!(
                "Looking for what {name} leaves billing took longer than {} s; nothing was touched. Press r to look again.",
                PLAN_LIMIT.as_secs()
            )
        });
    Action::CleanupPlanned {
        name: name.to_string(),
        plan,
    }
}

/// Is anything still billing in the region: its clusters, and what no cluster owns.
pub async fn sweep(env: &CommandEnv, region: &str) -> Action {
    let session = env.session(region).await;
    let result = tokio::time::timeout(PLAN_LIMIT, sweep::sweep(&session, &env.dirs))
        .await
        .map(Box::new)
        .map_err(|_| {
            format!(
                "Looking through {region} took longer than {} s; nothing was touched. Press r to look again.",
                PLAN_LIMIT.as_secs()
            )
        });
    Action::Swept {
        region: region.to_string(),
        result,
    }
}

/// Runs the plan, sending each item's progress as the engine reports it, then the
/// results. Past the limit, what was seen is sent, the rest marked unfinished.
pub async fn run(env: &CommandEnv, plan: &Plan, tx: &UnboundedSender<Action>) {
    let session = env.session(&plan.region).await;
    let pcluster = Pcluster::locate(&env.doctor.search);
    let name = plan.cluster.clone();
    let seen: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let report = {
        let (seen, tx, name) = (seen.clone(), tx.clone(), name.clone());
        move |progress: Progress| {
            if let Ok(mut seen) = seen.lock() {
                remember(&mut seen, progress.clone());
            }
            // The app may have quit; the run carries on, and re-running finishes it.
            let _ = tx.send(Action::CleanupProgress {
                name: name.clone(),
                progress,
            });
        }
    };
    let results = tokio::time::timeout(
        RUN_LIMIT,
        execute::run(&session, &env.dirs, pcluster.as_ref(), plan, report),
    )
    .await
    .unwrap_or_else(|_| {
        let seen = seen.lock().map(|s| s.clone()).unwrap_or_default();
        let why = format!(
            "not finished after {} minutes (AWS may still be deleting it)",
            RUN_LIMIT.as_secs() / 60
        );
        unfinished(plan, seen, &why)
    });
    let _ = tx.send(Action::CleanupFinished { name, results });
}

fn remember(seen: &mut Vec<Progress>, progress: Progress) {
    match seen
        .iter_mut()
        .find(|p| p.kind == progress.kind && p.id == progress.id)
    {
        Some(known) => *known = progress,
        None => seen.push(progress),
    }
}

/// The results when the run ended early (outlived its limit, or stopped): each ticked item
/// as last seen, and those not finished said so (`why`), with the way on.
pub(super) fn unfinished(plan: &Plan, seen: Vec<Progress>, why: &str) -> Vec<Progress> {
    plan.selected()
        .map(|item| {
            let last = seen.iter().find(|p| p.kind == item.kind && p.id == item.id);
            match last {
                Some(p) if p.outcome.is_some() => p.clone(),
                _ => Progress {
                    kind: item.kind,
                    id: item.id.clone(),
                    outcome: Some(Outcome::Failed {
                        reason: why.to_string(),
                        next: "run the clean-up again; it is safe to repeat".into(),
                    }),
                    note: last.and_then(|p| p.note.clone()),
                },
            }
        })
        .collect()
}

pub async fn park(
    env: &CommandEnv,
    name: &str,
    region: &str,
    resume: bool,
    tx: &UnboundedSender<Action>,
) -> Action {
    let result = async {
        let pcluster = Pcluster::locate(&env.doctor.search).ok_or_else(no_pcluster)?;
        let session = env.session(region).await;
        let work = async {
            if resume {
                park::resume(&session, &env.dirs, &pcluster, name).await
            } else {
                park::park(
                    &session,
                    &env.dirs,
                    &pcluster,
                    name,
                    park::Waiting::default(),
                    |line| {
                        let _ = tx.send(Action::ParkProgress {
                            name: name.to_string(),
                            line,
                        });
                    },
                )
                .await
            }
        };
        tokio::time::timeout(PARK_LIMIT, work)
            .await
            .unwrap_or_else(|_| {
                Err(format!(
                    "{} {name} took longer than {} minutes; it may carry on in AWS. Look at it on the dashboard (r) and press p again if needed.",
                    if resume { "Resuming" } else { "Parking" },
                    PARK_LIMIT.as_secs() / 60
                ))
            })
    }
    .await;
    Action::Parked {
        name: name.to_string(),
        result,
    }
}
