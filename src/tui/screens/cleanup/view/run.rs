//! A run: each ticked item in removal order with what became of it (a spinner while it is
//! being removed); once finished, the tally, what still bills, and whether to run again.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::cleanup::{Item, Outcome, Progress};
use crate::cluster::price::money;
use crate::doctor::Level;
use crate::tui::screens::cleanup::state::{CleanupUi, Stage};
use crate::tui::screens::cleanup::summary::{per_month, sum};
use crate::tui::theme::Theme;
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::spinner;

pub fn render(ctx: &ViewContext, ui: &CleanupUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let finished = ui.stage == Stage::Finished;
    let rows = ui.run_rows();
    let mut lines = vec![
        Line::styled(
            if finished {
                format!("What became of the {} ticked items:", rows.len())
            } else {
                format!(
                    "Removing {} items, compute first and local files last:",
                    rows.len()
                )
            },
            theme.title(),
        ),
        Line::raw(""),
    ];
    for (item, progress) in rows {
        lines.extend(row(ctx, item, progress, finished));
    }
    lines.push(Line::raw(""));
    if finished {
        lines.extend(summary(ui, theme));
    } else {
        lines.push(Line::styled(
            "If you quit, what AWS has started goes on; running the clean-up again finishes the rest.",
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// "✔ deleted      compute instance     i-0c6a… · note", and a failure's reason and
/// next step on the lines below.
fn row(
    ctx: &ViewContext,
    item: &Item,
    progress: Option<&Progress>,
    finished: bool,
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let outcome = progress.and_then(|p| p.outcome.as_ref());
    let (mark, status, style): (String, &str, Style) = match (outcome, progress) {
        (Some(Outcome::Deleted), _) => ("✔".into(), "deleted", theme.level(Level::Ok)),
        (Some(Outcome::AlreadyGone), _) => ("–".into(), "already gone", theme.dim()),
        (Some(Outcome::Kept), _) => ("·".into(), "kept", Style::default()),
        (Some(Outcome::Failed { .. }), _) => ("✖".into(), "failed", theme.level(Level::Fail)),
        (None, _) if finished => ("✖".into(), "not reached", theme.level(Level::Fail)),
        (None, Some(_)) => (spinner(ctx.frame).into(), "removing…", Style::default()),
        (None, None) => ("·".into(), "waiting", theme.dim()),
    };
    let note = progress
        .and_then(|p| p.note.as_ref())
        .map(|n| format!(" · {n}"))
        .unwrap_or_default();
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {mark} {status:<13}"), style),
        Span::raw(format!("{:<21}{}", item.kind.label(), item.id)),
        Span::styled(note, theme.dim()),
    ])];
    if let Some(Outcome::Failed { reason, next }) = outcome {
        // Reason and next step on lines of their own: each can be long, and both matter.
        lines.push(Line::styled(
            format!("   {reason}"),
            theme.level(Level::Fail),
        ));
        lines.push(Line::styled(
            format!("   next: {next}"),
            theme.level(Level::Fail),
        ));
    }
    lines
}

fn summary(ui: &CleanupUi, theme: Theme) -> Vec<Line<'static>> {
    let tally = ui.tally();
    let mut lines = vec![Line::styled(
        format!(
            "Removed {} · already gone {} · failed {} · kept {}",
            tally.removed, tally.already_gone, tally.failed, tally.kept
        ),
        theme.title(),
    )];
    let billing = ui.still_billing();
    if billing.is_empty() {
        lines.push(Line::styled(
            format!("Nothing {} left bills any more.", ui.name),
            theme.level(Level::Ok),
        ));
    } else {
        let (usd, unknown) = sum(billing.iter().copied());
        lines.push(Line::raw(format!(
            "Still billing {}:",
            per_month(usd, unknown)
        )));
        for item in billing {
            let why = if item.selected { "failed" } else { "unticked" };
            let cost = item
                .usd_per_month
                .map(|u| format!("{}/month", money(u)))
                .unwrap_or_else(|| "price unknown".into());
            lines.push(Line::raw(format!(
                "  {} {} · {cost} ({why})",
                item.kind.label(),
                item.id
            )));
        }
    }
    if tally.failed > 0 {
        lines.push(Line::styled(
            "Run clean-up again to finish (r): it is safe to repeat, and what is gone stays gone.",
            theme.level(Level::Warn),
        ));
    }
    lines
}
