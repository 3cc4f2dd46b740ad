//! The shared-storage step: FSx size and type, deletion policy, mount dir, add and remove.

use super::*;

impl WizardUi {
    pub(super) fn on_storage_key(&mut self, code: KeyCode) -> Vec<Command> {
        let Some(config) = self.draft.config.as_mut() else {
            return vec![];
        };
        let count = config.shared_storage.len();
        let at = self.storage_selected;
        if let Some(dir) = self.storage_mount.as_mut() {
            match code {
                KeyCode::Esc => self.storage_mount = None,
                KeyCode::Backspace => {
                    dir.pop();
                }
                KeyCode::Char(c) => dir.push(c),
                KeyCode::Enter => match edits::set_mount_dir(config, at, &dir.clone()) {
                    Ok(()) => {
                        self.storage_mount = None;
                        self.storage_message = None;
                    }
                    Err(why) => self.storage_message = Some(why),
                },
                _ => {}
            }
            return vec![];
        }
        self.storage_message = None;
        match code {
            KeyCode::Char('a') => self.storage_selected = edits::add_efs(config),
            KeyCode::Char('b') => self.storage_selected = edits::add_ebs(config),
            KeyCode::Char('D') => {
                edits::remove_storage(config, at);
                self.storage_selected = at.min(config.shared_storage.len().saturating_sub(1));
            }
            KeyCode::Char('m') if at < count => {
                self.storage_mount = Some(config.shared_storage[at].mount_dir.clone())
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.storage_selected = (at + 1).min(count.saturating_sub(1))
            }
            KeyCode::Up | KeyCode::Char('k') => self.storage_selected = at.saturating_sub(1),
            KeyCode::Char('+') => edits::step_fsx_capacity(config, at, true),
            KeyCode::Char('-') => edits::step_fsx_capacity(config, at, false),
            KeyCode::Char('t') => edits::toggle_fsx_deployment(config, at),
            KeyCode::Char('d') => edits::toggle_deletion_policy(config, at),
            KeyCode::Enter => return self.advance(),
            _ => {}
        }
        vec![]
    }
}
