//! "Check my setup"'s keys: its footer, its section of the help and its handler. With the
//! keys form open, letters are typed into it (so `q` and `?` are letters there).

use crossterm::event::KeyCode::{BackTab, Backspace, Char, Down, End, Enter, Esc, Home, Tab, Up};

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
    /// Install pcluster into pcwiz's own venv.
    Install,
    /// Open the form for an IAM user's keys.
    PasteKeys,
    /// Open the form for an SSO profile.
    SsoProfile,
    Type,
    Erase,
    NextField,
    PreviousField,
    Submit,
    Cancel,
}

type B = Binding<Setup, Key>;

fn listing(s: &Setup) -> bool {
    !typing(s)
}

fn typing(s: &Setup) -> bool {
    s.form.is_some() || s.sso.is_some()
}

fn typing_keys(s: &Setup) -> bool {
    s.form.is_some()
}

fn typing_sso(s: &Setup) -> bool {
    s.sso.is_some()
}

fn may_install(s: &Setup) -> bool {
    listing(s) && !s.installing()
}

pub const KEYS: KeyTable<Setup, Key> = KeyTable {
    title: "Check my setup",
    bindings: &[
        B::text(Key::Type).when(typing),
        B::on(&[Backspace], Key::Erase).when(typing),
        B::on(&[Tab, Down], Key::NextField)
            .when(typing)
            .footer("Tab", "next field"),
        B::on(&[BackTab, Up], Key::PreviousField).when(typing),
        B::on(&[Enter], Key::Submit)
            .when(typing_keys)
            .footer("⏎", "check with AWS and write"),
        B::on(&[Enter], Key::Submit)
            .when(typing_sso)
            .footer("⏎", "write and log in"),
        B::on(&[Esc], Key::Cancel).when(typing).footer("Esc", "cancel"),
        B::on(&[Down, Char('j')], Key::Down)
            .when(listing)
            .footer("↑↓", "select")
            .help(
                "↑ ↓  j k",
                "select a finding; its detail and next step show below",
            ),
        B::on(&[Up, Char('k')], Key::Up).when(listing),
        B::on(&[Char('r')], Key::Recheck)
            .when(listing)
            .footer("r", "check again")
            .help("r", "check again (after `aws sso login`, say)"),
        B::on(&[Char('a')], Key::PasteKeys)
            .when(listing)
            .footer("a", "add keys")
            .help(
                "a",
                "add an IAM user's access keys: checked with AWS, then written as a profile in ~/.aws",
            ),
        B::on(&[Char('s')], Key::SsoProfile)
            .when(listing)
            .footer("s", "SSO profile")
            .help(
                "s",
                "add an SSO (IAM Identity Center) profile to ~/.aws/config, then log in with the AWS CLI",
            ),
        B::on(&[Char('i')], Key::Install)
            .when(may_install)
            .footer("i", "install pcluster")
            .help(
                "i",
                "install pcluster and node into pcwiz's own Python venv (nothing system-wide)",
            ),
        B::on(&[Home, Char('g')], Key::First)
            .when(listing)
            .help("g  G", "first / last finding"),
        B::on(&[End, Char('G')], Key::Last).when(listing),
        B::on(&[Esc, Backspace], Key::Back).when(listing).footer("Esc", "back"),
        B::help_key().when(listing).footer("?", "help"),
        B::quit(&[Char('q')]).when(listing).footer("q", "quit"),
    ],
};
