//! Slurm's `--json` output, every version ParallelCluster ships (22.05 through 24.x), read
//! into pcwiz's own job and node types. Pure: the probe fetches, this only reads.
//!
//! The formats differ by data_parser version (v0.0.38 in 22.05 to v0.0.42 in 24.11):
//! numbers plain or `{set, infinite, number}`, `job_state` a string or an array, exit
//! codes raw or decoded, nodes listed per node or per partition group. `value.rs` absorbs
//! the number and word shapes, `envelope.rs` the meta/errors/warnings around the records,
//! `jobs.rs` and `nodes.rs` the records themselves, `describe.rs` the words for a person.

mod describe;
mod envelope;
mod jobs;
mod nodes;
pub mod resume_failure;
mod stream;
mod value;

#[cfg(test)]
mod tests;

pub use describe::{describe_node, node_bills};
pub use jobs::parse_squeue;
pub use nodes::parse_sinfo;

/// One line of squeue, as the dashboard shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Job {
    /// "1234", or "1234_5" for an array task, "1234_[2-3]" for the array's pending rest.
    pub id: String,
    pub name: String,
    pub user: String,
    pub partition: String,
    /// The base state: RUNNING, PENDING, COMPLETED, FAILED, CANCELLED, TIMEOUT, ...
    pub state: String,
    /// The rest of `job_state`: CONFIGURING, POWER_UP_NODE, REQUEUED, ...
    pub flags: Vec<String>,
    /// Slurm's `state_reason` ("Resources", "Dependency", "NonZeroExitCode"); "" for None.
    pub reason: String,
    /// Node list as Slurm compresses it, e.g. "standard-dy-standard-[1-2]"; "" if pending.
    pub nodes: String,
    pub node_count: Option<u32>,
    /// Epoch seconds; `None` while unset (Slurm's 0). A pending job's start_time may be
    /// the scheduler's estimate.
    pub submit_time: Option<i64>,
    pub start_time: Option<i64>,
    pub end_time: Option<i64>,
    /// `None` for unlimited or unset.
    pub time_limit_minutes: Option<u64>,
    /// The return code of a finished job; `None` while it runs, when a signal killed it,
    /// and for a cancelled job whose recorded code is only Slurm's placeholder 0.
    pub exit_code: Option<i32>,
}

/// One node, however many partitions it is in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Node {
    pub name: String,
    /// In the order Slurm listed them.
    pub partitions: Vec<String>,
    /// sinfo's long word, lowercase: idle, allocated, mixed, down, drained, draining,
    /// completing, future, unknown, ...
    pub state: String,
    /// Upper-case flags: CLOUD, POWERED_DOWN, POWERING_UP, NOT_RESPONDING, DRAIN, ...
    pub flags: Vec<String>,
    /// CPUs on the node, when known.
    pub cpus: Option<u32>,
    /// Why the node is down or drained; `None` when it is healthy (Slurm keeps old
    /// reasons around after a node recovers).
    pub reason: Option<String>,
    /// The address Slurm reaches the node at (NodeAddr): on ParallelCluster, the EC2
    /// instance's private IP once it is up, which is how a node finds its instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// When the node last ran a job (epoch s): how long an idle node has billed for
    /// nothing. Only the per-node layouts (22.05 sinfo, `scontrol show nodes`) carry it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_busy: Option<i64>,
}

/// Records plus what Slurm said about them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Answer<T> {
    pub items: Vec<T>,
    /// Slurm's `errors[]`: e.g. 22.05's "Failed while looking for jobs" with the
    /// controller down (it still exits 0).
    pub errors: Vec<String>,
    /// Slurm's `warnings[]`, e.g. 24.11's "Zero jobs to dump".
    pub warnings: Vec<String>,
    /// "24.11.5", "22.05.8", when `meta` says.
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlurmError {
    /// Not JSON at all: empty stdout (24.11 with the controller down) or garbage.
    #[error("Slurm's output is not JSON: {0}")]
    NotJson(String),
    /// JSON, but not the shape of the command asked for.
    #[error("Slurm's JSON is not what pcwiz expected: {0}")]
    Unexpected(String),
}
