//! The alternative to deletion: the cluster parked in its minimal state (compute fleet
//! stopped, head node stopped), so only its storage and network bill, and brought back
//! later. Seed 000's section 8 asks for this "minimal state".
//!
//! The head node is what ends the compute nodes (ParallelCluster's daemons on it terminate
//! them when the fleet is stopped), so it is stopped only once no compute instance runs:
//! stopping it earlier would leave them billing with nobody to end them. If they do not
//! all end within the wait, nothing more is stopped, and the report says what still runs.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::Kind;
use crate::aws::cluster_list;
use crate::aws::instance_power;
use crate::aws::price_engine::PriceEngine;
use crate::aws::session::AwsSession;
use crate::cluster::cluster_instance::ClusterInstance;
use crate::cluster::price::{hourly, money};
use crate::cluster::price_book::PriceKey;
use crate::pcluster::Pcluster;
use crate::store::dirs::Dirs;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParkReport {
    /// What was done, in order ("compute fleet: STOP_REQUESTED", …).
    pub done: Vec<String>,
    /// False when compute instances were still running when the wait ran out: the head
    /// node was then left running, so that it can still end them.
    pub finished: bool,
    /// The compute instances still running (and billing) when the wait ran out.
    pub still_running: Vec<String>,
    /// What goes on billing while parked.
    pub still_bills: Vec<String>,
    /// Their total per month, when every part is priced.
    pub still_bills_usd_per_month: Option<f64>,
    /// What the cluster billed per hour before, and bills after (None: a part unpriced).
    pub usd_per_hour_before: Option<f64>,
    pub usd_per_hour_after: Option<f64>,
    /// How to come back (or, after resuming, how to park again; after a park that did not
    /// finish, what to do).
    pub come_back: String,
}

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

/// Stops the compute fleet (through pcluster, so Slurm knows), waits for every compute
/// instance to end, then stops the head node. `progress` hears each look while waiting.
pub async fn park(
    session: &AwsSession,
    dirs: &Dirs,
    pcluster: &Pcluster,
    name: &str,
    waiting: Waiting,
    mut progress: impl FnMut(String),
) -> Result<ParkReport, String> {
    let mut done = vec![];
    let instances = cluster_instances(session, name).await?;
    let head = head_node(&instances, name)?;
    let (still_bills, storage_month) = what_still_bills(session, dirs, name).await;
    let storage_hour = storage_month.map(|m| m / crate::cluster::price::HOURS_PER_MONTH);
    let before = add(
        running_cost(session, dirs, &billing(&instances)).await,
        storage_hour,
    );
    let status = pcluster
        .set_fleet(name, &session.scope(), false)
        .await
        .map_err(|e| format!("could not stop the compute fleet: {e}"))?;
    done.push(format!("compute fleet: {status}"));

    let started = Instant::now();
    loop {
        let now = cluster_instances(session, name).await?;
        let running: Vec<&ClusterInstance> = billing(&now)
            .into_iter()
            .filter(|i| i.node_type != "HeadNode")
            .collect();
        if running.is_empty() {
            if started.elapsed() > waiting.poll {
                done.push(format!(
                    "compute instances: all ended after {}",
                    elapsed(started)
                ));
            } else {
                done.push("compute instances: none running".into());
            }
            break;
        }
        let cost = running_cost(session, dirs, &running).await;
        let listed = describe(&running);
        if started.elapsed() >= waiting.limit {
            return Ok(ParkReport {
                done,
                finished: false,
                still_running: listed.clone(),
                still_bills: vec![],
                still_bills_usd_per_month: None,
                usd_per_hour_before: before,
                usd_per_hour_after: add(
                    cost,
                    add(price_of(session, dirs, head).await, storage_hour),
                ),
                come_back: format!(
                    "After {}, {} compute instance{} still {} and {}{}: {}. The head node was left running, because it is what ends them. Look at the cluster's dashboard, then run `pcwiz park {name}` again.",
                    elapsed(started),
                    running.len(),
                    plural(running.len()),
                    if running.len() == 1 { "runs" } else { "run" },
                    if running.len() == 1 { "bills" } else { "bill" },
                    cost.map(|c| format!(" {}/h", hourly(c)))
                        .unwrap_or_default(),
                    listed.join(", ")
                ),
            });
        }
        progress(format!(
            "waiting for {} compute instance{} to end ({}){} · {} so far",
            running.len(),
            plural(running.len()),
            listed.join(", "),
            cost.map(|c| format!(" · still billing {}/h", hourly(c)))
                .unwrap_or_default(),
            elapsed(started)
        ));
        tokio::time::sleep(waiting.poll).await;
    }

    match head.state.as_str() {
        "stopped" | "stopping" => done.push(format!(
            "head node {}: already {}",
            head.instance_id, head.state
        )),
        _ => {
            let state = instance_power::set_running(session, &head.instance_id, false)
                .await
                .map_err(|e| format!("could not stop the head node: {}", e.explained()))?;
            done.push(format!("head node {}: {state}", head.instance_id));
        }
    }
    Ok(ParkReport {
        done,
        finished: true,
        still_running: vec![],
        still_bills,
        still_bills_usd_per_month: storage_month,
        usd_per_hour_before: before,
        usd_per_hour_after: storage_hour,
        come_back: format!(
            "`pcwiz resume {name}` (or p on its dashboard) starts the head node, then the fleet; jobs can be submitted again a few minutes later"
        ),
    })
}

