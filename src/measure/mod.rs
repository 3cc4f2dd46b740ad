//! Measuring one unit of work for the sizing assistant: run the user's command locally,
//! watch its whole process tree through /proc while it runs (a stream of samples a screen
//! can show live), and report its wall time, CPU time, cores used and peak memory.
//!
//! Linux only (/proc, wait4): the machines that run reV, and the head node.

pub mod proc_tree;
pub mod remote;
mod run;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use serde::Serialize;

use crate::cluster::sizing::MeasuredUnit;

pub use run::{measure, measure_in_background};

/// What the process tree looked like at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Sample {
    pub elapsed_seconds: f64,
    pub processes: u32,
    /// Resident memory of the whole tree now.
    pub rss_bytes: u64,
    pub peak_rss_bytes: u64,
    /// CPU time the tree has used so far.
    pub cpu_seconds: f64,
    /// Cores kept busy since the previous sample.
    pub cores_now: f64,
}

impl Sample {
    /// "12 s · 3 processes · 1.21 GiB now, 1.40 GiB peak · 3.9 cores busy".
    pub fn summary(&self) -> String {
        format!(
            "{:.0} s · {} process{} · {:.2} GiB now, {:.2} GiB peak · {:.1} cores busy",
            self.elapsed_seconds,
            self.processes,
            if self.processes == 1 { "" } else { "es" },
            self.rss_bytes as f64 / GIB,
            self.peak_rss_bytes as f64 / GIB,
            self.cores_now
        )
    }
}

/// The measured unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    pub command: Vec<String>,
    pub wall_seconds: f64,
    /// User plus system time of every process in the tree.
    pub cpu_seconds: f64,
    /// `cpu_seconds / wall_seconds`.
    pub cores_used: f64,
    /// The largest sum of the tree's resident memory seen (or the largest single process
    /// the kernel saw, if larger: it also catches a peak between two samples).
    pub peak_memory_bytes: u64,
    pub peak_processes: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signal: Option<i32>,
    pub samples: u32,
    pub interval_ms: u64,
}

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

impl Measurement {
    pub fn succeeded(&self) -> bool {
        self.exit_code == Some(0)
    }

    pub fn peak_memory_gib(&self) -> f64 {
        self.peak_memory_bytes as f64 / GIB
    }

    /// "25 s wall, 24 s CPU (0.97 cores), 0.21 GiB peak, exit 0".
    pub fn summary(&self) -> String {
        format!(
            "{:.1} s wall, {:.1} s CPU ({:.2} cores), {:.2} GiB peak, {}",
            self.wall_seconds,
            self.cpu_seconds,
            self.cores_used,
            self.peak_memory_gib(),
            self.outcome()
        )
    }

    /// "exit 0", "exit 2", "killed by signal 15".
    pub fn outcome(&self) -> String {
        match (self.exit_code, self.signal) {
            (Some(code), _) => format!("exit {code}"),
            (None, Some(signal)) => format!("killed by signal {signal}"),
            (None, None) => "ended".into(),
        }
    }

    /// The unit for the sizing model: the measured times and memory, with what only the
    /// user knows (the unit's reV sites and workers).
    pub fn unit(&self, sites: Option<u32>, workers: Option<u32>) -> MeasuredUnit {
        MeasuredUnit {
            wall_seconds: self.wall_seconds,
            cores_used: self.cores_used,
            peak_memory_gib: self.peak_memory_gib(),
            sites,
            workers,
        }
    }
}

/// Where the command's own output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The terminal, as if run directly.
    Inherit,
    /// Both streams to pcwiz's stderr, so `--json` on stdout stays clean.
    Stderr,
    Null,
    /// Both streams to a file (the full-screen app cannot show them).
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Options {
    /// How often the tree is sampled. Memory peaks shorter than this may be missed by the
    /// sum (the kernel's per-process peak still sees them).
    pub interval: Duration,
    pub output: Output,
    /// The command's working directory (pcwiz's own when `None`).
    pub dir: Option<PathBuf>,
    /// Set it to stop the command: SIGTERM to its process group, SIGKILL 3 s later.
    pub stop: Option<Arc<AtomicBool>>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            interval: Duration::from_millis(100),
            output: Output::Inherit,
            dir: None,
            stop: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MeasureError {
    #[error(
        "no command to measure: put it after --, e.g. `pcwiz size --measure --units 5000 -- reV generation -c config_gen.json`"
    )]
    NoCommand,
    #[error("could not start `{program}`: {source}{hint}")]
    Spawn {
        program: String,
        source: std::io::Error,
        hint: &'static str,
    },
    #[error("could not open {path} for the command's output: {source}")]
    OutputFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("lost track of the command while waiting for it: {0}")]
    Wait(std::io::Error),
}
