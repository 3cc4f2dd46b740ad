//! Step 1: who will create the cluster (doctor's identity check, already running).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::doctor::{IdentityCheck, Level};
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::spinner;

pub fn render(ctx: &ViewContext, identity: Option<&IdentityCheck>, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let lines = match identity {
        None => vec![Line::raw(format!(
            "{} asking AWS who you are…",
            spinner(ctx.frame)
        ))],
        Some(check) => {
            let mut lines = vec![];
            match &check.identity {
                Some(who) => {
                    lines.push(Line::styled(
                        format!(
                            "✔ You are {} ({}) in account {}.",
                            who.principal_name,
                            who.kind.as_str(),
                            who.account
                        ),
                        theme.level(Level::Ok),
                    ));
                    lines.push(Line::raw(""));
                    // The warnings that matter for a cluster (HSDS with SSO, root).
                    for finding in check.findings.iter().filter(|f| f.level == Level::Warn) {
                        lines.push(Line::styled(
                            format!("! {}", finding.message),
                            theme.level(Level::Warn),
                        ));
                        lines.push(Line::raw(""));
                    }
                    lines.push(Line::styled("Enter continues.", theme.key()));
                }
                None => {
                    lines.push(Line::styled(
                        "✖ pcwiz could not confirm who you are, so it cannot create anything yet.",
                        theme.level(Level::Fail),
                    ));
                    lines.push(Line::raw(""));
                    lines.push(Line::styled(
                        "Enter explores anyway: regions, presets, instance types with offline \
                         prices, queues, storage, the config and what it would cost. The SSH key \
                         and network steps wait until you are signed in.",
                        theme.key(),
                    ));
                    for finding in check.findings.iter().filter(|f| f.level == Level::Fail) {
                        lines.push(Line::raw(""));
                        lines.push(Line::raw(finding.message.clone()));
                        if let Some(next) = &finding.next_step {
                            lines.push(Line::styled(format!("Next: {next}"), theme.key()));
                        }
                    }
                    lines.push(Line::raw(""));
                    lines.push(Line::styled(
                        "Esc, then Check my setup, shows everything.",
                        theme.dim(),
                    ));
                }
            }
            lines
        }
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}
