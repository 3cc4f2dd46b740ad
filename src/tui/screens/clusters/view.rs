//! "Resume or monitor an existing cluster": the region's clusters with status, version,
//! age, head node, nodes up and $/hour now; the selected one's details below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, TableState, Wrap};

use super::state::{ClustersUi, Purpose};
use crate::cluster::cluster_row::{ClusterRow, age};
use crate::cluster::price::hourly;
use crate::doctor::Level;
use crate::tui::remote::Remote;
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::{detail_box, pick_table, spinner};

pub fn render(ctx: &ViewContext, ui: &ClustersUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let region = ui.region.as_deref().unwrap_or("no region");
    let title = match ui.purpose {
        Purpose::Monitor => format!(" Clusters in {region} "),
        Purpose::CleanUp => format!(" Clean up which cluster? (Enter: plan) · {region} "),
    };
    let block = Block::bordered().title(title).title_style(theme.title());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(_) = &ui.region else {
        frame.render_widget(
            Paragraph::new("No AWS region is set. Set one (export AWS_REGION=us-west-2, or `aws configure set region us-west-2`) and open this again.")
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    };
    let (rows, problem) = match &ui.rows {
        Remote::Loading => {
            frame.render_widget(
                Paragraph::new(format!(
                    "{} looking up the region's clusters…",
                    spinner(ctx.frame)
                )),
                inner,
            );
            return;
        }
        Remote::Ready {
            value: Err(why), ..
        } => {
            frame.render_widget(
                Paragraph::new(vec![
                    Line::styled(format!("✖ {why}"), theme.level(Level::Fail)),
                    Line::raw(""),
                    Line::styled("r tries again · Esc back to the menu", theme.dim()),
                ])
                .wrap(Wrap { trim: true }),
                inner,
            );
            return;
        }
        Remote::Ready {
            value: Ok(listing), ..
        } => (&listing.rows, &listing.history_problem),
    };
    let sweep_height = u16::from(ui.has_sweep_entry()) * 2;
    let note = price_note(ui);
    let [sweep_area, table_area, note_area, detail_area] = Layout::vertical([
        Constraint::Length(sweep_height),
        Constraint::Min(3),
        Constraint::Length(note.map_or(0, |n| note_height(n, inner.width))),
        Constraint::Length(6),
    ])
    .areas(inner);
    if let Some(note) = note {
        // Why the $/h column is not live, in `pcwiz list`'s words.
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!("! $/h now: {note}"),
                theme.level(Level::Warn),
            ))
            .wrap(Wrap { trim: true }),
            note_area,
        );
    }
    if ui.has_sweep_entry() {
        let line = format!(
            "{} Anything still billing in {region}? Every cluster and every leftover, with what it bills",
            if ui.sweep_selected() { "›" } else { " " }
        );
        let style = if ui.sweep_selected() {
            theme.selected()
        } else {
            theme.title()
        };
        frame.render_widget(Paragraph::new(Line::styled(line, style)), sweep_area);
    }
    let now = ctx.wall;
    let table_rows: Vec<Row> = rows
        .iter()
        .map(|r| {
            let style = if r.deleted() {
                theme.dim()
            } else {
                ratatui::style::Style::default()
            };
            Row::new(vec![
                Cell::from(r.name.clone()),
                Cell::from(r.status.clone()),
                Cell::from(r.version.clone().unwrap_or_else(|| "?".into())),
                Cell::from(format!("{:>7}", age(r.created, now))),
                Cell::from(
                    r.head_node
                        .as_ref()
                        .map(|h| h.state.clone())
                        .unwrap_or_else(|| "-".into()),
                ),
                Cell::from(format!("{:>5}", r.nodes_up)),
                Cell::from(format!(
                    "{:>9}",
                    r.usd_per_hour
                        .map(hourly)
                        .unwrap_or_else(|| "unknown".into())
                )),
            ])
            .style(style)
        })
        .collect();
    let widths = [
        Constraint::Min(16),
        Constraint::Length(20),
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Length(9),
        Constraint::Length(5),
        Constraint::Length(9),
    ];
    let mut state = TableState::default()
        .with_selected(ui.selected_cluster_index().filter(|_| !rows.is_empty()));
    frame.render_stateful_widget(
        pick_table(
            table_rows,
            widths,
            [
                "name", "status", "version", "age", "head", "nodes", "$/h now",
            ],
            theme,
        ),
        table_area,
        &mut state,
    );
    let detail = match (ui.selected_row(), problem) {
        (_, Some(problem)) => format!("! {problem}"),
        (None, None) if ui.sweep_selected() => format!(
            "Every cluster in {region} with what it bills now, and everything no cluster owns any more (networks with their NAT gateways, volumes, file systems, snapshots, log groups, key pairs pcwiz imported), each with what it bills per month. Nothing is removed until you tick, confirm and type {region}."
        ),
        (None, None) => "No clusters here. Create one from the main menu.".into(),
        (Some(row), None) => match ui.purpose {
            Purpose::Monitor => describe(row, &ctx.local),
            Purpose::CleanUp => describe_for_cleanup(row),
        },
    };
    frame.render_widget(detail_box(detail), detail_area);
}

