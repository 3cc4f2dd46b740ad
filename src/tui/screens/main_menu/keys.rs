//! The main menu's keys: its footer, its section of the help and its handler.

use crossterm::event::KeyCode::{BackTab, Char, Down, Enter, Esc, Tab, Up};

use super::state::MainMenu;
use crate::tui::keys::{Binding, KeyTable};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Next,
    Previous,
    /// A door by its number (the character says which).
    Number,
    Open,
}

type B = Binding<MainMenu, Key>;

pub const KEYS: KeyTable<MainMenu, Key> = KeyTable {
    title: "Main menu",
    bindings: &[
        B::on(&[Down, Char('j'), Tab], Key::Next)
            .footer("↑↓", "move")
            .help("↑ ↓  j k", "move"),
        B::on(&[Up, Char('k'), BackTab], Key::Previous),
        B::on(&[Enter], Key::Open)
            .footer("⏎", "open")
            .help("Enter", "open the selected door"),
        B::digits('1', '9', Key::Number).help("1 … 9", "open a door by its number"),
        B::note("mouse", "click a door to open it"),
        B::help_key().footer("?", "help"),
        B::quit(&[Char('q'), Esc]).footer("q", "quit"),
    ],
};
