//! One dashboard refresh with its prices: the refresh itself (`status.rs`), then what
//! the cluster costs now (its running instances and its storage), and the settings the
//! screens need to read it (scale-down time, reV directory). Both front ends use it.

use std::path::Path;

use super::status::{self, Refresh};
use crate::aws::price_engine::PriceEngine;
use crate::aws::session::AwsSession;
use crate::cluster::cost;
use crate::cluster::cost_history;
use crate::cluster::node_billing::DEFAULT_SCALEDOWN_MINUTES;
use crate::cluster::price_book::{PriceBook, PriceKey};
use crate::remote::probe::ProbeOptions;
use crate::store::dirs::Dirs;
use crate::store::history::{ClusterRecord, History};
use crate::store::watch_settings::WatchSettings;

/// What a refresh brings back: the refresh and what the cluster costs now.
#[derive(Debug, Clone)]
pub struct Refreshed {
    pub refresh: Refresh,
    pub usd_per_hour: Option<f64>,
    /// What the storage alone bills per hour (0 with none; None when unpriced).
    pub storage_usd_per_hour: Option<f64>,
    /// Prices of the running instance types (for each node's $/h).
    pub book: PriceBook,
    /// The cluster's ScaledownIdletime, from its recorded config or the default.
    pub scaledown_minutes: u32,
    /// The reV project directory the probe was asked to read.
    pub rev_dir: Option<String>,
    /// Where reV's data comes from, if the wizard that launched the cluster was told.
    pub hsds_data: Option<crate::cluster::hsds_files::HsdsData>,
}

impl Refreshed {
    /// A refresh that could not be made at all: every source says why, so each panel keeps
    /// its last good data marked stale, as when one source fails.
    pub fn failed(region: &str, why: String) -> Self {
        Self {
            refresh: Refresh {
                stack: Err(why.clone()),
                instances: Err(why),
                probe: None,
                target: None,
                host_key: None,
                took: std::time::Duration::ZERO,
                ssh_took: None,
            },
            usd_per_hour: None,
            storage_usd_per_hour: None,
            book: PriceBook::new(region),
            scaledown_minutes: DEFAULT_SCALEDOWN_MINUTES,
            rev_dir: None,
            hsds_data: None,
        }
    }
}

/// `user`: the login user an earlier refresh learnt (then the stack itself is not read).
/// `nodes_up_since`: the idle guard's cost history is read after this epoch (the dashboard
/// asks for what it has not seen; None reads none).
pub async fn refresh(
    session: &AwsSession,
    dirs: &Dirs,
    name: &str,
    ssh_config: Option<&Path>,
    hsds_port: u16,
    user: Option<String>,
    nodes_up_since: Option<i64>,
) -> Refreshed {
    let region = session.region.as_str();
    let record = History::in_dir(&dirs.data).load().ok().and_then(|l| {
        l.clusters
            .into_iter()
            .find(|c| c.name == name && c.region == region)
    });
    let settings = WatchSettings::in_dir(&dirs.data).get(region, name);
    let probe_options = ProbeOptions {
        hsds_port,
        rev_dir: settings.rev_dir,
        nodes_up_since,
    };
    let setup = status::SshSetup::new(&dirs.state, ssh_config.map(Path::to_path_buf));
    let refresh =
        status::refresh(session, name, record.as_ref(), &setup, &probe_options, user).await;

    // $/h now: the instances that bill, plus the recorded config's storage.
    let instances = refresh.instances.as_deref().unwrap_or(&[]);
    let config = record.as_ref().and_then(ClusterRecord::recorded_config);
    let mut keys: Vec<PriceKey> = cost::running_keys(instances);
    // The types the guard's cost history names, for the $/hour of the cluster's past.
    if let Some(Ok(report)) = &refresh.probe {
        let history = report.nodes_up.as_deref().unwrap_or_default();
        keys.extend(
            cost_history::instance_types(history)
                .iter()
                .map(|kind| PriceKey::instance(kind, false)),
        );
    }
    keys.extend(config.iter().flat_map(cost::storage_keys));
    let book = PriceEngine::in_dir(&dirs.cache)
        .prices(Some(session), region, &keys, None, chrono::Utc::now())
        .await
        .book;
    let now = cost::running(instances, &book);
    let has_storage = refresh
        .stack
        .as_ref()
        .is_ok_and(|s| cost::storage_exists(&s.status));
    let storage = config
        .as_ref()
        .filter(|_| has_storage)
        .map(|c| cost::storage(c, &book));
    let unpriced = now.unpriced() + storage.as_ref().map_or(0, |s| s.unpriced());
    let storage_usd_per_hour = storage
        .as_ref()
        .map_or(Some(0.0), |s| (s.unpriced() == 0).then(|| s.usd_per_hour()));
    let usd_per_hour = (refresh.instances.is_ok() && unpriced == 0)
        .then(|| now.usd_per_hour() + storage_usd_per_hour.unwrap_or(0.0));
    Refreshed {
        refresh,
        usd_per_hour,
        storage_usd_per_hour,
        book,
        scaledown_minutes: config
            .as_ref()
            .and_then(|c| c.scheduling.slurm_settings.as_ref())
            .and_then(|s| s.scaledown_idletime)
            .unwrap_or(DEFAULT_SCALEDOWN_MINUTES),
        rev_dir: probe_options.rev_dir,
        hsds_data: settings.hsds_data,
    }
}
