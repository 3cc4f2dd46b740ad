//! The pcluster install as a progress bar, wherever it is started from (Check my setup's
//! `i`, the launch step's `i` when pcluster is missing): its stage of three, pip's latest
//! line, then the version installed or why not.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Gauge, Paragraph, Wrap};

use super::{ViewContext, spinner};
use crate::doctor::Level;
use crate::pcluster::install::InstallEvent;

/// The install's progress: its stage of three, pip's latest line, then the result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Install {
    pub stage: u8,
    pub of: u8,
    pub doing: String,
    pub last_line: String,
    /// The installed version, or why not.
    pub done: Option<Result<String, String>>,
}

impl Install {
    pub fn apply(&mut self, event: InstallEvent) {
        match event {
            InstallEvent::Stage { number, of, text } => {
                (self.stage, self.of, self.doing) = (number, of, text);
            }
            InstallEvent::Output(line) => self.last_line = line,
        }
    }

    pub fn running(&self) -> bool {
        self.done.is_none()
    }
}

/// The bar with its stage and pip's latest line in a box, or how the install ended.
pub fn render(ctx: &ViewContext, install: &Install, frame: &mut Frame, area: Rect) {
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
