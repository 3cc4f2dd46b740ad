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
                if let Some(why) = budget_problem(extras) {
                    self.extras_error = Some(why);
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
                // A day is the most that makes sense; more is a typo.
                extras.scaledown_minutes = append_digit(extras.scaledown_minutes, c).min(1440);
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
            (8, Key::Type, Some(c @ '0'..='9')) => {
                extras.idle_guard_minutes = append_digit(extras.idle_guard_minutes, c).min(1440);
            }
            (8, Key::Erase, _) => extras.idle_guard_minutes /= 10,
            (9, Key::Type, Some(c @ '0'..='9')) => {
                let typed = append_digit(extras.budget_monthly_usd.unwrap_or(0), c);
                // A typo of a few digits too many is not a budget anyone means.
                extras.budget_monthly_usd = Some(typed.min(1_000_000));
            }
            // Erased to nothing, the suggestion from the estimate comes back.
            (9, Key::Erase, _) => {
                extras.budget_monthly_usd =
                    extras.budget_monthly_usd.map(|b| b / 10).filter(|b| *b > 0)
            }
            (10, Key::Type, Some(c)) if !c.is_whitespace() => extras.budget_email.push(c),
            (10, Key::Erase, _) => {
                extras.budget_email.pop();
            }
            _ => {}
        }
        vec![]
    }
}

/// `12` and `3` typed → `123`, saturating rather than wrapping.
fn append_digit(number: u32, digit: char) -> u32 {
    number
        .saturating_mul(10)
        .saturating_add(digit.to_digit(10).unwrap_or(0))
}

/// Why the budget as typed cannot be made: an amount with nowhere to send its alerts, or
/// an address AWS would refuse.
fn budget_problem(extras: &crate::wizard::draft::Extras) -> Option<String> {
    let email = extras.budget_email.trim();
    if email.is_empty() {
        return extras.budget_monthly_usd.map(|_| {
            "A budget needs an email address for its alerts (or erase the amount to make none)."
                .to_string()
        });
    }
    crate::cluster::budget::check_email(email)
        .err()
        .map(|why| format!("Budget alerts: {why}."))
}

impl WizardUi {
    /// The budget offered when none is typed: the idle month plus a margin, and why.
    pub fn suggested_budget(&self) -> Option<(u32, String)> {
        self.cost_estimate()
            .map(|estimate| crate::cluster::budget::default_monthly(&estimate))
    }

    /// What the launch sets up once the cluster is ready, from the step's answers.
    pub fn upkeep(&self) -> crate::launch::upkeep::Upkeep {
        let extras = &self.draft.extras;
        let email = extras.budget_email.trim();
        let monthly = extras
            .budget_monthly_usd
            .or_else(|| self.suggested_budget().map(|(usd, _)| usd));
        crate::launch::upkeep::Upkeep {
            idle_guard_minutes: Some(extras.idle_guard_minutes).filter(|m| *m > 0),
            budget: monthly.filter(|_| !email.is_empty()).map(|monthly_usd| {
                crate::guard::budget::BudgetRequest {
                    monthly_usd,
                    email: email.to_string(),
                }
            }),
        }
    }
}
