//! The shared-storage step: FSx size and type, deletion policy, mount dir, add and remove.

use super::*;

impl WizardUi {
    pub(super) fn on_storage_key(&mut self, pressed: Pressed<Key>) -> Vec<Command> {
        let Some(config) = self.draft.config.as_mut() else {
            return vec![];
        };
        let count = config.shared_storage.len();
        let at = self.storage_selected;
        // The mount dir being typed (Esc is the wizard's: back a step).
        if let Some(dir) = self.storage_mount.as_mut() {
            match pressed.action {
                Some(Key::Erase) => {
                    dir.pop();
                }
                Some(Key::Type) => dir.extend(pressed.char),
                Some(Key::Choose) => match edits::set_mount_dir(config, at, &dir.clone()) {
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
        match pressed.action {
            Some(Key::Add) => self.storage_selected = edits::add_efs(config),
            Some(Key::AddEbs) => self.storage_selected = edits::add_ebs(config),
            Some(Key::Remove) => {
                edits::remove_storage(config, at);
                self.storage_selected = at.min(config.shared_storage.len().saturating_sub(1));
            }
            Some(Key::MountDir) if at < count => {
                self.storage_mount = Some(config.shared_storage[at].mount_dir.clone())
            }
            Some(Key::Down) => self.storage_selected = (at + 1).min(count.saturating_sub(1)),
            Some(Key::Up) => self.storage_selected = at.saturating_sub(1),
            Some(Key::Bigger) => edits::step_fsx_capacity(config, at, true),
            Some(Key::Smaller) => edits::step_fsx_capacity(config, at, false),
            Some(Key::Deployment) => edits::toggle_fsx_deployment(config, at),
            Some(Key::DeletionPolicy) => edits::toggle_deletion_policy(config, at),
            Some(Key::Choose) => return self.advance(),
            _ => {}
        }
        vec![]
    }
}
