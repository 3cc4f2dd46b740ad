//! The nodes tab: Slurm's nodes with their power state in words, and the EC2 instances.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Cell, Paragraph, Row, TableState};

use super::freshness;
use crate::cluster::slurm::describe_node;
use crate::tui::app::App;
use crate::tui::dashboard::DashboardUi;
use crate::tui::widgets::pick_table;

pub fn render(app: &App, ui: &DashboardUi, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let [fresh, table_area, instances_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(5),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(freshness(&ui.nodes, app.now, theme)), fresh);
    let nodes = ui.nodes.value.as_deref().unwrap_or(&[]);
    let rows: Vec<Row> = nodes
        .iter()
        .map(|n| {
            let (state, words) = describe_node(n);
            Row::new(vec![
                Cell::from(n.name.clone()),
                Cell::from(state),
                Cell::from(words),
                Cell::from(n.partitions.join(",")),
                Cell::from(n.cpus.map(|c| c.to_string()).unwrap_or_default()),
                Cell::from(n.reason.clone().unwrap_or_default()),
            ])
        })
        .collect();
    let mut state = TableState::default()
        .with_selected((!nodes.is_empty()).then(|| ui.selected.min(nodes.len() - 1)));
    frame.render_stateful_widget(
        pick_table(
            rows,
            [
                Constraint::Min(22),
                Constraint::Length(11),
                Constraint::Length(22),
                Constraint::Length(16),
                Constraint::Length(5),
                Constraint::Min(10),
            ],
            ["node", "state", "meaning", "partitions", "cpus", "reason"],
            theme,
        ),
        table_area,
        &mut state,
    );
    let instances = ui.instances.value.as_deref().unwrap_or(&[]);
    let lines: Vec<String> = instances
        .iter()
        .map(|i| {
            format!(
                "{:<9} {:<14} {:<20} {}{}",
                i.node_type,
                i.instance_type,
                i.instance_id,
                i.state,
                if i.spot { " · spot" } else { "" }
            )
        })
        .collect();
    frame.render_widget(
        Paragraph::new(if lines.is_empty() {
            "EC2: no instances".to_string()
        } else {
            format!("EC2 instances:\n{}", lines.join("\n"))
        })
        .style(theme.dim()),
        instances_area,
    );
}
