//! Drawing the update screen: the change set in words with its cost before → after and
//! what pcwiz will do, then the update's progress (a bar from the stack's status, the
//! steps, the update's own stack events) and how it ended. The wizard's steps draw
//! themselves (the app routes Editing there).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Wrap};

use super::state::{Following, Stage, UpdateUi};
use crate::cluster::update::explain::{Effect, Explained};
use crate::cluster::update::outcome::{self, UpdateEnd};
use crate::doctor::Level;
use crate::tui::theme::Theme;
use crate::tui::widgets::{ViewContext, hanging, spinner, stack_events};
use crate::update::preview::Preview;

/// Rows for the update's steps (fleet stop, pcluster, fleet start): the newest show.
const STEP_ROWS: usize = 8;

pub fn render(ctx: &ViewContext, ui: &UpdateUi, frame: &mut Frame, area: Rect) {
    let block = Block::bordered().title(Span::styled(
        format!(" Change {} · {} ", ui.name, ui.acting_as),
        ctx.theme.title(),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let theme = ctx.theme;
    let waiting = |what: &str| vec![Line::raw(format!("{} {what}", spinner(ctx.frame)))];
    let lines = match &ui.stage {
        Stage::Reading => waiting(&format!(
            "Reading {}'s config as pcluster stored it (pcluster describe-cluster)…",
            ui.name
        )),
        // The app draws the wizard's steps instead; this shows only between the two.
        Stage::Editing => vec![],
        Stage::Checking => waiting(
            "Asking pcluster what would change (its dry run: the validators, then its stored config), and the head node which jobs run…",
        ),
        Stage::Preview(preview) => preview_lines(ui, preview, theme, inner.width as usize),
        Stage::Applying(following) | Stage::Done(following) => {
            return render_following(ctx, ui, following, frame, inner);
        }
        Stage::Failed(why) => vec![
            Line::styled(format!("✖ {why}"), theme.level(Level::Fail)),
            Line::raw(""),
            Line::styled(
                "Nothing was changed. r tries again · Esc back to the dashboard",
                theme.dim(),
            ),
        ],
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((ui.scroll, 0)),
        inner,
    );
}

fn effect_mark(change: &Explained) -> (&'static str, Level) {
    match change.effect {
        Effect::InPlace => ("✔", Level::Ok),
        Effect::NodesReplaced | Effect::FleetStop => ("!", Level::Warn),
        Effect::NewCluster | Effect::Refused => ("✖", Level::Fail),
    }
}

fn preview_lines(
    ui: &UpdateUi,
    preview: &Preview,
    theme: Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = vec![];
    let hang = |text: &str, style| {
        hanging::wrap(text, "     ", "       ", width)
            .into_iter()
            .map(move |l| Line::styled(l, style))
    };
    if let Some(current) = &ui.current {
        lines.push(Line::styled(
            format!("Compared with {}.", current.source.label()),
            theme.dim(),
        ));
    }
    if !preview.changes.is_empty() {
        lines.push(Line::styled(
            format!(
                "What changes (pcluster's change set, {:.1} s):",
                preview.dry_run_seconds
            ),
            theme.title(),
        ));
    }
    for change in &preview.changes {
        let (mark, level) = effect_mark(change);
        lines.push(Line::from(vec![
            Span::styled(format!(" {mark} "), theme.level(level)),
            Span::styled(change.label.clone(), theme.key()),
            Span::raw(format!(": {} → {}", change.old, change.new)),
        ]));
        lines.extend(hang(&change.words, theme.level(level)));
        if let Some(said) = &change.pcluster_said {
            lines.extend(hang(&format!("pcluster: {said}"), theme.dim()));
        }
    }
    for problem in preview.answer.problems() {
        let level = if problem.level == "ERROR" {
            Level::Fail
        } else {
            Level::Warn
        };
        lines.extend(
            hanging::wrap(&problem.line(), " ", "     ", width)
                .into_iter()
                .map(|l| Line::styled(l, theme.level(level))),
        );
    }
    if let Some(cost) = preview.cost.filter(|_| !preview.changes.is_empty()) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(preview.cost_heading(), theme.title()));
        lines.push(Line::raw(format!("  idle        {}", cost.idle.text())));
        lines.push(Line::raw(format!(
            "  full scale  {}",
            cost.full_scale.text()
        )));
    }
    lines.push(Line::raw(""));
    let verdict_level = if preview.plan.applicable() {
        Level::Ok
    } else {
        Level::Fail
    };
    lines.push(Line::styled(
        preview.plan.verdict(),
        theme.level(verdict_level),
    ));
    let steps = preview.plan.steps();
    if !steps.is_empty() {
        lines.push(Line::raw("pcwiz will:"));
        for (n, step) in steps.iter().enumerate() {
            let number = format!("  {}. ", n + 1);
            lines.extend(
                hanging::wrap(step, &number, "     ", width)
                    .into_iter()
                    .map(Line::raw),
            );
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "y updates · e edits again · Esc back to the dashboard (nothing changed yet)",
            theme.key(),
        ));
    } else {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "e edits again · Esc back to the dashboard",
            theme.dim(),
        ));
    }
    lines
}

