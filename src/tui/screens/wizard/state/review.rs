//! The review step: checks against the account, scrolling, and saving the config.

use super::*;

/// Why an explored config cannot be saved yet.
const SAVE_WAITS: &str = "Saving waits for the SSH key and network steps (they need AWS).";

impl WizardUi {
    pub(super) fn on_review_key(&mut self, pressed: Pressed<Key>) -> Vec<Command> {
        let default_path = self.configs_dir.join(build::default_file_name(&self.draft));
        let Some(review) = self.review.as_mut() else {
            return vec![];
        };
        // The path being typed after `w` (Esc is the wizard's: back a step).
        if let Some(path) = review.save_path.as_mut() {
            match pressed.action {
                Some(Key::Erase) => {
                    path.pop();
                }
                Some(Key::Type) => path.extend(pressed.char),
                Some(Key::Choose) if !path.trim().is_empty() => {
                    let path = expand_home(path.trim(), self.home.as_deref());
                    review.save_path = None;
                    let text = format!(
                        "# ParallelCluster config made by pcwiz from preset `{}`.\n{}",
                        self.draft.preset.as_deref().unwrap_or("?"),
                        review.yaml
                    );
                    return vec![Command::SaveConfig { path, text }];
                }
                _ => {}
            }
            return vec![];
        }
        let scroll = if review.checks_focused {
            &mut review.checks_scroll
        } else {
            &mut review.scroll
        };
        match pressed.action {
            Some(Key::Pane) => review.checks_focused = !review.checks_focused,
            Some(Key::Cost) => {
                review.show_cost = !review.show_cost;
                review.checks_scroll = 0;
                review.checks_focused = true;
            }
            Some(Key::Down) => *scroll = scroll.saturating_add(1),
            Some(Key::Up) => *scroll = scroll.saturating_sub(1),
            Some(Key::PageDown) => *scroll = scroll.saturating_add(10),
            Some(Key::PageUp) => *scroll = scroll.saturating_sub(10),
            Some(Key::Reload) => return self.enter(StepId::Review),
            Some(Key::Save | Key::Choose) if self.offline || !self.draft.later.is_empty() => {
                review.saved = Some(Err(SAVE_WAITS.into()));
            }
            Some(Key::Save | Key::Choose) if review.config.is_ok() => {
                let shown = match (&self.draft.config_file, &self.home) {
                    (Some(path), _) => path.display().to_string(),
                    (None, home) => key_step::display_path(&default_path, home.as_deref()),
                };
                review.save_path = Some(shown);
            }
            _ => {}
        }
        vec![]
    }

    pub fn looked_around(&mut self, result: Result<Box<Surroundings>, String>) {
        let Some(review) = self.review.as_mut() else {
            return;
        };
        let Ok(config) = &review.config else {
            return;
        };
        let surroundings = match result {
            Ok(surroundings) => *surroundings,
            Err(problem) => {
                review.lookup_problem = Some(problem);
                Surroundings::default()
            }
        };
        review.findings = Remote::Ready {
            value: findings::check(config, &surroundings),
            at: Instant::now(),
        };
    }

    pub fn config_saved(&mut self, result: Result<std::path::PathBuf, String>) -> Vec<Command> {
        let ok = result.as_ref().ok().cloned();
        if let Some(review) = self.review.as_mut() {
            review.saved = Some(result);
        }
        match ok {
            Some(path) => {
                self.draft.config_file = Some(path);
                self.advance()
            }
            None => vec![],
        }
    }
}
