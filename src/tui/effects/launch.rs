//! The launch step's background work: the preflight, the launch itself (dry run, create,
//! follow, each reported as it happens), and deleting a stack whose creation failed.

use tokio::sync::mpsc::UnboundedSender;

use super::CommandEnv;
use crate::aws::clusters;
use crate::aws::stacks;
use crate::cluster::config::ClusterConfig;
use crate::cluster::launch::PollSchedule;
use crate::launch::start::{self, LaunchRequest};
use crate::launch::upkeep::Upkeep;
use crate::launch::{follow, preflight};
use crate::pcluster::Pcluster;
use crate::store::history::History;
use crate::store::watch_settings::WatchSettings;
use crate::tui::action::{Action, LaunchEvent};

pub async fn preflight(
    env: &CommandEnv,
    config: &ClusterConfig,
    name: &str,
    region: &str,
) -> Action {
    let checked = preflight::run(&env.doctor, &env.dirs, config, name, region).await;
    Action::LaunchChecked {
        name: name.to_string(),
        preflight: Box::new(checked),
    }
}

/// Dry run, create, follow: each step reported on `tx` as it ends. Stops early when the app
/// has gone (nobody listening): the cluster goes on being created in AWS regardless, and
/// the history already has it.
pub async fn launch(
    env: &CommandEnv,
    pcluster: &Pcluster,
    request: &LaunchRequest,
    tx: &UnboundedSender<Action>,
) {
    let send = |event: LaunchEvent| tx.send(Action::Launch(event)).is_ok();
    let verdict = start::dry_run(pcluster, request)
        .await
        .map_err(|e| format!("pcluster's dry run did not run: {e}"));
    let go_on = matches!(&verdict, Ok(v) if v.would_succeed);
    if !send(LaunchEvent::DryRun(verdict)) || !go_on {
        return;
    }
    let history = History::in_dir(&env.dirs.data);
    let created = match start::create(pcluster, request, &history).await {
        Ok(Ok(created)) => Ok(created.history_problem),
        Ok(Err(refused)) => Err((refused.message, refused.problems)),
        Err(e) => Err((format!("pcluster create-cluster did not run: {e}"), vec![])),
    };
    let accepted = created.is_ok();
    if accepted && let Some(data) = request.hsds_data {
        // Convenience only: a lost answer is asked again by the set-up screen.
        let store = WatchSettings::in_dir(&env.dirs.data);
        let mut settings = store.get(&request.scope.region, &request.name);
        settings.hsds_data = Some(data);
        let _ = store.set(&request.scope.region, &request.name, settings);
    }
    if !send(LaunchEvent::Created(created)) || !accepted {
        return;
    }
    follow_launch(env, &request.name, &request.scope.region, tx).await;
}

/// Each look at the stack, reported until it is finished or the app has gone.
pub async fn follow_launch(
    env: &CommandEnv,
    name: &str,
    region: &str,
    tx: &UnboundedSender<Action>,
) {
    let session = env.session(region).await;
    let _ = follow::follow(&session, name, PollSchedule::default(), |look, calls| {
        tx.send(Action::Launch(LaunchEvent::Progress {
            look: look
                .as_ref()
                .map(|s| Box::new(s.clone()))
                .map_err(|e| e.explained()),
            calls,
        }))
        .is_ok()
    })
    .await;
}

/// The ready cluster's idle guard and budget, each on its own (neither fails the launch).
pub async fn upkeep(env: &CommandEnv, name: &str, region: &str, upkeep: &Upkeep) -> Action {
    let session = env.session(region).await;
    let done = crate::launch::upkeep::after_ready(
        &session,
        &env.dirs,
        name,
        env.ssh_config.clone(),
        upkeep,
    )
    .await;
    Action::Launch(LaunchEvent::UpkeepDone(done.lines(name)))
}

/// CloudFormation DeleteStack, then wait for DELETE_COMPLETE, then mark the history.
pub async fn delete_stack(env: &CommandEnv, name: &str, region: &str) -> Action {
    let session = env.session(region).await;
    let result = async {
        stacks::delete(&session, name)
            .await
            .map_err(|e| e.explained())?;
        let mut schedule = PollSchedule::new(
            std::time::Duration::from_secs(2),
            std::time::Duration::from_secs(15),
        );
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20 * 60);
        loop {
            match clusters::stack_status(&session, name).await {
                Ok(None) => break,
                Ok(Some(status)) if status == "DELETE_FAILED" => {
                    return Err(format!(
                        "CloudFormation could not delete {name} (DELETE_FAILED); see its events in the AWS console"
                    ));
                }
                Ok(Some(_)) | Err(_) if tokio::time::Instant::now() < deadline => {
                    tokio::time::sleep(schedule.next(false)).await;
                }
                Ok(Some(status)) => return Err(format!("{name} is still {status} after 20 minutes")),
                Err(e) => return Err(e.explained()),
            }
        }
        let _ = History::in_dir(&env.dirs.data).update(name, region, None, |r| {
            r.deleted_at = Some(chrono::Utc::now());
        });
        Ok(())
    }
    .await;
    Action::Launch(LaunchEvent::Deleted(result))
}
