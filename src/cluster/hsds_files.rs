//! The files a cluster needs for reV to read NREL data through HSDS, filled in per cluster:
//! `start_hsds.sh` (run on each compute node by reV's `execution_control.sh_script`),
//! `~/.hscfg`, HSDS's `override.yml`, and reV's `execution_control` block. Pure.
//!
//! The 503 relation (seed 000, section 6): each HSDS service node refuses requests beyond
//! `max_task_count` at once (default 100). reV's workers on a node each hold requests open,
//! so `max_task_count` must exceed what the node's workers ask at once; pcwiz sets it from
//! the node's cores and reV's `max_workers`, with headroom.

use serde::{Deserialize, Serialize};

use super::{hsds_override, hsds_package};

const START_HSDS: &str = include_str!("../../assets/hsds/start_hsds.sh");

/// NREL's public bucket, readable without keys, and its region.
pub const NREL_BUCKET: &str = "nrel-pds-hsds";
pub const NREL_REGION: &str = "us-west-2";
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

    /// The bucket's region: HSDS must be told it (its default is us-east-1).
    pub fn region(&self) -> &str {
        match self {
            DataSource::NrelPublic => NREL_REGION,
            DataSource::Private { region, .. } => region,
        }
    }

    pub fn needs_keys(&self) -> bool {
        matches!(self, DataSource::Private { .. })
    }

    /// The folder whose listing shows the data is readable: NREL's top folder, or a
    /// private bucket's root.
    pub fn top_folder(&self) -> &'static str {
        match self {
            DataSource::NrelPublic => "/nrel/",
            DataSource::Private { .. } => "/",
        }
    }

    /// What is wrong with a private bucket's name or region, in one sentence, or None.
    /// Both go into start_hsds.sh and override.yml, which every compute node runs.
    pub fn problem(&self) -> Option<String> {
        let DataSource::Private { bucket, region } = self else {
            return None;
        };
        if !bucket_name_ok(bucket) {
            return Some(format!(
                "\"{bucket}\" is not an S3 bucket name: 3 to 63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit."
            ));
        }
        if !region_ok(region) {
            return Some(format!(
                "\"{region}\" is not an AWS region: give it as us-west-2, eu-central-1 and so on."
            ));
        }
        None
    }
}

/// S3's naming rules for buckets (general purpose buckets).
fn bucket_name_ok(name: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && edge(name.chars().next())
        && edge(name.chars().last())
        && !name.contains("..")
}

/// `us-west-2`, `us-gov-west-1`, `ap-southeast-4`: letters, a hyphen between words, and
/// the number last.
fn region_ok(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].parse::<u8>().is_ok_and(|n| n > 0)
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

/// How HSDS is started on the nodes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Launcher {
    /// The default: HSDS installed once by pcwiz with pip into a venv on the shared file
    /// system, started per node in its own process group. Nothing is installed on the
    /// compute nodes, and it runs wherever Python 3.11 does (x86 or Graviton).
    #[default]
    Pip,
    /// HSDS's own runall.sh (docker compose), for those who want containers: Docker is
    /// installed on each node at its first start (apt or dnf) and HSDS's repository cloned.
    Docker,
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
    /// The node script. HSDS's own settings (bucket, region, signing) are in override.yml,
    /// which the script reads too, to name them when it says why HSDS did not come up.
    pub fn start_hsds(&self) -> String {
        let credentials = if self.source.needs_keys() {
            format!("$HOME/{CREDENTIALS_FILE}")
        } else {
            String::new()
        };
        START_HSDS
            .replace("@HSDS_PORT@", &self.port.to_string())
            .replace("@HSDS_LAUNCHER@", self.launcher.as_str())
            .replace("@HSDS_VERSION@", hsds_package::hsds_version())
            .replace("@HSDS_GIT_COMMIT@", hsds_package::HSDS_GIT_COMMIT)
            .replace("@PACKAGE_MANAGER@", package_manager(&self.os))
            .replace("@TOP_FOLDER@", self.source.top_folder())
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
        hsds_override::override_yml(&self.source, self.max_workers)
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
            launcher: Launcher::Pip,
            max_workers: 36,
        }
    }

    /// `@NAME@` placeholders left in a text.
    fn placeholders(text: &str) -> Vec<&str> {
        text.match_indices('@')
            .filter_map(|(at, _)| {
                let rest = &text[at + 1..];
                let name = &rest[..rest.find('@')?];
                let is_name =
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_');
                is_name.then_some(name)
            })
            .collect()
    }

    #[test]
    fn the_script_is_filled_in_for_the_os_and_the_data_with_no_secret_in_it() {
        let public = cluster("ubuntu2404", DataSource::NrelPublic).start_hsds();
        assert!(public.contains("PACKAGE_MANAGER=${PACKAGE_MANAGER:-apt}"));
        assert!(public.contains("HSDS_LAUNCHER=${HSDS_LAUNCHER:-pip}"));
        assert!(public.contains("HSDS_VERSION=1.0.2\n"));
        assert!(public.contains("CREDENTIALS_FILE=${CREDENTIALS_FILE:-}"));
        assert!(public.contains("TOP_FOLDER=${TOP_FOLDER:-/nrel/}"));
        assert!(placeholders(START_HSDS).len() >= 5, "the template has them");
        assert_eq!(
            placeholders(&public),
            [] as [&str; 0],
            "every placeholder filled"
        );
        let private = DataSource::Private {
            bucket: "my-bucket".into(),
            region: "us-east-1".into(),
        };
        let mut on = cluster("alinux2023", private);
        on.launcher = Launcher::Docker;
        let private = on.start_hsds();
        assert!(private.contains("PACKAGE_MANAGER=${PACKAGE_MANAGER:-dnf}"));
        assert!(private.contains("HSDS_LAUNCHER=${HSDS_LAUNCHER:-docker}"));
        assert!(private.contains("CREDENTIALS_FILE=${CREDENTIALS_FILE:-$HOME/.hsds/credentials}"));
        assert!(private.contains(&format!(
            "HSDS_GIT_COMMIT={}\n",
            hsds_package::HSDS_GIT_COMMIT
        )));
        assert!(!private.contains("AKIA"));
    }

    #[test]
    fn a_private_buckets_name_and_region_are_checked_before_they_reach_the_nodes() {
        let private = |bucket: &str, region: &str| DataSource::Private {
            bucket: bucket.into(),
            region: region.into(),
        };
        assert_eq!(private("my-rev-data.2024", "us-gov-west-1").problem(), None);
        assert_eq!(DataSource::NrelPublic.problem(), None);
        for bad in ["My_Bucket", "ab", "-lead", "a..b", "x'; reboot #"] {
            let said = private(bad, "us-east-1").problem().unwrap();
            assert!(said.contains("not an S3 bucket name"), "{bad}: {said}");
        }
        for bad in ["us-west", "US-WEST-2", "us-west-2a", "us west 2", ""] {
            let said = private("my-bucket", bad).problem().unwrap();
            assert!(said.contains("not an AWS region"), "{bad}: {said}");
        }
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
        let control = execution_control(10, 48, true);
        assert_eq!(control.feature.as_deref(), Some("--exclusive"));
        assert_eq!(control.sh_script, "bash ~/start_hsds.sh");
    }
}
