//! What the user brings to the sizing assistant: one measured unit of their work, the size
//! of the whole job, and the model's settings (each one visible and changeable).

use serde::{Deserialize, Serialize};

use crate::cluster::hsds_files::DEFAULT_MAX_TASK_COUNT;

/// One unit of the user's work, as run and measured (or typed in): "200 reV sites took
/// 9 min on 4 cores, peak memory 6 GiB".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasuredUnit {
    pub wall_seconds: f64,
    /// CPU time over wall time: 3.9 means about four cores kept busy.
    pub cores_used: f64,
    /// The whole process tree's peak, in GiB.
    pub peak_memory_gib: f64,
    /// reV sites in the unit, when the unit is a reV run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sites: Option<u32>,
    /// reV workers (processes) the unit ran as; `None` means "its cores used, rounded".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workers: Option<u32>,
}

/// One reV worker's share of a unit: what the model packs onto nodes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Worker {
    pub cores: f64,
    pub memory_gib: f64,
    /// A worker takes as long as the whole unit did: the unit's workers ran side by side.
    pub seconds: f64,
    /// reV's `sites_per_worker`: the unit's sites shared among its workers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sites: Option<u32>,
}

impl MeasuredUnit {
    /// The workers the unit ran as: as the user said, else its cores used rounded (PySAM
    /// runs one site at a time per process, so a busy core is about one worker).
    pub fn workers(&self) -> u32 {
        self.workers
            .unwrap_or_else(|| (self.cores_used.round() as u32).max(1))
    }

    /// Whether `workers()` was inferred rather than said: the assumptions say so.
    pub fn workers_inferred(&self) -> bool {
        self.workers.is_none()
    }

    pub fn worker(&self) -> Worker {
        let workers = self.workers();
        Worker {
            cores: self.cores_used / f64::from(workers),
            memory_gib: self.peak_memory_gib / f64::from(workers),
            seconds: self.wall_seconds,
            sites: self.sites.map(|s| s.div_ceil(workers)),
        }
    }

    pub fn check(&self) -> Result<(), InputError> {
        let positive = |value: f64, what: &'static str| {
            if value.is_finite() && value > 0.0 {
                Ok(())
            } else {
                Err(InputError::NotPositive { what, value })
            }
        };
        positive(self.wall_seconds, "the unit's wall time")?;
        positive(self.peak_memory_gib, "the unit's peak memory")?;
        if !(self.cores_used.is_finite() && self.cores_used >= 0.0) {
            return Err(InputError::NotPositive {
                what: "the unit's cores used",
                value: self.cores_used,
            });
        }
        if self.workers == Some(0) || self.sites == Some(0) {
            return Err(InputError::Zero("the unit's workers and sites"));
        }
        Ok(())
    }
}

/// The whole job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// How many units the whole job is (reV at CONUS scale: millions of sites).
    pub units: u64,
    /// Finish within this many hours of submitting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline_hours: Option<f64>,
    /// The queue's MaxCount: no more nodes than this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_count: Option<u32>,
}

/// The rev-conus preset's MaxCount: the node cap when neither a deadline nor a MaxCount is
/// given.
pub const DEFAULT_MAX_COUNT: u32 = 10;

impl Job {
    /// Units for `sites` reV sites at `sites_per_unit` each, the last unit perhaps partial.
    pub fn from_sites(sites: u64, sites_per_unit: u32) -> u64 {
        sites.div_ceil(u64::from(sites_per_unit.max(1)))
    }

    pub fn check(&self) -> Result<(), InputError> {
        if self.units == 0 || self.max_count == Some(0) {
            return Err(InputError::Zero("the job's units and MaxCount"));
        }
        if let Some(hours) = self.deadline_hours
            && !(hours.is_finite() && hours > 0.0)
        {
            return Err(InputError::NotPositive {
                what: "the deadline",
                value: hours,
            });
        }
        Ok(())
    }
}

