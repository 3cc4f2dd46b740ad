//! The tags & upkeep step's form.

use super::*;

impl WizardUi {
    pub(super) fn on_extras_key(&mut self, pressed: Pressed<Key>) -> Vec<Command> {
        let extras = &mut self.draft.extras;
        self.extras_error = None;
        let Some(action) = pressed.action else {
            return vec![];
        };
        match (self.extras_field, action, pressed.char) {
            (_, Key::NextField, _) => {
                self.extras_field = (self.extras_field + 1) % EXTRAS_FIELDS.len()
            }
            (_, Key::PreviousField, _) => {
                self.extras_field =
                    (self.extras_field + EXTRAS_FIELDS.len() - 1) % EXTRAS_FIELDS.len();
            }
            (_, Key::Choose, _) => {
                if extras.scaledown_minutes == 0 {
                    self.extras_error = Some("The idle time must be at least 1 minute.".into());
                    return vec![];
                }
                let policy = extras.compute_policy.trim();
                if let Err(why) = extras.parsed_tags() {
                    self.extras_error =
                        Some(format!("More tags: {why} (e.g. project=wind, owner=jane)."));
                    return vec![];
                }
                let is_policy_arn = policy.starts_with("arn:aws") && policy.contains(":policy/");
                if !policy.is_empty() && !is_policy_arn {
                    self.extras_error = Some(format!(
                        "`{policy}` is not an IAM policy ARN (arn:aws:iam::ACCOUNT:policy/NAME, or arn:aws:iam::aws:policy/NAME for AWS's own)."
                    ));
                    return vec![];
                }
                return self.advance();
            }
            (0, Key::Type, Some(c)) => extras.org.push(c),
            (0, Key::Erase, _) => {
                extras.org.pop();
            }
            (1, Key::Type, Some(c)) => extras.billing_id.push(c),
            (1, Key::Erase, _) => {
                extras.billing_id.pop();
            }
            (2, Key::Type, Some(c @ '0'..='9')) => {
                let minutes = extras.scaledown_minutes * 10 + c.to_digit(10).unwrap_or(0);
                // A day is the most that makes sense; more is a typo.
                extras.scaledown_minutes = minutes.min(1440);
            }
            (2, Key::Erase, _) => extras.scaledown_minutes /= 10,
            (3, Key::Left | Key::Right, _) => {
                let days = &LOG_RETENTION_DAYS;
                let at = days
                    .iter()
                    .position(|d| *d == extras.log_retention_days)
                    .unwrap_or(10);
                let next = if action == Key::Right {
                    (at + 1).min(days.len() - 1)
                } else {
                    at.saturating_sub(1)
                };
                extras.log_retention_days = days[next];
            }
            // Space, ← or → flip a choice.
            (4, Key::Left | Key::Right, _) | (4, Key::Type, Some(' ')) => {
                extras.delete_logs_with_cluster = !extras.delete_logs_with_cluster;
            }
            (5, Key::Type, Some(c)) => extras.compute_policy.push(c),
            (5, Key::Erase, _) => {
                extras.compute_policy.pop();
            }
            (7, Key::Left | Key::Right, _) | (7, Key::Type, Some(' ')) => {
                extras.hsds_data = extras.hsds_data.next(action != Key::Left);
            }
            (6, Key::Type, Some(c)) => extras.more_tags.push(c),
            (6, Key::Erase, _) => {
                extras.more_tags.pop();
            }
            _ => {}
        }
        vec![]
    }
}
