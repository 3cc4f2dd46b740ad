//! The clusters list's keys: its footer, its section of the help and its handler.

use crossterm::event::KeyCode::{Backspace, Char, Down, Enter, Esc, Up};

use super::state::{ClustersUi, Purpose};
use crate::tui::keys::{Binding, KeyTable};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Down,
    Up,
    /// The dashboard, the clean-up plan or the sweep, as the list was opened for.
    Open,
    Refresh,
    Back,
}

type B = Binding<ClustersUi, Key>;

pub const KEYS: KeyTable<ClustersUi, Key> = KeyTable {
    title: "Clusters",
    bindings: &[
        B::on(&[Down, Char('j')], Key::Down)
            .footer("↑↓", "select")
            .help(
                "↑ ↓  j k",
                "select a cluster · Enter opens its dashboard (or its clean-up plan)",
            ),
        B::on(&[Up, Char('k')], Key::Up),
        B::on(&[Enter], Key::Open)
            .when(|ui| ui.purpose == Purpose::CleanUp)
            .footer("⏎", "plan clean-up"),
        B::on(&[Enter], Key::Open)
            .when(|ui| ui.purpose == Purpose::Monitor)
            .footer("⏎", "dashboard"),
        B::on(&[Char('r')], Key::Refresh)
            .footer("r", "refresh")
            .help("r", "look again"),
        B::on(&[Esc, Backspace], Key::Back).footer("Esc", "back"),
        B::help_key().footer("?", "help"),
        B::quit(&[Char('q')]).footer("q", "quit"),
    ],
};
