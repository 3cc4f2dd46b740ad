//! What a picked point fills in: the queue (instance type, MaxCount), reV's
//! `execution_control` for it, and whether the node's HSDS would answer 503.

use serde::Serialize;

use super::hsds_503::{Hsds503Check, check};
use super::inputs::{Knobs, Worker};
use super::plan::Plan;
use crate::cluster::hsds_files::{ExecutionControl, execution_control};

/// Slurm's time limit for each node's job: the estimate half again, so one slow node is not
/// killed near the end, rounded up to whole hours.
pub const WALLTIME_MARGIN: f64 = 1.5;

/// The picked point, ready to fill in a queue and a reV config.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pick {
    pub instance_type: String,
    /// The queue's MaxCount: the plan's nodes.
    pub max_count: u32,
    pub execution_control: ExecutionControl,
    pub hsds_503: Hsds503Check,
}

impl Pick {
    /// The warning to show beside the settings, if HSDS would be overrun.
    pub fn warning(&self) -> Option<String> {
        self.hsds_503.warning()
    }
}

/// `None` for a plan with no schedule (nothing fits, or the deadline cannot be met).
pub fn pick(plan: &Plan, worker: &Worker, knobs: &Knobs) -> Option<Pick> {
    let schedule = plan.schedule.as_ref().ok()?;
    let max_workers = plan.fit.workers();
    let mut control = execution_control(schedule.nodes, max_workers, knobs.shared_nodes);
    control.sites_per_worker = worker.sites;
    // The headroom the workers were packed to, not a fixed 0.7.
    control.memory_utilization_limit = knobs.memory_limit;
    control.walltime = Some(((schedule.hours * WALLTIME_MARGIN).ceil()).max(1.0));
    Some(Pick {
        instance_type: plan.instance.name.clone(),
        max_count: schedule.nodes,
        execution_control: control,
        hsds_503: check(max_workers, knobs.hsds_max_task_count),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::sizing::fit::fit;
    use crate::cluster::sizing::inputs::Job;
    use crate::cluster::sizing::schedule::schedule;
    use crate::cluster::sizing::test_support::{instance, snapshot_price};

    fn plan_with(workers_per_node_gib: f64, nodes_deadline: f64, knobs: &Knobs) -> (Plan, Worker) {
        let worker = Worker {
            cores: 1.0,
            memory_gib: workers_per_node_gib,
            seconds: 540.0,
            sites: Some(50),
        };
        let instance = instance("c6a.12xlarge", 48, 96, "x86_64");
        let fit = fit(&instance, &worker, knobs);
        let job = Job {
            units: 20_000,
            deadline_hours: Some(nodes_deadline),
            max_count: None,
        };
        let plan = Plan {
            instance,
            price: Some(snapshot_price(1.836)),
            schedule: schedule(20_000, fit.workers(), 540.0, &job, knobs),
            fit,
        };
        (plan, worker)
    }

    #[test]
    fn the_pick_fills_the_queue_and_revs_block() {
        // 1.5 GiB workers: 44 per node; 24 h: 3 nodes, 22.93 h → walltime ceil(34.4) = 35 h.
        let knobs = Knobs::default();
        let (plan, worker) = plan_with(1.5, 24.0, &knobs);
        let pick = pick(&plan, &worker, &knobs).unwrap();
        assert_eq!(
            (pick.instance_type.as_str(), pick.max_count),
            ("c6a.12xlarge", 3)
        );
        let control = &pick.execution_control;
        assert_eq!((control.nodes, control.max_workers), (3, 44));
        assert_eq!(control.sites_per_worker, Some(50));
        assert_eq!(control.memory_utilization_limit, 0.7);
        assert_eq!(control.walltime, Some(35.0));
        assert_eq!(control.feature.as_deref(), Some("--exclusive"));
        let json = serde_json::to_value(control).unwrap();
        assert_eq!(json["feature"], "--exclusive", "{json}");
        assert!(json.get("sbatch_flags").is_none());
    }

    #[test]
    fn an_exclusive_queue_needs_no_flag_and_the_limit_follows_the_headroom() {
        let knobs = Knobs {
            shared_nodes: false,
            memory_limit: 0.6,
            ..Knobs::default()
        };
        let (plan, worker) = plan_with(1.5, 24.0, &knobs);
        let control = pick(&plan, &worker, &knobs).unwrap().execution_control;
        assert_eq!(control.feature, None);
        assert_eq!(control.memory_utilization_limit, 0.6);
    }

    #[test]
    fn the_503_warning_follows_the_workers_on_one_node_whatever_the_node_count() {
        // 96 GiB × 0.7 = 67.2 GiB: 2.688 GiB workers fit 25 (100 in flight), 2.58 fit 26.
        let knobs = Knobs::default();
        let (plan, worker) = plan_with(2.688, 2.0, &knobs);
        let at_limit = pick(&plan, &worker, &knobs).unwrap();
        assert_eq!(at_limit.execution_control.max_workers, 25);
        assert!(
            at_limit.execution_control.nodes > 1,
            "many nodes, each its own HSDS"
        );
        assert_eq!(at_limit.warning(), None);

        let (plan, worker) = plan_with(2.58, 2.0, &knobs);
        let over = pick(&plan, &worker, &knobs).unwrap();
        assert_eq!(over.execution_control.max_workers, 26);
        assert!(
            over.warning()
                .unwrap()
                .contains("over its max_task_count of 100")
        );
    }
}
