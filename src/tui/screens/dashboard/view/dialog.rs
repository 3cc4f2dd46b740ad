//! The dashboard's question or progress box, over the tab: what an action will do and
//! what it costs or saves, with y / n.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::doctor::Level;
use crate::tui::screens::dashboard::Dialog;
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::{dialog_box, spinner};

pub fn render(ctx: &ViewContext, dialog: &Dialog, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let (title, mut lines, footer, level) = match dialog {
        Dialog::LookingUpFleet => (
            "Compute fleet".to_string(),
            vec![Line::raw(format!(
                "{} asking pcluster how the fleet is…",
                spinner(ctx.frame)
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
            vec![Line::raw(format!("{} {what}", spinner(ctx.frame)))],
            "",
            None,
        ),
    };
    lines.push(Line::raw(""));
    lines.push(Line::styled(footer, theme.dim()));
    let title_style = match level {
        Some(level) => theme.level(level),
        None => theme.title(),
    };
    dialog_box(frame, area, 76, &title, title_style, lines);
}
