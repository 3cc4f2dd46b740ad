//! Small pieces shared by screens.

pub mod footer;
pub mod header;

use std::time::Duration;

use ratatui::widgets::{HighlightSpacing, List, ListItem};

use super::theme::Theme;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn spinner(frame: usize) -> &'static str {
    SPINNER[frame % SPINNER.len()]
}

/// "4 s ago", "2 min ago": how old a fetched answer is.
pub fn age(elapsed: Duration) -> String {
    match elapsed.as_secs() {
        s @ 0..=59 => format!("{s} s ago"),
        s @ 60..=3599 => format!("{} min ago", s / 60),
        s => format!("{} h ago", s / 3600),
    }
}

/// A list with a visible "›" on the selected row: the selection shows without colour too.
pub fn pick_list<'a>(items: Vec<ListItem<'a>>, theme: Theme) -> List<'a> {
    List::new(items)
        .highlight_style(theme.selected())
        .highlight_symbol("› ")
        .highlight_spacing(HighlightSpacing::Always)
}
