//! A reV run as both front ends show it (the reV tab, `pcwiz rev NAME`): each step and job
//! with its state, Slurm id, node, runtime and cost so far, the 503s of the HSDS on the
//! nodes its jobs run on, each failed job's cause in words, the time against the sizing's
//! estimate, and the outputs with their sizes. Pure: made from one refresh's answers and
//! the rates learnt so far.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::probe_report::HsdsNode;
use super::rev_cost::{self, AgainstEstimate, RevRates};
use super::rev_failure::{self, Cause};
use super::rev_status::{self, RevPipeline};
use super::slurm::Job;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WatchedJob {
    pub name: String,
    pub status: String,
    pub slurm_id: Option<String>,
    /// Where it runs (Slurm's node list), or ran when pcwiz saw it.
    pub node: Option<String>,
    pub runtime_minutes: Option<f64>,
    /// Its runtime is a live clock.
    pub running: bool,
    pub usd: Option<f64>,
    /// 503s counted by the HSDS of its node (while it is known).
    pub refused_503: Option<u64>,
    pub cause: Option<Cause>,
    /// The end of its stderr (or stdout), for a failed job.
    pub tail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WatchedStep {
    pub name: String,
    pub index: Option<u32>,
    /// gaps' word for the step: successful, running, submitted, failed…
    pub status: &'static str,
    pub any_failed: bool,
    pub successful: usize,
    pub jobs: Vec<WatchedJob>,
    pub node_hours: f64,
    pub usd: f64,
    /// Jobs with runtime but no known price.
    pub unpriced: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Watched {
    pub steps: Vec<WatchedStep>,
    pub usd: f64,
    pub unpriced: usize,
    pub over: bool,
    pub monitor_pid: Option<u32>,
    pub estimate: Option<AgainstEstimate>,
    /// Output files by path on the cluster, with their size when the file is there.
    pub outputs: Vec<(String, Option<u64>)>,
    pub problems: Vec<String>,
}

/// Lines of a failed job's log kept for the screen.
const TAIL_SHOWN: usize = 8;

pub fn watch(
    pipeline: &RevPipeline,
    queue: &[Job],
    rates: &RevRates,
    hsds: &[HsdsNode],
    now: Option<NaiveDateTime>,
) -> Watched {
    let cost = rev_cost::costs(pipeline, rates, now);
    let resource = pipeline.project.as_ref().map(|p| p.resource_file.as_str());
    let steps = pipeline
        .steps
        .iter()
        .zip(&cost.steps)
        .map(|(step, step_cost)| WatchedStep {
            name: step.name.clone(),
            index: step.index,
            status: step.step_status(),
            any_failed: step.any_failed(),
            successful: step
                .jobs
                .iter()
                .filter(|j| j.status == rev_status::SUCCESSFUL)
                .count(),
            node_hours: step_cost.hours,
            usd: step_cost.usd,
            unpriced: step_cost.unpriced,
            jobs: step
                .jobs
                .iter()
                .map(|job| {
                    let listed = job
                        .job_id
                        .as_ref()
                        .and_then(|id| queue.iter().find(|q| &q.id == id))
                        .filter(|q| !q.nodes.is_empty());
                    let node = listed
                        .map(|q| q.nodes.clone())
                        .or_else(|| rates.by_job.get(&job.name).and_then(|r| r.node.clone()));
                    let refused_503 = node.as_ref().and_then(|n| {
                        hsds.iter()
                            .find(|h| &h.node == n)
                            .and_then(|h| h.refused_503)
                    });
                    let failed = job.status == rev_status::FAILED;
                    let logs = pipeline.logs.get(&job.name);
                    WatchedJob {
                        name: job.name.clone(),
                        status: job.status.clone(),
                        slurm_id: job.job_id.clone(),
                        runtime_minutes: now
                            .and_then(|n| job.runtime_minutes_at(n))
                            .or(job.runtime_minutes),
                        running: job.clock_running(),
                        usd: cost.jobs.get(&job.name).and_then(|c| c.usd),
                        cause: failed
                            .then(|| rev_failure::explain(job, logs, refused_503, resource)),
                        tail: logs.filter(|_| failed).and_then(|l| {
                            let text = l
                                .stderr
                                .as_deref()
                                .filter(|t| !t.trim().is_empty())
                                .or(l.stdout.as_deref())?;
                            let lines: Vec<&str> = text.lines().collect();
                            Some(lines[lines.len().saturating_sub(TAIL_SHOWN)..].join("\n"))
                        }),
                        refused_503,
                        node,
                    }
                })
                .collect(),
        })
        .collect();
    Watched {
        steps,
        usd: cost.usd,
        unpriced: cost.unpriced,
        over: pipeline.over(),
        monitor_pid: pipeline.monitor_pid,
        estimate: rev_cost::against_estimate(pipeline, now),
        outputs: pipeline
            .outputs
            .iter()
            .map(|(path, size)| (path.clone(), *size))
            .collect(),
        problems: pipeline.problems.clone(),
    }
}

impl Watched {
    /// The outputs that are there to fetch (a collected run's chunk files were moved).
    pub fn present_outputs(&self) -> impl Iterator<Item = (&str, u64)> {
        self.outputs
            .iter()
            .filter_map(|(path, size)| Some((path.as_str(), (*size)?)))
    }

    /// "$1.23 so far" with what is unpriced said.
    pub fn cost_sentence(&self) -> String {
        let mut text = format!(
            "${:.2} so far (reV's runtime × its node's $/h; node start-up not counted)",
            self.usd
        );
        if self.unpriced > 0 {
            text.push_str(&format!(
                "; {} job{} not priced (no instance seen for {})",
                self.unpriced,
                if self.unpriced == 1 { "" } else { "s" },
                if self.unpriced == 1 { "it" } else { "them" }
            ));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::rev_status::{JobLogs, StatusFile};

    #[test]
    fn a_failed_job_comes_with_its_cause_and_tail_and_each_step_with_its_cost() {
        let file = |name: &str, text: &str| StatusFile {
            path: format!(".gaps/{name}"),
            text: text.into(),
            error: None,
        };
        let mut p = rev_status::parse(&[file(
            "rev_conus_status.json",
            include_str!(
                "../../tests/fixtures/rev/collected/rev_conus/.gaps/rev_conus_status.json"
            ),
        )])
        .unwrap();
        p.logs.insert(
            "rev_conus_collect".into(),
            JobLogs {
                stdout: Some("INFO - collecting".into()),
                stderr: Some("line 1\nslurmstepd: error: *** JOB 103 ON standard-dy-standard-1 CANCELLED AT 2024-06-03T10:36:15 DUE TO TIME LIMIT ***".into()),
            },
        );
        p.outputs
            .insert("/shared/rev_conus/a.h5".into(), Some(2048));
        p.outputs.insert("/shared/rev_conus/gone.h5".into(), None);
        let rates = RevRates {
            queue: Some(rev_cost::NodeRate {
                instance_type: "c6a.12xlarge".into(),
                usd_per_hour: 2.0,
                node: None,
            }),
            ..RevRates::default()
        };
        let watched = watch(&p, &[], &rates, &[], None);
        let collect = &watched.steps[1];
        assert_eq!(collect.status, "failed");
        let job = &collect.jobs[0];
        assert_eq!(
            job.cause.as_ref().unwrap().kind,
            rev_failure::CauseKind::Walltime
        );
        assert!(
            job.tail
                .as_deref()
                .unwrap()
                .ends_with("DUE TO TIME LIMIT ***")
        );
        assert!((collect.usd - 2.0 * 0.75 / 60.0).abs() < 1e-9);
        assert_eq!(watched.steps[0].successful, 1);
        assert!(watched.steps[0].jobs.iter().all(|j| j.cause.is_none()));
        assert_eq!(
            watched.present_outputs().collect::<Vec<_>>(),
            [("/shared/rev_conus/a.h5", 2048)]
        );
        assert!(watched.cost_sentence().starts_with("$"));
    }
}
