//! "Check my setup"'s keys: its footer, its section of the help and its handler.

use crossterm::event::KeyCode::{Backspace, Char, Down, End, Esc, Home, Up};

use super::state::Setup;
use crate::tui::keys::{Binding, KeyTable};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Down,
    Up,
    First,
    Last,
    Recheck,
    Back,
}

type B = Binding<Setup, Key>;

pub const KEYS: KeyTable<Setup, Key> = KeyTable {
    title: "Check my setup",
    bindings: &[
        B::on(&[Down, Char('j')], Key::Down)
            .footer("↑↓", "select")
            .help(
                "↑ ↓  j k",
                "select a finding; its detail and next step show below",
            ),
        B::on(&[Up, Char('k')], Key::Up),
        B::on(&[Char('r')], Key::Recheck)
            .footer("r", "check again")
            .help("r", "check again (after `aws sso login`, say)"),
        B::on(&[Home, Char('g')], Key::First).help("g  G", "first / last finding"),
        B::on(&[End, Char('G')], Key::Last),
        B::on(&[Esc, Backspace], Key::Back).footer("Esc", "back"),
        B::help_key().footer("?", "help"),
        B::quit(&[Char('q')]).footer("q", "quit"),
    ],
};
