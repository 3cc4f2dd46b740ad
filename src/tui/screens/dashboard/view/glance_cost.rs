//! The Overview's money and alerts: $/hour now with its sparkline over the cluster's life,
//! the cost so far, the budget used, the idle guard's countdown, and the alerts, most
//! costly first, each with the key that acts on it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Sparkline, Wrap};

use crate::cluster::glance::{self, AlertInputs, JobState};
use crate::cluster::guard::GuardSeen;
use crate::cluster::price::{HOURS_PER_MONTH, hourly, money};
use crate::doctor::Level;
use crate::tui::screens::dashboard::DashboardUi;
use crate::tui::widgets::{ViewContext, clip};

/// Enough rows to see the shape of a week; a tall terminal gives it half its height.
const CHART_HEIGHT: u16 = 10;

/// The money lines, then the sparkline in what height is left; the alerts under them when
/// `with_alerts` (two columns), else the caller shows them first.
pub fn render(
    ctx: &ViewContext,
    ui: &DashboardUi,
    frame: &mut Frame,
    area: Rect,
    with_alerts: bool,
) {
    let mut lines = money_lines(ctx, ui);
    if with_alerts {
        lines.push(Line::raw(""));
        lines.extend(alert_lines(ctx, ui, area.width));
    }
    // Every line fits its width (alerts are clipped), so the count is the height.
    let text_height = (lines.len() as u16).min(area.height);
    let [text, chart, _] = Layout::vertical([
        Constraint::Length(text_height),
        Constraint::Max(CHART_HEIGHT.max(area.height / 2)),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text);
    if chart.height >= 4 {
        let series = ui.cost_series(usize::from(chart.width.saturating_sub(2)), ctx.wall);
        frame.render_widget(
            Sparkline::default()
                .block(Block::bordered().title(series.label))
                .data(&series.cents)
                .style(ctx.theme.key()),
            chart,
        );
    }
}

fn money_lines(ctx: &ViewContext, ui: &DashboardUi) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = vec![match ui.usd_per_hour {
        Some(usd) => Line::from(vec![
            Span::styled(format!("{}/h now", hourly(usd)), theme.title()),
            Span::raw(format!(
                " · {}/month at this rate",
                money(usd * HOURS_PER_MONTH)
            )),
        ]),
        None => Line::styled("$/h now: unknown (a price is missing)", theme.dim()),
    }];
    if let Some(spent) = ui.spent(ctx.wall) {
        lines.push(Line::raw(format!(
            "≥ {} since created {} ago (a floor)",
            money(spent.usd),
            crate::cluster::cluster_row::age(Some(spent.since), ctx.wall)
        )));
    }
    match &ui.budget {
        Some(Ok(Some(budget))) => {
            let used = budget.actual_usd.unwrap_or(0.0);
            let share = if budget.monthly_usd > 0.0 {
                used / budget.monthly_usd
            } else {
                0.0
            };
            let bar = glance::bar(
                &[
                    (share.min(1.0) * 100.0) as usize,
                    100 - (share.min(1.0) * 100.0) as usize,
                ],
                &['█', '░'],
                10,
            );
            let level = if share >= 1.0 {
                Level::Fail
            } else if share >= 0.8 {
                Level::Warn
            } else {
                Level::Ok
            };
            lines.push(Line::from(vec![
                Span::raw("Budget "),
                Span::styled(bar, theme.level(level)),
                Span::raw(format!(
                    " {} of {} this month ({:.0}%)",
                    money(used),
                    money(budget.monthly_usd),
                    share * 100.0
                )),
            ]));
        }
        Some(Ok(None)) => lines.push(Line::styled("Budget: none set", theme.dim())),
        _ => {}
    }
    // The guard's countdown is the line under the tabs, and an alert in its last half hour.
    lines
}

/// "Alerts" and each alert with its key, or that nothing needs doing, each alert on one
/// line of `width` (the rest of the screen keeps its room; the tab it names has it whole).
pub fn alert_lines(ctx: &ViewContext, ui: &DashboardUi, width: u16) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let billing = ui.billing();
    let failed_jobs = ui.jobs.value.as_ref().map_or(0, |jobs| {
        glance::job_counts(jobs)[JobState::ALL
            .iter()
            .position(|s| *s == JobState::Failed)
            .unwrap_or(3)]
    });
    let budget = match &ui.budget {
        Some(Ok(Some(b))) => Some((b.actual_usd, b.forecast_usd, b.monthly_usd)),
        _ => None,
    };
    let guard_stops_in_minutes = match &ui.guard {
        Some(GuardSeen::State(state)) if state.armed && state.acted_at.is_none() => state
            .stops_at
            .zip(ui.cluster_clock)
            .filter(|_| state.busy.is_empty())
            .map(|(at, now)| (at - now) / 60),
        _ => None,
    };
    let alerts = glance::alerts(&AlertInputs {
        billing: billing.as_ref(),
        scaledown_minutes: ui.scaledown_minutes,
        recent_503: ui.recent_503(),
        failed_jobs,
        budget,
        guard_stops_in_minutes,
    });
    if alerts.is_empty() {
        return vec![Line::styled("✔ No alerts", theme.level(Level::Ok))];
    }
    let mut lines = vec![Line::styled(
        format!("Alerts ({})", alerts.len()),
        theme.title(),
    )];
    lines.extend(alerts.into_iter().map(|alert| {
        let level = if alert.usd_per_hour > 0.0 {
            Level::Fail
        } else {
            Level::Warn
        };
        Line::from(vec![
            Span::styled(format!("[{}] ", alert.key), theme.key()),
            Span::styled(
                clip(
                    &format!("! {}", alert.text),
                    usize::from(width).saturating_sub(alert.key.len() + 3),
                ),
                theme.level(level),
            ),
        ])
    }));
    lines
}
