//! The queue step: counts, whole nodes, SMT, spot, EFA, placement group, the type picker, add/rename/remove.

use super::*;

impl WizardUi {
    pub(super) fn on_queues_key(&mut self, code: KeyCode) -> Vec<Command> {
        if self.queue_picking {
            return self.on_queue_picker_key(code);
        }
        if self.queue_rename.is_some() {
            self.on_queue_rename_key(code);
            return vec![];
        }
        let Some(config) = self.draft.config.as_mut() else {
            return vec![];
        };
        let rows = edits::queue_rows(config);
        let Some(&(queue, resource)) = rows.get(self.queue_selected) else {
            return if code == KeyCode::Enter {
                self.advance()
            } else {
                vec![]
            };
        };
        self.queue_message = None;
        match code {
            KeyCode::Down | KeyCode::Char('j') => {
                self.queue_selected = (self.queue_selected + 1).min(rows.len() - 1)
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.queue_selected = self.queue_selected.saturating_sub(1)
            }
            KeyCode::Char('x') => edits::toggle_exclusive(config, queue),
            KeyCode::Char('p') => edits::toggle_spot(config, queue),
            KeyCode::Char('t') => edits::toggle_smt(config, queue, resource),
            KeyCode::Char('+') => edits::adjust_max(config, queue, resource, 1),
            KeyCode::Char('-') => edits::adjust_max(config, queue, resource, -1),
            KeyCode::Char('>') => edits::adjust_min(config, queue, resource, 1),
            KeyCode::Char('<') => edits::adjust_min(config, queue, resource, -1),
            KeyCode::Char('a') => {
                if let Some(added) = edits::add_queue(config, queue) {
                    let rows = edits::queue_rows(config);
                    self.queue_selected = rows.iter().position(|&(q, _)| q == added).unwrap_or(0);
                }
            }
            KeyCode::Char('D') => {
                if edits::remove_queue(config, queue) {
                    self.queue_selected = self
                        .queue_selected
                        .min(edits::queue_rows(config).len().saturating_sub(1));
                } else {
                    self.queue_message = Some("A cluster needs at least one queue.".into());
                }
            }
            KeyCode::Char('n') => {
                self.queue_rename = Some(config.scheduling.slurm_queues[queue].name.clone())
            }
            KeyCode::Char('g') => edits::toggle_placement_group(config, queue),
            KeyCode::Char('z') => self.wants_sizing = true,
            KeyCode::Char('e') => {
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
            KeyCode::Char('i') => {
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
            KeyCode::Enter => {
                self.sync_instance_types();
                return self.advance();
            }
            _ => {}
        }
        vec![]
    }

    pub(super) fn on_queue_picker_key(&mut self, code: KeyCode) -> Vec<Command> {
        let Some(Ok(picker)) = self.catalog.value_mut() else {
            if code == KeyCode::Esc {
                self.queue_picking = false;
            }
            return vec![];
        };
        if super::machine::picker_key(picker, code) {
            return vec![];
        }
        match code {
            KeyCode::Esc if !picker.filter.is_empty() => picker.clear_filter(),
            KeyCode::Esc => self.queue_picking = false,
            KeyCode::Enter => {
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
            }
            _ => {}
        }
        vec![]
    }

    pub(super) fn on_queue_rename_key(&mut self, code: KeyCode) {
        let Some(name) = self.queue_rename.as_mut() else {
            return;
        };
        match code {
            KeyCode::Esc => self.queue_rename = None,
            KeyCode::Backspace => {
                name.pop();
            }
            KeyCode::Char(c) => name.push(c),
            KeyCode::Enter => {
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
