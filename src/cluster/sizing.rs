//! The sizing assistant (issue 10): from one measured unit of work to a plan per instance
//! type, the cost/time frontier across them, and the queue and reV `execution_control` of a
//! picked point. Pure arithmetic: `cli/size.rs` and `tui/screens/sizing/` bring the
//! measurement (`measure/`), the catalog and the prices.
//!
//! The model in one paragraph: a unit ran as `w` reV workers for `S` seconds, keeping `C`
//! cores busy and peaking at `M` GiB. One worker is taken to need C/w cores and M/w GiB
//! for S seconds (linear scaling per core). A node runs as many workers as its cores and
//! its memory, up to the headroom, allow (`fit`). The job's units × w worker tasks run in
//! whole waves of nodes × workers, after each node's start-up; each node bills from boot
//! to scale-down (`schedule`). Everything assumed is listed in `assumptions`, with the
//! numbers used, for the front ends to print.

pub mod apply;
pub mod assumptions;
pub mod candidates;
pub mod fit;
pub mod frontier;
pub mod hsds_503;
pub mod inputs;
pub mod plan;
pub mod precision;
pub mod rev_settings;
pub mod rows;
pub mod schedule;
pub mod snapshot_catalog;
#[cfg(test)]
mod test_support;

pub use assumptions::Assumption;
pub use candidates::Candidate;
pub use frontier::Frontier;
pub use inputs::{InputError, Job, Knobs, MeasuredUnit, Worker};
pub use plan::Plan;
pub use rev_settings::Pick;

/// Every candidate's plan, and what they say together.
#[derive(Debug, Clone, PartialEq)]
pub struct Sizing {
    pub unit: MeasuredUnit,
    pub job: Job,
    pub knobs: Knobs,
    pub worker: Worker,
    /// Worker tasks in the whole job: units × the unit's workers.
    pub tasks: u64,
    /// Cheapest first; then those with no price, fastest first; then those that cannot run.
    pub plans: Vec<Plan>,
    /// Over the plans with a cost that meet the deadline (all of them, with no deadline).
    pub frontier: Frontier,
    pub assumptions: Vec<Assumption>,
}

pub fn size(
    unit: &MeasuredUnit,
    job: &Job,
    knobs: &Knobs,
    candidates: &[Candidate],
) -> Result<Sizing, InputError> {
    unit.check()?;
    job.check()?;
    knobs.check()?;
    let worker = unit.worker();
    let tasks = job.units.saturating_mul(u64::from(unit.workers()));
    let mut plans: Vec<Plan> = candidates
        .iter()
        .map(|c| plan::plan(c, &worker, tasks, job, knobs))
        .collect();
    plans.sort_by(|a, b| {
        let key = |p: &Plan| {
            (
                p.hours().is_none(),
                p.usd().is_none(),
                p.usd().unwrap_or(0.0),
                p.hours().unwrap_or(0.0),
            )
        };
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0)
            .then(ka.1.cmp(&kb.1))
            .then(ka.2.total_cmp(&kb.2))
            .then(ka.3.total_cmp(&kb.3))
            .then(a.instance.name.cmp(&b.instance.name))
    });
    let points: Vec<frontier::Point> = plans
        .iter()
        .enumerate()
        .filter(|(_, p)| in_the_running(p))
        .filter_map(|(index, p)| {
            Some(frontier::Point {
                index,
                hours: p.hours()?,
                usd: p.usd()?,
            })
        })
        .collect();
    Ok(Sizing {
        unit: unit.clone(),
        job: job.clone(),
        knobs: knobs.clone(),
        worker,
        tasks,
        frontier: frontier::frontier(&points),
        plans,
        assumptions: assumptions::assumptions(unit, job, knobs),
    })
}

/// A plan that misses the deadline is shown but not offered as cheapest or fastest.
fn in_the_running(plan: &Plan) -> bool {
    plan.schedule
        .as_ref()
        .is_ok_and(|s| s.meets_deadline != Some(false))
}

