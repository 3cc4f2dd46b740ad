//! The files a cluster needs for reV to read NREL data through HSDS, filled in per cluster:
//! `start_hsds.sh` (run on each compute node by reV's `execution_control.sh_script`),
//! `~/.hscfg`, HSDS's `override.yml`, and reV's `execution_control` block. Pure.
//!
//! The 503 relation (seed 000, section 6): each HSDS service node refuses requests beyond
//! `max_task_count` at once (default 100). reV's workers on a node each hold requests open,
//! so `max_task_count` must exceed what the node's workers ask at once; pcwiz sets it from
//! the node's cores and reV's `max_workers`, with headroom.

use serde::{Deserialize, Serialize};

const START_HSDS: &str = include_str!("../../assets/hsds/start_hsds.sh");

/// NREL's public bucket, readable without keys.
pub const NREL_BUCKET: &str = "nrel-pds-hsds";
const NREL_GATEWAY: &str = "http://s3.us-west-2.amazonaws.com/";
/// HSDS's service node port (FACTS.md; `~/.hscfg`'s `hs_endpoint`).
pub const HSDS_PORT: u16 = 5101;
/// HSDS's own default, for comparison in the explanation.
pub const DEFAULT_MAX_TASK_COUNT: u32 = 100;

/// Where HSDS reads its data from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DataSource {
    /// NREL's public data: anonymous reads through the us-west-2 S3 gateway. No keys, so
    /// it works for SSO users too.
    NrelPublic,
    /// A private bucket, read with an IAM user's keys from a mode-0600 file on the
    /// cluster (`CREDENTIALS_FILE`; never written into the script).
    Private { bucket: String, region: String },
}

impl DataSource {
    pub fn bucket(&self) -> &str {
        match self {
            DataSource::NrelPublic => NREL_BUCKET,
            DataSource::Private { bucket, .. } => bucket,
        }
    }

    pub fn needs_keys(&self) -> bool {
        matches!(self, DataSource::Private { .. })
    }
}

/// The wizard's answer to "where does reV's data come from?" (no keys are asked here: the
/// dashboard's set-up asks for them once the cluster is up).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HsdsData {
    #[default]
    NrelPublic,
    PrivateBucket,
    NotNow,
}

impl HsdsData {
    pub const ALL: [HsdsData; 3] = [
        HsdsData::NrelPublic,
        HsdsData::PrivateBucket,
        HsdsData::NotNow,
    ];

    pub fn label(self) -> &'static str {
        match self {
            HsdsData::NrelPublic => "NREL public data (no keys)",
            HsdsData::PrivateBucket => "private bucket (IAM keys)",
            HsdsData::NotNow => "not now",
        }
    }

    pub fn next(self, forward: bool) -> Self {
        let at = Self::ALL.iter().position(|d| *d == self).unwrap_or(0);
        let n = Self::ALL.len();
        Self::ALL[if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        }]
    }
}

/// Where the keys go on the cluster, relative to the default user's home (shared with the
/// compute nodes).
pub const CREDENTIALS_FILE: &str = ".hsds/credentials";
/// Where `override.yml` goes; start_hsds.sh hands it to HSDS (HSDS_OVERRIDE).
pub const OVERRIDE_FILE: &str = ".hsds/override.yml";

/// How HSDS is started on the nodes: Docker (HSDS's own runall.sh, the normal case), or
/// the pip-installed `hsds` for nodes without Docker (and the tests: no Docker engine).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Launcher {
    Docker,
    Pip,
}

impl Launcher {
    fn as_str(self) -> &'static str {
        match self {
            Launcher::Docker => "docker",
            Launcher::Pip => "pip",
        }
    }
}

/// One cluster's HSDS, as its generated files describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HsdsOnCluster {
    /// The cluster's OS (`ubuntu2404`, `alinux2023`…): how Docker gets installed.
    pub os: String,
    pub source: DataSource,
    pub port: u16,
    pub launcher: Launcher,
    /// reV's workers per node: sizes `max_task_count`.
    pub max_workers: u32,
}

