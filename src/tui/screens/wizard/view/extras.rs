//! Step 8: tags for the bill, the idle time, and what happens to the logs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::doctor::Level;
use crate::tui::screens::wizard::{EXTRAS_FIELDS, WizardUi};
use crate::tui::widgets::ViewContext;

pub fn render(ctx: &ViewContext, wizard: &WizardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let extras = &wizard.draft.extras;
    let suggested = wizard.suggested_budget();
    let text = |i: usize, value: &str| {
        if value.is_empty() && i != wizard.extras_field {
            "(empty)".to_string()
        } else {
            value.to_string()
        }
    };
    let values = [
        text(0, &extras.org),
        text(1, &extras.billing_id),
        extras.scaledown_minutes.to_string(),
        format!("← {} →", extras.log_retention_days),
        if extras.delete_logs_with_cluster {
            "yes (Space)"
        } else {
            "no, keep them (Space)"
        }
        .to_string(),
        text(5, &extras.compute_policy),
        text(6, &extras.more_tags),
        format!("← {} →", extras.hsds_data.label()),
        match extras.idle_guard_minutes {
            0 => "off (0)".to_string(),
            minutes => format!("{minutes} idle minutes"),
        },
        match (extras.budget_monthly_usd, &suggested) {
            (Some(usd), _) => format!("${usd} a month"),
            (None, Some((usd, _))) => format!("${usd} a month (suggested)"),
            (None, None) => "(type an amount)".to_string(),
        },
        if extras.budget_email.is_empty() && wizard.extras_field != 10 {
            "(empty: no budget)".to_string()
        } else {
            extras.budget_email.clone()
        },
    ];
    let [form_area, help_area] = Layout::vertical([
        Constraint::Length(EXTRAS_FIELDS.len() as u16 + 2),
        Constraint::Min(3),
    ])
    .areas(area);
    let lines: Vec<Line> = EXTRAS_FIELDS
        .iter()
        .zip(values)
        .enumerate()
        .map(|(i, (label, value))| {
            let focused = i == wizard.extras_field;
            let cursor = if focused && matches!(i, 0..=2 | 5 | 6 | 8..=10) {
                "▏"
            } else {
                ""
            };
            Line::from(vec![
                Span::styled(if focused { "› " } else { "  " }, theme.key()),
                Span::styled(
                    format!("{label:<34}"),
                    if focused {
                        theme.selected()
                    } else {
                        theme.title()
                    },
                ),
                Span::raw(format!(" {value}{cursor}")),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(Block::bordered()), form_area);

    let budget_help;
    let help = match wizard.extras_field {
        0 | 1 => {
            "The reV guide tags every cluster with `org` and `billingId` so the bill can be split. Cost Explorer can filter by any tag once it is activated as a cost allocation tag."
        }
        2 => {
            "A compute node with no job for this long is stopped and stops billing. Lower means cheaper idle time; higher means fewer slow restarts between jobs. ParallelCluster's default is 10 minutes."
        }
        3 => {
            "CloudWatch keeps the cluster's logs this long (pcluster's default 180 days). They are useful when a job or node fails; storage costs about $0.03 per GB-month."
        }
        4 => {
            "pcluster keeps the log group after the cluster is deleted, by default. Delete removes it with the cluster; keep it to debug a failed run afterwards."
        }
        5 => {
            "An IAM policy ARN the compute nodes get besides ParallelCluster's own, e.g. one that reads your bucket. Leave empty when reV reads NREL's public data."
        }
        6 => "Any other tags for the bill, as key=value pairs separated by commas.",
        8 => {
            "Installed on the head node once it is ready: when no job runs, no compute node is up and nobody is logged in for this long, it warns logged-in users, looks again, and shuts the head node down. It stops (its disk and /scratch are kept; storage still bills) and resumes from the cluster list. 0 leaves it off."
        }
        9 | 10 => {
            budget_help = match &suggested {
                Some((usd, why)) => format!(
                    "An AWS Budget on the cluster's tag emails you at 80% and 100% of this month's spend and when the forecast passes it. Suggested ${usd}: {why}. Leave the email empty for no budget."
                ),
                None => "An AWS Budget on the cluster's tag emails you at 80% and 100% of this month's spend and when the forecast passes it. Leave the email empty for no budget.".to_string(),
            };
            &budget_help
        }
        _ => {
            "Once the cluster is up, the dashboard's HSDS set-up (i) starts from this: NREL's public data needs no keys (SSO logins work); a private bucket needs an IAM user's access keys, asked then and kept in the OS keyring."
        }
    };
    let mut lines = vec![Line::raw(help)];
    if let Some(error) = &wizard.extras_error {
        lines.push(Line::styled(format!("✖ {error}"), theme.level(Level::Fail)));
    }
    lines.push(Line::styled(
        "↑↓ field · type to edit · Enter continues",
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), help_area);
}