impl Sizing {
    /// The point pcwiz suggests: the cheapest that meets the deadline; with no price known
    /// (offline outside the snapshot's regions), the fastest that meets it.
    pub fn suggested(&self) -> Option<usize> {
        self.frontier.cheapest.or_else(|| {
            (0..self.plans.len())
                .filter(|&i| in_the_running(&self.plans[i]))
                .min_by(|&a, &b| {
                    let hours = |i: usize| self.plans[i].hours().unwrap_or(f64::INFINITY);
                    hours(a).total_cmp(&hours(b))
                })
        })
    }

    pub fn index_of(&self, instance_type: &str) -> Option<usize> {
        self.plans
            .iter()
            .position(|p| p.instance.name == instance_type)
    }

    /// What picking plan `index` fills in; `None` for a plan that cannot run.
    pub fn pick(&self, index: usize) -> Option<Pick> {
        rev_settings::pick(self.plans.get(index)?, &self.worker, &self.knobs)
    }

    pub fn usd_per_unit(&self, index: usize) -> Option<f64> {
        self.plans.get(index)?.usd_per_unit(self.job.units)
    }

    /// "cheapest", "fastest" (a plan may be both), else "frontier" and "as cheap" (its
    /// cost rounds to the cheapest's: at the model's precision, no dearer).
    pub fn marks(&self, index: usize) -> Vec<&'static str> {
        let mut marks = Vec::new();
        if self.frontier.cheapest == Some(index) {
            marks.push("cheapest");
        }
        if self.frontier.fastest == Some(index) {
            marks.push("fastest");
        }
        if marks.is_empty() {
            if self.frontier.contains(index) {
                marks.push("frontier");
            }
            if self.as_cheap_as_the_cheapest(index) {
                marks.push("as cheap");
            }
        }
        marks
    }

    fn as_cheap_as_the_cheapest(&self, index: usize) -> bool {
        let cheapest = self.frontier.cheapest.and_then(|i| self.plans[i].usd());
        let plan = &self.plans[index];
        match (cheapest, plan.usd()) {
            (Some(cheapest), Some(usd)) => {
                in_the_running(plan) && precision::rounded(usd) == precision::rounded(cheapest)
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use test_support::{instance, snapshot_price};

    fn candidate(name: &str, vcpus: u32, gib: u64, usd: Option<f64>) -> Candidate {
        Candidate {
            instance: instance(name, vcpus, gib, "x86_64"),
            price: usd.map(snapshot_price),
        }
    }

    /// The example unit: 200 sites, 9 min, 3.9 cores, 6 GiB.
    fn unit() -> MeasuredUnit {
        MeasuredUnit {
            wall_seconds: 540.0,
            cores_used: 3.9,
            peak_memory_gib: 6.0,
            sites: Some(200),
            workers: None,
        }
    }

    fn candidates() -> Vec<Candidate> {
        vec![
            candidate("m6a.12xlarge", 48, 192, Some(2.0736)),
            candidate("c6a.12xlarge", 48, 96, Some(1.836)),
            candidate("c6a.24xlarge", 96, 192, Some(3.672)),
            candidate("x1.unpriced", 48, 96, None),
            candidate("a1.medium", 1, 2, Some(0.0255)),
        ]
    }

    #[test]
    fn a_million_sites_in_a_day_on_three_types() {
        // 1,000,000 sites / 200 = 5,000 units × 4 workers = 20,000 tasks of 540 s, 24 h.
        let job = Job {
            units: Job::from_sites(1_000_000, 200),
            deadline_hours: Some(24.0),
            max_count: None,
        };
        let sizing = size(&unit(), &job, &Knobs::default(), &candidates()).unwrap();
        assert_eq!(sizing.tasks, 20_000);
        let names: Vec<&str> = sizing
            .plans
            .iter()
            .map(|p| p.instance.name.as_str())
            .collect();
        // c6a.12xlarge: 44 workers (memory), 3 nodes, 69.3 node-h, $127.23.
        // c6a.24xlarge: 89 workers (memory: 134.4 / 1.5), (86,400 − 480) / 540 → 159 waves,
        //   20,000 / (89 × 159) → 2 nodes, 20,000 / 178 → 113 waves = 61,020 s;
        //   2 × (480 + 61,020 + 600) / 3600 = 34.5 node-h × $3.672 = $126.684.
        // m6a.12xlarge: 48 workers (cores: 48 / max(1, 0.975)), 3 nodes, 20,000 / 144 → 139
        //   waves = 75,060 s; 3 × 76,140 / 3600 = 63.45 node-h × $2.0736 = $131.57.
        // Then the unpriced one, then a1.medium: 2 GiB × 0.7 = 1.4 GiB, no 1.5 GiB worker fits.
        assert_eq!(
            names,
            [
                "c6a.24xlarge",
                "c6a.12xlarge",
                "m6a.12xlarge",
                "x1.unpriced",
                "a1.medium"
            ]
        );
        assert_eq!(
            sizing.plans[4].schedule,
            Err(schedule::Unschedulable::NoWorkerFits)
        );
        let usd: Vec<f64> = sizing.plans.iter().filter_map(Plan::usd).collect();
        assert!((usd[0] - 126.684).abs() < 1e-9, "{usd:?}");
        assert!((usd[1] - 127.2348).abs() < 1e-9, "{usd:?}");
        assert!((usd[2] - 131.57).abs() < 0.01, "{usd:?}");
        // Hours: 24xl 17.08, 12xl 22.93, m6a 20.98: the 24xl is both cheapest and fastest.
        assert_eq!(sizing.frontier.pareto, [0]);
        assert_eq!(sizing.marks(0), ["cheapest", "fastest"]);
        // $127.23 and $131.57 both round to the cheapest's $130: as cheap, at this precision.
        assert_eq!(sizing.marks(1), ["as cheap"]);
        assert_eq!(sizing.marks(2), ["as cheap"]);
        assert!(sizing.marks(3).is_empty(), "no price, no mark");
        assert_eq!(sizing.suggested(), Some(0));
        let pick = sizing.pick(0).unwrap();
        assert_eq!(
            (
                pick.execution_control.nodes,
                pick.execution_control.max_workers
            ),
            (2, 89)
        );
        assert_eq!(pick.execution_control.sites_per_worker, Some(50));
        // 89 workers × 4 = 356 requests at once on each node: over HSDS's 100.
        assert!(pick.warning().unwrap().contains("about 356 requests"));
    }

    #[test]
    fn a_plan_that_misses_the_deadline_is_shown_but_not_marked() {
        // 2 h with MaxCount 10: every type misses; none is cheapest or fastest.
        let job = Job {
            units: 5000,
            deadline_hours: Some(2.0),
            max_count: Some(10),
        };
        let sizing = size(&unit(), &job, &Knobs::default(), &candidates()).unwrap();
        assert!(
            sizing
                .plans
                .iter()
                .all(|p| p.usd().is_none() || p.schedule.unwrap().meets_deadline == Some(false))
        );
        assert_eq!(sizing.suggested(), None);
        assert!(sizing.marks(0).is_empty());
        assert!(sizing.pick(0).is_some(), "still shown, still pickable");
    }

    #[test]
    fn with_no_price_known_the_fastest_is_suggested() {
        let job = Job {
            units: 5000,
            deadline_hours: Some(24.0),
            max_count: None,
        };
        let unpriced: Vec<Candidate> = candidates()
            .into_iter()
            .map(|c| Candidate { price: None, ..c })
            .collect();
        let sizing = size(&unit(), &job, &Knobs::default(), &unpriced).unwrap();
        assert_eq!(sizing.frontier, Frontier::default());
        let suggested = sizing.suggested().unwrap();
        // c6a.24xlarge: 17.08 h, the fastest of the five.
        assert_eq!(sizing.plans[suggested].instance.name, "c6a.24xlarge");
    }

    #[test]
    fn bad_input_is_refused_before_any_arithmetic() {
        let mut bad = unit();
        bad.peak_memory_gib = f64::NAN;
        let job = Job {
            units: 1,
            deadline_hours: None,
            max_count: None,
        };
        assert!(size(&bad, &job, &Knobs::default(), &candidates()).is_err());
    }
}