/// Starts the head node, then the compute fleet.
pub async fn resume(
    session: &AwsSession,
    _dirs: &Dirs,
    pcluster: &Pcluster,
    name: &str,
) -> Result<ParkReport, String> {
    let mut done = vec![];
    let instances = cluster_instances(session, name).await?;
    let head = head_node(&instances, name)?;
    match head.state.as_str() {
        "running" | "pending" => done.push(format!(
            "head node {}: already {}",
            head.instance_id, head.state
        )),
        _ => {
            let state = instance_power::set_running(session, &head.instance_id, true)
                .await
                .map_err(|e| format!("could not start the head node: {}", e.explained()))?;
            done.push(format!("head node {}: {state}", head.instance_id));
        }
    }
    let status = pcluster
        .set_fleet(name, &session.scope(), true)
        .await
        .map_err(|e| format!("could not start the compute fleet: {e}"))?;
    done.push(format!("compute fleet: {status}"));
    Ok(ParkReport {
        done,
        finished: true,
        still_running: vec![],
        still_bills: vec![],
        still_bills_usd_per_month: None,
        usd_per_hour_before: None,
        usd_per_hour_after: None,
        come_back: format!(
            "Its public IP may have changed: `pcwiz ssh {name}` finds it. `pcwiz park {name}` parks it again."
        ),
    })
}

async fn cluster_instances(
    session: &AwsSession,
    name: &str,
) -> Result<Vec<ClusterInstance>, String> {
    Ok(cluster_list::instances(session, Some(name))
        .await
        .map_err(|e| e.explained())?
        .remove(name)
        .unwrap_or_default())
}

fn head_node<'a>(
    instances: &'a [ClusterInstance],
    name: &str,
) -> Result<&'a ClusterInstance, String> {
    instances
        .iter()
        .find(|i| i.node_type == "HeadNode")
        .ok_or_else(|| format!("{name} has no head node in EC2 (is it deleted?)"))
}

/// Instances that bill by the hour: pending or running (one shutting down no longer does).
fn billing(instances: &[ClusterInstance]) -> Vec<&ClusterInstance> {
    instances
        .iter()
        .filter(|i| matches!(i.state.as_str(), "pending" | "running"))
        .collect()
}

fn describe(instances: &[&ClusterInstance]) -> Vec<String> {
    instances
        .iter()
        .map(|i| format!("{} ({})", i.instance_id, i.instance_type))
        .collect()
}

/// What these instances cost per hour together; None when one has no price.
async fn running_cost(
    session: &AwsSession,
    dirs: &Dirs,
    instances: &[&ClusterInstance],
) -> Option<f64> {
    let keys: Vec<PriceKey> = instances
        .iter()
        .map(|i| PriceKey::instance(&i.instance_type, i.spot))
        .collect();
    let book = PriceEngine::in_dir(&dirs.cache)
        .prices(
            Some(session),
            &session.region,
            &keys,
            None,
            chrono::Utc::now(),
        )
        .await
        .book;
    keys.iter()
        .try_fold(0.0, |sum, key| book.get(key).map(|p| sum + p.usd))
}

async fn price_of(session: &AwsSession, dirs: &Dirs, instance: &ClusterInstance) -> Option<f64> {
    if !matches!(instance.state.as_str(), "pending" | "running") {
        return Some(0.0);
    }
    running_cost(session, dirs, &[instance]).await
}

fn add(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(a? + b?)
}

fn elapsed(started: Instant) -> String {
    let s = started.elapsed().as_secs();
    if s < 60 {
        format!("{s} s")
    } else {
        format!("{} min {} s", s / 60, s % 60)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// What a parked cluster goes on paying for: what the clean-up plan finds that still
/// bills with no instance running (shared storage, the network's NAT gateway).
async fn what_still_bills(
    session: &AwsSession,
    dirs: &Dirs,
    name: &str,
) -> (Vec<String>, Option<f64>) {
    let plan = super::discover::plan(session, dirs, name).await;
    let mut lines = vec![];
    let mut total = Some(0.0);
    for item in plan.items.iter().filter(|i| {
        matches!(
            i.kind,
            Kind::NetworkStack | Kind::EbsVolume | Kind::EfsFileSystem | Kind::FsxFileSystem
        )
    }) {
        match item.usd_per_month {
            Some(usd) if usd > 0.0 => {
                lines.push(format!(
                    "{} {}: {}/month",
                    item.kind.label(),
                    item.id,
                    money(usd)
                ));
                total = total.map(|t| t + usd);
            }
            Some(_) => {}
            None => {
                lines.push(format!("{} {}: price unknown", item.kind.label(), item.id));
                total = None;
            }
        }
    }
    lines.push("and the stopped instances' own root volumes (EBS, per GB-month)".into());
    (lines, total)
}
