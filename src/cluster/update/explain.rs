//! Each change pcluster reports, said for this cluster as it is now: made in place, the
//! queue's nodes replaced, the compute fleet stopped first (and which running jobs that
//! kills), or not possible on a running cluster at all. pcluster's own refusal message is
//! kept beside the words, never replaced by them.

use serde::Serialize;

use super::change::{Blocked, Change, UpdateAnswer};
use super::label::label;
use super::policy::Policy;

/// A job running now, by its Slurm id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunningJob {
    pub id: String,
    pub name: String,
}

/// What the cluster is doing now: what decides what a change costs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Situation {
    /// pcluster's compute fleet status (RUNNING, STOPPED, …); None when unknown.
    pub fleet: Option<String>,
    /// The jobs running now, or why pcwiz could not see them.
    pub running_jobs: Result<Vec<RunningJob>, String>,
    /// The new config's Scheduling.SlurmSettings.QueueUpdateStrategy (DRAIN, TERMINATE…).
    pub queue_update_strategy: Option<String>,
}

impl Situation {
    /// pcluster counts every status but STOPPED as a running fleet.
    pub fn fleet_running(&self) -> bool {
        self.fleet.as_deref() != Some("STOPPED")
    }

    fn strategy(&self) -> Option<&str> {
        self.queue_update_strategy
            .as_deref()
            .filter(|s| *s != "COMPUTE_FLEET_STOP")
    }

    /// "the 3 running jobs (rev-gen, rev-agg, rev-collect) will be killed".
    pub fn jobs_killed(&self) -> String {
        match &self.running_jobs {
            Err(why) => {
                format!("any job running then is killed (pcwiz could not see the jobs: {why})")
            }
            Ok(jobs) if jobs.is_empty() => "no job is running now, so none is lost".into(),
            Ok(jobs) => {
                const SHOWN: usize = 3;
                let mut names: Vec<String> = jobs
                    .iter()
                    .take(SHOWN)
                    .map(|j| format!("{} {}", j.id, j.name))
                    .collect();
                if jobs.len() > SHOWN {
                    names.push("…".into());
                }
                let (count, verb) = if jobs.len() == 1 {
                    ("the running job".to_string(), "is")
                } else {
                    (format!("the {} running jobs", jobs.len()), "are")
                };
                format!("{count} ({}) {verb} killed", names.join(", "))
            }
        }
    }
}

/// What a change asks of the cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// Made in place: nothing stops.
    InPlace,
    /// The queue's nodes are replaced (QueueUpdateStrategy DRAIN or TERMINATE).
    NodesReplaced,
    /// pcluster makes it only with the compute fleet stopped: pcwiz can stop it first.
    FleetStop,
    /// Not possible on a running cluster: it needs a new cluster.
    NewCluster,
    /// Refused for a reason stopping the fleet does not lift: pcluster's message says it.
    Refused,
}

/// One change, said for this cluster now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explained {
    pub parameter: String,
    /// "queue standard · c6a12xl · MaxCount (most nodes)".
    pub label: String,
    pub old: String,
    pub new: String,
    pub policy: Policy,
    pub effect: Effect,
    /// What it means, in words.
    pub words: String,
    /// pcluster's own refusal, when it refused this change as things stand.
    pub pcluster_said: Option<String>,
}

/// Every change in pcluster's answer, explained.
pub fn explain(answer: &UpdateAnswer, situation: &Situation) -> Vec<Explained> {
    answer
        .changes()
        .iter()
        .map(|change| {
            let blocked = answer
                .blocked()
                .iter()
                .find(|b| b.parameter == change.parameter);
            explain_one(change, blocked, situation)
        })
        .collect()
}

fn explain_one(change: &Change, blocked: Option<&Blocked>, situation: &Situation) -> Explained {
    let policy = change.policy();
    let effect = effect(change, policy, blocked, situation);
    Explained {
        parameter: change.parameter.clone(),
        label: label(&change.parameter),
        old: shown(&change.old),
        new: shown(&change.new),
        policy,
        effect,
        words: words(change, policy, effect, situation),
        pcluster_said: blocked.map(|b| b.message.clone()),
    }
}

