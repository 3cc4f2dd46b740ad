//! The SSH key step: choosing a row, the name/passphrase form, and import results.

use super::*;

impl WizardUi {
    pub(super) fn on_key_step_key(&mut self, action: Option<Key>) -> Vec<Command> {
        if self.key_busy {
            return vec![];
        }
        match action {
            Some(Key::Down) => {
                self.key_selected = next_selectable(&self.key_rows, self.key_selected, 1)
            }
            Some(Key::Up) => {
                self.key_selected = next_selectable(&self.key_rows, self.key_selected, -1)
            }
            Some(Key::Reload) => return self.enter(StepId::SshKey),
            Some(Key::Choose) => {
                let Some(row) = self
                    .key_rows
                    .get(self.key_selected)
                    .filter(|r| r.selectable())
                else {
                    return vec![];
                };
                self.key_error = None;
                match row.action.clone() {
                    Some(KeyAction::UseExisting {
                        pair,
                        private_key,
                        kind,
                    }) => {
                        self.draft.key = Some(KeyChoice {
                            name: pair,
                            kind,
                            private_key: Some(private_key),
                            origin: KeyOrigin::Existing,
                        });
                        return self.advance();
                    }
                    Some(action @ KeyAction::Import { .. })
                    | Some(action @ KeyAction::Generate { .. }) => {
                        let name = match &action {
                            KeyAction::Import { suggested_name, .. }
                            | KeyAction::Generate { suggested_name } => suggested_name.clone(),
                            KeyAction::UseExisting { .. } => unreachable!(),
                        };
                        self.key_form = Some(KeyForm {
                            action,
                            field: FormField::Name,
                            name,
                            passphrase: String::new(),
                        });
                    }
                    None => {}
                }
            }
            _ => {}
        }
        vec![]
    }

    pub(super) fn on_form_key(&mut self, pressed: Pressed<Key>) -> Vec<Command> {
        let region = self.region();
        let Some(form) = self.key_form.as_mut() else {
            return vec![];
        };
        let field = match form.field {
            FormField::Name => &mut form.name,
            FormField::Passphrase => &mut form.passphrase,
        };
        match pressed.action {
            // Esc closes the form; what was typed is kept for the next time it opens.
            Some(Key::Close) => self.key_form = None,
            Some(Key::Erase) => {
                field.pop();
            }
            Some(Key::Type) => field.extend(pressed.char),
            Some(Key::NextField) if matches!(form.action, KeyAction::Generate { .. }) => {
                form.field = match form.field {
                    FormField::Name => FormField::Passphrase,
                    FormField::Passphrase => FormField::Name,
                };
            }
            Some(Key::Choose) => {
                let name = form.name.trim().to_string();
                if name.is_empty() {
                    self.key_error = Some("The key pair needs a name.".into());
                    return vec![];
                }
                if matches!(form.action, KeyAction::Generate { .. })
                    && form.field == FormField::Name
                {
                    form.field = FormField::Passphrase;
                    return vec![];
                }
                let command = match &form.action {
                    KeyAction::Import { public_key, .. } => Command::ImportKey {
                        region,
                        public_key: public_key.clone(),
                        name,
                    },
                    KeyAction::Generate { .. } => Command::GenerateKey {
                        region,
                        name,
                        passphrase: form.passphrase.clone(),
                    },
                    KeyAction::UseExisting { .. } => return vec![],
                };
                self.key_busy = true;
                self.key_error = None;
                return vec![command];
            }
            _ => {}
        }
        vec![]
    }

    // --- results from the background -------------------------------------------------------

    pub fn keys_loaded(&mut self, region: &str, result: Result<KeyInventory, String>) {
        if region != self.region() {
            return; // an answer for a region the user has since left
        }
        if let Ok(inventory) = &result {
            self.key_rows = key_step::rows(
                &inventory.local,
                &inventory.remote,
                self.draft.os,
                self.home.as_deref(),
                region,
            );
            // Keep the user's choice across reloads; else the sensible default.
            let chosen = self.draft.key.as_ref().and_then(|k| {
                self.key_rows.iter().position(|r| {
                    matches!(&r.action, Some(KeyAction::UseExisting { pair, .. }) if *pair == k.name)
                })
            });
            self.key_selected = chosen.unwrap_or_else(|| key_step::default_row(&self.key_rows));
        }
        self.keys = Remote::Ready {
            value: result,
            at: Instant::now(),
        };
    }

    pub fn key_ready(&mut self, result: Result<KeyChoice, String>) -> Vec<Command> {
        self.key_busy = false;
        match result {
            Ok(choice) => {
                self.key_form = None;
                self.draft.key = Some(choice);
                if self.step == StepId::SshKey {
                    return self.advance();
                }
                vec![]
            }
            Err(message) => {
                // The form stays open with what was typed, the cursor back on the name (the
                // usual culprit): fix it and press Enter.
                if let Some(form) = self.key_form.as_mut() {
                    form.field = FormField::Name;
                }
                self.key_error = Some(message);
                vec![]
            }
        }
    }
}
