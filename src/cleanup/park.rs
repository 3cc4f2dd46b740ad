//! The alternative to deletion: the cluster parked in its minimal state (compute fleet
//! stopped, head node stopped), so only its storage and network bill, and brought back
//! later. Seed 000's section 8 asks for this "minimal state".

use serde::Serialize;

use super::Kind;
use crate::aws::cluster_list;
use crate::aws::instance_power;
use crate::aws::session::AwsSession;
use crate::cluster::price::money;
use crate::pcluster::Pcluster;
use crate::store::dirs::Dirs;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParkReport {
    /// What was done, in order ("compute fleet: STOP_REQUESTED", …).
    pub done: Vec<String>,
    /// What goes on billing while parked.
    pub still_bills: Vec<String>,
    /// Their total per month, when every part is priced.
    pub still_bills_usd_per_month: Option<f64>,
    /// How to come back (or, after resuming, how to park again).
    pub come_back: String,
}

/// Stops the compute fleet (through pcluster, so Slurm knows) and then the head node.
pub async fn park(
    session: &AwsSession,
    dirs: &Dirs,
    pcluster: &Pcluster,
    name: &str,
) -> Result<ParkReport, String> {
    let mut done = vec![];
    let status = pcluster
        .set_fleet(name, &session.scope(), false)
        .await
        .map_err(|e| format!("could not stop the compute fleet: {e}"))?;
    done.push(format!("compute fleet: {status}"));
    let head = head_node(session, name).await?;
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
    let (still_bills, usd) = what_still_bills(session, dirs, name).await;
    Ok(ParkReport {
        done,
        still_bills,
        still_bills_usd_per_month: usd,
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
    let head = head_node(session, name).await?;
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
        still_bills: vec![],
        still_bills_usd_per_month: None,
        come_back: format!(
            "Its public IP may have changed: `pcwiz ssh {name}` finds it. `pcwiz park {name}` parks it again."
        ),
    })
}

async fn head_node(
    session: &AwsSession,
    name: &str,
) -> Result<cluster_list::ClusterInstance, String> {
    cluster_list::instances(session, Some(name))
        .await
        .map_err(|e| e.explained())?
        .remove(name)
        .unwrap_or_default()
        .into_iter()
        .find(|i| i.node_type == "HeadNode")
        .ok_or_else(|| format!("{name} has no head node in EC2 (is it deleted?)"))
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
