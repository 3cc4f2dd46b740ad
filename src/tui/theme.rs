//! Colours in one place, so NO_COLOR turns them all off.

use ratatui::style::{Color, Modifier, Style};

use crate::doctor::Level;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    /// The selected row: reversed works with and without colour.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn level(self, level: Level) -> Style {
        match level {
            Level::Ok => self.fg(Color::Green),
            Level::Warn => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Level::Fail => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    /// Symbols carry the level without colour too (screen readers, NO_COLOR).
    pub fn symbol(level: Level) -> &'static str {
        match level {
            Level::Ok => "✔ ok  ",
            Level::Warn => "! warn",
            Level::Fail => "✖ fail",
        }
    }
}
