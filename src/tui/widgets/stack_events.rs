//! A stack's events as lines, newest first, failures in red with their reason: what the
//! launch's progress and an update's show under their progress bars.

use ratatui::text::Line;

use crate::cluster::stack::StackEvent;
use crate::doctor::Level;
use crate::tui::theme::Theme;

/// At most `count` of `events` (newest first).
pub fn lines(events: &[StackEvent], count: usize, theme: Theme) -> Vec<Line<'static>> {
    events
        .iter()
        .take(count)
        .map(|e| {
            let time = e
                .time
                .map(|t| t.format("%H:%M:%S").to_string())
                .unwrap_or_default();
            let text = format!(
                "{time} {} {} {}",
                e.logical_id,
                e.status,
                e.reason
                    .as_deref()
                    .map(|r| format!("· {r}"))
                    .unwrap_or_default()
            );
            if e.status.ends_with("_FAILED") {
                Line::styled(text, theme.level(Level::Fail))
            } else {
                Line::raw(text)
            }
        })
        .collect()
}