/// Lines the note takes wrapped on words: one more than its length says, for the words
/// that do not fit at a line's end; at most four.
fn note_height(note: &str, width: u16) -> u16 {
    let chars = "! $/h now: ".len() + note.chars().count();
    let lines = chars.div_ceil(usize::from(width.max(1))) + 1;
    lines.min(4) as u16
}

fn price_note(ui: &ClustersUi) -> Option<&str> {
    match ui.rows.value() {
        Some(Ok(listing)) => listing.price_note.as_deref(),
        _ => None,
    }
}

/// What Enter will do with the selected cluster when cleaning up: nothing is touched yet.
fn describe_for_cleanup(row: &ClusterRow) -> String {
    if row.deleted() {
        return format!(
            "{} is deleted: Enter looks for anything it left behind (a kept network, volume or log group, local files). Esc back",
            row.name
        );
    }
    let cost = match row.usd_per_hour {
        Some(usd) if usd > 0.0 => format!(" It costs {}/h now.", hourly(usd)),
        _ => String::new(),
    };
    format!(
        "{} · {}.{cost} Enter looks for everything it leaves billing and shows the plan; nothing is deleted until you tick, confirm and type its name. r refreshes · Esc back",
        row.name, row.status
    )
}

/// What the selected cluster is doing, and what to do with it.
fn describe(row: &ClusterRow, local: &chrono::FixedOffset) -> String {
    if row.deleted() {
        return format!(
            "{} was launched from here and is gone from AWS: deleted. pcwiz keeps its record.",
            row.name
        );
    }
    if let Some(parked) = row.parked_and_billing(local) {
        return format!(
            "{} · head node {parked}. To start it again: Enter, then p (or pcwiz resume {}) · r refreshes · Esc back",
            row.name, row.name
        );
    }
    let head = match &row.head_node {
        Some(h) => format!(
            "Head node {} ({}){}.",
            h.state,
            h.instance_type,
            h.public_ip
                .as_ref()
                .map(|ip| format!(" at {ip}"))
                .unwrap_or_default()
        ),
        None => "No head node running.".into(),
    };
    let cost = match row.usd_per_hour {
        Some(usd) if usd > 0.0 => format!(" It costs {}/h now.", hourly(usd)),
        Some(_) => " Nothing bills by the hour now.".into(),
        None => " Some of its prices are unknown.".into(),
    };
    format!(
        "{} · {} · {head}{cost} Log in: pcwiz ssh {} · follow a creation: pcwiz follow {} · r refreshes · Esc back",
        row.name, row.status, row.name, row.name
    )
}
