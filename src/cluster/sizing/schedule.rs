//! How many nodes, how many waves, how long and how many node-hours: the job's worker tasks
//! run in whole waves of nodes × workers per node, after each node's start-up.

use serde::Serialize;

use super::inputs::{DEFAULT_MAX_COUNT, Job, Knobs};

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Schedule {
    pub nodes: u32,
    /// Rounds of work per node: every worker's task takes a whole unit's time, so a
    /// part-filled last wave costs a full one.
    pub waves: u64,
    /// From submitting to the last result: start-up, then the waves.
    pub hours: f64,
    /// What the nodes bill: each one from its boot to its scale-down.
    pub node_hours: f64,
    /// Whether `hours` is within the deadline, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meets_deadline: Option<bool>,
    /// The node count was cut to the MaxCount (a deadline then may be missed).
    pub capped_by_max_count: bool,
}

/// Why a candidate gets no schedule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum Unschedulable {
    /// Not one worker fits on the node.
    NoWorkerFits,
    /// One unit plus a node's start-up takes longer than the deadline: no number of
    /// nodes helps.
    UnitLongerThanDeadline { needs_hours: f64 },
}

/// `tasks` worker tasks of `task_seconds` each, on nodes of `workers_per_node`.
/// With a deadline: the fewest nodes that meet it (fewer nodes pay less start-up), up to
/// the MaxCount. Without: the MaxCount (or `DEFAULT_MAX_COUNT`), never more nodes than one
/// wave needs.
pub fn schedule(
    tasks: u64,
    workers_per_node: u32,
    task_seconds: f64,
    job: &Job,
    knobs: &Knobs,
) -> Result<Schedule, Unschedulable> {
    if workers_per_node == 0 {
        return Err(Unschedulable::NoWorkerFits);
    }
    let per_node = u64::from(workers_per_node);
    let startup = knobs.startup_minutes * 60.0;
    let wanted = match job.deadline_hours {
        Some(deadline) => {
            let waves_allowed = ((deadline * 3600.0 - startup) / task_seconds + 1e-9).floor();
            if waves_allowed < 1.0 {
                return Err(Unschedulable::UnitLongerThanDeadline {
                    needs_hours: (startup + task_seconds) / 3600.0,
                });
            }
            let waves_allowed = waves_allowed.min(u64::MAX as f64) as u64;
            tasks.div_ceil(per_node.saturating_mul(waves_allowed))
        }
        None => tasks.div_ceil(per_node),
    };
    let cap = match (job.max_count, job.deadline_hours) {
        (Some(max), _) => u64::from(max),
        (None, Some(_)) => u64::MAX,
        (None, None) => u64::from(DEFAULT_MAX_COUNT),
    };
    let nodes = wanted.min(cap).clamp(1, u64::from(u32::MAX));
    let waves = tasks.div_ceil(nodes * per_node);
    let running = waves as f64 * task_seconds;
    let hours = (startup + running) / 3600.0;
    let node_hours = nodes as f64 * (startup + running + knobs.scaledown_minutes * 60.0) / 3600.0;
    Ok(Schedule {
        nodes: nodes as u32,
        waves,
        hours,
        node_hours,
        // A hair of slack so a plan computed to end exactly at the deadline meets it.
        meets_deadline: job.deadline_hours.map(|d| hours <= d + 1e-9),
        capped_by_max_count: wanted > cap,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(units: u64, deadline_hours: Option<f64>, max_count: Option<u32>) -> Job {
        Job {
            units,
            deadline_hours,
            max_count,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn the_deadline_takes_the_fewest_nodes_that_meet_it() {
        // 20,000 tasks of 540 s (9 min), 44 workers per node, 8 min start-up, 24 h deadline:
        // (86,400 − 480) / 540 = 159.1, so 159 waves fit; 20,000 / (44 × 159) = 2.86 → 3 nodes.
        // 3 nodes × 44 = 132 at once: 20,000 / 132 = 151.5 → 152 waves = 82,080 s.
        let s = schedule(
            20_000,
            44,
            540.0,
            &job(5000, Some(24.0), None),
            &Knobs::default(),
        )
        .unwrap();
        assert_eq!((s.nodes, s.waves), (3, 152));
        assert!(close(s.hours, (480.0 + 82_080.0) / 3600.0), "{}", s.hours);
        assert_eq!(s.meets_deadline, Some(true));
        // Billed: 3 × (480 + 82,080 + 600 s scale-down) = 249,480 s = 69.3 node-hours.
        assert!(close(s.node_hours, 69.3), "{}", s.node_hours);
    }

    #[test]
    fn a_max_count_below_the_deadlines_need_misses_it_and_says_so() {
        // 2 h deadline: (7200 − 480) / 540 = 12.4 → 12 waves; 20,000 / (44 × 12) = 37.9 → 38
        // nodes wanted, MaxCount 10 allows 10: 20,000 / 440 = 45.5 → 46 waves = 24,840 s.
        let s = schedule(
            20_000,
            44,
            540.0,
            &job(5000, Some(2.0), Some(10)),
            &Knobs::default(),
        )
        .unwrap();
        assert_eq!((s.nodes, s.waves), (10, 46));
        assert!(s.capped_by_max_count);
        assert_eq!(s.meets_deadline, Some(false));
        assert!(close(s.hours, (480.0 + 24_840.0) / 3600.0));
    }

    #[test]
    fn without_a_deadline_the_max_count_runs_it_but_never_more_nodes_than_one_wave_needs() {
        let s = schedule(100, 44, 540.0, &job(25, None, Some(10)), &Knobs::default()).unwrap();
        // 100 tasks / 44 per node: 3 nodes run them all at once.
        assert_eq!((s.nodes, s.waves), (3, 1));
        assert!(!s.capped_by_max_count);
        let s = schedule(20_000, 44, 540.0, &job(5000, None, None), &Knobs::default()).unwrap();
        assert_eq!(s.nodes, DEFAULT_MAX_COUNT);
        assert_eq!(s.meets_deadline, None);
    }

    #[test]
    fn a_unit_longer_than_the_deadline_cannot_be_helped_by_nodes() {
        // 8 min start-up + 9 min unit = 17 min > 15 min.
        let e = schedule(10, 4, 540.0, &job(10, Some(0.25), None), &Knobs::default());
        match e {
            Err(Unschedulable::UnitLongerThanDeadline { needs_hours }) => {
                assert!(close(needs_hours, 17.0 / 60.0))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            schedule(10, 0, 540.0, &job(10, None, None), &Knobs::default()),
            Err(Unschedulable::NoWorkerFits)
        );
    }
}