/// pcluster's refusal that a stopped fleet lifts: "All compute nodes must be stopped…"
/// (with or without "or QueueUpdateStrategy must be set"), and nothing about login nodes.
pub fn lifted_by_stopping_the_fleet(message: &str) -> bool {
    message.starts_with("All compute nodes must be stopped") && !message.contains("login nodes")
}

fn effect(change: &Change, policy: Policy, blocked: Option<&Blocked>, s: &Situation) -> Effect {
    if let Some(blocked) = blocked {
        return if lifted_by_stopping_the_fleet(&blocked.message) {
            Effect::FleetStop
        } else if matches!(policy, Policy::Unsupported | Policy::ReadOnly)
            || blocked
                .message
                .starts_with("Update actions are not currently supported")
        {
            Effect::NewCluster
        } else {
            Effect::Refused
        };
    }
    let replaces_nodes = match policy {
        Policy::QueueUpdateStrategy
        | Policy::ManagedPlacementGroup
        | Policy::SharedStorage
        | Policy::ManagedFsx => s.strategy().is_some(),
        Policy::ResizeOnRemove => s.strategy() == Some("TERMINATE") && shrinks(change),
        _ => false,
    };
    if replaces_nodes && s.fleet_running() {
        Effect::NodesReplaced
    } else {
        Effect::InPlace
    }
}

/// A count lowered or a queue or compute resource removed.
fn shrinks(change: &Change) -> bool {
    if change.removed() {
        return true;
    }
    match (change.old.parse::<i64>(), change.new.parse::<i64>()) {
        (Ok(old), Ok(new)) => new < old,
        _ => false,
    }
}

fn words(change: &Change, policy: Policy, effect: Effect, s: &Situation) -> String {
    match effect {
        Effect::InPlace if !s.fleet_running() => {
            "made while the compute fleet is stopped: no compute node runs, nothing is lost".into()
        }
        Effect::InPlace if policy == Policy::ResizeOnRemove && !shrinks(change) => {
            "made in place: more nodes may start, running jobs carry on".into()
        }
        Effect::InPlace => "made in place: nothing stops, running jobs carry on".into(),
        Effect::NodesReplaced if s.strategy() == Some("DRAIN") => {
            "the queue's nodes are replaced as they finish their jobs (QueueUpdateStrategy: DRAIN): running jobs finish first".into()
        }
        Effect::NodesReplaced => format!(
            "the queue's nodes are replaced now (QueueUpdateStrategy: {}): {}",
            s.strategy().unwrap_or("TERMINATE"),
            s.jobs_killed()
        ),
        Effect::FleetStop => {
            let mut words = format!("needs the compute fleet stopped: {}", s.jobs_killed());
            if policy == Policy::QueueUpdateStrategy {
                words.push_str(
                    " (or set Scheduling.SlurmSettings.QueueUpdateStrategy: DRAIN to let them finish while the nodes are replaced)",
                );
            }
            words
        }
        Effect::NewCluster => {
            let mut words = format!(
                "cannot be changed on a running cluster: it needs a new cluster; put it back to {} to go on",
                shown(&change.old)
            );
            if change.parameter.starts_with("HeadNode") {
                words.push_str(
                    " (a new cluster means a new head node: files on its root volume do not come along)",
                );
            }
            words
        }
        Effect::Refused => "pcluster refuses it as things stand (its words below)".into(),
    }
}

/// A value as the screens show it: "(none)" for pcluster's "-", a new or removed list item
/// by its name, anything else as pcluster printed it, cut to a line.
pub fn shown(value: &str) -> String {
    const LONGEST: usize = 60;
    if value == "-" {
        return "(none)".into();
    }
    if value.starts_with('{')
        && let Some(rest) = value.split("'Name': '").nth(1)
        && let Some(name) = rest.split('\'').next()
    {
        return format!("{name} {{…}}");
    }
    if value.chars().count() > LONGEST {
        let cut: String = value.chars().take(LONGEST - 1).collect();
        return format!("{cut}…");
    }
    value.to_string()
}

#[cfg(test)]
mod tests;
