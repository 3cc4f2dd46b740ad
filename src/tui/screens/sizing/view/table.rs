//! The candidates: one row per instance type, cheapest first, the selected one marked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Row, TableState};

use crate::tui::screens::sizing::Plans;
use crate::tui::theme::Theme;
use crate::tui::widgets::pick_table;

pub fn render(plans: &Plans, theme: Theme, frame: &mut Frame, area: Rect) {
    let rows: Vec<Row> = plans
        .rows
        .iter()
        .map(|r| Row::new(r.cells().into_iter().chain([r.remark()])))
        .collect();
    let widths = [
        Constraint::Length(13),
        Constraint::Length(12),
        Constraint::Length(5),
        Constraint::Length(9),
        Constraint::Length(7),
        Constraint::Length(9),
        Constraint::Length(9),
        Constraint::Min(10),
    ];
    let header = [
        "Type",
        "Workers/node",
        "Nodes",
        "Time",
        "Node-h",
        "Cost",
        "Per unit",
        "",
    ];
    let mut state = TableState::default().with_selected(Some(plans.selected));
    frame.render_stateful_widget(pick_table(rows, widths, header, theme), area, &mut state);
}
