//! The dashboard's question or progress box, over the tab: what an action will do and
//! what it costs or saves, with y / n.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::doctor::Level;
use crate::tui::app::App;
use crate::tui::dashboard_actions::Dialog;
use crate::tui::widgets::{centered, spinner};

pub fn render(app: &App, dialog: &Dialog, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let (title, mut lines, footer, level) = match dialog {
        Dialog::LookingUpFleet => (
            "Compute fleet".to_string(),
            vec![Line::raw(format!(
                "{} asking pcluster how the fleet is…",
                spinner(app.frame)
            ))],
            "Esc closes",
            None,
        ),
        Dialog::Confirm { title, lines, .. } => (
            title.clone(),
            lines.iter().map(|l| Line::raw(l.clone())).collect(),
            "y / Enter: go ahead · n / Esc: no",
            None,
        ),
        Dialog::Refused { title, lines } => (
            title.clone(),
            lines.iter().map(|l| Line::raw(l.clone())).collect(),
            "Esc closes",
            Some(Level::Warn),
        ),
        Dialog::Working(what) => (
            "Working".to_string(),
            vec![Line::raw(format!("{} {what}", spinner(app.frame)))],
            "",
            None,
        ),
    };
    lines.push(Line::raw(""));
    lines.push(Line::styled(footer, theme.dim()));
    // Wrapped lines take more rows: count them at the box's inner width.
    let width: u16 = 76;
    let inner = usize::from(width - 2);
    let height = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(inner) as u16)
        .sum::<u16>()
        + 2;
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(format!(" {title} "))
        .title_style(match level {
            Some(level) => theme.level(level),
            None => theme.title(),
        });
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        popup,
    );
}
