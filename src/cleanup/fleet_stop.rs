//! Stopping the compute fleet and waiting until its compute instances are gone: the first
//! half of parking a cluster, and what an update that needs the fleet stopped does first.
//!
//! The fleet is stopped through pcluster (so Slurm and pcluster's daemons know); the head
//! node's daemons then end the compute instances and record the fleet STOPPED. An update
//! needs that record too (pcluster's dry run counts every other status as running), so it
//! waits for both; park needs only the instances gone.

use std::time::{Duration, Instant};

use crate::aws::cluster_list;
use crate::aws::price_engine::PriceEngine;
use crate::aws::session::AwsSession;
use crate::cluster::cluster_instance::ClusterInstance;
use crate::cluster::price::hourly;
use crate::cluster::price_book::PriceKey;
use crate::pcluster::Pcluster;
use crate::store::dirs::Dirs;

/// How long to wait for the compute instances to end, and how often to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    pub limit: Duration,
    pub poll: Duration,
}

impl Default for Waiting {
    /// ParallelCluster ends compute nodes within a few minutes of a fleet stop.
    fn default() -> Self {
        Self {
            limit: Duration::from_secs(15 * 60),
            poll: Duration::from_secs(5),
        }
    }
}

/// Where the wait ended.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetStopped {
    /// What was done, in order ("compute fleet: STOP_REQUESTED", …).
    pub done: Vec<String>,
    /// Compute instances still billing when the wait ran out; empty when all ended.
    pub still_running: Vec<ClusterInstance>,
    /// What those still cost per hour together (None: one has no price).
    pub still_running_usd_per_hour: Option<f64>,
    /// The fleet status pcluster last reported, when asked to wait for STOPPED.
    pub recorded: Option<String>,
    pub waited: Duration,
}

impl FleetStopped {
    /// Every compute instance ended (and, when asked, pcluster records the fleet STOPPED).
    pub fn finished(&self) -> bool {
        self.still_running.is_empty() && self.recorded.as_deref().is_none_or(|s| s == "STOPPED")
    }
}

/// Asks pcluster to stop the fleet, then looks every `waiting.poll` until no compute instance
/// bills (and, with `until_recorded`, pcluster reports STOPPED) or `waiting.limit` passes.
/// `progress` hears each look while waiting.
pub async fn stop_and_wait(
    session: &AwsSession,
    dirs: &Dirs,
    pcluster: &Pcluster,
    name: &str,
    waiting: Waiting,
    until_recorded: bool,
    mut progress: impl FnMut(String),
) -> Result<FleetStopped, String> {
    let scope = session.scope();
    let status = pcluster
        .set_fleet(name, &scope, false)
        .await
        .map_err(|e| format!("could not stop the compute fleet: {e}"))?;
    let mut done = vec![format!("compute fleet: {status}")];
    let started = Instant::now();
    let mut instances_gone = false;
    loop {
        let running = compute_billing(session, name).await?;
        if running.is_empty() && !instances_gone {
            instances_gone = true;
            done.push(if started.elapsed() > waiting.poll {
                format!(
                    "compute instances: all ended after {}",
                    said(started.elapsed())
                )
            } else {
                "compute instances: none running".into()
            });
        }
        let recorded = if until_recorded && running.is_empty() {
            Some(
                pcluster
                    .fleet_status(name, &scope)
                    .await
                    .map_err(|e| format!("could not read the compute fleet's status: {e}"))?,
            )
        } else {
            None
        };
        if running.is_empty() && recorded.as_deref().is_none_or(|s| s == "STOPPED") {
            if recorded.is_some() {
                done.push(format!(
                    "compute fleet: STOPPED after {}",
                    said(started.elapsed())
                ));
            }
            return Ok(FleetStopped {
                done,
                still_running: vec![],
                still_running_usd_per_hour: None,
                recorded,
                waited: started.elapsed(),
            });
        }
        let cost = running_cost(session, dirs, &running).await;
        if started.elapsed() >= waiting.limit {
            return Ok(FleetStopped {
                done,
                still_running: running,
                still_running_usd_per_hour: cost,
                recorded,
                waited: started.elapsed(),
            });
        }
        progress(match &recorded {
            Some(status) => format!(
                "compute instances ended; waiting for pcluster to record the fleet STOPPED (now {status}) · {} so far",
                said(started.elapsed())
            ),
            None => format!(
                "waiting for {} compute instance{} to end ({}){} · {} so far",
                running.len(),
                plural(running.len()),
                listed(&running).join(", "),
                cost.map(|c| format!(" · still billing {}/h", hourly(c)))
                    .unwrap_or_default(),
                said(started.elapsed())
            ),
        });
        tokio::time::sleep(waiting.poll).await;
    }
}

/// The compute instances that bill now (pending or running).
async fn compute_billing(session: &AwsSession, name: &str) -> Result<Vec<ClusterInstance>, String> {
    Ok(cluster_instances(session, name)
        .await?
        .into_iter()
        .filter(|i| i.node_type != "HeadNode" && bills(i))
        .collect())
}

pub(crate) async fn cluster_instances(
    session: &AwsSession,
    name: &str,
) -> Result<Vec<ClusterInstance>, String> {
    Ok(cluster_list::instances(session, Some(name))
        .await
        .map_err(|e| e.explained())?
        .remove(name)
        .unwrap_or_default())
}

/// Pending and running instances bill by the hour (one shutting down no longer does).
pub(crate) fn bills(instance: &ClusterInstance) -> bool {
    matches!(instance.state.as_str(), "pending" | "running")
}

/// "i-0abc (c6a.12xlarge)" for each.
pub(crate) fn listed(instances: &[ClusterInstance]) -> Vec<String> {
    instances
        .iter()
        .map(|i| format!("{} ({})", i.instance_id, i.instance_type))
        .collect()
}

/// What these instances cost per hour together; None when one has no price.
pub(crate) async fn running_cost(
    session: &AwsSession,
    dirs: &Dirs,
    instances: &[ClusterInstance],
) -> Option<f64> {
    let keys: Vec<PriceKey> = instances
        .iter()
        .map(|i| PriceKey::instance(&i.instance_type, i.spot))
        .collect();
    let book = PriceEngine::in_dir(&dirs.cache).book(session, &keys).await;
    keys.iter()
        .try_fold(0.0, |sum, key| book.get(key).map(|p| sum + p.usd))
}

/// "42 s", "3 min 5 s".
pub fn said(waited: Duration) -> String {
    let s = waited.as_secs();
    if s < 60 {
        format!("{s} s")
    } else {
        format!("{} min {} s", s / 60, s % 60)
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
