//! The help overlay's keys: it closes on `?`, Esc or `q`; other keys wait under it.

use crossterm::event::KeyCode::{Char, Esc};

use crate::tui::keys::{Binding, KeyTable};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Close,
}

pub const KEYS: KeyTable<(), Key> = KeyTable {
    title: "Help",
    bindings: &[Binding::on(&[Esc, Char('?'), Char('q')], Key::Close)],
};
