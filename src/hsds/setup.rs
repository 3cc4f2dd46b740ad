//! One HSDS set-up, shared by `pcwiz hsds` and the dashboard's set-up screen: what to
//! fill in for the cluster (from its config and what Slurm says its nodes are), then
//! install over ssh, then check through Slurm.

use serde::Serialize;

use super::install::{self, Installed};
use super::keys::HsdsKeys;
use super::verify::{self, Verified};
use crate::cluster::config::ClusterConfig;
use crate::cluster::hsds_files::{
    DATASETS, DataSource, HSDS_PORT, HsdsOnCluster, Launcher, RevSnippet, execution_control,
};
use crate::cluster::slurm::Node;
use crate::remote::SshTarget;

/// What pcwiz fills in unless told otherwise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Defaults {
    pub os: String,
    /// The queue reV runs in: the config's first, if Slurm knows it.
    pub partition: Option<String>,
    /// One worker per CPU of the queue's nodes, as reV's own default.
    pub max_workers: u32,
    /// The queue's MaxCount: reV spreads its sites over that many nodes.
    pub nodes: u32,
    /// ParallelCluster shares nodes between jobs unless JobExclusiveAllocation is set.
    pub shared_nodes: bool,
}

impl Defaults {
    pub fn for_cluster(
        config: Option<&ClusterConfig>,
        nodes: &[Node],
        queue: Option<&str>,
    ) -> Self {
        let queues = config
            .map(|c| c.scheduling.slurm_queues.as_slice())
            .unwrap_or_default();
        let chosen = queue
            .and_then(|q| queues.iter().find(|x| x.name == q))
            .or(queues.first());
        let wanted = queue.map(str::to_string).or(chosen.map(|q| q.name.clone()));
        let known = |p: &String| nodes.iter().any(|n| n.partitions.contains(p));
        let partition = wanted.filter(known);
        let in_partition = |n: &&Node| partition.as_ref().is_none_or(|p| n.partitions.contains(p));
        let max_workers = nodes
            .iter()
            .filter(in_partition)
            .filter_map(|n| n.cpus)
            .max()
            .unwrap_or(1);
        Self {
            os: config
                .map(|c| c.image.os.clone())
                .unwrap_or_else(|| "alinux2023".into()),
            partition,
            max_workers,
            nodes: chosen
                .map(|q| {
                    q.compute_resources
                        .iter()
                        .filter_map(|r| r.max_count)
                        .sum::<u32>()
                })
                .filter(|n| *n > 0)
                .unwrap_or(1),
            shared_nodes: chosen.is_none_or(|q| q.job_exclusive_allocation != Some(true)),
        }
    }
}

/// Everything one set-up needs.
#[derive(Debug, Clone)]
pub struct SetupRequest {
    pub on: HsdsOnCluster,
    pub keys: Option<HsdsKeys>,
    pub snippet: RevSnippet,
    pub partition: Option<String>,
    pub verify: bool,
}

impl SetupRequest {
    /// From the defaults, the data source, the dataset (index in `DATASETS`) and the
    /// environment's overrides: PCWIZ_HSDS_PORT (HSDS elsewhere than 5101) and
    /// PCWIZ_HSDS_LAUNCHER=pip (nodes without Docker; the tests). Err when a private
    /// bucket's name or region is not one (they become shell text in start_hsds.sh).
    pub fn new(
        defaults: &Defaults,
        source: DataSource,
        keys: Option<HsdsKeys>,
        dataset: usize,
        max_workers: u32,
    ) -> Result<Self, String> {
        crate::cluster::s3_names::check_source(&source)?;
        let port = std::env::var("PCWIZ_HSDS_PORT")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(HSDS_PORT);
        let launcher = match std::env::var("PCWIZ_HSDS_LAUNCHER").as_deref() {
            Ok("pip") => Launcher::Pip,
            _ => Launcher::Docker,
        };
        let (_, resource) = DATASETS[dataset.min(DATASETS.len() - 1)];
        Ok(Self {
            on: HsdsOnCluster {
                os: defaults.os.clone(),
                source,
                port,
                launcher,
                max_workers,
            },
            keys,
            snippet: RevSnippet {
                execution_control: execution_control(
                    defaults.nodes,
                    max_workers,
                    defaults.shared_nodes,
                ),
                resource_file: resource.into(),
            },
            partition: defaults.partition.clone(),
            verify: true,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SetupResult {
    pub installed: Vec<Installed>,
    pub verified: Option<Result<Verified, String>>,
    /// What to merge into the reV config (also installed beside the other files).
    pub snippet: RevSnippet,
}

impl SetupResult {
    pub fn ok(&self) -> bool {
        !self.installed.iter().any(Installed::failed)
            && self
                .verified
                .as_ref()
                .is_none_or(|v| v.as_ref().is_ok_and(Verified::ok))
    }
}

/// Installs, then (if asked and every file went in) verifies. `say` hears each stage.
pub async fn run(
    target: &SshTarget,
    request: &SetupRequest,
    say: impl Fn(&str),
) -> Result<SetupResult, String> {
    say("Installing start_hsds.sh, .hscfg, override.yml and the reV snippet on the head node…");
    let files = install::bundle(&request.on, request.keys.as_ref(), &request.snippet);
    let installed = install::install(target, &files).await?;
    let verified = if request.verify && !installed.iter().any(Installed::failed) {
        say(
            "Checking HSDS on a compute node through Slurm (a powered-down node takes minutes to boot)…",
        );
        Some(
            verify::verify(
                target,
                request.partition.as_deref(),
                request.on.port,
                &request.on.source,
            )
            .await,
        )
    } else {
        None
    };
    Ok(SetupResult {
        installed,
        verified,
        snippet: request.snippet.clone(),
    })
}