/// The cluster's OS family decides how Docker is installed.
pub fn package_manager(os: &str) -> &'static str {
    if os.starts_with("ubuntu") {
        "apt"
    } else {
        "dnf"
    }
}

impl HsdsOnCluster {
    pub fn start_hsds(&self) -> String {
        let (gateway, region, credentials) = match &self.source {
            DataSource::NrelPublic => (NREL_GATEWAY.to_string(), "us-west-2", String::new()),
            DataSource::Private { region, .. } => (
                format!("https://s3.{region}.amazonaws.com/"),
                region.as_str(),
                format!("$HOME/{CREDENTIALS_FILE}"),
            ),
        };
        START_HSDS
            .replace("@HSDS_PORT@", &self.port.to_string())
            .replace("@HSDS_LAUNCHER@", self.launcher.as_str())
            .replace("@PACKAGE_MANAGER@", package_manager(&self.os))
            .replace("@BUCKET_NAME@", self.source.bucket())
            .replace("@AWS_S3_GATEWAY@", &gateway)
            .replace("@AWS_REGION@", region)
            .replace("@CREDENTIALS_FILE@", &credentials)
    }

    /// `~/.hscfg`: h5pyd's client settings, pointing at the node's own HSDS.
    pub fn hscfg(&self) -> String {
        format!(
            "# Written by pcwiz: reV reads its data through the HSDS on each compute node.\n\
             hs_endpoint = http://localhost:{}\n\
             hs_username = admin\n\
             hs_password = admin\n\
             hs_api_key = None\n\
             hs_bucket = {}\n",
            self.port,
            self.source.bucket()
        )
    }

    pub fn override_yml(&self) -> String {
        override_yml(self.max_workers)
    }
}

/// How many HSDS requests one reV worker may hold open at once: h5pyd reads a dataset's
/// chunks in parallel. An estimate, not a measurement; the dashboard's 503 count checks it.
pub const REQUESTS_PER_WORKER: u32 = 4;

/// What a node's reV workers may ask of its own HSDS at once. Each compute node runs its
/// own HSDS (start_hsds.sh), so this is per node: the node count does not multiply it.
pub fn requests_in_flight(max_workers: u32) -> u32 {
    max_workers * REQUESTS_PER_WORKER
}

/// The `max_task_count` a node needs: its workers' requests in flight with room to spare;
/// never below HSDS's default.
pub fn max_task_count(max_workers: u32) -> u32 {
    (requests_in_flight(max_workers) + 20).max(DEFAULT_MAX_TASK_COUNT)
}

/// HSDS's `override.yml` (it supersedes single entries of its `config.yml`).
pub fn override_yml(max_workers: u32) -> String {
    format!(
        "# Written by pcwiz. HSDS answers 503 when more than max_task_count requests are in\n\
         # flight on a node; reV's {max_workers} workers per node need room (default {DEFAULT_MAX_TASK_COUNT}).\n\
         max_task_count: {}\n",
        max_task_count(max_workers)
    )
}

/// reV's `execution_control` block, under the keys NREL-gaps reads (checked against its
/// `SLURM.make_script_str`: `allocation` and `walltime` are required keys, `null` leaves
/// the `#SBATCH` line out; extra Slurm flags go in `feature`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExecutionControl {
    /// gaps' hardware option for AWS ParallelCluster (Slurm underneath).
    pub option: &'static str,
    /// The HPC account: ParallelCluster has none, so `null` (no `--account`).
    pub allocation: Option<String>,
    /// Slurm's time limit in hours; `null` is none (ParallelCluster's queues have none).
    pub walltime: Option<f64>,
    pub sh_script: String,
    pub nodes: u32,
    pub max_workers: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sites_per_worker: Option<u32>,
    pub memory_utilization_limit: f64,
    /// Extra `#SBATCH` flags: `--exclusive`, so reV does not share a node with another
    /// job's workers (ParallelCluster shares nodes unless the queue says otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
}

