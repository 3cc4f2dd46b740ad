//! The cluster list both front ends show: the region's clusters (two calls, whatever their
//! number) merged with pcwiz's history, each with its head node, nodes up and $/hour now.

use std::collections::BTreeMap;

use crate::aws::cluster_list;
use crate::aws::error::AwsError;
use crate::aws::identity;
use crate::aws::price_engine::PriceEngine;
use crate::aws::session::AwsSession;
use crate::cluster::cluster_row::{self, ClusterRow};
use crate::cluster::config::ClusterConfig;
use crate::cluster::cost;
use crate::cluster::price_book::PriceKey;
use crate::cluster::price_outage::PriceOutage;
use crate::store::dirs::Dirs;
use crate::store::history::{ClusterRecord, History};

/// The rows, what the history said if it was damaged, and why the $/hour figures are not
/// from live prices (if they are not).
pub struct Listed {
    pub rows: Vec<ClusterRow>,
    pub history_problem: Option<String>,
    pub price_problem: Option<PriceOutage>,
}

pub async fn list(session: &AwsSession, dirs: &Dirs) -> Result<Listed, AwsError> {
    let sts = session.endpoint("sts");
    let (stacks, instances, who) = tokio::join!(
        cluster_list::stacks(session),
        cluster_list::instances(session, None),
        identity::caller_identity(&session.config, &sts)
    );
    let (stacks, instances) = (stacks?, instances?);
    // Records of another account's clusters are not this account's, whatever their names.
    let account = who.ok().map(|i| i.account);
    let history = History::in_dir(&dirs.data).load().unwrap_or_default();
    let records: BTreeMap<&str, &ClusterRecord> = history
        .clusters
        .iter()
        .filter(|c| c.region == session.region && c.in_account(account.as_deref()))
        .map(|c| (c.name.as_str(), c))
        .collect();

    // Prices: running instances, and the recorded configs' storage.
    let configs: BTreeMap<&str, ClusterConfig> = records
        .iter()
        .filter_map(|(name, r)| Some((*name, r.recorded_config()?)))
        .collect();
    let mut keys: Vec<PriceKey> = instances
        .values()
        .flat_map(|mine| cost::running_keys(mine))
        .collect();
    keys.extend(configs.values().flat_map(cost::storage_keys));
    keys.sort();
    keys.dedup();
    let priced = PriceEngine::in_dir(&dirs.cache)
        .in_session(session, &keys)
        .await;
    let book = priced.book;

    let mut rows: Vec<ClusterRow> = stacks
        .iter()
        .map(|stack| {
            cluster_row::row(
                stack,
                &session.region,
                instances.get(&stack.name).map(Vec::as_slice).unwrap_or(&[]),
                configs.get(stack.name.as_str()),
                &book,
                records.contains_key(stack.name.as_str()),
            )
        })
        .collect();
    // Launched from here, gone from AWS: shown as deleted, never silently dropped.
    for record in records.values() {
        if !rows.iter().any(|r| r.name == record.name) {
            rows.push(ClusterRow {
                name: record.name.clone(),
                status: "deleted".into(),
                version: record.pcluster_version.clone(),
                region: record.region.clone(),
                created: Some(record.created_at),
                head_node: None,
                nodes_up: 0,
                usd_per_hour: Some(0.0),
                still_bills: vec![],
                in_history: true,
            });
        }
    }
    Ok(Listed {
        rows,
        history_problem: history.problem,
        price_problem: priced.problem,
    })
}
