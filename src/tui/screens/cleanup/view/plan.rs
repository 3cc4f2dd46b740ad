//! The plan: each thing the cluster leaves, ticked or not, with what it bills per month;
//! the selected one's reason below, then the sums and what was deliberately left alone.
//! And the question over it that asks for the cluster's name.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, TableState, Wrap};

use crate::cleanup::{Item, Plan};
use crate::cluster::price::money;
use crate::doctor::Level;
use crate::tui::screens::cleanup::state::{CleanupUi, SweepSummary};
use crate::tui::screens::cleanup::summary::{per_month, sum};
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::{detail_box, pick_table};

pub fn render(ctx: &ViewContext, ui: &CleanupUi, frame: &mut Frame, area: Rect) {
    let Some(plan) = &ui.plan else {
        return;
    };
    let theme = ctx.theme;
    // The sweep first says what the region's clusters bill, then lists the leftovers.
    let area = match &ui.sweep {
        Some(sweep) => {
            let lines = sweep_lines(sweep, theme);
            let [top, rest] =
                Layout::vertical([Constraint::Length(lines.len() as u16), Constraint::Min(3)])
                    .areas(area);
            frame.render_widget(Paragraph::new(lines), top);
            rest
        }
        None => area,
    };
    if plan.items.is_empty() {
        let nothing = if ui.sweep.is_some() {
            "Nothing is left behind that no cluster owns.".to_string()
        } else {
            format!("Nothing of {}'s is left billing here.", plan.cluster)
        };
        let mut lines = vec![Line::styled(nothing, theme.level(Level::Ok)), Line::raw("")];
        lines.extend(notes(ctx, ui, plan));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
        return;
    }
    // The table as tall as its rows; the reason does not fit beside the id at 100
    // columns, so the selected row's shows in full below it.
    let table_height = (plan.items.len() as u16 + 1).min(area.height.saturating_sub(9));
    let [table_area, detail_area, notes_area] = Layout::vertical([
        Constraint::Length(table_height),
        Constraint::Length(5),
        Constraint::Min(2),
    ])
    .areas(area);
    let rows: Vec<Row> = plan
        .items
        .iter()
        .map(|item| {
            Row::new(vec![
                Cell::from(if item.selected { "[x]" } else { "[ ]" }),
                Cell::from(item.kind.label()),
                Cell::from(item.id.clone()),
                Cell::from(item.detail.clone()),
                Cell::from(Line::from(cost(item)).right_aligned()),
            ])
        })
        .collect();
    // Ids are what the user checks against the console: their column fits the longest
    // (up to a point); details give way, and show in full below.
    let id_width = plan
        .items
        .iter()
        .map(|i| i.id.chars().count())
        .max()
        .unwrap_or(2)
        .clamp(2, 40) as u16;
    let widths = [
        Constraint::Length(3),
        Constraint::Length(20),
        Constraint::Length(id_width),
        Constraint::Fill(1),
        Constraint::Length(9),
    ];
    let mut state = TableState::default().with_selected(Some(ui.selected));
    frame.render_stateful_widget(
        pick_table(rows, widths, ["", "kind", "id", "detail", "$/month"], theme),
        table_area,
        &mut state,
    );
    if let Some(item) = plan.items.get(ui.selected) {
        frame.render_widget(detail_box(detail(item, ui.sweep.is_some())), detail_area);
    }
    frame.render_widget(
        Paragraph::new(notes(ctx, ui, plan)).wrap(Wrap { trim: true }),
        notes_area,
    );
}

/// "$1,340.28", "?" when it bills an unknown amount, "-" when it bills nothing.
fn cost(item: &Item) -> String {
    match (item.usd_per_month, &item.cost_note) {
        (Some(usd), _) => money(usd),
        (None, Some(_)) => "?".into(),
        (None, None) => "-".into(),
    }
}

