//! "Is anything still billing in this region?": every cluster with what it bills now, and
//! every leftover pcwiz or ParallelCluster can attribute, whatever this machine's history
//! remembers: networks no cluster uses (pcwiz's, and `pcluster configure`'s
//! `parallelclusternetworking-*` with their NAT gateways and Elastic IPs), instances,
//! volumes, snapshots, file systems and log groups whose cluster is gone, and key pairs
//! pcwiz imported that nothing uses. Leftovers are a plan like a cluster's, removed through
//! the same proof, confirmation and executor.

use std::collections::BTreeSet;

use serde::Serialize;

use super::discover::{self, Found, Owner, Seen, aws_reads, history_items};
use crate::aws::identity;
use crate::aws::keypairs;
use crate::aws::network_stack::{self, MadeBy};
use crate::aws::session::AwsSession;
use crate::cluster::cleanup_plan::{Kind, Plan};
use crate::cluster::cluster_row::ClusterRow;
use crate::store::dirs::Dirs;
use crate::store::history::{History, NetworkState};

/// The name a leftovers plan goes by where a cluster's plan has the cluster's.
pub const LEFTOVERS: &str = "leftovers";

#[derive(Debug, Clone, Serialize)]
pub struct Sweep {
    pub region: String,
    /// "account 1234…, profile lab, us-west-2".
    pub acting_as: String,
    /// Every cluster in the region (and the history's deleted ones), with $/h now.
    pub clusters: Vec<ClusterRow>,
    /// What no live cluster owns, each with why and what it bills.
    pub leftovers: Plan,
    /// Clusters at their current rate plus leftovers, per month; and how many parts have
    /// no known price (the total is then a floor).
    pub usd_per_month: f64,
    pub unpriced: usize,
}

pub async fn sweep(session: &AwsSession, dirs: &Dirs) -> Sweep {
    let region = session.region.clone();
    let mut plan = Plan::new(LEFTOVERS, &region);
    let sts = session.endpoint("sts");
    let (who, listed, networks, pairs, instances, volumes, snapshots, efs, fsx, logs) = tokio::join!(
        identity::caller_identity(&session.config, &sts),
        crate::monitor::list::list(session, dirs),
        network_stack::made_by_tools(session),
        keypairs::list(session),
        aws_reads::instances(session, Owner::Any),
        aws_reads::volumes(session, Owner::Any),
        aws_reads::snapshots(session, Owner::Any),
        aws_reads::efs(session, Owner::Any),
        aws_reads::fsx(session, Owner::Any),
        aws_reads::log_groups(session, Owner::Any),
    );
    plan.account = who.ok().map(|i| i.account);
    plan.acting_as = session.scope().describe(plan.account.as_deref());
    let clusters = match listed {
        Ok(listed) => listed.rows,
        Err(e) => {
            plan.problems
                .push(format!("the region's clusters: {}", e.explained()));
            vec![]
        }
    };
    let live: BTreeSet<&str> = clusters
        .iter()
        .filter(|c| !c.deleted())
        .map(|c| c.name.as_str())
        .collect();

    let mut seen = vec![];
    for result in [instances, volumes, snapshots, efs, fsx, logs] {
        match result {
            Ok(found) => seen.extend(found.into_iter().filter_map(|s| orphaned(s, &live))),
            Err(why) => plan.problems.push(why),
        }
    }
    let history = History::in_dir(&dirs.data).load().unwrap_or_default();
    match networks {
        Err(e) => plan.problems.push(e.explained()),
        Ok(networks) => {
            for network in networks {
                let requested = history.networks.iter().find(|n| {
                    n.stack_name == network.name
                        && n.region == region
                        && !matches!(n.state, NetworkState::Deleted { .. })
                });
                let why = match (network.made_by, requested) {
                    (MadeBy::Pcwiz, Some(n)) => format!(
                        "pcwiz made it (tag pcwiz:network; history: asked for on {})",
                        n.requested_at.format("%Y-%m-%d %H:%M")
                    ),
                    (MadeBy::Pcwiz, None) => "pcwiz made it (tag pcwiz:network)".into(),
                    (MadeBy::PclusterConfigure, _) => {
                        "`pcluster configure` made it (parallelclusternetworking-…), and nothing deletes those".into()
                    }
                };
                match network_stack::parts(session, &network.name).await {
                    Ok(Some(parts)) => seen.push(Seen::Item(history_items::network_found(
                        &network.name,
                        &parts,
                        why,
                    ))),
                    Ok(None) => {}
                    Err(e) => plan.problems.push(e.explained()),
                }
            }
        }
    }
    match pairs {
        Err(e) => plan.problems.push(e.explained()),
        Ok(pairs) => seen.extend(pairs.into_iter().filter(|k| k.imported_by_pcwiz).map(|k| {
            Seen::Item(Found::new(
                Kind::KeyPair,
                &k.name,
                "free to keep".into(),
                "pcwiz imported it (tag pcwiz:managed)".into(),
            ))
        })),
    }

    let networks = discover::networks_seen(&seen);
    discover::price_into(session, dirs, &mut plan, seen).await;
    discover::prove_unused(session, &mut plan, &networks).await;
    // A network or key pair a cluster still uses is that cluster's, not a leftover.
    let (in_use, free): (Vec<_>, Vec<_>) = std::mem::take(&mut plan.items)
        .into_iter()
        .partition(|i| i.blocked_by.is_some());
    plan.items = free;
    plan.left_alone.extend(in_use.into_iter().map(|i| {
        format!(
            "{} {}: in use by {}",
            i.kind.label(),
            i.id,
            i.blocked_by.unwrap_or_default()
        )
    }));

    let (mut usd_per_month, mut unpriced) = plan.monthly_bill();
    for cluster in clusters.iter().filter(|c| !c.deleted()) {
        match cluster.usd_per_hour {
            Some(usd) => usd_per_month += usd * crate::cluster::price::HOURS_PER_MONTH,
            None => unpriced += 1,
        }
    }
    Sweep {
        region,
        acting_as: plan.acting_as.clone(),
        clusters,
        leftovers: plan,
        usd_per_month,
        unpriced,
    }
}

/// A tagged thing is a leftover when the cluster its tag names is gone; then it says so.
fn orphaned(seen: Seen, live: &BTreeSet<&str>) -> Option<Seen> {
    let Seen::Item(mut found) = seen else {
        return None;
    };
    let owner = found.owner.clone()?;
    if live.contains(owner.as_str()) {
        return None;
    }
    found.why = format!("tagged with the cluster {owner}, which is gone");
    // A head node whose stack is gone bills on its own, like any instance.
    found.head_node = false;
    Some(Seen::Item(found))
}
