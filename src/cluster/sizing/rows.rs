//! A sizing as rows of text, the same in the terminal UI and on the command line: rounded
//! as `precision` says, prices labelled with their source as the cost engine labels them.

use chrono::{DateTime, Utc};

use super::Sizing;
use super::plan::Plan;
use super::precision::{duration, grouped, number, usd};
use super::schedule::Unschedulable;
use crate::cluster::price::hourly;

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub instance_type: String,
    /// "44 (memory)": the workers per node and what limits them.
    pub workers: String,
    pub nodes: String,
    pub time: String,
    pub node_hours: String,
    /// "≈ $130", or the unknown-price word ("unknown offline").
    pub cost: String,
    pub per_unit: String,
    /// "$1.836/h".
    pub price: String,
    /// "offline snapshot 2023-08", "live · 2 min ago".
    pub source: String,
    /// "cheapest", "fastest", "frontier".
    pub marks: Vec<&'static str>,
    /// Why it cannot run, or misses the deadline.
    pub note: Option<String>,
}

impl Row {
    /// The plan's figures in the order both front ends show them: type, workers per node,
    /// nodes, time, node-hours, cost, per unit.
    pub fn cells(&self) -> [String; 7] {
        [
            self.instance_type.clone(),
            self.workers.clone(),
            self.nodes.clone(),
            self.time.clone(),
            self.node_hours.clone(),
            self.cost.clone(),
            self.per_unit.clone(),
        ]
    }

    /// "cheapest, fastest", or the note.
    pub fn remark(&self) -> String {
        match (&self.note, self.marks.is_empty()) {
            (Some(note), _) => note.clone(),
            (None, false) => self.marks.join(", "),
            (None, true) => String::new(),
        }
    }
}

/// "Sizing 5,000 units of 200 sites: one unit as given took ≈ 9 min, 3.9 cores, 6 GiB peak
/// · deadline 24 h · us-west-2".
pub fn headline(sizing: &Sizing, measured: bool, region: &str) -> String {
    let unit = &sizing.unit;
    let sites = unit
        .sites
        .map(|s| {
            format!(
                " of {} site{}",
                grouped(s.into()),
                if s == 1 { "" } else { "s" }
            )
        })
        .unwrap_or_default();
    let how = if measured {
        "measured here"
    } else {
        "as given"
    };
    let mut line = format!(
        "Sizing {} units{sites}: one unit {how} took {}, {} cores, {} GiB peak",
        grouped(sizing.job.units),
        duration(unit.wall_seconds / 3600.0),
        number(unit.cores_used),
        number(unit.peak_memory_gib),
    );
    if let Some(hours) = sizing.job.deadline_hours {
        line.push_str(&format!(
            " · deadline {}",
            duration(hours).trim_start_matches("≈ ")
        ));
    }
    if let Some(max) = sizing.job.max_count {
        line.push_str(&format!(" · MaxCount {max}"));
    }
    line.push_str(&format!(" · {region}"));
    line
}

/// One row per plan, in the sizing's order. `unknown` names a missing price ("unknown
/// offline", "unknown: AWS lists no price for it here").
pub fn rows(sizing: &Sizing, now: DateTime<Utc>, unknown: &str) -> Vec<Row> {
    sizing
        .plans
        .iter()
        .enumerate()
        .map(|(index, plan)| row(sizing, index, plan, now, unknown))
        .collect()
}

