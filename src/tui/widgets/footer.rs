//! The bottom line: the keys that work on this screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Screen};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let keys: &[(&str, &str)] = match app.screen {
        Screen::MainMenu => &[("↑↓", "move"), ("⏎", "open"), ("?", "help"), ("q", "quit")],
        Screen::Wizard => &[
            ("↑↓", "select"),
            ("⏎", "choose"),
            ("Esc", "back a step"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Screen::Dashboard => &[
            ("1-7", "tab"),
            ("s", "ssh"),
            ("f", "fleet"),
            ("h", "head node"),
            ("r", "refresh"),
            ("/", "filter"),
            ("?", "help"),
            ("Esc", "back"),
        ],
        Screen::Clusters => &[
            ("↑↓", "select"),
            ("⏎", "dashboard"),
            ("r", "refresh"),
            ("Esc", "back"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Screen::Setup => &[
            ("↑↓", "select"),
            ("r", "check again"),
            ("Esc", "back"),
            ("?", "help"),
            ("q", "quit"),
        ],
    };
    let mut spans = vec![Span::raw(" ")];
    for (key, what) in keys {
        spans.push(Span::styled(*key, app.theme.key()));
        spans.push(Span::raw(format!(" {what}   ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
