//! The nodes tab: Slurm's nodes with their power state in words, each with the EC2
//! instance behind it and its $/h; nodes idle past the scale-down time while billing and
//! nodes EC2 would not start are marked, with why.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, TableState};

use super::freshness;
use crate::cluster::node_billing::NodeBilling;
use crate::cluster::price::hourly;
use crate::cluster::slurm::{Node, describe_node};
use crate::doctor::Level;
use crate::tui::screens::dashboard::DashboardUi;
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::pick_table;

pub fn render(ctx: &ViewContext, ui: &DashboardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    // Each queue's nodes counted by state, as on the Overview, over the table.
    let queues = super::overview::queue_lines(ui, 24, theme);
    let [summary, fresh, table_area, instances_area] = Layout::vertical([
        Constraint::Length(queues.len() as u16),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(5),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(queues), summary);
    frame.render_widget(Paragraph::new(freshness(&ui.nodes, ctx.now, theme)), fresh);
    let nodes = ui.nodes.value.as_deref().unwrap_or(&[]);
    let billing = ui.billing();
    let bills = billing.as_ref().map(|b| b.nodes.as_slice()).unwrap_or(&[]);
    let rows: Vec<Row> = nodes
        .iter()
        .enumerate()
        .map(|(n, node)| {
            let (state, words) = describe_node(node);
            let bill = bills.get(n);
            let instance = bill
                .and_then(|b| {
                    let kind = b.instance_type.as_deref()?;
                    Some(format!("{kind}{}", if b.spot { " spot" } else { "" }))
                })
                .unwrap_or_default();
            let price = match bill.and_then(|b| b.usd_per_hour) {
                Some(usd) if usd > 0.0 => format!("{}/h", hourly(usd)),
                Some(_) => "-".into(),
                None => "?".into(),
            };
            let (note, level) = match bill {
                Some(b) if b.launch_error.is_some() => {
                    ("EC2 would not start it".into(), Some(Level::Fail))
                }
                Some(b) if b.idle_billing_minutes.is_some() => (
                    format!("idle, billing {} min", b.idle_billing_minutes.unwrap_or(0)),
                    Some(Level::Warn),
                ),
                _ => (node.reason.clone().unwrap_or_default(), None),
            };
            let row = Row::new(vec![
                Cell::from(node.name.clone()),
                Cell::from(state),
                Cell::from(words),
                Cell::from(instance),
                Cell::from(price),
                Cell::from(note),
            ]);
            match level {
                Some(level) => row.style(theme.level(level)),
                None => row,
            }
        })
        .collect();
    let mut state = TableState::default()
        .with_selected((!nodes.is_empty()).then(|| ui.selected.min(nodes.len() - 1)));
    frame.render_stateful_widget(
        pick_table(
            rows,
            [
                Constraint::Length(22),
                Constraint::Length(9),
                Constraint::Length(22),
                Constraint::Length(13),
                Constraint::Length(9),
                Constraint::Min(10),
            ],
            ["node", "state", "meaning", "instance", "$/h", "note"],
            theme,
        ),
        table_area,
        &mut state,
    );
    let instances = ui.instances.value.as_deref().unwrap_or(&[]);
    let head = instances.iter().find(|i| i.node_type == "HeadNode");
    let mut lines: Vec<Line> = vec![];
    let selected = (!nodes.is_empty()).then(|| ui.selected.min(nodes.len() - 1));
    if let Some(n) = selected {
        lines.push(detail(&nodes[n], bills.get(n), ui.scaledown_minutes));
    }
    if let Some(h) = head {
        lines.push(Line::raw(format!(
            "Head node {} {} · {}",
            h.instance_id, h.instance_type, h.state
        )));
    }
    for i in billing.iter().flat_map(|b| &b.unclaimed) {
        lines.push(Line::styled(
            format!(
                "! {} {} {}, no Slurm node's: starting up, or orphaned and billing",
                i.instance_id, i.instance_type, i.state
            ),
            theme.level(Level::Warn),
        ));
    }
    if lines.is_empty() {
        lines.push(Line::raw("EC2: no instances"));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .style(theme.dim())
            .wrap(ratatui::widgets::Wrap { trim: true }),
        instances_area,
    );
}

/// The selected node in full: its instance, what it means, and why it is flagged.
fn detail(node: &Node, bill: Option<&NodeBilling>, scaledown_minutes: u32) -> Line<'static> {
    let (_, words) = describe_node(node);
    let mut parts = vec![format!("{}: {words}", node.name)];
    if let Some(b) = bill {
        if let Some(id) = &b.instance_id {
            parts.push(format!(
                "{id} {}{}",
                b.instance_type.as_deref().unwrap_or(""),
                if b.spot { " spot" } else { " on-demand" }
            ));
        }
        if let Some(minutes) = b.idle_billing_minutes {
            parts.push(format!(
                "idle {minutes} min past the {scaledown_minutes}-min scale-down and still billing{}",
                if b.is_static {
                    " (a static node never scales down: stop the fleet with f)"
                } else {
                    ""
                }
            ));
        }
        if let Some(error) = &b.launch_error {
            parts.push(error.clone());
        }
    }
    if let Some(reason) = node
        .reason
        .as_ref()
        .filter(|_| bill.is_none_or(|b| b.launch_error.is_none()))
    {
        parts.push(format!("reason: {reason}"));
    }
    Line::raw(parts.join(" · "))
}