fn row(sizing: &Sizing, index: usize, plan: &Plan, now: DateTime<Utc>, unknown: &str) -> Row {
    let dash = || "–".to_string();
    let schedule = plan.schedule.as_ref().ok();
    let missing_cost = || {
        if schedule.is_some() {
            unknown.to_string()
        } else {
            dash()
        }
    };
    Row {
        instance_type: plan.instance.name.clone(),
        workers: format!("{} ({})", plan.fit.workers(), plan.fit.limit().word()),
        nodes: schedule.map_or_else(dash, |s| s.nodes.to_string()),
        time: schedule.map_or_else(dash, |s| duration(s.hours)),
        node_hours: schedule.map_or_else(dash, |s| format!("≈ {}", number(s.node_hours))),
        cost: plan.usd().map_or_else(missing_cost, usd),
        per_unit: sizing.usd_per_unit(index).map_or_else(dash, usd),
        price: plan
            .price
            .as_ref()
            .map_or_else(dash, |p| format!("{}/h", hourly(p.per_hour()))),
        source: plan
            .price
            .as_ref()
            .map_or_else(|| unknown.to_string(), |p| p.source.label(now)),
        marks: sizing.marks(index),
        note: note(sizing, plan),
    }
}

fn note(sizing: &Sizing, plan: &Plan) -> Option<String> {
    match &plan.schedule {
        Err(Unschedulable::NoWorkerFits) => Some(format!(
            "no worker fits: one needs {} GiB, {} GiB usable",
            number(sizing.worker.memory_gib),
            number(plan.fit.usable_memory_gib)
        )),
        Err(Unschedulable::UnitLongerThanDeadline { needs_hours }) => Some(format!(
            "start-up and one unit take {}: past the deadline",
            duration(*needs_hours)
        )),
        Ok(s) if s.meets_deadline == Some(false) => {
            Some(format!("misses the deadline at MaxCount {}", s.nodes))
        }
        Ok(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::sizing::test_support::{instance, snapshot_price};
    use crate::cluster::sizing::{Candidate, Job, Knobs, MeasuredUnit, size};

    #[test]
    fn rows_are_rounded_labelled_and_say_why_a_type_cannot_run() {
        let unit = MeasuredUnit {
            wall_seconds: 540.0,
            cores_used: 3.9,
            peak_memory_gib: 6.0,
            sites: Some(200),
            workers: None,
        };
        let job = Job {
            units: 5000,
            deadline_hours: Some(24.0),
            max_count: None,
        };
        let candidates = [
            Candidate {
                instance: instance("c6a.12xlarge", 48, 96, "x86_64"),
                price: Some(snapshot_price(1.836)),
            },
            Candidate {
                instance: instance("x1.unpriced", 48, 96, "x86_64"),
                price: None,
            },
            Candidate {
                instance: instance("a1.medium", 1, 2, "arm64"),
                price: Some(snapshot_price(0.0255)),
            },
        ];
        let sizing = size(&unit, &job, &Knobs::default(), &candidates).unwrap();
        let rows = rows(&sizing, Utc::now(), "unknown offline");
        // c6a.12xlarge: 3 nodes, 22.93 h, 69.3 node-h, $127.23, $0.0254 a unit.
        let c6a = &rows[0];
        assert_eq!(c6a.workers, "44 (memory)");
        assert_eq!(
            (
                c6a.nodes.as_str(),
                c6a.time.as_str(),
                c6a.node_hours.as_str()
            ),
            ("3", "≈ 23 h", "≈ 69")
        );
        assert_eq!(
            (c6a.cost.as_str(), c6a.per_unit.as_str()),
            ("≈ $130", "≈ $0.025")
        );
        assert_eq!(c6a.price, "$1.836/h");
        assert_eq!(c6a.source, "offline snapshot 2023-08");
        assert_eq!(c6a.remark(), "cheapest, fastest");
        assert_eq!(rows[1].cost, "unknown offline");
        assert_eq!(rows[1].source, "unknown offline");
        assert_eq!(
            rows[2].remark(),
            "no worker fits: one needs 1.5 GiB, 1.4 GiB usable"
        );
        assert_eq!(rows[2].cost, "–");
        assert_eq!(
            headline(&sizing, false, "us-west-2"),
            "Sizing 5,000 units of 200 sites: one unit as given took ≈ 9 min, 3.9 cores, 6 GiB peak · deadline 24 h · us-west-2"
        );
    }
}
