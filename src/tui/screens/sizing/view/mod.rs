//! The sizing assistant's screens (issue 10): the form for one unit of work and the job, the
//! live measurement of a unit's command, and the plans: the candidates table, the
//! cost/time frontier chart, and the selected point's queue and reV settings with the HSDS
//! 503 check. Render only, from a `SizingView` (and the notes kept beside it).

mod form;
mod frontier;
mod measuring;
mod pick;
mod table;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::state::{Plans, SizingUi, SizingView, Stage};
use crate::cluster::sizing::rows::headline;
use crate::tui::theme::Theme;
use crate::tui::widgets::ViewContext;

/// The screen, with the notes under it when there are any: types left out, live prices
/// missing, and where a pick from the menu goes.
pub fn render_screen(ctx: &ViewContext, ui: &SizingUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    // While the background sizing runs (live prices may take a moment), say so first.
    let mut notes: Vec<String> = ui
        .sizing
        .then(|| "Sizing: looking up the region's types and prices…".to_string())
        .into_iter()
        .collect();
    notes.extend(ui.notes.iter().cloned());
    // Notes wrap; three rows at most, the screen keeps the rest.
    let rows = (notes.len() as u16 * 2).min(3);
    let [screen, notes_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(rows)]).areas(area);
    render(&ui.view, theme, frame, screen);
    let lines: Vec<Line> = notes.into_iter().map(Line::raw).collect();
    frame.render_widget(
        Paragraph::new(lines)
            .style(theme.dim())
            .wrap(Wrap { trim: true }),
        notes_area,
    );
}

/// The screen as a `SizingView` draws it (the notes aside).
pub fn render(view: &SizingView, theme: Theme, frame: &mut Frame, area: Rect) {
    let block = Block::bordered()
        .title(" Size it: which instance type, how many nodes ")
        .title_style(theme.title());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match (view.stage, &view.plans) {
        (Stage::Form, _) | (Stage::Plans, None) => form::render(&view.form, theme, frame, inner),
        (Stage::Measuring, _) => match &view.measuring {
            Some(measuring) => measuring::render(measuring, view.frame, theme, frame, inner),
            None => form::render(&view.form, theme, frame, inner),
        },
        (Stage::Plans, Some(plans)) => {
            render_plans(plans, view.measuring.is_some(), theme, frame, inner)
        }
    }
}

/// The headline, the table over the chart and the selected point's settings.
fn render_plans(plans: &Plans, measured: bool, theme: Theme, frame: &mut Frame, area: Rect) {
    // The table takes its rows (and a header) up to a third of the height, scrolling to
    // the selected row; the chart and the settings get the rest.
    let table_height = (plans.rows.len() as u16 + 1).min((area.height / 3).max(4));
    let [head, table_area, bottom] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(table_height),
        Constraint::Min(6),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::raw(headline(&plans.sizing, measured, &plans.region)))
            .wrap(Wrap { trim: true }),
        head,
    );
    if plans.show_assumptions {
        // A dozen paragraphs: they take the table's and the chart's room.
        let [_, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
        pick::render_assumptions(plans, theme, frame, rest);
        return;
    }
    table::render(plans, theme, frame, table_area);
    let [chart, side] =
        Layout::horizontal([Constraint::Percentage(52), Constraint::Percentage(48)]).areas(bottom);
    frontier::render(plans, theme, frame, chart);
    pick::render(plans, theme, frame, side);
}