/// The model's settings. Each appears in the assumptions the front ends print.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Knobs {
    /// The share of a node's memory the workers' measured peaks may fill; also reV's
    /// `memory_utilization_limit`. The seed's run set 0.7 and peaked at 0.9: the rest is
    /// for such spikes, the OS and the node's own HSDS.
    pub memory_limit: f64,
    /// Minutes a node bills before its first worker starts: boot, Slurm, start_hsds.sh.
    pub startup_minutes: f64,
    /// Minutes a node bills idle after its last worker (ParallelCluster's
    /// ScaledownIdletime).
    pub scaledown_minutes: f64,
    /// Simultaneous multithreading on (ParallelCluster's default): every vCPU takes a
    /// worker. Off (the rev-conus preset), a node offers its physical cores only.
    pub smt: bool,
    /// The node's HSDS `max_task_count`: HSDS's default, or what an override.yml sets.
    pub hsds_max_task_count: u32,
    /// The queue lets Slurm share nodes between jobs (ParallelCluster's default): reV then
    /// needs `--exclusive`.
    pub shared_nodes: bool,
}

pub const DEFAULT_MEMORY_LIMIT: f64 = 0.7;
/// An estimate, not a measurement: a dynamic node's boot to Slurm (≈ 5 min) plus
/// start_hsds.sh pulling and starting HSDS (≈ 3 min).
pub const DEFAULT_STARTUP_MINUTES: f64 = 8.0;
/// ParallelCluster's default ScaledownIdletime (FACTS.md).
pub const DEFAULT_SCALEDOWN_MINUTES: f64 = 10.0;

impl Default for Knobs {
    fn default() -> Self {
        Self {
            memory_limit: DEFAULT_MEMORY_LIMIT,
            startup_minutes: DEFAULT_STARTUP_MINUTES,
            scaledown_minutes: DEFAULT_SCALEDOWN_MINUTES,
            smt: true,
            hsds_max_task_count: DEFAULT_MAX_TASK_COUNT,
            shared_nodes: true,
        }
    }
}

impl Knobs {
    pub fn check(&self) -> Result<(), InputError> {
        if !(self.memory_limit > 0.0 && self.memory_limit <= 1.0) {
            return Err(InputError::MemoryLimit(self.memory_limit));
        }
        if !(self.startup_minutes >= 0.0 && self.scaledown_minutes >= 0.0) {
            return Err(InputError::NotPositive {
                what: "the start-up and scale-down minutes",
                value: self.startup_minutes.min(self.scaledown_minutes),
            });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputError {
    #[error("{what} must be a number above 0 (got {value}): measure the unit again or type it in")]
    NotPositive { what: &'static str, value: f64 },
    #[error("{0} must be at least 1")]
    Zero(&'static str),
    #[error(
        "the memory limit is a share of a node's memory, above 0 and at most 1 (got {0}): 0.7 is the seed's"
    )]
    MemoryLimit(f64),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(cores: f64, workers: Option<u32>) -> MeasuredUnit {
        MeasuredUnit {
            wall_seconds: 540.0,
            cores_used: cores,
            peak_memory_gib: 6.0,
            sites: Some(200),
            workers,
        }
    }

    #[test]
    fn a_unit_on_four_cores_is_four_workers_each_with_a_quarter_of_it() {
        // The example: 200 sites, 9 min, 4 cores, 6 GiB.
        let worker = unit(3.9, None).worker();
        assert_eq!(unit(3.9, None).workers(), 4);
        assert!((worker.cores - 0.975).abs() < 1e-12);
        assert!((worker.memory_gib - 1.5).abs() < 1e-12);
        assert_eq!(worker.seconds, 540.0);
        assert_eq!(worker.sites, Some(50));
    }

    #[test]
    fn the_users_worker_count_wins_and_a_mostly_idle_unit_is_still_one_worker() {
        assert_eq!(unit(3.9, Some(2)).worker().sites, Some(100));
        assert_eq!(unit(0.3, None).workers(), 1);
        assert!(unit(0.3, None).workers_inferred());
        assert!(!unit(0.3, Some(1)).workers_inferred());
    }

    #[test]
    fn sites_become_units_rounding_up() {
        assert_eq!(Job::from_sites(1_000_000, 200), 5000);
        assert_eq!(Job::from_sites(1_000_001, 200), 5001);
    }

    #[test]
    fn nonsense_is_refused_with_what_to_do() {
        let mut bad = unit(1.0, None);
        bad.wall_seconds = 0.0;
        let why = bad.check().unwrap_err().to_string();
        assert!(why.contains("wall time"), "{why}");
        assert!(
            Job {
                units: 0,
                deadline_hours: None,
                max_count: None
            }
            .check()
            .is_err()
        );
        let knobs = Knobs {
            memory_limit: 1.5,
            ..Knobs::default()
        };
        assert!(knobs.check().unwrap_err().to_string().contains("0.7"));
    }
}
