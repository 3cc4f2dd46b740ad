//! The cost tab: $/hour now, per month at this rate, a chart of $/hour over the time the
//! dashboard has watched, the cluster's AWS Budget, and a warning when the cluster bills
//! with nothing running.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Sparkline, Wrap};

use super::overview::idle_but_billing;
use crate::cluster::cost_history;
use crate::cluster::price::{HOURS_PER_MONTH, hourly, money};
use crate::doctor::Level;
use crate::tui::screens::dashboard::DashboardUi;
use crate::tui::theme::Theme;
use crate::tui::widgets::ViewContext;

/// $/h now and per month, and the idle-but-billing warning: the overview shows them too.
pub(super) fn cost_lines(ctx: &ViewContext, ui: &DashboardUi, theme: Theme) -> Vec<Line<'static>> {
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
    if let Some(spent) = ui.spent(ctx.wall) {
        lines.push(Line::raw(format!(
            "Spent since created {} ago: at least {}{} (instances up now since their launch, storage since creation; instances that came and went are not seen)",
            crate::cluster::cluster_row::age(Some(spent.since), ctx.wall),
            money(spent.usd),
            if spent.unpriced > 0 {
                format!(", {} unpriced instances left out", spent.unpriced)
            } else {
                String::new()
            }
        )));
    }
    if idle_but_billing(ui) {
        lines.push(Line::styled(
            "! It bills with nothing running: stop the compute fleet (f), stop the head node (h), or delete the cluster when you are done.",
            theme.level(Level::Warn),
        ));
    }
    if let Some(billing) = ui.billing() {
        let idle: Vec<String> = billing
            .idle_billing()
            .map(|n| {
                format!(
                    "{}{}",
                    n.node,
                    n.usd_per_hour
                        .filter(|u| *u > 0.0)
                        .map(|u| format!(" ({}/h)", hourly(u)))
                        .unwrap_or_default()
                )
            })
            .collect();
        if !idle.is_empty() {
            lines.push(Line::styled(
                format!(
                    "! Idle past the {}-min scale-down, still billing: {}",
                    ui.scaledown_minutes,
                    idle.join(", ")
                ),
                theme.level(Level::Warn),
            ));
        }
    }
    lines
}

/// What the storage alone bills: all a parked cluster (fleet and head node stopped) costs.
fn storage_line(ui: &DashboardUi, theme: Theme) -> Line<'static> {
    match ui.storage_usd_per_hour {
        Some(usd) if usd > 0.0 => Line::raw(format!(
            "Storage alone: {}/h, {}/month: what it bills with the fleet and the head node stopped",
            hourly(usd),
            money(usd * HOURS_PER_MONTH)
        )),
        Some(_) => Line::styled(
            "Storage alone: none recorded beyond the instances' own volumes",
            theme.dim(),
        ),
        None => Line::styled("Storage alone: price unknown", theme.dim()),
    }
}

/// The cluster's AWS Budget: how much of it is spent, or how to make one.
fn budget_line(ui: &DashboardUi, theme: Theme) -> Line<'static> {
    match &ui.budget {
        None => Line::styled("Budget: looking it up…", theme.dim()),
        Some(Ok(Some(budget))) => {
            let over = budget
                .actual_usd
                .is_some_and(|spent| spent >= budget.monthly_usd);
            let text = format!("Budget {}: {}", budget.name, budget.describe());
            if over {
                Line::styled(format!("! {text}"), theme.level(Level::Warn))
            } else {
                Line::raw(text)
            }
        }
        Some(Ok(None)) => Line::styled(
            format!(
                "Budget: none; AWS can email you before the month runs over: pcwiz budget {} --monthly USD --email ADDRESS",
                ui.name
            ),
            theme.dim(),
        ),
        Some(Err(why)) => Line::styled(format!("Budget: {why}"), theme.dim()),
    }
}

pub fn render(ctx: &ViewContext, ui: &DashboardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let days = spend_by_day_lines(ctx, ui);
    let [text, chart, table] = Layout::vertical([
        Constraint::Length(9),
        Constraint::Min(5),
        Constraint::Length(days.len() as u16),
    ])
    .areas(area);
    let mut lines = cost_lines(ctx, ui, theme);
    lines.insert(1, storage_line(ui, theme));
    lines.insert(2, budget_line(ui, theme));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text);
    let series = ui.cost_series(usize::from(chart.width.saturating_sub(2)), ctx.wall);
    frame.render_widget(
        Sparkline::default()
            .block(Block::bordered().title(series.label))
            .data(&series.cents)
            .style(theme.key()),
        chart,
    );
    frame.render_widget(Paragraph::new(days), table);
}

/// The compute nodes' spend per day by instance type, the last days, from the guard's log.
fn spend_by_day_lines(ctx: &ViewContext, ui: &DashboardUi) -> Vec<Line<'static>> {
    if ui.nodes_up.is_empty() {
        return vec![];
    }
    let now = ui.cluster_clock.unwrap_or(ctx.wall.timestamp());
    let days = cost_history::compute_spend_by_day(&ui.nodes_up, &ui.book, now);
    let mut lines = vec![Line::styled(
        "Compute spend per day (UTC), by instance type:",
        ctx.theme.title(),
    )];
    for (day, by_type) in days.iter().rev().take(SPEND_DAYS).rev() {
        let total: f64 = by_type.values().sum();
        let parts: Vec<String> = by_type
            .iter()
            .map(|(kind, usd)| format!("{kind} {}", money(*usd)))
            .collect();
        lines.push(Line::raw(format!(
            "  {day}  {:>9}  {}",
            money(total),
            if parts.is_empty() {
                "no compute node up".to_string()
            } else {
                parts.join(" · ")
            }
        )));
    }
    lines
}

/// Days of the spend table the tab shows.
const SPEND_DAYS: usize = 5;
