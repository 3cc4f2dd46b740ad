//! The clean-up screen: the plan with ticks, the name typed to confirm, the run item by
//! item, and what still bills after; or parking instead. Draws from state only.

mod park;
mod plan;
mod run;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::doctor::Level;
use crate::tui::screens::cleanup::state::{CleanupUi, Stage};
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::{dialog_box, spinner};

pub fn render(ctx: &ViewContext, ui: &CleanupUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let what = match ui.stage {
        Stage::ParkConfirm { resume: true }
        | Stage::Parking { resume: true }
        | Stage::Parked { resume: true, .. } => "Resume",
        Stage::ParkConfirm { .. } | Stage::Parking { .. } | Stage::Parked { .. } => "Park",
        _ => "Clean up",
    };
    let title = match &ui.sweep {
        Some(_) => format!(" Anything still billing in {}? ", ui.region),
        None => format!(" {what} {} · {} ", ui.name, ui.region),
    };
    let block = Block::bordered().title(title).title_style(theme.title());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match &ui.stage {
        Stage::Planning => frame.render_widget(
            Paragraph::new(vec![
                Line::raw(match &ui.sweep {
                    Some(_) => format!(
                        "{} looking through {} for every cluster and every leftover…",
                        spinner(ctx.frame),
                        ui.region
                    ),
                    None => format!(
                        "{} looking for everything {} leaves billing…",
                        spinner(ctx.frame),
                        ui.name
                    ),
                }),
                Line::raw(""),
                Line::styled("Nothing is touched: this only looks. Esc back", theme.dim()),
            ]),
            inner,
        ),
        Stage::PlanFailed(why) => frame.render_widget(
            Paragraph::new(vec![
                Line::styled(format!("✖ {why}"), theme.level(Level::Fail)),
                Line::raw(""),
                Line::styled("r looks again · Esc back", theme.dim()),
            ])
            .wrap(Wrap { trim: true }),
            inner,
        ),
        Stage::Plan => plan::render(ctx, ui, frame, inner),
        Stage::Confirm { typed, mismatch } => {
            plan::render(ctx, ui, frame, inner);
            plan::render_confirm(ctx, ui, typed, *mismatch, frame, inner);
        }
        Stage::Running | Stage::Finished => run::render(ctx, ui, frame, inner),
        Stage::ParkConfirm { resume } | Stage::Parking { resume } => {
            if ui.plan.is_some() {
                plan::render(ctx, ui, frame, inner);
            }
            park::render_question(ctx, ui, *resume, frame, inner);
        }
        Stage::Parked { resume, result } => {
            park::render_result(ctx, ui, *resume, result, frame, inner)
        }
    }
}

/// A box over the screen: a question, or work going on.
fn dialog(
    ctx: &ViewContext,
    title: &str,
    lines: Vec<Line<'static>>,
    frame: &mut Frame,
    area: Rect,
) {
    dialog_box(frame, area, 80, title, ctx.theme.title(), lines);
}
