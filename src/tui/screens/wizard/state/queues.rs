//! The queue step: counts, whole nodes, SMT, spot, EFA, placement group, the type picker, add/rename/remove.

use super::*;

impl WizardUi {
    pub(super) fn on_queues_key(&mut self, pressed: Pressed<Key>) -> Vec<Command> {
        if self.queue_picking {
            return self.on_queue_picker_key(pressed);
        }
        if self.queue_rename.is_some() {
            self.on_queue_rename_key(pressed);
            return vec![];
        }
        let Some(config) = self.draft.config.as_mut() else {
            return vec![];
        };
        let rows = edits::queue_rows(config);
        let Some(&(queue, resource)) = rows.get(self.queue_selected) else {
            return if pressed.action == Some(Key::Choose) {
                self.advance()
            } else {
                vec![]
            };
        };
        self.queue_message = None;
        match pressed.action {
            Some(Key::Down) => self.queue_selected = (self.queue_selected + 1).min(rows.len() - 1),
            Some(Key::Up) => self.queue_selected = self.queue_selected.saturating_sub(1),
            Some(Key::WholeNodes) => edits::toggle_exclusive(config, queue),
            Some(Key::Spot) => edits::toggle_spot(config, queue),
            Some(Key::Smt) => edits::toggle_smt(config, queue, resource),
            Some(Key::MoreNodes) => edits::adjust_max(config, queue, resource, 1),
            Some(Key::FewerNodes) => edits::adjust_max(config, queue, resource, -1),
            Some(Key::MoreStatic) => edits::adjust_min(config, queue, resource, 1),
            Some(Key::FewerStatic) => edits::adjust_min(config, queue, resource, -1),
            Some(Key::Add) => {
                if let Some(added) = edits::add_queue(config, queue) {
                    let rows = edits::queue_rows(config);
                    self.queue_selected = rows.iter().position(|&(q, _)| q == added).unwrap_or(0);
                }
            }
            Some(Key::Remove) => {
                if edits::remove_queue(config, queue) {
                    self.queue_selected = self
                        .queue_selected
                        .min(edits::queue_rows(config).len().saturating_sub(1));
                } else {
                    self.queue_message = Some("A cluster needs at least one queue.".into());
                }
            }
            Some(Key::Rename) => {
                self.queue_rename = Some(config.scheduling.slurm_queues[queue].name.clone())
            }
            Some(Key::PlacementGroup) => edits::toggle_placement_group(config, queue),
            Some(Key::SizeIt) => self.wants_sizing = true,
            Some(Key::Efa) => {
                let kind = config.scheduling.slurm_queues[queue].compute_resources[resource]
                    .instance_type
                    .clone()
                    .unwrap_or_default();
                // EFA only where the type supports it (when the zone's types are known).
                let supported = match self.catalog.value() {
                    Some(Ok(picker)) => picker.find(&kind).map(|t| t.efa),
                    _ => None,
                };
                if supported == Some(false) {
                    self.queue_message = Some(format!(
                        "{kind} does not support EFA; pick an EFA type (i, then type efa)."
                    ));
                } else {
                    edits::toggle_efa(config, queue, resource);
                }
            }
            Some(Key::PickType) => {
                let current = config.scheduling.slurm_queues[queue].compute_resources[resource]
                    .instance_type
                    .clone();
                self.queue_picking = true;
                if let Some(Ok(picker)) = self.catalog.value_mut() {
                    picker.clear_filter();
                    if let Some(current) = current {
                        picker.select_name(&current);
                    }
                } else if !self.catalog_requested
                    || matches!(self.catalog, Remote::Ready { value: Err(_), .. })
                {
                    // Never fetched (a resumed draft), or it failed: fetch the zone's types now.
                    return self.enter_catalog();
                }
            }
            Some(Key::Choose) => {
                self.sync_instance_types();
                return self.advance();
            }
            _ => {}
        }
        vec![]
    }