/// The region's clusters with what they bill now, and the region's total.
fn sweep_lines(sweep: &SweepSummary, theme: crate::tui::theme::Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        format!(
            "In all about {}/month{}: the clusters at their rate now, and the leftovers below.",
            money(sweep.usd_per_month),
            if sweep.unpriced > 0 {
                format!(" (+{} unpriced)", sweep.unpriced)
            } else {
                String::new()
            }
        ),
        theme.title(),
    )];
    if sweep.clusters.is_empty() {
        lines.push(Line::raw("Clusters: none."));
    } else {
        lines.push(Line::raw(format!(
            "Clusters: {}",
            sweep.clusters.join("; ")
        )));
    }
    lines.push(Line::raw(""));
    lines
}

fn detail(item: &Item, sweep: bool) -> Vec<Line<'static>> {
    let why = if sweep {
        "Why it is a leftover"
    } else {
        "Why it is this cluster's"
    };
    let mut lines = vec![
        Line::raw(format!("{} · {}", item.id, item.detail)),
        Line::raw(format!("{why}: {}.", item.why)),
    ];
    if let Some(user) = &item.blocked_by {
        lines.push(Line::raw(format!(
            "It stays: in use by {user}. It can not be ticked."
        )));
    }
    if let Some(note) = &item.cost_note {
        lines.push(Line::raw(format!("$/month unknown: {note}.")));
    }
    lines
}

/// The sums, what was left alone and why, and lookups that failed.
fn notes(ctx: &ViewContext, ui: &CleanupUi, plan: &Plan) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = vec![];
    if let Some(notice) = &ui.notice {
        lines.push(Line::styled(notice.clone(), theme.level(Level::Warn)));
    }
    if !plan.items.is_empty() {
        let ticked = plan.selected().count();
        let (saving, saving_unknown) = sum(plan.selected());
        let (left, left_unknown) = sum(plan.items.iter().filter(|i| !i.selected));
        lines.push(Line::styled(
            format!(
                "Removing the {ticked} ticked items saves {}.",
                per_month(saving, saving_unknown)
            ),
            theme.title(),
        ));
        lines.push(Line::raw(format!(
            "Left unticked still bills {}.",
            per_month(left, left_unknown)
        )));
    }
    for left in &plan.left_alone {
        lines.push(Line::styled(format!("Left alone: {left}"), theme.dim()));
    }
    for problem in &plan.problems {
        lines.push(Line::styled(
            format!("! {problem} (the plan may miss things there)"),
            theme.level(Level::Warn),
        ));
    }
    lines
}

/// Over the plan: type the cluster's name to delete the ticked items.
pub fn render_confirm(
    ctx: &ViewContext,
    ui: &CleanupUi,
    typed: &str,
    mismatch: bool,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = ctx.theme;
    let Some(plan) = &ui.plan else {
        return;
    };
    let ticked = plan.selected().count();
    let (saving, unknown) = sum(plan.selected());
    let mut lines = vec![
        Line::raw(format!(
            "Deleting cannot be undone. It saves {}.",
            per_month(saving, unknown)
        )),
        Line::raw(format!("As {}.", ui.acting_as())),
        Line::raw(""),
        Line::raw(if ui.sweep.is_some() {
            format!("Type the region's name to delete the {ticked} ticked items:")
        } else {
            format!("Type the cluster name to delete the {ticked} ticked items:")
        }),
        Line::from(vec![
            Span::styled("> ", theme.key()),
            Span::raw(format!("{typed}▏")),
        ]),
    ];
    if mismatch {
        lines.push(Line::styled(
            format!(
                "\"{typed}\" does not match \"{}\": type the name exactly.",
                ui.confirm_word()
            ),
            theme.level(Level::Fail),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Enter: delete · Esc: back to the plan",
        theme.dim(),
    ));
    super::dialog(
        ctx,
        &format!("Delete from {}?", ui.name),
        lines,
        frame,
        area,
    );
}
