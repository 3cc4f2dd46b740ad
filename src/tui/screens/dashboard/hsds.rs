//! The HSDS tab: each compute node's HSDS, its state and version, the data nodes it should
//! have against those it lists, and what a 503 means and how to stop them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Cell, Paragraph, Row, TableState, Wrap};

use super::freshness;
use crate::doctor::Level;
use crate::tui::app::App;
use crate::tui::dashboard::DashboardUi;
use crate::tui::widgets::pick_table;

/// Seed 000's section 6, in two sentences.
const WHY_503: &str = "HSDS answers 503 when a service node has more requests in flight than its max_task_count (default 100): reV's workers across the job's nodes exceed it. Two fixes: lower reV's max_workers in execution_control, or raise max_task_count in HSDS's override.yml and restart HSDS.";

pub fn render(app: &App, ui: &DashboardUi, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let [top, table_area, why] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(4),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(freshness(&ui.hsds, app.now, theme)), top);
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
                Constraint::Min(20),
            ],
            ["node", "state", "version", "data nodes", "problem"],
            theme,
        ),
        table_area,
        &mut state,
    );
    frame.render_widget(
        Paragraph::new(WHY_503)
            .style(theme.dim())
            .wrap(Wrap { trim: true }),
        why,
    );
}
