//! The `?` overlay: every key, on top of whatever screen is showing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::widgets::ViewContext;

/// `keys`: the help's text, every line of it.
pub fn render(ctx: &ViewContext, keys: &str, frame: &mut Frame, area: Rect) {
    let height = keys.lines().count() as u16 + 2;
    let width = keys.lines().map(|l| l.chars().count()).max().unwrap_or(40) as u16 + 4;
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(row);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(keys).block(
            Block::bordered()
                .title(" Keys (? or Esc to close) ")
                .title_style(ctx.theme.title()),
        ),
        popup,
    );
}
