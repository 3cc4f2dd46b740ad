//! What a reV run has cost so far, per job and per step: each job's node-hours (gaps' runtime
//! of the job, one node per job) times the $/h of the instance it ran on. Pure.
//!
//! A job's node is known only while Slurm lists it (squeue's node list), and a node's
//! instance only while it is up (node_billing): so the rate is learnt while the job runs and
//! kept (`RevRates::learn`, called at each refresh). A job seen only before or after, the
//! queue's rate stands in: the price of an instance of the project's partition seen up. The
//! node's boot before reV starts is not in gaps' runtime, so this is a floor, and said so.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use super::node_billing::Billing;
use super::rev_status::{RevJob, RevPipeline};
use super::slurm::{Job, Node};

/// What one node of a job cost per hour, and what it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeRate {
    pub instance_type: String,
    pub usd_per_hour: f64,
    /// The node it was seen on; None for the queue's rate standing in.
    pub node: Option<String>,
}

/// Rates learnt so far for one run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RevRates {
    pub by_job: BTreeMap<String, NodeRate>,
    /// An instance of the project's queue, as seen up with its price.
    pub queue: Option<NodeRate>,
}

impl RevRates {
    /// Learns from one refresh: each of the run's jobs Slurm lists on a node whose instance
    /// has a price, and the queue's rate from any priced node of `partition` (any compute
    /// node when the partition is not known).
    pub fn learn(
        &mut self,
        pipeline: &RevPipeline,
        jobs: &[Job],
        nodes: &[Node],
        billing: &Billing,
        partition: Option<&str>,
    ) {
        let rate_of = |node: &str| {
            billing.nodes.iter().find(|b| b.node == node).and_then(|b| {
                Some((
                    b.instance_type.clone()?,
                    b.usd_per_hour.filter(|u| *u > 0.0)?,
                ))
            })
        };
        for job in pipeline.steps.iter().flat_map(|s| &s.jobs) {
            let Some(id) = &job.job_id else { continue };
            let Some(listed) = jobs.iter().find(|j| &j.id == id && !j.nodes.is_empty()) else {
                continue;
            };
            // gaps' jobs are one node each: the list is one name.
            if let Some((instance_type, usd)) = rate_of(&listed.nodes) {
                self.by_job.insert(
                    job.name.clone(),
                    NodeRate {
                        instance_type,
                        usd_per_hour: usd,
                        node: Some(listed.nodes.clone()),
                    },
                );
            }
        }
        let in_queue = |n: &&Node| partition.is_none_or(|p| n.partitions.iter().any(|q| q == p));
        if let Some((instance_type, usd)) =
            nodes.iter().filter(in_queue).find_map(|n| rate_of(&n.name))
        {
            self.queue = Some(NodeRate {
                instance_type,
                usd_per_hour: usd,
                node: None,
            });
        }
    }

    pub fn rate(&self, job: &str) -> Option<&NodeRate> {
        self.by_job.get(job).or(self.queue.as_ref())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobCost {
    /// Node-hours so far (the runtime of a running job up to now).
    pub hours: f64,
    pub usd: Option<f64>,
    pub rate: Option<NodeRate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepCost {
    pub step: String,
    pub hours: f64,
    /// The priced jobs' cost; `unpriced` says how many jobs with runtime have none.
    pub usd: f64,
    pub unpriced: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunCost {
    pub jobs: BTreeMap<String, JobCost>,
    pub steps: Vec<StepCost>,
    pub usd: f64,
    pub unpriced: usize,
}

/// Cost so far. `now`: the cluster's clock (gaps stamps its times in the node's local time).
pub fn costs(pipeline: &RevPipeline, rates: &RevRates, now: Option<NaiveDateTime>) -> RunCost {
    let mut jobs = BTreeMap::new();
    let mut steps = vec![];
    for step in &pipeline.steps {
        let mut total = StepCost {
            step: step.name.clone(),
            hours: 0.0,
            usd: 0.0,
            unpriced: 0,
        };
        for job in &step.jobs {
            let Some(hours) = job_hours(job, now) else {
                continue;
            };
            let rate = rates.rate(&job.name).cloned();
            let usd = rate.as_ref().map(|r| r.usd_per_hour * hours);
            total.hours += hours;
            match usd {
                Some(usd) => total.usd += usd,
                None => total.unpriced += 1,
            }
            jobs.insert(job.name.clone(), JobCost { hours, usd, rate });
        }
        steps.push(total);
    }
    RunCost {
        usd: steps.iter().map(|s| s.usd).sum(),
        unpriced: steps.iter().map(|s| s.unpriced).sum(),
        jobs,
        steps,
    }
}

fn job_hours(job: &RevJob, now: Option<NaiveDateTime>) -> Option<f64> {
    now.and_then(|n| job.runtime_minutes_at(n))
        .or(job.runtime_minutes)
        .map(|m| m.max(0.0) / 60.0)
}

/// The run against the sizing's estimate: hours since its first job started (to its last
/// end when it is over), and the estimate's hours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgainstEstimate {
    pub elapsed_hours: f64,
    pub estimate_hours: f64,
    pub finished: bool,
}

impl AgainstEstimate {
    /// "0.4 h of the estimated 1.6 h: about 1.2 h left" or "1.9 h: 0.3 h over the estimate".
    pub fn sentence(&self) -> String {
        let left = self.estimate_hours - self.elapsed_hours;
        if self.finished {
            format!(
                "took {:.1} h against the sizing's {:.1} h",
                self.elapsed_hours, self.estimate_hours
            )
        } else if left >= 0.0 {
            format!(
                "{:.1} h of the sizing's estimated {:.1} h: about {left:.1} h left",
                self.elapsed_hours, self.estimate_hours
            )
        } else {
            format!(
                "{:.1} h: {:.1} h over the sizing's estimate of {:.1} h",
                self.elapsed_hours, -left, self.estimate_hours
            )
        }
    }
}

const GAPS_TIME_FORMAT: &str = "%d-%b-%Y %H:%M:%S";

pub fn against_estimate(
    pipeline: &RevPipeline,
    now: Option<NaiveDateTime>,
) -> Option<AgainstEstimate> {
    let estimate = pipeline.project.as_ref()?.estimate.as_ref()?;
    let parse = |t: &Option<String>| {
        t.as_deref()
            .and_then(|t| NaiveDateTime::parse_from_str(t, GAPS_TIME_FORMAT).ok())
    };
    let all = pipeline.steps.iter().flat_map(|s| &s.jobs);
    let start = all.clone().filter_map(|j| parse(&j.time_start)).min()?;
    let finished = pipeline.over();
    let end = if finished {
        all.filter_map(|j| parse(&j.time_end)).max()
    } else {
        now
    }?;
    Some(AgainstEstimate {
        elapsed_hours: (end - start).num_seconds().max(0) as f64 / 3600.0,
        estimate_hours: estimate.hours,
        finished,
    })
}

#[cfg(test)]
mod tests;
