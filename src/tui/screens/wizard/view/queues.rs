//! Step 8: the Slurm queues: counts, exclusive nodes, SMT, spot.

use crate::cluster::price::hourly;
use crate::cluster::price_book::PriceKey;
use crate::tui::screens::wizard::PriceState;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, TableState};

use crate::cluster::edits;
use crate::tui::screens::wizard::WizardUi;
use crate::tui::widgets::ViewContext;

pub fn render(ctx: &ViewContext, wizard: &WizardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let Some(config) = &wizard.draft.config else {
        frame.render_widget(Paragraph::new("Choose a preset first (Esc)."), area);
        return;
    };
    let [table_area, detail_area] =
        Layout::vertical([Constraint::Min(4), Constraint::Length(12)]).areas(area);
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
                Cell::from(on_off(resource.efa.as_ref().and_then(|e| e.enabled))),
                Cell::from(on_off(
                    queue
                        .networking
                        .placement_group
                        .as_ref()
                        .and_then(|p| p.enabled),
                )),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(10),
        Constraint::Length(14),
        Constraint::Length(7),
        Constraint::Length(11),
        Constraint::Length(4),
        Constraint::Length(9),
        Constraint::Length(3),
        Constraint::Length(3),
    ];
    let mut state = TableState::default().with_selected(Some(wizard.queue_selected));
    frame.render_stateful_widget(
        crate::tui::widgets::pick_table(
            rows,
            widths,
            [
                "queue", "type", "nodes", "jobs get", "SMT", "capacity", "EFA", "PG",
            ],
            theme,
        ),
        table_area,
        &mut state,
    );
    let mut lines = vec![];
    if let Some(&(q, r)) = rows_at.get(wizard.queue_selected) {
        let queue = &config.scheduling.slurm_queues[q];
        if let Some(t) = &queue.compute_resources[r].instance_type {
            lines.push(markets_line(t, &wizard.prices, ctx.wall));
        }
        lines.push(Line::raw(if queue.job_exclusive_allocation == Some(true) {
            "Each job gets whole nodes: what reV expects when it sizes max_workers to a node's cores."
        } else {
            "Nodes are shared between jobs (ParallelCluster's default). reV sizes each job for a whole node, so two reV jobs on one node fight for its cores and memory: press x."
        }));
        if queue.capacity_type.as_deref() == Some("SPOT") {
            lines.push(Line::raw("Spot: up to ~70% cheaper, but AWS may take a node back with two minutes' notice; reV then reruns that node's sites."));
        }
    }
    if let Some(message) = &wizard.queue_message {
        lines.push(Line::styled(
            format!("✖ {message}"),
            theme.level(crate::doctor::Level::Fail),
        ));
    }
    lines.push(Line::styled(
        "x whole nodes · +/- MaxCount · >/< MinCount (static nodes bill all the time) · t SMT · p spot · e EFA · g placement group · i type · z size it · n rename · a add · D remove · Enter continues",
        theme.dim(),
    ));
    frame.render_widget(crate::tui::widgets::detail_box(lines), detail_area);

    if let Some(name) = &wizard.queue_rename {
        let popup = crate::tui::widgets::centered(area, 60, 5);
        frame.render_widget(ratatui::widgets::Clear, popup);
        // Checked as it is typed, with ParallelCluster's rules.
        let verdict = match crate::cluster::findings::name_problem(name) {
            Some(problem) => Line::styled(
                format!("✖ {problem}"),
                theme.level(crate::doctor::Level::Fail),
            ),
            None => Line::styled(
                "✔ a valid name · Enter renames · Esc cancels",
                theme.level(crate::doctor::Level::Ok),
            ),
        };
        frame.render_widget(
            Paragraph::new(vec![Line::raw(format!("Queue name: {name}▏")), verdict]).block(
                Block::bordered()
                    .title(" Rename queue ")
                    .title_style(theme.title()),
            ),
            popup,
        );
    }
    if wizard.queue_picking {
        let popup = crate::tui::widgets::centered(
            area,
            area.width.saturating_sub(2),
            area.height.saturating_sub(2),
        );
        frame.render_widget(ratatui::widgets::Clear, popup);
        let block = Block::bordered()
            .title(" Compute node type (Enter chooses, Esc closes) ")
            .title_style(theme.title());
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let zone = wizard.catalog_place();
        let zone = zone.as_str();
        if let Some(picker) = super::fetched(
            ctx,
            &wizard.catalog,
            &format!("reading the instance types {zone} offers"),
            frame,
            inner,
        ) {
            super::head_node::render_picker(ctx, picker, zone, &wizard.prices, frame, inner);
        }
    }
}

fn on_off(value: Option<bool>) -> &'static str {
    if value == Some(true) { "on" } else { "off" }
}

/// "c6a.12xlarge per node: $1.836/h on demand · $0.71/h spot (live · just now)": both
/// markets side by side, so switching with `p` is an informed choice.
fn markets_line(
    instance_type: &str,
    prices: &PriceState,
    now: chrono::DateTime<chrono::Utc>,
) -> Line<'static> {
    let market =
        |spot: bool, word: &str| match prices.book.get(&PriceKey::instance(instance_type, spot)) {
            Some(p) => format!("{}/h {word} ({})", hourly(p.usd), p.source.label(now)),
            None if prices.pending > 0 => format!("{word} price on its way"),
            None => format!("{word} price unknown offline"),
        };
    Line::raw(format!(
        "{instance_type} per node: {} · {}",
        market(false, "on demand"),
        market(true, "spot")
    ))
}