fn render_following(
    ctx: &ViewContext,
    ui: &UpdateUi,
    following: &Following,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = ctx.theme;
    let status = following.status.as_ref().map(|s| s.stack.status.as_str());
    // The newest steps whose wrapped lines fit, whole.
    let width = area.width as usize;
    let mut rows: Vec<String> = vec![];
    for step in following.lines.iter().rev() {
        let wrapped = hanging::wrap(step, "", "  ", width);
        if rows.len() + wrapped.len() > STEP_ROWS {
            break;
        }
        rows.splice(0..0, wrapped);
    }
    let shown = rows.len();
    let [summary, gauge, steps, events, end] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(shown as u16),
        Constraint::Min(3),
        Constraint::Length(7),
    ])
    .areas(area);
    let (ratio, meaning) = outcome::progress(status.unwrap_or(""));
    let running = following.applied.is_none();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                if running {
                    format!("{} ", spinner(ctx.frame))
                } else {
                    String::new()
                },
                theme.key(),
            ),
            Span::raw(format!(
                "Updating {}: {}",
                ui.name,
                status.unwrap_or("not handed to CloudFormation yet")
            )),
        ])),
        summary,
    );
    frame.render_widget(
        Gauge::default()
            .ratio(if status.is_some() { ratio } else { 0.0 })
            .label(meaning)
            .gauge_style(theme.key()),
        gauge,
    );
    frame.render_widget(
        Paragraph::new(rows.into_iter().map(Line::raw).collect::<Vec<_>>()),
        steps,
    );
    let update_events = following
        .status
        .as_ref()
        .map(|s| {
            let began = s
                .stack
                .events
                .iter()
                .position(|e| e.logical_id == s.stack.name && e.status == "UPDATE_IN_PROGRESS")
                .map_or(s.stack.events.len(), |i| i + 1);
            stack_events::lines(&s.stack.events[..began], 12, theme)
        })
        .unwrap_or_default();
    frame.render_widget(Paragraph::new(update_events), events);
    frame.render_widget(
        Paragraph::new(end_lines(ui, following, theme)).wrap(Wrap { trim: true }),
        end,
    );
}

fn end_lines(ui: &UpdateUi, following: &Following, theme: Theme) -> Vec<Line<'static>> {
    let applied = match &following.applied {
        None => {
            let mut line = "Esc goes back to the dashboard: the update goes on in AWS, and the dashboard shows it.".to_string();
            if following.fleet_stopped {
                line.push_str(" pcwiz starts the compute fleet again when the update ends, as long as it runs.");
            }
            return vec![Line::styled(line, theme.dim())];
        }
        Some(Err(why)) => {
            return vec![Line::styled(format!("✖ {why}"), theme.level(Level::Fail))];
        }
        Some(Ok(applied)) => applied,
    };
    let mut lines = vec![];
    if let Some(refused) = &applied.refused {
        let plan = crate::cluster::update::plan::plan(refused, &[]);
        lines.push(Line::styled(
            format!("✖ pcluster did not update: {}", plan.verdict()),
            theme.level(Level::Fail),
        ));
    }
    if let Some(lost) = &applied.lost_sight {
        lines.push(Line::styled(
            format!("! Lost sight of the stack: {lost}"),
            theme.level(Level::Warn),
        ));
    }
    match &applied.end {
        Some(end @ UpdateEnd::Done) => {
            lines.push(Line::styled(end.sentence(&ui.name), theme.level(Level::Ok)))
        }
        Some(end @ (UpdateEnd::RolledBack { next, .. } | UpdateEnd::Stuck { next, .. })) => {
            lines.push(Line::styled(
                end.sentence(&ui.name),
                theme.level(Level::Fail),
            ));
            lines.push(Line::raw(format!("Next: {next}")));
        }
        Some(other) => lines.push(Line::raw(other.sentence(&ui.name))),
        None => {}
    }
    lines.push(Line::styled("Esc back to the dashboard", theme.dim()));
    lines
}
