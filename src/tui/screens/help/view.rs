//! The `?` overlay: every key, on top of whatever screen is showing, then the SDK's own
//! words for the last error a screen said in one sentence (the detail behind the key).

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

/// Width the detail is wrapped to: the overlay stays inside an 80-column terminal.
const DETAIL_WIDTH: usize = 74;

/// "What AWS said, last error (2 min ago):" and the text, wrapped.
pub fn detail_text(
    at: chrono::DateTime<chrono::Utc>,
    detail: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let ago = match (now - at).num_seconds().max(0) {
        0..=59 => "just now".to_string(),
        s if s < 3600 => format!("{} min ago", s / 60),
        s => format!("{} h ago", s / 3600),
    };
    let mut text = format!("\nWhat AWS said, last error ({ago}):\n");
    for line in wrap(detail, DETAIL_WIDTH) {
        text.push_str("  ");
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// Greedy word wrap; a word longer than the width is cut.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![];
    let mut line = String::new();
    for word in text.split_whitespace() {
        let word: String = word.chars().take(width).collect();
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_detail_is_wrapped_under_its_age() {
        let now: chrono::DateTime<chrono::Utc> = "2026-11-21T12:00:00Z".parse().unwrap();
        let chain = "dispatch failure: other: the credential provider was not enabled: no credentials found in chain. Attempted: Environment: no AWS_ACCESS_KEY_ID";
        let text = detail_text(now - chrono::Duration::minutes(2), chain, now);
        assert!(text.starts_with("\nWhat AWS said, last error (2 min ago):\n  dispatch failure:"));
        assert!(
            text.lines().all(|l| l.chars().count() <= DETAIL_WIDTH + 2),
            "{text}"
        );
        assert_eq!(
            text.split_whitespace()
                .skip(8)
                .collect::<Vec<_>>()
                .join(" "),
            chain
        );
    }
}
