//! The alternative to deletion: the cluster parked in its minimal state (compute fleet
//! stopped, head node stopped), so only its storage and network bill, and brought back
//! later. Seed 000's section 8 asks for this "minimal state".
//!
//! The head node is what ends the compute nodes (ParallelCluster's daemons on it terminate
//! them when the fleet is stopped), so it is stopped only once no compute instance runs:
//! stopping it earlier would leave them billing with nobody to end them. If they do not
//! all end within the wait, nothing more is stopped, and the report says what still runs.

use serde::Serialize;

use super::Kind;
use super::fleet_stop::{self, bills, cluster_instances, listed, plural, running_cost, said};
use crate::aws::instance_power;
use crate::aws::session::AwsSession;
use crate::cluster::cluster_instance::ClusterInstance;
use crate::cluster::price::{hourly, money};
use crate::pcluster::Pcluster;
use crate::store::dirs::Dirs;

pub use super::fleet_stop::Waiting;

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

/// Stops the compute fleet (through pcluster, so Slurm knows), waits for every compute
/// instance to end, then stops the head node. `progress` hears each look while waiting.
pub async fn park(
    session: &AwsSession,
    dirs: &Dirs,
    pcluster: &Pcluster,
    name: &str,
    waiting: Waiting,
    progress: impl FnMut(String),
) -> Result<ParkReport, String> {
    let instances = cluster_instances(session, name).await?;
    let head = head_node(&instances, name)?;
    let (still_bills, storage_month) = what_still_bills(session, dirs, name).await;
    let storage_hour = storage_month.map(|m| m / crate::cluster::price::HOURS_PER_MONTH);
    let billing_now: Vec<ClusterInstance> =
        instances.iter().filter(|i| bills(i)).cloned().collect();
    let before = add(
        running_cost(session, dirs, &billing_now).await,
        storage_hour,
    );
    let stopped =
        fleet_stop::stop_and_wait(session, dirs, pcluster, name, waiting, false, progress).await?;
    let mut done = stopped.done.clone();
    if !stopped.finished() {
        let running = &stopped.still_running;
        let cost = stopped.still_running_usd_per_hour;
        let listed = listed(running);
        return Ok(ParkReport {
            done,
            finished: false,
            still_running: listed.clone(),
            still_bills: vec![],
            still_bills_usd_per_month: None,
            usd_per_hour_before: before,
            usd_per_hour_after: add(cost, add(price_of(session, dirs, head).await, storage_hour)),
            come_back: format!(
                "After {}, {} compute instance{} still {} and {}{}: {}. The head node was left running, because it is what ends them. Look at the cluster's dashboard, then run `pcwiz park {name}` again.",
                said(stopped.waited),
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

fn head_node<'a>(
    instances: &'a [ClusterInstance],
    name: &str,
) -> Result<&'a ClusterInstance, String> {
    instances
        .iter()
        .find(|i| i.node_type == "HeadNode")
        .ok_or_else(|| format!("{name} has no head node in EC2 (is it deleted?)"))
}

async fn price_of(session: &AwsSession, dirs: &Dirs, instance: &ClusterInstance) -> Option<f64> {
    if !matches!(instance.state.as_str(), "pending" | "running") {
        return Some(0.0);
    }
    running_cost(session, dirs, std::slice::from_ref(instance)).await
}

fn add(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(a? + b?)
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