    /// The type picker over the queue step (Esc is the wizard's: back a step).
    pub(super) fn on_queue_picker_key(&mut self, pressed: Pressed<Key>) -> Vec<Command> {
        let Some(Ok(picker)) = self.catalog.value_mut() else {
            return vec![];
        };
        if super::machine::picker_key(picker, pressed) || pressed.action != Some(Key::Choose) {
            return vec![];
        }
        let chosen = picker.current().map(|t| t.name.clone());
        let rows = self
            .draft
            .config
            .as_ref()
            .map(edits::queue_rows)
            .unwrap_or_default();
        if let (Some(chosen), Some(&(queue, resource)), Some(config)) = (
            chosen,
            rows.get(self.queue_selected),
            self.draft.config.as_mut(),
        ) {
            edits::set_instance_type(config, queue, resource, &chosen);
        }
        self.queue_picking = false;
        self.sync_instance_types();
        vec![]
    }

    /// The queue's new name being typed (Esc is the wizard's: back a step).
    pub(super) fn on_queue_rename_key(&mut self, pressed: Pressed<Key>) {
        let Some(name) = self.queue_rename.as_mut() else {
            return;
        };
        match pressed.action {
            Some(Key::Erase) => {
                name.pop();
            }
            Some(Key::Type) => name.extend(pressed.char),
            Some(Key::Choose) => {
                let name = name.clone();
                let rows = self
                    .draft
                    .config
                    .as_ref()
                    .map(edits::queue_rows)
                    .unwrap_or_default();
                if let (Some(&(queue, _)), Some(config)) =
                    (rows.get(self.queue_selected), self.draft.config.as_mut())
                {
                    match edits::rename_queue(config, queue, &name) {
                        Ok(()) => self.queue_rename = None,
                        Err(why) => self.queue_message = Some(why),
                    }
                }
            }
            _ => {}
        }
    }

    /// The zone must offer every planned type: keep the list in step with the config.
    pub(super) fn sync_instance_types(&mut self) {
        if let Ok(config) = build::build(&self.draft) {
            self.draft.instance_types = config.instance_types();
        }
    }
}

impl WizardUi {
    /// The model's settings for the selected queue: SMT on unless the queue disables it,
    /// nodes shared unless it allocates them whole.
    pub fn sizing_knobs(&self) -> crate::cluster::sizing::Knobs {
        let mut knobs = crate::cluster::sizing::Knobs::default();
        let Some(config) = self.draft.config.as_ref() else {
            return knobs;
        };
        if let Some(&(q, r)) = edits::queue_rows(config).get(self.queue_selected) {
            let queue = &config.scheduling.slurm_queues[q];
            knobs.shared_nodes = queue.job_exclusive_allocation != Some(true);
            knobs.smt =
                queue.compute_resources[r].disable_simultaneous_multithreading != Some(true);
        }
        knobs
    }

    /// The sizing assistant's pick, onto the selected queue (its first compute resource).
    /// Returns the draft's save and the prices the cost panel now needs.
    pub fn apply_sizing_pick(
        &mut self,
        pick: &crate::cluster::sizing::Pick,
        knobs: &crate::cluster::sizing::Knobs,
    ) -> Vec<Command> {
        let Some(config) = self.draft.config.as_mut() else {
            return vec![];
        };
        let rows = edits::queue_rows(config);
        let queue = rows
            .get(self.queue_selected)
            .map(|&(q, _)| config.scheduling.slurm_queues[q].name.clone());
        let applied =
            crate::cluster::sizing::apply::apply_pick(config, queue.as_deref(), pick, knobs);
        self.queue_message = Some(match applied {
            Ok(changed) => format!("Sized: {changed}"),
            Err(why) => format!("Could not apply the sizing: {why}"),
        });
        let mut commands = vec![self.save()];
        commands.extend(self.price_requests());
        commands
    }
}
