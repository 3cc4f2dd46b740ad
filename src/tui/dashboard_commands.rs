//! The dashboard's background work: one refresh, and what the cluster costs now.

use super::commands::CommandEnv;
use super::dashboard::Refreshed;
use crate::aws::price_engine::PriceEngine;
use crate::cluster::config::ClusterConfig;
use crate::cluster::cost;
use crate::cluster::price_book::PriceKey;
use crate::monitor::status::{self, HSDS_PORT};
use crate::store::history::History;
use crate::store::price_cache::PriceCache;

/// `user`: the login user an earlier refresh learnt (then the stack itself is not read).
pub async fn refresh(
    env: &CommandEnv,
    name: &str,
    region: &str,
    user: Option<String>,
) -> Refreshed {
    let session = env.session(region).await;
    let record = History::in_dir(&env.dirs.data).load().ok().and_then(|l| {
        l.clusters
            .into_iter()
            .find(|c| c.name == name && c.region == region)
    });
    let refresh = status::refresh(
        &session,
        name,
        record.as_ref(),
        &env.dirs.state,
        env.ssh_config.as_deref(),
        env.hsds_port.unwrap_or(HSDS_PORT),
        user,
    )
    .await;

    // $/h now: the instances that bill, plus the recorded config's storage.
    let running: Vec<(String, bool)> = refresh
        .instances
        .as_ref()
        .map(|all| {
            all.iter()
                .filter(|i| matches!(i.state.as_str(), "pending" | "running"))
                .map(|i| (i.instance_type.clone(), i.spot))
                .collect()
        })
        .unwrap_or_default();
    let config = record
        .as_ref()
        .and_then(|r| std::fs::read_to_string(&r.config_file).ok())
        .and_then(|text| ClusterConfig::from_yaml(&text).ok());
    let mut keys: Vec<PriceKey> = running
        .iter()
        .map(|(t, spot)| PriceKey::instance(t, *spot))
        .collect();
    keys.extend(config.iter().flat_map(cost::storage_keys));
    let book = PriceEngine::new(PriceCache::in_dir(&env.dirs.cache))
        .prices(Some(&session), region, &keys, None, chrono::Utc::now())
        .await
        .book;
    let now = cost::running_instances(&running, &book);
    let has_storage = refresh
        .stack
        .as_ref()
        .is_ok_and(|s| cost::storage_exists(&s.status));
    let storage = config
        .as_ref()
        .filter(|_| has_storage)
        .map(|c| cost::storage(c, &book));
    let unpriced = now.unpriced() + storage.as_ref().map_or(0, |s| s.unpriced());
    let usd_per_hour = (refresh.instances.is_ok() && unpriced == 0)
        .then(|| now.usd_per_hour() + storage.as_ref().map_or(0.0, |s| s.usd_per_hour()));
    Refreshed {
        refresh,
        usd_per_hour,
    }
}
