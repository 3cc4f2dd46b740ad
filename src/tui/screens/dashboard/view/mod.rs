//! A cluster's dashboard: a header with what matters at a glance, a tab bar, and the tab.
//! Every part says how old its data is, and a part whose last refresh failed keeps its last
//! good data marked stale, with why.

mod cost;
mod dialog;
mod glance_cost;
mod hsds;
mod hsds_setup;
mod jobs;
mod nodes;
mod overview;
mod rev;
mod rev_run;
mod stack;
mod state_style;

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Tabs};

use crate::cluster::price::{hourly, money};
use crate::doctor::Level;
use crate::tui::screens::dashboard::{DashboardUi, Part, Tab};
use crate::tui::theme::Theme;
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::{age, spinner};

pub fn render(ctx: &ViewContext, ui: &DashboardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let block = Block::bordered()
        .title(header(ctx, ui))
        .title_style(theme.title());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let guard = guard_line(ctx, ui);
    let [tabs_area, guard_area, status_area, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(guard.is_some())),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(inner);
    if let Some(guard) = guard {
        frame.render_widget(Paragraph::new(guard), guard_area);
    }
    let selected = Tab::ALL.iter().position(|t| *t == ui.tab).unwrap_or(0);
    frame.render_widget(
        Tabs::new(
            Tab::ALL
                .iter()
                .enumerate()
                .map(|(n, t)| format!("{} {}", n + 1, t.title())),
        )
        .select(selected)
        .highlight_style(theme.selected()),
        tabs_area,
    );
    frame.render_widget(Paragraph::new(refresh_line(ctx, ui)), status_area);
    match ui.tab {
        Tab::Overview => overview::render(ctx, ui, frame, body),
        Tab::Nodes => nodes::render(ctx, ui, frame, body),
        Tab::Jobs => jobs::render(ctx, ui, frame, body),
        Tab::Hsds => hsds::render(ctx, ui, frame, body),
        Tab::Rev => rev::render(ctx, ui, frame, body),
        Tab::Cost => cost::render(ctx, ui, frame, body),
        Tab::Stack => stack::render(ctx, ui, frame, body),
    }
    if let Some(open) = &ui.dialog {
        dialog::render(ctx, open, frame, body);
    }
    // The set-up is a screen of its own over the dashboard: it takes everything under
    // the tabs, its form and its notes need the rows. So do the reV tab's new run and fetch.
    let under_tabs = Rect {
        y: guard_area.y,
        height: inner.height.saturating_sub(tabs_area.height),
        ..inner
    };
    if let Some(setup) = &ui.hsds_setup {
        hsds_setup::render(ctx, setup, frame, under_tabs);
    } else if let Some(run) = &ui.rev_run {
        rev_run::render(ctx, run, frame, under_tabs);
    } else if let Some(fetch) = &ui.rev_fetch {
        rev_run::render_fetch(ctx, fetch, frame, under_tabs);
    }
}

/// " rev · CREATE_COMPLETE · head running 54.1.2.3 · 2 days · $0.31/h now · ≥ $14.20 so far ".
fn header(ctx: &ViewContext, ui: &DashboardUi) -> String {
    let clock = ctx.wall;
    let status = ui
        .stack
        .value
        .as_ref()
        .map(|s| s.status.as_str())
        .unwrap_or("…");
    let head = ui
        .instances
        .value
        .as_ref()
        .and_then(|all| all.iter().find(|i| i.node_type == "HeadNode"))
        .map(|h| {
            format!(
                "head {} {}",
                h.state,
                h.public_ip
                    .as_deref()
                    .or(h.private_ip.as_deref())
                    .unwrap_or("")
            )
        })
        .unwrap_or_else(|| "no head node".into());
    let age = ui
        .created
        .map(|c| format!(" · {}", crate::cluster::cluster_row::age(Some(c), clock)))
        .unwrap_or_default();
    let spent = ui
        .spent(clock)
        .map(|s| format!(" · ≥ {} so far", money(s.usd)))
        .unwrap_or_default();
    let cost = ui
        .usd_per_hour
        .map(|u| format!(" · {}/h now", hourly(u)))
        .unwrap_or_default();
    // The region is in the bar above; the money comes last, the newest first.
    format!(" {} · {status} · {head}{age}{cost}{spent} ", ui.name)
}

