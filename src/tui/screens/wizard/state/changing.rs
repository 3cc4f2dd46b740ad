//! The wizard on a running cluster's config (the dashboard's `u`): its own queue, storage
//! and "Tags & upkeep" steps, over the config pcluster stored for the cluster. Nothing is
//! saved as a draft (the user's half-made new cluster stays as it was), Esc on the queue
//! step leaves, and Enter on the last step hands the edited config back.

use super::*;
use crate::wizard::change;
use crate::wizard::draft::Extras;

/// The steps a running cluster's config goes through.
pub const CHANGING_STEPS: [StepId; 3] = [StepId::Queues, StepId::Storage, StepId::Extras];

/// Which cluster is being changed, and the extras as its config had them (so only what the
/// user changes is written back).
#[derive(Debug, Clone)]
pub struct Changing {
    pub cluster: String,
    pub seed: Extras,
}

impl WizardUi {
    /// The queue step over `config`, the config of `cluster` in `region`. `zone` (the
    /// compute subnet's) lets the type picker offer what the zone has.
    pub fn changing(
        cluster: &str,
        region: &str,
        config: ClusterConfig,
        zone: Option<String>,
        home: Option<std::path::PathBuf>,
    ) -> (Self, Vec<Command>) {
        let seed = change::extras_of(&config);
        let draft = Draft {
            current: StepId::Queues,
            region: Some(region.to_string()),
            instance_types: config.instance_types(),
            head_node_type: Some(config.head_node.instance_type.clone()),
            network: zone.map(|zone| crate::wizard::draft::NetworkChoice {
                vpc_id: String::new(),
                head_subnet: config.head_node.networking.subnet_id.clone(),
                compute_subnet: config
                    .scheduling
                    .slurm_queues
                    .first()
                    .and_then(|q| q.networking.subnet_ids.first().cloned())
                    .unwrap_or_default(),
                availability_zone: zone,
                created_stack: None,
            }),
            extras: seed.clone(),
            config: Some(config),
            ..Draft::default()
        };
        let (mut ui, mut commands) = Self::new(
            draft,
            Some(region),
            home,
            std::path::PathBuf::from("."),
            (vec![], vec![]),
        );
        ui.changing = Some(Changing {
            cluster: cluster.to_string(),
            seed,
        });
        commands.retain(|c| !matches!(c, Command::SaveDraft(_)));
        (ui, commands)
    }

    /// A step's number as the side shows it: 1–3 while changing a cluster, else the
    /// wizard's own.
    pub fn step_number(&self, step: StepId) -> usize {
        match self.changing {
            Some(_) => CHANGING_STEPS.iter().position(|s| *s == step).unwrap_or(0) + 1,
            None => step.index() + 1,
        }
    }

    /// The config as the steps have left it, with only the extras the user changed.
    pub fn changed_config(&self) -> Option<ClusterConfig> {
        let changing = self.changing.as_ref()?;
        let edited = self.draft.config.as_ref()?;
        Some(change::changed_config(
            edited,
            &changing.seed,
            &self.draft.extras,
        ))
    }

    /// Enter on a step while changing a cluster: the next of its three, or done.
    pub(super) fn advance_changing(&mut self) -> Vec<Command> {
        self.draft.current = match self.step {
            StepId::Queues => StepId::Storage,
            _ => StepId::Extras,
        };
        match self.step {
            StepId::Queues => self.enter(StepId::Storage),
            StepId::Storage => self.enter(StepId::Extras),
            _ => {
                self.finished = true;
                vec![]
            }
        }
    }

    /// Esc while changing a cluster: out of the picker or a field being typed first, then
    /// back a step, and out from the queue step.
    pub(super) fn back_changing(&mut self) -> Outcome {
        self.finished = false;
        if self.queue_picking || self.queue_rename.is_some() || self.storage_mount.is_some() {
            self.queue_picking = false;
            self.queue_rename = None;
            self.storage_mount = None;
            return Outcome::default();
        }
        match self.step {
            StepId::Extras => Outcome::run(self.enter(StepId::Storage)),
            StepId::Storage => Outcome::run(self.enter(StepId::Queues)),
            _ => Outcome {
                commands: vec![],
                leave: true,
            },
        }
    }
}
