//! What Check my setup shows beside the findings: the pcluster install's progress and
//! result, how the last keys form ended, and the keys form itself (the secret as dots and
//! its last 4 characters).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Gauge, Paragraph, Wrap};

use super::form::{FIELDS, KeysForm};
use super::state::{Install, Setup};
use crate::doctor::Level;
use crate::tui::widgets::{ViewContext, centered, spinner};

/// Lines the strip above the detail needs (0: nothing to show).
pub fn strip_height(setup: &Setup) -> u16 {
    match (&setup.install, &setup.note) {
        (Some(_), _) => 4,
        (None, Some(_)) => 3,
        (None, None) => 0,
    }
}

/// The install's progress (or result), else the keys form's result.
pub fn render_strip(ctx: &ViewContext, setup: &Setup, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    if let Some(install) = &setup.install {
        return render_install(ctx, install, frame, area);
    }
    if let Some(note) = &setup.note {
        let (text, level) = match note {
            Ok(said) => (said.clone(), Level::Ok),
            Err(why) => (format!("✖ {why}"), Level::Fail),
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme.level(level)))
                .wrap(Wrap { trim: true })
                .block(Block::bordered().title(" Keys ")),
            area,
        );
    }
}

fn render_install(ctx: &ViewContext, install: &Install, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let block = Block::bordered().title(" Installing pcluster into pcwiz's own venv ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [bar, line] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(inner);
    match &install.done {
        Some(Ok(version)) => frame.render_widget(
            Paragraph::new(Line::styled(
                format!("✔ pcluster {version} installed; pcwiz uses it whenever none is on PATH."),
                theme.level(Level::Ok),
            )),
            bar,
        ),
        Some(Err(why)) => frame.render_widget(
            Paragraph::new(Line::styled(format!("✖ {why}"), theme.level(Level::Fail)))
                .wrap(Wrap { trim: true }),
            inner,
        ),
        None => {
            let of = install.of.max(1);
            let ratio = f64::from(install.stage.saturating_sub(1)) / f64::from(of);
            frame.render_widget(
                Gauge::default()
                    .ratio(ratio.clamp(0.0, 1.0))
                    .label(format!(
                        "{} [{}/{of}] {}",
                        spinner(ctx.frame),
                        install.stage.max(1),
                        install.doing
                    ))
                    .gauge_style(theme.key()),
                bar,
            );
            frame.render_widget(
                Paragraph::new(Line::styled(install.last_line.clone(), theme.dim())),
                line,
            );
        }
    }
}

/// The keys form, over the screen.
pub fn render_form(ctx: &ViewContext, form: &KeysForm, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let popup = centered(area, 78, 13);
    frame.render_widget(Clear, popup);
    let mut lines = vec![
        Line::styled(
            "An IAM user's access keys (IAM console → Users → Security credentials → Create access key).",
            theme.dim(),
        ),
        Line::raw(""),
    ];
    for (n, label) in FIELDS.iter().enumerate() {
        let cursor = if n == form.field { "▏" } else { "" };
        let style = if n == form.field {
            theme.selected()
        } else {
            theme.key()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{label:<18}"), style),
            Span::raw(format!("{}{cursor}", form.shown(n))),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(match (&form.error, form.checking) {
        (_, true) => Line::raw(format!("{} asking AWS whose keys these are…", spinner(ctx.frame))),
        (Some(why), false) => Line::styled(format!("✖ {why}"), theme.level(Level::Fail)),
        (None, false) => Line::styled(
            "Checked with AWS before anything is written; ~/.aws is backed up first, and the secret shows only by its last 4 characters.",
            theme.dim(),
        ),
    });
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(Span::styled(" Add AWS access keys ", theme.title()))),
        popup,
    );
}
