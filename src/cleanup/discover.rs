//! Finding everything a cluster leaves billing, for the plan. Reads only.
//!
//! What counts as the cluster's: AWS resources carrying its `parallelcluster:cluster-name`
//! tag (ParallelCluster tags everything it makes, and CloudFormation passes the stack's tags
//! to its resources), and what pcwiz's history records pcwiz made for it (network stack,
//! key pair, local files). A name that merely looks right is not proof: an untagged log group
//! called `/aws/parallelcluster/rev-…` is listed as left alone, not planned.

use crate::aws::budgets;
use crate::aws::identity;
use crate::aws::in_use;
use crate::aws::price_engine::PriceEngine;
use crate::aws::session::AwsSession;
use crate::cluster::cleanup_plan::{Kind, Plan};
use crate::cluster::price_book::PriceKey;
use crate::store::dirs::Dirs;
use crate::store::drafts;
use crate::store::history::{ClusterRecord, History};

pub(super) mod history_items;
pub(crate) use crate::aws::cleanup_reads::{self as aws_reads, Owner};
pub(crate) use crate::cluster::cleanup_plan::{Found, Seen};

/// The one shared thing every user asks about; never in a plan.
const SHARED_BUCKET: &str = "the region's S3 bucket parallelcluster-…-do-not-delete: shared by every cluster in the region, never deleted";

pub async fn plan(session: &AwsSession, dirs: &Dirs, name: &str) -> Plan {
    let region = session.region.clone();
    let mut plan = Plan::new(name, &region);
    let history = History::in_dir(&dirs.data).load().unwrap_or_default();

    let sts = session.endpoint("sts");
    let (who, stack, instances, volumes, snapshots, efs, fsx, logs) = tokio::join!(
        identity::caller_identity(&session.config, &sts),
        aws_reads::stack(session, name),
        aws_reads::instances(session, Owner::Cluster(name)),
        aws_reads::volumes(session, Owner::Cluster(name)),
        aws_reads::snapshots(session, Owner::Cluster(name)),
        aws_reads::efs(session, Owner::Cluster(name)),
        aws_reads::fsx(session, Owner::Cluster(name)),
        aws_reads::log_groups(session, Owner::Cluster(name)),
    );
    plan.account = who.ok().map(|i| i.account);
    let account = plan.account.as_deref();
    plan.acting_as = session.scope().describe(account);
    // pcwiz's record of this cluster in this account: a same-named cluster of another
    // account is another cluster, and what pcwiz made for it is not this one's to remove.
    let named = |c: &&ClusterRecord| c.name == name && c.region == region;
    let record = history
        .clusters
        .iter()
        .filter(named)
        .find(|c| c.in_account(account))
        .cloned();
    if record.is_none()
        && let Some(refusal) = history
            .clusters
            .iter()
            .filter(named)
            .find_map(|c| c.other_account_refusal(account?))
    {
        plan.problems.push(refusal);
    }
    let others: Vec<ClusterRecord> = history
        .clusters
        .iter()
        .filter(|c| !named(c) && c.deleted_at.is_none())
        .cloned()
        .collect();
    let mut seen = vec![];
    for result in [stack, instances, volumes, snapshots, efs, fsx, logs] {
        match result {
            Ok(found) => seen.extend(found),
            Err(why) => plan.problems.push(why),
        }
    }
    if let Some(record) = &record {
        match history_items::from_record(session, record, &others).await {
            Ok(found) => seen.extend(found),
            Err(why) => plan.problems.push(why),
        }
    }
    if let Some(account) = plan.account.clone() {
        match budget_seen(session, &account, name, record.as_ref()).await {
            Ok(found) => seen.extend(found),
            Err(why) => plan.problems.push(why),
        }
    }
    if let Ok(Some(draft)) = drafts::load(dirs)
        && draft.launched.as_deref() == Some(name)
    {
        seen.push(Seen::Item(Found::new(
            Kind::LocalFile,
            &drafts::path(dirs).display().to_string(),
            "the wizard's draft".into(),
            "the draft this cluster was launched from".into(),
        )));
    }
    seen.push(Seen::LeftAlone(SHARED_BUCKET.into()));
    fold_head_node_into_stack(&mut seen);

    let networks = networks_seen(&seen);
    price_into(session, dirs, &mut plan, seen).await;
    prove_unused(session, &mut plan, &networks).await;
    plan
}

