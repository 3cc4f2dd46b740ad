//! The bottom line: the keys that work on this screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Screen};
use crate::tui::screens::cleanup;
use crate::tui::screens::clusters::Purpose;

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
            ("p", "park"),
            ("i", "HSDS"),
            ("d", "clean up"),
            ("r", "refresh"),
            ("?", "help"),
            ("Esc", "back"),
        ],
        Screen::Clusters => &[
            ("↑↓", "select"),
            match app.clusters.as_ref().map(|c| c.purpose) {
                Some(Purpose::CleanUp) => ("⏎", "plan clean-up"),
                _ => ("⏎", "dashboard"),
            },
            ("r", "refresh"),
            ("Esc", "back"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Screen::CleanUp => cleanup::keys(app),
        Screen::Sizing => match &app.sizing {
            Some(ui) => crate::tui::screens::sizing::keys(&ui.view),
            None => &[],
        },
        Screen::Setup => &[
            ("↑↓", "select"),
            ("r", "check again"),
            ("Esc", "back"),
            ("?", "help"),
            ("q", "quit"),
        ],
    };
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
        spans.push(Span::styled(*key, app.theme.key()));
        spans.push(Span::raw(format!(" {what}{gap}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
