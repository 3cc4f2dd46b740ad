//! One candidate's plan: its fit, its schedule, and what that costs in all and per unit.

use super::candidates::Candidate;
use super::fit::{NodeFit, fit};
use super::inputs::{Job, Knobs, Worker};
use super::schedule::{Schedule, Unschedulable, schedule};
use crate::cluster::instance::InstanceInfo;
use crate::cluster::price::Price;

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub instance: InstanceInfo,
    pub price: Option<Price>,
    pub fit: NodeFit,
    pub schedule: Result<Schedule, Unschedulable>,
}

impl Plan {
    pub fn hours(&self) -> Option<f64> {
        self.schedule.as_ref().ok().map(|s| s.hours)
    }

    /// The node-hours at the candidate's hourly price (instances only: no storage, head
    /// node or transfer).
    pub fn usd(&self) -> Option<f64> {
        let schedule = self.schedule.as_ref().ok()?;
        Some(schedule.node_hours * self.price.as_ref()?.per_hour())
    }

    pub fn usd_per_unit(&self, units: u64) -> Option<f64> {
        self.usd().map(|usd| usd / units as f64)
    }
}

pub fn plan(candidate: &Candidate, worker: &Worker, tasks: u64, job: &Job, knobs: &Knobs) -> Plan {
    let fit = fit(&candidate.instance, worker, knobs);
    Plan {
        instance: candidate.instance.clone(),
        price: candidate.price.clone(),
        schedule: schedule(tasks, fit.workers(), worker.seconds, job, knobs),
        fit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::sizing::test_support::{instance, snapshot_price};

    #[test]
    fn cost_is_node_hours_at_the_hourly_price_and_per_unit_divides_by_the_units() {
        // The unit (4 workers of 0.975 cores, 1.5 GiB, 9 min) × 5,000 units on
        // c6a.12xlarge at $1.836/h with a 24 h deadline: 44 workers per node (memory),
        // 3 nodes, 69.3 node-hours (schedule.rs works it out) = $127.2348, $0.02544696 a unit.
        let candidate = Candidate {
            instance: instance("c6a.12xlarge", 48, 96, "x86_64"),
            price: Some(snapshot_price(1.836)),
        };
        let worker = Worker {
            cores: 0.975,
            memory_gib: 1.5,
            seconds: 540.0,
            sites: Some(50),
        };
        let job = Job {
            units: 5000,
            deadline_hours: Some(24.0),
            max_count: None,
        };
        let plan = plan(&candidate, &worker, 20_000, &job, &Knobs::default());
        assert_eq!(plan.fit.workers(), 44);
        assert!((plan.usd().unwrap() - 127.2348).abs() < 1e-9);
        assert!((plan.usd_per_unit(5000).unwrap() - 0.02544696).abs() < 1e-12);
    }

    #[test]
    fn no_price_no_cost_but_still_a_time() {
        let candidate = Candidate {
            instance: instance("c6a.12xlarge", 48, 96, "x86_64"),
            price: None,
        };
        let worker = Worker {
            cores: 1.0,
            memory_gib: 1.0,
            seconds: 60.0,
            sites: None,
        };
        let job = Job {
            units: 10,
            deadline_hours: None,
            max_count: None,
        };
        let plan = plan(&candidate, &worker, 10, &job, &Knobs::default());
        assert!(plan.usd().is_none());
        assert!(plan.hours().is_some());
    }
}
