//! The HSDS tab: each compute node's HSDS, its state and version, the data nodes it should
//! have against those it lists, the requests it refused (503) lately, and what a 503
//! means and how to stop them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, TableState, Wrap};

use super::freshness;
use crate::doctor::Level;
use crate::tui::screens::dashboard::{DashboardUi, RECENT_503};
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::pick_table;

/// Seed 000's section 6, in two sentences.
const WHY_503: &str = "HSDS answers 503 when a node's HSDS has more requests in flight than its max_task_count (default 100): the reV workers on that node ask for more at once. Two fixes: lower reV's max_workers in execution_control, or raise max_task_count in HSDS's override.yml (i sets it for your workers) and restart HSDS.";

pub fn render(ctx: &ViewContext, ui: &DashboardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let [top, checked, refusals, table_area, why] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(4),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(freshness(&ui.hsds, ctx.now, theme)), top);
    frame.render_widget(Paragraph::new(set_up_line(ctx, ui)), checked);
    let recent = ui.recent_503();
    let refusing = recent.is_some_and(|n| n > 0);
    frame.render_widget(
        Paragraph::new(match recent {
            Some(0) => Line::raw(format!(
                "No requests refused (503) in the last {} min.",
                RECENT_503.as_secs() / 60
            )),
            Some(n) => Line::styled(
                format!(
                    "! {n} requests refused (503) in the last {} min: HSDS is overloaded.",
                    RECENT_503.as_secs() / 60
                ),
                theme.level(Level::Fail),
            ),
            None => Line::styled(
                "503s not counted: this HSDS has no /metrics (HSDS 1.0 and later have it).",
                theme.dim(),
            ),
        }),
        refusals,
    );
    let nodes = ui.hsds.value.as_deref().unwrap_or(&[]);
    let rows: Vec<Row> = nodes
        .iter()
        .map(|h| {
            let data_nodes = match (h.data_nodes, h.node_count) {
                (Some(listed), Some(count)) => format!("{listed} of {count}"),
                _ => "-".into(),
            };
            let row = Row::new(vec![
                Cell::from(h.node.clone()),
                Cell::from(h.state.clone().unwrap_or_else(|| "-".into())),
                Cell::from(h.version.clone().unwrap_or_default()),
                Cell::from(data_nodes),
                Cell::from(match (h.refused_503, h.max_task_count) {
                    (Some(n), Some(max)) => format!("{n} (limit {max})"),
                    (Some(n), None) => n.to_string(),
                    _ => "-".into(),
                }),
                Cell::from(h.problem.clone().unwrap_or_default()),
            ]);
            if h.problem.is_some() {
                row.style(theme.level(Level::Fail))
            } else {
                row
            }
        })
        .collect();
    let mut state = TableState::default();
    frame.render_stateful_widget(
        pick_table(
            rows,
            [
                Constraint::Min(22),
                Constraint::Length(12),
                Constraint::Length(9),
                Constraint::Length(11),
                Constraint::Length(16),
                Constraint::Min(20),
            ],
            ["node", "state", "version", "data nodes", "503s", "problem"],
            theme,
        ),
        table_area,
        &mut state,
    );
    frame.render_widget(
        Paragraph::new(WHY_503)
            .style(if refusing {
                theme.level(Level::Warn)
            } else {
                theme.dim()
            })
            .wrap(Wrap { trim: true }),
        why,
    );
}

/// What the last set-up's check found on a compute node, or how to run one.
fn set_up_line(ctx: &ViewContext, ui: &DashboardUi) -> Line<'static> {
    let theme = ctx.theme;
    match &ui.hsds_checked {
        None => Line::styled(
            match ui.hsds_data {
                Some(planned) if planned != crate::cluster::hsds_files::HsdsData::NotNow => format!(
                    "Not set up yet; the wizard planned {}. i: set it up and check it on a compute node",
                    planned.label()
                ),
                _ => "i: set HSDS up for reV (scripts, keys, override.yml) and check it on a compute node".into(),
            },
            theme.dim(),
        ),
        Some((at, verified)) => {
            let when = crate::cluster::cluster_row::age(Some(*at), ctx.wall);
            let level = if verified.ok() {
                Level::Ok
            } else {
                Level::Fail
            };
            Line::styled(
                format!("Set-up check {when} ago: {} · i: again", verified.summary()),
                theme.level(level),
            )
        }
    }
}
