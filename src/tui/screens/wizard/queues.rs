//! Step 8: the Slurm queues: counts, exclusive nodes, SMT, spot.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState, Wrap};

use crate::tui::app::App;
use crate::tui::wizard::WizardUi;
use crate::wizard::edits;

pub fn render(app: &App, wizard: &WizardUi, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let Some(config) = &wizard.draft.config else {
        frame.render_widget(Paragraph::new("Choose a preset first (Esc)."), area);
        return;
    };
    let [table_area, detail_area] =
        Layout::vertical([Constraint::Min(4), Constraint::Length(8)]).areas(area);
    let rows_at = edits::queue_rows(config);
    let rows: Vec<Row> = rows_at
        .iter()
        .map(|&(q, r)| {
            let queue = &config.scheduling.slurm_queues[q];
            let resource = &queue.compute_resources[r];
            Row::new(vec![
                Cell::from(queue.name.clone()),
                Cell::from(resource.instance_type.clone().unwrap_or_default()),
                Cell::from(format!(
                    "{}–{}",
                    resource.min_count.unwrap_or(0),
                    resource.max_count.unwrap_or(10)
                )),
                Cell::from(if queue.job_exclusive_allocation == Some(true) {
                    "whole nodes"
                } else {
                    "shared"
                }),
                Cell::from(
                    if resource.disable_simultaneous_multithreading == Some(true) {
                        "off"
                    } else {
                        "on"
                    },
                ),
                Cell::from(if queue.capacity_type.as_deref() == Some("SPOT") {
                    "spot"
                } else {
                    "on-demand"
                }),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(10),
        Constraint::Length(14),
        Constraint::Length(7),
        Constraint::Length(12),
        Constraint::Length(4),
        Constraint::Length(10),
    ];
    let mut state = TableState::default().with_selected(Some(wizard.queue_selected));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(
                Row::new(["queue", "type", "nodes", "jobs get", "SMT", "capacity"])
                    .style(theme.dim()),
            )
            .row_highlight_style(theme.selected())
            .highlight_symbol("› "),
        table_area,
        &mut state,
    );
    let mut lines = vec![];
    if let Some(&(q, _)) = rows_at.get(wizard.queue_selected) {
        let queue = &config.scheduling.slurm_queues[q];
        lines.push(Line::raw(if queue.job_exclusive_allocation == Some(true) {
            "Each job gets whole nodes: what reV expects when it sizes max_workers to a node's cores."
        } else {
            "Nodes are shared between jobs (ParallelCluster's default). reV sizes each job for a whole node, so two reV jobs on one node fight for its cores and memory: press x."
        }));
        if queue.capacity_type.as_deref() == Some("SPOT") {
            lines.push(Line::raw("Spot: up to ~70% cheaper, but AWS may take a node back with two minutes' notice; reV then reruns that node's sites."));
        }
    }
    lines.push(Line::styled(
        "x whole nodes · +/- MaxCount · >/< MinCount (static nodes bill all the time) · t SMT · p spot · Enter continues",
        theme.dim(),
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(" Detail ")),
        detail_area,
    );
}
