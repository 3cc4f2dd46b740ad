//! One HSDS set-up, shared by `pcwiz hsds` and the dashboard's set-up screen: what to
//! fill in for the cluster (from its config and what Slurm says its nodes are), then
//! install over ssh (the files, and HSDS itself for the pip launcher), then check through
//! Slurm.

use serde::Serialize;

use super::install::{self, Installed};
use super::keys::HsdsKeys;
use super::venv::{self, HsdsVenv};
use super::verify::{self, Verified};
use crate::cluster::config::ClusterConfig;
use crate::cluster::hsds_files::{
    DATASETS, DataSource, HSDS_PORT, HsdsOnCluster, Launcher, RevSnippet, execution_control,
};
use crate::cluster::pip_source::PipSource;
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
    /// Where pip installs HSDS from (pip launcher only).
    pub pip_source: PipSource,
    pub verify: bool,
}

impl SetupRequest {
    /// From the defaults, the data source, the dataset (index in `DATASETS`) and the
    /// environment's overrides: PCWIZ_HSDS_PORT (HSDS elsewhere than 5101),
    /// PCWIZ_HSDS_LAUNCHER=docker (HSDS's containers instead of the pip-installed HSDS),
    /// PCWIZ_HSDS_WHEELHOUSE or PCWIZ_HSDS_INDEX_URL (where pip finds HSDS, for clusters
    /// that cannot reach PyPI). Err when a private bucket's name or region is not one
    /// (they become shell text in start_hsds.sh).
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
            Ok("docker") => Launcher::Docker,
            _ => Launcher::Pip,
        };
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let pip_source = PipSource::from_options(
            env("PCWIZ_HSDS_INDEX_URL").as_deref(),
            env("PCWIZ_HSDS_WHEELHOUSE").as_deref(),
        );
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
            pip_source,
            verify: true,
        })
    }

    /// What is wrong with the request, in one sentence, before anything is installed.
    pub fn problem(&self) -> Option<String> {
        self.on.source.problem().or_else(|| match self.on.launcher {
            Launcher::Pip => self.pip_source.problem(),
            Launcher::Docker => None,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SetupResult {
    pub installed: Vec<Installed>,
    /// HSDS in its venv on the shared file system (pip launcher; None with Docker, which
    /// fetches HSDS on each node).
    pub hsds: Option<HsdsVenv>,
    pub verified: Option<Result<Verified, String>>,
    /// What to merge into the reV config (also installed beside the other files).
    pub snippet: RevSnippet,
}

impl SetupResult {
    pub fn ok(&self) -> bool {
        !self.installed.iter().any(Installed::failed)
            && !self.hsds.as_ref().is_some_and(HsdsVenv::failed)
            && self
                .verified
                .as_ref()
                .is_none_or(|v| v.as_ref().is_ok_and(Verified::ok))
    }
}

/// Installs, then (if asked and everything went in) verifies. `say` hears each stage.
pub async fn run(
    target: &SshTarget,
    request: &SetupRequest,
    say: impl Fn(&str),
) -> Result<SetupResult, String> {
    if let Some(problem) = request.problem() {
        return Err(problem);
    }
    say("Installing start_hsds.sh, .hscfg, override.yml and the reV snippet on the head node…");
    let files = install::bundle(&request.on, request.keys.as_ref(), &request.snippet);
    let installed = install::install(target, &files).await?;
    let hsds = match request.on.launcher {
        Launcher::Pip if !installed.iter().any(Installed::failed) => {
            say(&format!(
                "Installing HSDS {} with pip from {} into ~/{} on the head node (once; a minute or two)…",
                crate::cluster::hsds_package::hsds_version(),
                request.pip_source.describe(),
                crate::cluster::hsds_package::VENV_DIR
            ));
            Some(venv::install(target, &request.pip_source, &request.on.os).await?)
        }
        _ => None,
    };
    let everything_in =
        !installed.iter().any(Installed::failed) && !hsds.as_ref().is_some_and(HsdsVenv::failed);
    let verified = if request.verify && everything_in {
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
        hsds,
        verified,
        snippet: request.snippet.clone(),
    })
}