/// "idle guard: stops the head node at 03:40 unless a job starts", once a refresh has read
/// the head node; warned when the guard is off or will not act.
fn guard_line(ctx: &ViewContext, ui: &DashboardUi) -> Option<Line<'static>> {
    use crate::cluster::guard::{GuardSeen, sentence};
    let seen = ui.guard.as_ref()?;
    let now = ui.cluster_clock.unwrap_or(ctx.wall.timestamp());
    let text = sentence(seen, now, &ctx.local);
    let acting = matches!(seen, GuardSeen::State(s) if s.armed && s.will_not_act.is_none());
    let style = if acting {
        ctx.theme.dim()
    } else {
        ctx.theme.level(Level::Warn)
    };
    Some(Line::styled(format!("{text} · g to change"), style))
}

/// "refreshed 5 s ago in 0.4 s (ssh 0.3 s) · every 20 s", or a spinner.
fn refresh_line(ctx: &ViewContext, ui: &DashboardUi) -> Line<'static> {
    let theme = ctx.theme;
    if ui.last_refresh.is_none() {
        return Line::raw(format!("{} first look at {}…", spinner(ctx.frame), ui.name));
    }
    let mut spans = vec![];
    if ui.refreshing {
        spans.push(Span::raw(format!("{} ", spinner(ctx.frame))));
    }
    if let (Some(at), Some((took, ssh))) = (ui.last_refresh, ui.took) {
        spans.push(Span::styled(
            format!(
                "refreshed {} in {:.1} s{} · every {} s · r now",
                age(ctx.now.saturating_duration_since(at)),
                took.as_secs_f64(),
                ssh.map(|s| format!(" (ssh {:.1} s)", s.as_secs_f64()))
                    .unwrap_or_default(),
                crate::tui::screens::dashboard::REFRESH_EVERY.as_secs()
            ),
            theme.dim(),
        ));
    }
    if let Some(done) = &ui.action_result {
        spans.push(Span::styled(
            format!("  {} {}", if done.ok { "✔" } else { "✖" }, done.text),
            theme.level(if done.ok { Level::Ok } else { Level::Fail }),
        ));
    }
    if ui.probe_problem.is_some() {
        // The panels say why; here only that the cluster's side is stale.
        spans.push(Span::styled(
            "  ! the head node did not answer",
            theme.level(Level::Warn),
        ));
    }
    Line::from(spans)
}

/// "CREATE_FAILED · The following resource(s) failed…": a status, and CloudFormation's
/// reason when it gave one (the overview's stack line, the stack tab and its events).
pub(super) fn with_reason(status: &str, reason: Option<&str>) -> String {
    match reason {
        Some(reason) => format!("{status} · {reason}"),
        None => status.to_string(),
    }
}

/// A part's age, or "stale" with why: every panel says how fresh it is.
pub(super) fn freshness<T>(part: &Part<T>, now: Instant, theme: Theme) -> Line<'static> {
    match (&part.problem, part.at) {
        (Some(why), Some(at)) => Line::styled(
            format!(
                "stale: {why} (last good {})",
                age(now.saturating_duration_since(at))
            ),
            theme.level(Level::Warn),
        ),
        (Some(why), None) => Line::styled(format!("✖ {why}"), theme.level(Level::Fail)),
        (None, Some(at)) => Line::styled(
            format!("as of {}", age(now.saturating_duration_since(at))),
            theme.dim(),
        ),
        (None, None) => Line::styled("waiting for the first answer…", theme.dim()),
    }
}