/// Adds what was seen to the plan: items priced per month (from the price engine, as the
/// cost estimate prices them) and what was left alone with why.
pub(super) async fn price_into(
    session: &AwsSession,
    dirs: &Dirs,
    plan: &mut Plan,
    seen: Vec<Seen>,
) {
    let keys: Vec<PriceKey> = seen
        .iter()
        .filter_map(|s| match s {
            Seen::Item(f) => f.price.as_ref().map(|(k, _)| k.clone()),
            Seen::LeftAlone(_) => None,
        })
        .collect();
    let book = PriceEngine::in_dir(&dirs.cache).book(session, &keys).await;
    for s in seen {
        match s {
            Seen::LeftAlone(why) => plan.left_alone.push(why),
            Seen::Item(f) => {
                let usd = f
                    .price
                    .as_ref()
                    .map(|(key, units)| book.get(key).map(|p| p.per_month() * units));
                let item = plan.add(f.kind, &f.id, f.detail, f.why);
                item.usd_per_month = match usd {
                    Some(priced) => priced,
                    // Nothing bills for it (a stopped instance's hours, a key pair).
                    None if f.cost_note.is_none() => Some(0.0),
                    None => None,
                };
                item.cost_note = match (usd, f.cost_note) {
                    (Some(None), None) => Some("no price known here".into()),
                    (_, note) => note,
                };
                if let Some(selected) = f.selected {
                    item.selected = selected;
                }
            }
        }
    }
}

/// The budget pcwiz made for the cluster: its by name and its filter on the cluster's tag,
/// or by pcwiz's record of it (an account-wide one filters nothing).
async fn budget_seen(
    session: &AwsSession,
    account: &str,
    name: &str,
    record: Option<&ClusterRecord>,
) -> Result<Option<Seen>, String> {
    let budget_name = crate::cluster::budget::budget_name(name, &session.region);
    let Some(found) = budgets::describe(session, account, &budget_name)
        .await
        .map_err(|e| format!("AWS Budgets: {}", e.explained()))?
    else {
        return Ok(None);
    };
    let recorded = record
        .and_then(|r| r.budget.as_ref())
        .is_some_and(|b| b.name == budget_name);
    let why = if found.by_tag {
        format!(
            "counts only costs {}",
            crate::cluster::cleanup_plan::tagged(name)
        )
    } else if recorded {
        "pcwiz made it for this cluster (its history)".into()
    } else {
        // Named like ours, counting the whole account, and not in pcwiz's history: not
        // provably this cluster's.
        return Ok(Some(Seen::LeftAlone(format!(
            "the AWS Budget {budget_name}: named like this cluster's, but it counts the whole account and pcwiz has no record of making it"
        ))));
    };
    Ok(Some(Seen::Item(Found::new(
        Kind::Budget,
        &budget_name,
        found.describe(),
        why,
    ))))
}

/// A network stack the plan would remove, with what its proof needs.
pub(super) struct NetworkSeen {
    pub stack: String,
    pub vpc: String,
    pub nat_gateways: Vec<String>,
}

/// The network stacks among what was seen.
pub(super) fn networks_seen(seen: &[Seen]) -> Vec<NetworkSeen> {
    seen.iter()
        .filter_map(|s| match s {
            Seen::Item(f) if f.kind == Kind::NetworkStack => Some(NetworkSeen {
                stack: f.id.clone(),
                vpc: f.vpc.clone()?,
                nat_gateways: f.nat_gateways.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// Proof from AWS that nothing else uses the network or the key pair the plan would
/// remove (another cluster's nodes, another tool's interfaces, a launch template). What is
/// in use, or can not be proven unused, stays unticked and can not be ticked.
pub(super) async fn prove_unused(session: &AwsSession, plan: &mut Plan, networks: &[NetworkSeen]) {
    let own = plan.own_storage();
    for network in networks {
        let users = in_use::network_users(
            session,
            &network.vpc,
            &network.nat_gateways,
            &plan.cluster,
            &own,
        )
        .await;
        if let Some(why) = in_use_reason(users) {
            plan.block(Kind::NetworkStack, &network.stack, why);
        }
    }
    let key_pairs: Vec<String> = plan
        .items
        .iter()
        .filter(|i| i.kind == Kind::KeyPair)
        .map(|i| i.id.clone())
        .collect();
    for key in key_pairs {
        let users = in_use::key_pair_users(session, &key, &plan.cluster).await;
        if let Some(why) = in_use_reason(users) {
            plan.block(Kind::KeyPair, &key, why);
        }
    }
}

fn in_use_reason(users: Result<Vec<String>, crate::aws::error::AwsError>) -> Option<String> {
    match users {
        Ok(users) if users.is_empty() => None,
        Ok(users) => Some(users.join("; ")),
        Err(e) => Some(format!(
            "nothing, as far as pcwiz can tell, but it could not check ({})",
            e.explained()
        )),
    }
}

/// While the cluster's stack is there, its head node goes with it: the head node is not a
/// line of its own, and what it bills shows on the stack's line.
fn fold_head_node_into_stack(seen: &mut Vec<Seen>) {
    let has_stack = seen
        .iter()
        .any(|s| matches!(s, Seen::Item(f) if f.kind == Kind::ClusterStack));
    if !has_stack {
        return;
    }
    let mut head_price = None;
    seen.retain(|s| match s {
        Seen::Item(f) if f.head_node => {
            head_price = f.price.clone();
            false
        }
        _ => true,
    });
    if let Some(Seen::Item(stack)) = seen
        .iter_mut()
        .find(|s| matches!(s, Seen::Item(f) if f.kind == Kind::ClusterStack))
    {
        stack.price = head_price;
    }
}
