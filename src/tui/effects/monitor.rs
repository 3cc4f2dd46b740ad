//! Watching clusters: the region's list, one dashboard refresh, and the dashboard's
//! actions (the fleet, the head node, its host key, the reV directory).

use super::{AWS_LIMIT, CommandEnv, no_pcluster};
use crate::aws::error::AwsError;
use crate::aws::instance_power;
use crate::monitor::host_trust::{self, RepinRefused};
use crate::monitor::priced;
use crate::monitor::status::HSDS_PORT;
use crate::pcluster::Pcluster;
use crate::remote::SshTarget;
use crate::store::known_hosts::HostPins;
use crate::store::watch_settings::WatchSettings;
use crate::tui::action::{Action, ClusterListing};

/// The region's clusters with their instances and $/hour, and the history's complaint.
pub async fn load_clusters(env: &CommandEnv, region: String) -> Action {
    let session = env.session(&region).await;
    let listing = tokio::time::timeout(AWS_LIMIT, crate::monitor::list::list(&session, &env.dirs))
        .await
        .unwrap_or_else(|_| {
            Err(AwsError::TimedOut {
                endpoint: session.endpoint("cloudformation"),
            })
        })
        .map(|l| ClusterListing {
            rows: l.rows,
            history_problem: l.history_problem,
            price_note: l
                .price_problem
                .map(|p| p.with_next_step(chrono::Utc::now())),
        })
        .map_err(|e| e.explained());
    Action::ClustersLoaded { region, listing }
}

/// `user`: the login user an earlier refresh learnt (then the stack itself is not read).
pub async fn refresh(
    env: &CommandEnv,
    name: String,
    region: &str,
    user: Option<String>,
    nodes_up_since: i64,
) -> Action {
    let session = env.session(region).await;
    let refreshed = priced::refresh(
        &session,
        &env.dirs,
        &name,
        env.ssh_config.as_deref(),
        env.hsds_port.unwrap_or(HSDS_PORT),
        user,
        Some(nodes_up_since),
    )
    .await;
    Action::ClusterRefreshed {
        name,
        refreshed: Box::new(refreshed),
    }
}

/// Remembers the reV project directory the person typed for this cluster (empty forgets).
pub fn remember_rev_dir(env: &CommandEnv, name: String, region: &str, dir: &str) -> Action {
    let store = WatchSettings::in_dir(&env.dirs.data);
    let mut settings = store.get(region, &name);
    settings.rev_dir = Some(dir.to_string()).filter(|d| !d.trim().is_empty());
    let result = store
        .set(region, &name, settings)
        .map_err(|e| format!("could not remember the reV directory: {e}"))
        .map(|()| match dir.trim() {
            "" => "reV directory forgotten.".to_string(),
            dir => format!("Reading reV's status from {dir}."),
        });
    Action::DashboardActionDone { name, result }
}

/// `f`'s first half: how pcluster says the fleet is.
pub async fn describe_fleet(env: &CommandEnv, name: String, region: &str) -> Action {
    let status = async {
        let pcluster = Pcluster::locate(&env.doctor.search).ok_or_else(no_pcluster)?;
        let scope = env.session(region).await.scope();
        pcluster
            .fleet_status(&name, &scope)
            .await
            .map_err(|e| e.to_string())
    }
    .await;
    Action::FleetDescribed { name, status }
}

pub async fn set_fleet(env: &CommandEnv, name: String, region: &str, start: bool) -> Action {
    let result = async {
        let pcluster = Pcluster::locate(&env.doctor.search).ok_or_else(no_pcluster)?;
        let scope = env.session(region).await.scope();
        let status = pcluster
            .set_fleet(&name, &scope, start)
            .await
            .map_err(|e| e.to_string())?;
        Ok(format!(
            "Compute fleet: {status}. ParallelCluster {} the nodes within a few minutes.",
            if start { "starts" } else { "stops" }
        ))
    }
    .await;
    Action::DashboardActionDone { name, result }
}

pub async fn set_head_node(
    env: &CommandEnv,
    name: String,
    region: &str,
    instance_id: &str,
    start: bool,
) -> Action {
    let session = env.session(region).await;
    let result = instance_power::set_running(&session, instance_id, start)
        .await
        .map_err(|e| e.explained())
        .map(|state| format!("Head node {instance_id}: {state}."));
    Action::DashboardActionDone { name, result }
}

/// K: re-pins the head node's host key, from its console output or, when told, unverified.
pub async fn repin(
    env: &CommandEnv,
    name: String,
    region: &str,
    target: &SshTarget,
    accept_unverified: bool,
) -> Action {
    let session = env.session(region).await;
    let pins = HostPins::in_state_dir(&env.dirs.state);
    let result: Result<String, RepinRefused> =
        host_trust::repin(&session, &pins, target, accept_unverified)
            .await
            .map(|pin| format!("Re-pinned: {}.", pin.describe()));
    Action::HostKeyRepinned { name, result }
}