pub fn execution_control(nodes: u32, max_workers: u32, shared_nodes: bool) -> ExecutionControl {
    ExecutionControl {
        option: "awspc",
        allocation: None,
        walltime: None,
        // bash, not the guide's `sh`: the script uses bash's arrays and pipefail.
        sh_script: "bash ~/start_hsds.sh".into(),
        nodes,
        max_workers,
        sites_per_worker: None,
        // The seed's run peaked at 90 % with a 70 % limit: 0.7 leaves that headroom.
        memory_utilization_limit: 0.7,
        feature: shared_nodes.then(|| "--exclusive".into()),
    }
}

/// NREL datasets on HSDS that reV reads, with the path pattern reV fills in per year
/// (`{}`), as NREL's HSDS instructions list them.
pub const DATASETS: &[(&str, &str)] = &[
    (
        "WIND Toolkit CONUS (wind)",
        "/nrel/wtk/conus/wtk_conus_{}.h5",
    ),
    ("NSRDB v3 (solar)", "/nrel/nsrdb/v3/nsrdb_{}.h5"),
];

/// The piece of a reV generation config that pcwiz fills in: where HSDS's data is and
/// how jobs run on the cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevSnippet {
    pub execution_control: ExecutionControl,
    pub resource_file: String,
}

impl RevSnippet {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(os: &str, source: DataSource) -> HsdsOnCluster {
        HsdsOnCluster {
            os: os.into(),
            source,
            port: HSDS_PORT,
            launcher: Launcher::Docker,
            max_workers: 36,
        }
    }

    #[test]
    fn the_script_is_filled_in_for_the_os_and_the_data_with_no_secret_in_it() {
        let public = cluster("ubuntu2404", DataSource::NrelPublic).start_hsds();
        assert!(public.contains("PACKAGE_MANAGER=${PACKAGE_MANAGER:-apt}"));
        assert!(public.contains("BUCKET_NAME=${BUCKET_NAME:-nrel-pds-hsds}"));
        assert!(public.contains("HSDS_LAUNCHER=${HSDS_LAUNCHER:-docker}"));
        assert!(public.contains("CREDENTIALS_FILE=${CREDENTIALS_FILE:-}"));
        assert!(!public.contains('@'), "every placeholder filled");
        let private = DataSource::Private {
            bucket: "my-bucket".into(),
            region: "us-east-1".into(),
        };
        let private = cluster("alinux2023", private).start_hsds();
        assert!(private.contains("PACKAGE_MANAGER=${PACKAGE_MANAGER:-dnf}"));
        assert!(private.contains("CREDENTIALS_FILE=${CREDENTIALS_FILE:-$HOME/.hsds/credentials}"));
        assert!(private.contains("https://s3.us-east-1.amazonaws.com/"));
        assert!(!private.contains("AKIA"));
    }

    #[test]
    fn hscfg_points_h5pyd_at_the_nodes_own_hsds_and_bucket() {
        let mut on = cluster("ubuntu2404", DataSource::NrelPublic);
        on.port = 5999;
        let text = on.hscfg();
        assert!(text.contains("hs_endpoint = http://localhost:5999\n"));
        assert!(text.contains("hs_bucket = nrel-pds-hsds\n"));
        assert!(on.override_yml().contains("max_task_count: 164"));
    }

    #[test]
    fn max_task_count_grows_with_the_workers_and_never_drops_below_the_default() {
        assert_eq!(max_task_count(8), 100);
        assert_eq!(max_task_count(48), 212);
        assert!(override_yml(48).contains("max_task_count: 212"));
        let control = execution_control(10, 48, true);
        assert_eq!(control.feature.as_deref(), Some("--exclusive"));
        assert_eq!(control.sh_script, "bash ~/start_hsds.sh");
    }
}
