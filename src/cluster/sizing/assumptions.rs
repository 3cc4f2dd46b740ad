//! What the model assumes, as data with the numbers it used, so every front end prints the
//! same list and a reader can see where the plan is weak.

use serde::Serialize;

use super::inputs::{DEFAULT_MAX_COUNT, Job, Knobs, MeasuredUnit};
use super::precision::{SIGNIFICANT_FIGURES, duration, number};
use super::rev_settings::WALLTIME_MARGIN;
use crate::cluster::hsds_files::REQUESTS_PER_WORKER;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    /// A stable name for tests and scripts: "linear-scaling", "startup", …
    pub key: &'static str,
    pub text: String,
}

fn assumption(key: &'static str, text: String) -> Assumption {
    Assumption { key, text }
}

pub fn assumptions(unit: &MeasuredUnit, job: &Job, knobs: &Knobs) -> Vec<Assumption> {
    let worker = unit.worker();
    let workers = unit.workers();
    let how = if unit.workers_inferred() {
        format!(
            "its {} cores used, rounded, unless you give the unit's workers",
            number(unit.cores_used)
        )
    } else {
        "as given".into()
    };
    let mut list = vec![
        assumption(
            "linear-scaling",
            "Linear scaling per core: a worker runs on a node as fast as in the measured unit, however many run beside it. Weak where workers contend for memory bandwidth, disk or HSDS.".into(),
        ),
        assumption(
            "workers",
            format!(
                "The unit ran as {workers} reV worker{} ({how}): one worker needs {} cores and {} GiB for {}.",
                if workers == 1 { "" } else { "s" },
                number(worker.cores),
                number(worker.memory_gib),
                duration(worker.seconds / 3600.0),
            ),
        ),
        assumption("vcpus", vcpus_text(knobs.smt)),
        assumption(
            "memory-headroom",
            format!(
                "Memory headroom: workers fill at most {:.0} % of a node's memory at their measured peak, and reV's memory_utilization_limit is {}. The seed's run, limited at 70 %, still peaked at 90 %: the rest is for such spikes, the OS and the node's HSDS.",
                knobs.memory_limit * 100.0,
                knobs.memory_limit
            ),
        ),
        assumption(
            "startup",
            format!(
                "Start-up: each node bills {} min before its first worker starts (boot ≈ 5 min, start_hsds.sh ≈ 3 min by default: an estimate, not measured here).",
                number(knobs.startup_minutes)
            ),
        ),
        assumption(
            "scaledown",
            format!(
                "Scale-down: each node bills {} min idle after its last worker (the queue's ScaledownIdletime).",
                number(knobs.scaledown_minutes)
            ),
        ),
        assumption(
            "waves",
            "Whole waves: the job runs in rounds of nodes × workers per node, and a part-filled last round takes a whole unit's time.".into(),
        ),
        assumption(
            "io",
            "I/O is not modelled: reading through HSDS (slower than a local file), writing outputs and reV's collect step may take time the measurement did not show.".into(),
        ),
        assumption(
            "hsds-requests",
            format!(
                "Each worker holds about {REQUESTS_PER_WORKER} HSDS requests open at once (an estimate; the dashboard's 503 count checks it), against max_task_count {} on each node.",
                knobs.hsds_max_task_count
            ),
        ),
        assumption(
            "walltime",
            format!(
                "reV's walltime is the estimated time × {WALLTIME_MARGIN}, rounded up to whole hours."
            ),
        ),
        assumption(
            "prices",
            "Costs are instance-hours at list prices, each labelled with its source: no head node, storage or data transfer, and not a bill.".into(),
        ),
        assumption(
            "precision",
            format!(
                "Times, node-hours and costs are rounded to {SIGNIFICANT_FIGURES} significant figures: one measured unit supports no more."
            ),
        ),
    ];
    if job.deadline_hours.is_none() && job.max_count.is_none() {
        list.push(assumption(
            "max-count",
            format!(
                "No deadline or MaxCount given: at most {DEFAULT_MAX_COUNT} nodes (the rev-conus preset's MaxCount)."
            ),
        ));
    }
    list
}

fn vcpus_text(smt: bool) -> String {
    if smt {
        "vCPUs are hyperthreads: with SMT on (ParallelCluster's default) each vCPU takes one worker, as fast as on the core it was measured on; two on one physical core may each run slower. With SMT off (as the rev-conus preset's queues) a node offers half its vCPUs, or all of them on Graviton and the 7a families, which have no SMT.".into()
    } else {
        "SMT off (as the rev-conus preset's queues): a node offers its physical cores only, half its vCPUs, or all of them on Graviton and the 7a families, which have no SMT.".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(workers: Option<u32>) -> MeasuredUnit {
        MeasuredUnit {
            wall_seconds: 540.0,
            cores_used: 3.9,
            peak_memory_gib: 6.0,
            sites: Some(200),
            workers,
        }
    }

    fn text<'a>(list: &'a [Assumption], key: &str) -> &'a str {
        &list.iter().find(|a| a.key == key).unwrap().text
    }

    #[test]
    fn the_list_carries_the_numbers_the_model_used() {
        let job = Job {
            units: 5000,
            deadline_hours: None,
            max_count: None,
        };
        let list = assumptions(&unit(None), &job, &Knobs::default());
        assert!(
            text(&list, "workers").contains("4 reV workers (its 3.9 cores used, rounded, unless"),
            "{}",
            text(&list, "workers")
        );
        assert!(
            text(&list, "workers").contains("0.98 cores and 1.5 GiB for ≈ 9 min"),
            "{}",
            text(&list, "workers")
        );
        assert!(text(&list, "memory-headroom").contains("at most 70 %"));
        assert!(text(&list, "startup").contains("8 min"));
        assert!(text(&list, "scaledown").contains("10 min"));
        assert!(text(&list, "hsds-requests").contains("max_task_count 100"));
        assert!(text(&list, "max-count").contains("at most 10 nodes"));
        for key in ["linear-scaling", "vcpus", "io", "precision", "prices"] {
            assert!(!text(&list, key).is_empty());
        }
    }

    #[test]
    fn a_given_worker_count_and_a_deadline_change_what_is_said() {
        let job = Job {
            units: 5000,
            deadline_hours: Some(24.0),
            max_count: None,
        };
        let knobs = Knobs {
            smt: false,
            ..Knobs::default()
        };
        let list = assumptions(&unit(Some(4)), &job, &knobs);
        assert!(text(&list, "workers").contains("(as given)"));
        assert!(text(&list, "vcpus").starts_with("SMT off"));
        assert!(!list.iter().any(|a| a.key == "max-count"));
    }
}
