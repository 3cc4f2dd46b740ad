//! The network step: choosing a subnet, and creating a network stack with progress.

use super::*;

impl WizardUi {
    pub(super) fn on_network_key(&mut self, action: Option<Key>) -> Vec<Command> {
        match action {
            Some(Key::Down) => {
                self.subnet_selected =
                    (self.subnet_selected + 1).min(self.subnet_rows.len().saturating_sub(1));
            }
            Some(Key::Up) => self.subnet_selected = self.subnet_selected.saturating_sub(1),
            Some(Key::Reload) => return self.enter(StepId::Network),
            Some(Key::NewNetwork) => {
                if let Some(Ok(inventory)) = self.network.value() {
                    let zones =
                        network_step::zones_for_new_network(inventory, &self.draft.instance_types);
                    self.create = Some(CreateNetworkUi {
                        zones,
                        zones_in_region: inventory.zones.len(),
                        zone: 0,
                        private_compute: false,
                        phase: CreatePhase::Confirm,
                    });
                }
            }
            Some(Key::Choose) => {
                let Some(row) = self.subnet_rows.get(self.subnet_selected) else {
                    return vec![];
                };
                if let Verdict::Unusable(_) = row.verdict {
                    return vec![];
                }
                self.draft.network = Some(NetworkChoice {
                    vpc_id: row.subnet.vpc_id.clone(),
                    head_subnet: row.subnet.id.clone(),
                    compute_subnet: row.subnet.id.clone(),
                    availability_zone: row.subnet.availability_zone.clone(),
                    created_stack: None,
                });
                return self.advance();
            }
            _ => {}
        }
        vec![]
    }

    pub(super) fn on_create_key(&mut self, action: Option<Key>) -> Vec<Command> {
        let region = self.region();
        let Some(create) = self.create.as_mut() else {
            return vec![];
        };
        match (&create.phase, action) {
            (CreatePhase::Running(_), _) => {}
            (_, Some(Key::Close)) => self.create = None,
            (CreatePhase::Confirm, Some(Key::ZonePrevious)) => {
                create.zone = create.zone.saturating_sub(1)
            }
            (CreatePhase::Confirm, Some(Key::ZoneNext)) => {
                create.zone = (create.zone + 1).min(create.zones.len().saturating_sub(1));
            }
            (CreatePhase::Confirm, Some(Key::PrivateCompute)) => {
                create.private_compute = !create.private_compute
            }
            (CreatePhase::Confirm | CreatePhase::Failed(_), Some(Key::Choose)) => {
                let Some(zone) = create.zones.get(create.zone).cloned() else {
                    return vec![];
                };
                create.phase = CreatePhase::Running(None);
                return vec![Command::CreateNetwork {
                    region,
                    availability_zone: zone,
                    layout: if create.private_compute {
                        Layout::PublicPrivate
                    } else {
                        Layout::Public
                    },
                }];
            }
            _ => {}
        }
        vec![]
    }

    pub fn network_loaded(&mut self, region: &str, result: Result<Box<NetworkInventory>, String>) {
        if region != self.region() {
            return;
        }
        if let Ok(inventory) = &result {
            self.subnet_rows = network_step::rows(inventory, &self.draft.instance_types);
            let chosen = self.draft.network.as_ref().and_then(|n| {
                self.subnet_rows
                    .iter()
                    .position(|r| r.subnet.id == n.head_subnet)
            });
            self.subnet_selected = chosen
                .or_else(|| network_step::default_row(&self.subnet_rows))
                .unwrap_or(0);
        }
        self.network = Remote::Ready {
            value: result,
            at: Instant::now(),
        };
    }

    pub fn network_progress(&mut self, result: Result<Box<StackProgress>, String>) -> Vec<Command> {
        let Some(create) = self.create.as_mut() else {
            return vec![];
        };
        match result {
            Err(message) => create.phase = CreatePhase::Failed(message),
            Ok(progress) if progress.finished() && !progress.succeeded() => {
                create.phase =
                    CreatePhase::Failed(progress.failure().unwrap_or(progress.status.clone()));
            }
            Ok(progress) if progress.succeeded() => {
                let zone = create.zones.get(create.zone).cloned().unwrap_or_default();
                self.draft.network = Some(NetworkChoice::from_created_stack(
                    &progress.name,
                    &zone,
                    &progress.outputs,
                ));
                self.create = None;
                let mut commands = self.advance();
                // Show the new subnet in the list too.
                commands.push(Command::LoadNetwork {
                    region: self.region(),
                    instance_types: self.draft.instance_types.clone(),
                });
                return commands;
            }
            Ok(progress) => create.phase = CreatePhase::Running(Some(progress)),
        }
        vec![]
    }
}
