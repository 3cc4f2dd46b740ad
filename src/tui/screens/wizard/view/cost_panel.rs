//! The cost panel under the wizard's steps: idle per hour and month, full scale, what
//! dominates, and where the prices came from. It follows the picker's cursor.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::cluster::cost::Breakdown;
use crate::cluster::cost_text;
use crate::cluster::price::{hourly, money};
use crate::doctor::Level;
use crate::tui::screens::wizard::WizardUi;
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::spinner;

/// Lines the panel needs, borders included.
pub const HEIGHT: u16 = 9;

pub fn render(ctx: &ViewContext, wizard: &WizardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let mut lines = vec![];
    match wizard.cost_estimate() {
        None => lines.push(Line::styled("no preset chosen", theme.dim())),
        Some(estimate) => {
            let at_least = |b: &Breakdown| {
                if b.unpriced() > 0 { "≥" } else { "" }
            };
            let (idle, full) = (&estimate.idle, &estimate.full_scale);
            let per_hour = |label: &'static str, b: &Breakdown| {
                Line::from(vec![
                    Span::styled(label, theme.key()),
                    Span::raw(format!("{}{}/h", at_least(b), hourly(b.usd_per_hour()))),
                ])
            };
            lines.push(per_hour("Idle ", idle));
            lines.push(Line::raw(format!(
                "     {}{}/month",
                at_least(idle),
                money(idle.usd_per_month())
            )));
            lines.push(per_hour("Full ", full));
            // Why these are not live comes before the rest: the panel is short, and this
            // is what the numbers mean. The full sentence is on the review's breakdown.
            if let (Some(problem), 0) = (&wizard.prices.problem, wizard.prices.pending) {
                lines.push(Line::styled(problem.short(), theme.level(Level::Warn)));
            }
            if let Some(line) = idle.dominant().filter(|_| idle.unpriced() == 0) {
                lines.push(Line::styled(
                    format!("Idle is mostly {}", line.what),
                    theme.dim(),
                ));
            }
            // The lines missing from the totals, by name: "≥" alone would not say what.
            let unpriced: Vec<&str> = full
                .lines
                .iter()
                .filter(|l| l.price.is_none())
                .map(|l| l.what.as_str())
                .collect();
            if !unpriced.is_empty() {
                lines.push(Line::styled(
                    format!("No price: {}", unpriced.join(", ")),
                    theme.level(Level::Warn),
                ));
            }
            if let Some(sources) = cost_text::sources(full, ctx.wall) {
                lines.push(Line::styled(sources, theme.dim()));
            }
        }
    }
    if wizard.prices.pending > 0 {
        lines.push(Line::styled(
            format!("{} fetching prices", spinner(ctx.frame)),
            theme.dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" Cost estimate ")),
        area,
    );
}
