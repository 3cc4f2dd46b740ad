//! What pcwiz must do to apply an update, decided from pcluster's answer and the
//! explained changes: nothing, the update alone, a fleet stop around it, or nothing at all
//! because a change cannot be made. The steps are said before the user is asked.

use serde::Serialize;

use super::change::UpdateAnswer;
use super::explain::{Effect, Explained};
use super::refusal;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "plan", rename_all = "kebab-case")]
pub enum Plan {
    /// The file is the cluster's config.
    Nothing,
    /// pcluster makes the changes now.
    Apply,
    /// pcluster makes them only with the compute fleet stopped: pcwiz stops it, waits for
    /// its instances to end, updates, and starts it again.
    StopFleetFirst,
    /// A change cannot be made on this cluster: nothing is done.
    Impossible,
    /// The new config fails pcluster's validators.
    Invalid,
    /// pcluster would not compare at all; the reason in words.
    Failed { reason: String },
}

pub fn plan(answer: &UpdateAnswer, explained: &[Explained]) -> Plan {
    match answer {
        UpdateAnswer::NoChanges => Plan::Nothing,
        UpdateAnswer::WouldApply { .. } | UpdateAnswer::Started { .. } => Plan::Apply,
        UpdateAnswer::Invalid { .. } => Plan::Invalid,
        UpdateAnswer::Failed { message } => Plan::Failed {
            reason: refusal::in_words(message),
        },
        UpdateAnswer::Refused { .. } => {
            if explained
                .iter()
                .all(|e| matches!(e.effect, Effect::FleetStop | Effect::InPlace))
                && explained.iter().any(|e| e.effect == Effect::FleetStop)
            {
                Plan::StopFleetFirst
            } else {
                Plan::Impossible
            }
        }
    }
}

impl Plan {
    /// Can pcwiz go ahead (after asking)?
    pub fn applicable(&self) -> bool {
        matches!(self, Self::Apply | Self::StopFleetFirst)
    }

    /// One sentence: where the change stands.
    pub fn verdict(&self) -> String {
        match self {
            Self::Nothing => "Nothing to change: the file is the cluster's config as it runs.".into(),
            Self::Apply => "pcluster would make these changes now.".into(),
            Self::StopFleetFirst => "pcluster makes these changes only with the compute fleet stopped: pcwiz can stop it, update, and start it again.".into(),
            Self::Impossible => "These changes cannot be made on this cluster: put back the settings marked ✖ (or make a new cluster for them). Nothing was changed.".into(),
            Self::Invalid => "pcluster's validators refuse the new config: fix the errors above. Nothing was changed.".into(),
            Self::Failed { reason } => format!("pcluster would not look at the change: {reason}"),
        }
    }

    /// What pcwiz will do, in order, once the user says yes.
    pub fn steps(&self) -> Vec<&'static str> {
        let update = [
            "run pcluster update-cluster (CloudFormation updates the stack; the head node applies it)",
            "follow the stack until the update ends",
        ];
        match self {
            Self::Apply => update.to_vec(),
            Self::StopFleetFirst => {
                let mut steps = vec![
                    "stop the compute fleet and wait until its compute instances are gone and pcluster records it STOPPED",
                ];
                steps.extend(update);
                steps.push("start the compute fleet again (also if the update fails)");
                steps
            }
            _ => vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::update::change::{Blocked, Change};
    use crate::cluster::update::explain::{RunningJob, Situation, explain};

    fn situation() -> Situation {
        Situation {
            fleet: Some("RUNNING".into()),
            running_jobs: Ok(vec![RunningJob {
                id: "7".into(),
                name: "rev-gen".into(),
            }]),
            queue_update_strategy: None,
        }
    }

    fn refused(pairs: &[(&str, &str)]) -> UpdateAnswer {
        UpdateAnswer::Refused {
            changes: pairs
                .iter()
                .map(|(p, _)| Change {
                    parameter: p.to_string(),
                    old: "a".into(),
                    new: "b".into(),
                })
                .collect(),
            blocked: pairs
                .iter()
                .filter(|(_, m)| !m.is_empty())
                .map(|(p, m)| Blocked {
                    parameter: p.to_string(),
                    message: m.to_string(),
                })
                .collect(),
        }
    }

    const TYPE: &str = "Scheduling.SlurmQueues[q].ComputeResources[r].InstanceType";
    const STOP: &str = "All compute nodes must be stopped. Stop the compute fleet with the pcluster update-compute-fleet command";

    #[test]
    fn refusals_a_fleet_stop_lifts_make_a_plan_around_it() {
        let answer = refused(&[
            (TYPE, STOP),
            ("Scheduling.SlurmQueues[q].JobExclusiveAllocation", ""),
        ]);
        let plan = plan(&answer, &explain(&answer, &situation()));
        assert_eq!(plan, Plan::StopFleetFirst);
        assert!(plan.applicable());
        assert_eq!(plan.steps().len(), 4);
        assert!(plan.steps()[3].starts_with("start the compute fleet again"));
    }

    #[test]
    fn one_impossible_change_stops_everything() {
        let answer = refused(&[
            (TYPE, STOP),
            (
                "HeadNode.InstanceType",
                "Update actions are not currently supported for the 'InstanceType' parameter.",
            ),
        ]);
        let plan = plan(&answer, &explain(&answer, &situation()));
        assert_eq!(plan, Plan::Impossible);
        assert!(!plan.applicable());
        assert!(plan.steps().is_empty());
    }

    #[test]
    fn pcluster_refusing_to_look_is_said_in_words() {
        let answer = UpdateAnswer::Failed {
            message: "Cannot execute update while stack is in UPDATE_IN_PROGRESS status.".into(),
        };
        let Plan::Failed { reason } = plan(&answer, &[]) else {
            panic!()
        };
        assert!(reason.contains("busy"), "{reason}");
    }
}
