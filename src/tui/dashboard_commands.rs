//! The dashboard's background work: one refresh, and the actions' calls.

use super::commands::CommandEnv;
use crate::aws::instance_power;
use crate::monitor::host_trust::{self, RepinRefused};
use crate::monitor::priced::{self, Refreshed};
use crate::monitor::status::HSDS_PORT;
use crate::pcluster::Pcluster;
use crate::remote::SshTarget;
use crate::store::known_hosts::HostPins;
use crate::store::watch_settings::WatchSettings;

/// `user`: the login user an earlier refresh learnt (then the stack itself is not read).
pub async fn refresh(
    env: &CommandEnv,
    name: &str,
    region: &str,
    user: Option<String>,
) -> Refreshed {
    let session = env.session(region).await;
    priced::refresh(
        &session,
        &env.dirs,
        name,
        env.ssh_config.as_deref(),
        env.hsds_port.unwrap_or(HSDS_PORT),
        user,
    )
    .await
}

/// Remembers the reV project directory the person typed for this cluster.
pub fn remember_rev_dir(
    env: &CommandEnv,
    name: &str,
    region: &str,
    dir: &str,
) -> Result<(), String> {
    let store = WatchSettings::in_dir(&env.dirs.data);
    let mut settings = store.get(region, name);
    settings.rev_dir = Some(dir.to_string()).filter(|d| !d.trim().is_empty());
    store
        .set(region, name, settings)
        .map_err(|e| format!("could not remember the reV directory: {e}"))
}

/// `f`'s first half: how pcluster says the fleet is.
pub async fn describe_fleet(env: &CommandEnv, name: &str, region: &str) -> Result<String, String> {
    let pcluster = Pcluster::locate(&env.doctor.search).ok_or_else(no_pcluster)?;
    let scope = env.session(region).await.scope();
    pcluster
        .fleet_status(name, &scope)
        .await
        .map_err(|e| e.to_string())
}

pub async fn set_fleet(
    env: &CommandEnv,
    name: &str,
    region: &str,
    start: bool,
) -> Result<String, String> {
    let pcluster = Pcluster::locate(&env.doctor.search).ok_or_else(no_pcluster)?;
    let scope = env.session(region).await.scope();
    let status = pcluster
        .set_fleet(name, &scope, start)
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "Compute fleet: {status}. ParallelCluster {} the nodes within a few minutes.",
        if start { "starts" } else { "stops" }
    ))
}

pub async fn set_head_node(
    env: &CommandEnv,
    region: &str,
    instance_id: &str,
    start: bool,
) -> Result<String, String> {
    let session = env.session(region).await;
    let state = instance_power::set_running(&session, instance_id, start)
        .await
        .map_err(|e| e.explained())?;
    Ok(format!("Head node {instance_id}: {state}."))
}

/// K: re-pins the head node's host key, from its console output or, when told, unverified.
pub async fn repin(
    env: &CommandEnv,
    region: &str,
    target: &SshTarget,
    accept_unverified: bool,
) -> Result<String, RepinRefused> {
    let session = env.session(region).await;
    let pins = HostPins::in_state_dir(&env.dirs.state);
    let pin = host_trust::repin(&session, &pins, target, accept_unverified).await?;
    Ok(format!("Re-pinned: {}.", pin.describe()))
}

pub(super) fn no_pcluster() -> String {
    "pcluster is not installed. Install it from the set-up screen (or `pcwiz doctor --install-pcluster`).".into()
}
