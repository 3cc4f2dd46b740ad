//! How many workers fit on one node: by its cores, by its memory (up to the headroom), and
//! the smaller of the two.

use serde::Serialize;

use super::inputs::{Knobs, Worker};
use crate::cluster::instance::InstanceInfo;

/// What bounds a node's workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Limit {
    Cores,
    Memory,
}

impl Limit {
    pub fn word(self) -> &'static str {
        match self {
            Limit::Cores => "cores",
            Limit::Memory => "memory",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NodeFit {
    /// Cores a node offers workers: its vCPUs, or its physical cores with SMT off.
    pub cores: u32,
    /// The node's memory times the memory limit.
    pub usable_memory_gib: f64,
    pub by_cores: u32,
    pub by_memory: u32,
}

impl NodeFit {
    pub fn workers(&self) -> u32 {
        self.by_cores.min(self.by_memory)
    }

    pub fn limit(&self) -> Limit {
        if self.by_memory < self.by_cores {
            Limit::Memory
        } else {
            Limit::Cores
        }
    }
}

/// Hardware threads per physical core: 2 on most x86 types; 1 on Graviton (arm64) and on
/// AMD's 7a families (c7a, m7a, r7a, hpc7a), which have no SMT.
pub fn threads_per_core(instance: &InstanceInfo) -> u32 {
    let family = instance.name.split('.').next().unwrap_or_default();
    if instance.architecture() == "arm64" || family.ends_with("7a") {
        1
    } else {
        2
    }
}

pub fn fit(instance: &InstanceInfo, worker: &Worker, knobs: &Knobs) -> NodeFit {
    let cores = if knobs.smt {
        instance.vcpus
    } else {
        (instance.vcpus / threads_per_core(instance)).max(1)
    };
    let usable_memory_gib = instance.memory_gib() * knobs.memory_limit;
    NodeFit {
        cores,
        usable_memory_gib,
        // At most one worker per core: a worker that waited on I/O in the measurement
        // (under one core busy) still holds a process and its memory.
        by_cores: whole(f64::from(cores) / worker.cores.max(1.0)),
        by_memory: whole(usable_memory_gib / worker.memory_gib),
    }
}

/// How many whole times: 48 / 1.2 is 40, not 39 from a rounding error.
fn whole(ratio: f64) -> u32 {
    (ratio + 1e-9).floor().clamp(0.0, f64::from(u32::MAX)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::sizing::test_support::instance;

    fn worker(cores: f64, memory_gib: f64) -> Worker {
        Worker {
            cores,
            memory_gib,
            seconds: 60.0,
            sites: None,
        }
    }

    #[test]
    fn fits_by_memory() {
        // c6a.12xlarge: 96 GiB × 0.7 = 67.2 GiB usable; 1.5 GiB workers: 44 (67.2/1.5 = 44.8),
        // though its 48 vCPUs would take 48.
        let fit = fit(
            &instance("c6a.12xlarge", 48, 96, "x86_64"),
            &worker(0.975, 1.5),
            &Knobs::default(),
        );
        assert_eq!((fit.by_cores, fit.by_memory, fit.workers()), (48, 44, 44));
        assert_eq!(fit.limit(), Limit::Memory);
        assert!((fit.usable_memory_gib - 67.2).abs() < 1e-9);
    }

    #[test]
    fn fits_by_cores() {
        // m6a.12xlarge: 192 GiB × 0.7 = 134.4 GiB takes 89 workers of 1.5 GiB; its 48 vCPUs
        // take 40 workers of 1.2 cores.
        let fit = fit(
            &instance("m6a.12xlarge", 48, 192, "x86_64"),
            &worker(1.2, 1.5),
            &Knobs::default(),
        );
        assert_eq!((fit.by_cores, fit.by_memory, fit.workers()), (40, 89, 40));
        assert_eq!(fit.limit(), Limit::Cores);
    }

    #[test]
    fn the_headroom_is_the_users_to_move() {
        // 96 GiB at 0.9 is 86.4 GiB: 57 workers of 1.5 GiB instead of 44 at 0.7.
        let knobs = Knobs {
            memory_limit: 0.9,
            ..Knobs::default()
        };
        let fit = fit(
            &instance("c6a.12xlarge", 48, 96, "x86_64"),
            &worker(0.975, 1.5),
            &knobs,
        );
        assert_eq!(fit.by_memory, 57);
    }

    #[test]
    fn an_io_bound_worker_still_takes_a_whole_core() {
        let fit = fit(
            &instance("c6a.12xlarge", 48, 96, "x86_64"),
            &worker(0.4, 0.5),
            &Knobs::default(),
        );
        assert_eq!(fit.by_cores, 48);
    }

    #[test]
    fn smt_off_halves_the_cores_except_where_there_is_no_smt() {
        let knobs = Knobs {
            smt: false,
            ..Knobs::default()
        };
        let w = worker(1.0, 0.5);
        assert_eq!(
            fit(&instance("c6a.12xlarge", 48, 96, "x86_64"), &w, &knobs).by_cores,
            24
        );
        assert_eq!(
            fit(&instance("m7a.12xlarge", 48, 192, "x86_64"), &w, &knobs).by_cores,
            48
        );
        assert_eq!(
            fit(&instance("c7g.12xlarge", 48, 96, "arm64"), &w, &knobs).by_cores,
            48
        );
    }

    #[test]
    fn a_worker_bigger_than_the_node_fits_zero_times() {
        let fit = fit(
            &instance("c6a.large", 2, 4, "x86_64"),
            &worker(1.0, 6.0),
            &Knobs::default(),
        );
        assert_eq!(fit.workers(), 0);
    }
}
