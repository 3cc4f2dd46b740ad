//! The bottom line: the keys that work on this screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::theme::Theme;

/// `keys`: the screen's (key, what it does) pairs, in order.
pub fn render(theme: Theme, keys: &[(&str, &str)], frame: &mut Frame, area: Rect) {
    // Three spaces between keys, two when that would not fit the line.
    let width: usize = keys
        .iter()
        .map(|(k, w)| k.chars().count() + w.chars().count() + 4)
        .sum::<usize>()
        + 1;
    let gap = if width > area.width as usize {
        "  "
    } else {
        "   "
    };
    let mut spans = vec![Span::raw(" ")];
    for (key, what) in keys {
        spans.push(Span::styled(*key, theme.key()));
        spans.push(Span::raw(format!(" {what}{gap}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
