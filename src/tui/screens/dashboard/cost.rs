//! The cost tab: $/hour now, per month at this rate, a chart of $/hour over the time the
//! dashboard has watched, and a warning when the cluster bills with nothing running.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Sparkline, Wrap};

use super::overview::idle_but_billing;
use crate::cluster::price::{HOURS_PER_MONTH, hourly, money};
use crate::doctor::Level;
use crate::tui::app::App;
use crate::tui::dashboard::DashboardUi;
use crate::tui::theme::Theme;

/// $/h now and per month, and the idle-but-billing warning: the overview shows them too.
pub(super) fn cost_lines(ui: &DashboardUi, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![match ui.usd_per_hour {
        Some(usd) => Line::raw(format!(
            "Cost now: {}/h, {}/month at this rate (running instances and the recorded storage; list prices)",
            hourly(usd),
            money(usd * HOURS_PER_MONTH)
        )),
        None => Line::styled(
            "Cost now: unknown (a price is missing, or EC2 did not answer)",
            theme.dim(),
        ),
    }];
    if idle_but_billing(ui) {
        lines.push(Line::styled(
            "! It bills with nothing running: stop the compute fleet, or delete the cluster when you are done.",
            theme.level(Level::Warn),
        ));
    }
    lines
}

pub fn render(app: &App, ui: &DashboardUi, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let [text, chart] = Layout::vertical([Constraint::Length(4), Constraint::Min(3)]).areas(area);
    let lines = cost_lines(ui, theme);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text);
    // Cents per hour: the sparkline wants integers.
    let cents: Vec<u64> = ui
        .cost_samples
        .iter()
        .map(|usd| (usd * 100.0).round() as u64)
        .collect();
    frame.render_widget(
        Sparkline::default()
            .block(
                Block::bordered()
                    .title(format!(" $/hour over the last {} refreshes ", cents.len())),
            )
            .data(&cents)
            .style(theme.key()),
        chart,
    );
}
