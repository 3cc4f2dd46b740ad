//! The tags & upkeep step's form.

use super::*;

impl WizardUi {
    pub(super) fn on_extras_key(&mut self, code: KeyCode) -> Vec<Command> {
        let extras = &mut self.draft.extras;
        self.extras_error = None;
        match (self.extras_field, code) {
            (_, KeyCode::Down | KeyCode::Tab) => {
                self.extras_field = (self.extras_field + 1) % EXTRAS_FIELDS.len()
            }
            (_, KeyCode::Up | KeyCode::BackTab) => {
                self.extras_field =
                    (self.extras_field + EXTRAS_FIELDS.len() - 1) % EXTRAS_FIELDS.len();
            }
            (_, KeyCode::Enter) => {
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
            (0, KeyCode::Char(c)) => extras.org.push(c),
            (0, KeyCode::Backspace) => {
                extras.org.pop();
            }
            (1, KeyCode::Char(c)) => extras.billing_id.push(c),
            (1, KeyCode::Backspace) => {
                extras.billing_id.pop();
            }
            (2, KeyCode::Char(c @ '0'..='9')) => {
                let minutes = extras.scaledown_minutes * 10 + c.to_digit(10).unwrap_or(0);
                // A day is the most that makes sense; more is a typo.
                extras.scaledown_minutes = minutes.min(1440);
            }
            (2, KeyCode::Backspace) => extras.scaledown_minutes /= 10,
            (3, KeyCode::Left | KeyCode::Right) => {
                let days = &LOG_RETENTION_DAYS;
                let at = days
                    .iter()
                    .position(|d| *d == extras.log_retention_days)
                    .unwrap_or(10);
                let next = if code == KeyCode::Right {
                    (at + 1).min(days.len() - 1)
                } else {
                    at.saturating_sub(1)
                };
                extras.log_retention_days = days[next];
            }
            (4, KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right) => {
                extras.delete_logs_with_cluster = !extras.delete_logs_with_cluster;
            }
            (5, KeyCode::Char(c)) => extras.compute_policy.push(c),
            (5, KeyCode::Backspace) => {
                extras.compute_policy.pop();
            }
            (7, KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right) => {
                extras.hsds_data = extras.hsds_data.next(code != KeyCode::Left);
            }
            (6, KeyCode::Char(c)) => extras.more_tags.push(c),
            (6, KeyCode::Backspace) => {
                extras.more_tags.pop();
            }
            _ => {}
        }
        vec![]
    }
}
