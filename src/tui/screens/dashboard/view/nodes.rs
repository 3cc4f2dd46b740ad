//! The nodes tab: Slurm's nodes under their queue, each queue headed by its counts per
//! state (glyph and word), each node with its state (glyph and sinfo's word), the EC2
//! instance behind it and its $/h; nodes idle past the scale-down time while billing are
//! marked, and a node EC2 would not start says why in words on the line under it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{ListItem, ListState, Paragraph};

use super::freshness;
use super::state_style::{node_level, style};
use crate::cluster::glance::{self, QueueNodes};
use crate::cluster::node_billing::NodeBilling;
use crate::cluster::price::hourly;
use crate::cluster::slurm::{Node, describe_node};
use crate::doctor::Level;
use crate::tui::screens::dashboard::DashboardUi;
use crate::tui::theme::Theme;
use crate::tui::widgets::hanging::wrap;
use crate::tui::widgets::{ViewContext, clip, pick_list};

pub fn render(ctx: &ViewContext, ui: &DashboardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let [fresh, heading, list_area, instances_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(5),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(freshness(&ui.nodes, ctx.now, theme)), fresh);
    let nodes = ui.nodes.value.as_deref().unwrap_or(&[]);
    let billing = ui.billing();
    let bills = billing.as_ref().map(|b| b.nodes.as_slice()).unwrap_or(&[]);
    let queues = glance::queues(nodes);
    let columns = Columns::fit(list_area.width, nodes);
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!("  {}", columns.heading()),
            theme.dim(),
        )),
        heading,
    );
    // The selection counts nodes in the order drawn: queue by queue.
    let order: Vec<usize> = queues.iter().flat_map(|q| q.nodes.clone()).collect();
    let selected = (!order.is_empty()).then(|| order[ui.selected.min(order.len() - 1)]);
    let mut items = vec![];
    let mut selected_item = None;
    for queue in &queues {
        items.push(ListItem::new(queue_heading(queue, theme)));
        for &n in &queue.nodes {
            if Some(n) == selected {
                selected_item = Some(items.len());
            }
            items.push(node_item(&nodes[n], bills.get(n), &columns, theme));
        }
    }
    let mut state = ListState::default().with_selected(selected_item);
    frame.render_stateful_widget(pick_list(items, theme), list_area, &mut state);

    let instances = ui.instances.value.as_deref().unwrap_or(&[]);
    let head = instances.iter().find(|i| i.node_type == "HeadNode");
    let mut lines: Vec<Line> = vec![];
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

/// "standard · 10 nodes: █ 2 busy · ▒ 1 idle · ░ 4 off · ✖ 3 down".
fn queue_heading(queue: &QueueNodes, theme: Theme) -> Line<'static> {
    let total = queue.total();
    let mut spans = vec![Span::styled(
        format!(
            "{} · {total} node{}: ",
            queue.queue,
            if total == 1 { "" } else { "s" }
        ),
        theme.title(),
    )];
    for (at, (state, n)) in queue.present().enumerate() {
        if at > 0 {
            spans.push(Span::raw(" · "));
        }
        spans.push(Span::styled(
            format!("{} {n} {}", state.glyph(), state.word()),
            style(theme, node_level(state)),
        ));
    }
    Line::from(spans)
}

/// One node's row; a node EC2 would not start gets the error in words under it.
fn node_item(
    node: &Node,
    bill: Option<&NodeBilling>,
    columns: &Columns,
    theme: Theme,
) -> ListItem<'static> {
    let (sinfo_state, words) = describe_node(node);
    let state = glance::node_state(node);
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
    let launch_error = bill.and_then(|b| b.launch_error.as_deref());
    let (note, level) = match bill {
        // Short enough for 80 columns; the line under it and the detail say it in full.
        Some(_) if launch_error.is_some() => ("EC2 would not start".into(), Some(Level::Fail)),
        Some(b) if b.idle_billing_minutes.is_some() => (
            format!("idle {}m, billing", b.idle_billing_minutes.unwrap_or(0)),
            Some(Level::Warn),
        ),
        _ => (node.reason.clone().unwrap_or_default(), None),
    };
    let row_style = level.map_or_else(Default::default, |l| theme.level(l));
    let mut spans = vec![
        Span::styled(cell(&node.name, columns.name), row_style),
        Span::styled(
            cell(&format!("{} {sinfo_state}", state.glyph()), columns.state),
            style(theme, node_level(state)),
        ),
    ];
    if columns.meaning > 0 {
        spans.push(Span::styled(cell(words, columns.meaning), row_style));
    }
    spans.push(Span::styled(
        format!(
            "{}{}{}",
            cell(&instance, columns.instance),
            cell(&price, columns.price),
            clip(&note, columns.note)
        ),
        row_style,
    ));
    let mut lines = vec![Line::from(spans)];
    if let Some(error) = launch_error {
        let indent = " ".repeat(4);
        for text in wrap(
            &format!("↳ {error}"),
            &indent,
            &format!("{indent}  "),
            columns.total,
        ) {
            lines.push(Line::styled(text, theme.level(Level::Fail)));
        }
    }
    ListItem::new(lines)
}

/// The rows' column widths for the width the list gets: the meaning column (sinfo's state
/// in words) only when there is room for it beside a readable note, since the glyph and
/// sinfo's word already say the state and the selected node's line says it in full.
struct Columns {
    name: usize,
    state: usize,
    meaning: usize,
    instance: usize,
    price: usize,
    note: usize,
    /// What a row may fill, beside the selection marker.
    total: usize,
}

impl Columns {
    fn fit(width: u16, nodes: &[Node]) -> Self {
        // "› " marks the selected row.
        let total = usize::from(width).saturating_sub(2);
        let name = nodes
            .iter()
            .map(|n| n.name.chars().count())
            .max()
            .unwrap_or(4)
            .clamp(4, 28)
            + 1;
        let (state, instance, price) = (12, 13, 9);
        let rest = total.saturating_sub(name + state + instance + price);
        let meaning = if rest >= MEANING + NOTE_AT_LEAST {
            MEANING
        } else {
            0
        };
        Self {
            name,
            state,
            meaning,
            instance,
            price,
            note: rest - meaning,
            total,
        }
    }

    fn heading(&self) -> String {
        let mut text = cell("node", self.name) + &cell("state", self.state);
        if self.meaning > 0 {
            text += &cell("meaning", self.meaning);
        }
        text + &cell("instance", self.instance) + &cell("$/h", self.price) + "note"
    }
}

/// Width of the meaning column, and the note's least width beside it (a node's reason
/// readable).
const MEANING: usize = 23;
const NOTE_AT_LEAST: usize = 20;

/// `text` clipped to `width - 1` and padded to `width`: a column and its gap.
fn cell(text: &str, width: usize) -> String {
    let text = clip(text, width.saturating_sub(1));
    let pad = width.saturating_sub(text.chars().count());
    text + &" ".repeat(pad)
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
