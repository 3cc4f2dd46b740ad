//! The dashboard's keys, and those of the HSDS set-up over it: each a table that drives
//! its handler (the dashboard's also its footer and its section of the help). While a
//! dialog, a field or the set-up is open, letters are theirs (so `q` is not "quit").

use crossterm::event::KeyCode::{
    BackTab, Backspace, Char, Down, Enter, Esc, Left, Right, Tab as TabKey, Up,
};

use super::hsds_setup::{Field, HsdsSetupUi, Stage};
use super::state::{DashboardUi, Tab};
use crate::tui::keys::{Binding, KeyTable};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A tab by its number (the character says which).
    Tab,
    NextTab,
    PreviousTab,
    Down,
    Up,
    Filter,
    EditRevDir,
    /// On the reV tab: a new run (`n`), the outputs home (`F`).
    NewRevRun,
    FetchRev,
    Shell,
    Fleet,
    HeadNode,
    Park,
    SetUpHsds,
    /// Change the running cluster (its queues, storage, tags).
    Change,
    CleanUp,
    Repin,
    Guard,
    Refresh,
    Back,
    /// A dialog's answer.
    Yes,
    No,
    /// A field being typed (the reV directory, the jobs filter).
    Type,
    Erase,
    Keep,
    Cancel,
    /// The HSDS set-up is open: it takes every key.
    SetUp,
    /// The reV tab's new run or fetch is open: it takes every key.
    RevDialog,
}

/// What takes the keys now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    SetUp,
    RevRun,
    RevFetch,
    Dialog,
    EditingRevDir,
    Filtering,
    Tabs,
}

pub fn mode(ui: &DashboardUi) -> Mode {
    if ui.hsds_setup.is_some() {
        Mode::SetUp
    } else if ui.rev_run.is_some() {
        Mode::RevRun
    } else if ui.rev_fetch.is_some() {
        Mode::RevFetch
    } else if ui.dialog.is_some() {
        Mode::Dialog
    } else if ui.editing_rev_dir.is_some() {
        Mode::EditingRevDir
    } else if ui.filtering {
        Mode::Filtering
    } else {
        Mode::Tabs
    }
}

fn tabs(ui: &DashboardUi) -> bool {
    mode(ui) == Mode::Tabs
}

fn field(ui: &DashboardUi) -> bool {
    matches!(mode(ui), Mode::EditingRevDir | Mode::Filtering)
}

type B = Binding<DashboardUi, Key>;

pub const KEYS: KeyTable<DashboardUi, Key> = KeyTable {
    title: "Dashboard",
    bindings: &[
        B::digits('1', '7', Key::Tab)
            .when(tabs)
            .footer("1-7", "tab")
            .footer_always()
            .help(
                "1 … 7",
                "Overview Nodes Jobs HSDS reV Cost Stack (Tab, ← → too)",
            ),
        B::on(&[TabKey, Right], Key::NextTab).when(tabs),
        B::on(&[BackTab, Left], Key::PreviousTab).when(tabs),
        B::on(&[Down, Char('j')], Key::Down)
            .when(tabs)
            .help("↑ ↓  j k", "move in a table · /  filter the jobs"),
        B::on(&[Up, Char('k')], Key::Up).when(tabs),
        B::on(&[Char('/')], Key::Filter).when(|ui| tabs(ui) && ui.tab == Tab::Jobs),
        B::on(&[Char('e')], Key::EditRevDir)
            .when(|ui| tabs(ui) && ui.tab == Tab::Rev)
            .help(
                "e",
                "on the reV tab: the reV project directory on the cluster",
            ),
        // Not in the footer (full at 100 columns): the reV tab's first line says them.
        B::on(&[Char('n')], Key::NewRevRun)
            .when(|ui| tabs(ui) && ui.tab == Tab::Rev)
            .help(
                "n  F",
                "on the reV tab: a new reV run (install, project, submit) · its outputs home",
            ),
        B::on(&[Char('F')], Key::FetchRev).when(|ui| tabs(ui) && ui.tab == Tab::Rev),
        B::on(&[Char('s')], Key::Shell)
            .when(tabs)
            .footer("s", "ssh")
            .footer_always()
            .help(
                "s",
                "ssh into the head node (pcwiz comes back when you exit)",
            ),
        B::on(&[Char('f')], Key::Fleet)
            .when(tabs)
            .footer("f", "fleet")
            .footer_always()
            .help(
                "f",
                "stop or start the compute fleet (pcluster update-compute-fleet)",
            ),
        B::on(&[Char('h')], Key::HeadNode)
            .when(tabs)
            .footer("h", "head node")
            .footer_always()
            .help(
                "h",
                "stop or start the head node (storage alone bills while stopped)",
            ),
        B::on(&[Char('p')], Key::Park)
            .when(tabs)
            .footer("p", "park")
            .footer_always()
            .help(
                "p",
                "park the cluster (fleet and head node stopped), or resume it",
            ),
        B::on(&[Char('i')], Key::SetUpHsds)
            .when(tabs)
            .footer("i", "HSDS")
            .footer_always()
            .help(
                "i",
                "set HSDS up for reV: data and keys, scripts installed, checked on a node",
            ),
        B::on(&[Char('u')], Key::Change)
            .when(tabs)
            .footer("u", "change")
            .footer_always()
            .help(
                "u",
                "change the cluster: queues, types, storage, tags; pcluster's change set in words, then the update",
            ),
        B::on(&[Char('d')], Key::CleanUp)
            .when(tabs)
            .footer("d", "clean up")
            .footer_always()
            .help("d", "clean up: the plan of everything it leaves billing"),
        // Not in the footer, which is full at 100 columns: the guard's line under the tabs
        // says "g to change".
        B::on(&[Char('g')], Key::Guard)
            .when(tabs)
            .help(
                "g",
                "arm or remove the idle guard (stops the head node after a window with no job, no node, nobody logged in)",
            ),
        B::on(&[Char('K')], Key::Repin).when(tabs).help(
            "K",
            "re-pin the head node's host key after it changed (AWS confirms the new key first)",
        ),
        // Not in the footer (it refreshes by itself): room for the actions.
        B::on(&[Char('r')], Key::Refresh)
            .when(tabs)
            .help("r", "refresh now (it also refreshes by itself every 20 s)"),
        B::on(&[Enter, Char('y'), Char('Y')], Key::Yes)
            .when(|ui| mode(ui) == Mode::Dialog)
            .help("y  n", "answer a question (Enter / Esc too)"),
        B::on(&[Esc, Char('n'), Char('N'), Char('q')], Key::No).when(|ui| mode(ui) == Mode::Dialog),
        B::all(Key::SetUp).when(|ui| mode(ui) == Mode::SetUp),
        B::all(Key::RevDialog).when(|ui| matches!(mode(ui), Mode::RevRun | Mode::RevFetch)),
        B::on(&[Enter], Key::Keep).when(field),
        B::on(&[Esc], Key::Cancel).when(field),
        B::on(&[Backspace], Key::Erase).when(field),
        B::text(Key::Type).when(field),
        B::help_key().when(tabs).footer("?", "help").footer_always(),
        B::on(&[Esc, Backspace], Key::Back)
            .when(tabs)
            .footer("Esc", "back")
            .footer_always(),
        B::quit(&[Char('q')]).when(tabs),
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetUpKey {
    Next,
    Previous,
    /// ←→ or space on a choice: the other one.
    Choose,
    Type,
    Erase,
    Submit,
    /// Back to the form after a failure.
    Edit,
    Close,
}

fn form(setup: &HsdsSetupUi) -> bool {
    matches!(setup.stage, Stage::Form)
}

fn ended(setup: &HsdsSetupUi) -> bool {
    matches!(setup.stage, Stage::Done { .. } | Stage::Failed(_))
}

type S = Binding<HsdsSetupUi, SetUpKey>;

/// The set-up's keys; it draws its own hint line, and the help shows the dashboard's.
pub const SET_UP_KEYS: KeyTable<HsdsSetupUi, SetUpKey> = KeyTable {
    title: "Set up HSDS",
    bindings: &[
        S::on(&[Esc, Enter, Char('q')], SetUpKey::Close).when(ended),
        S::on(&[Char('e')], SetUpKey::Edit).when(|s| matches!(s.stage, Stage::Failed(_))),
        S::on(&[Esc], SetUpKey::Close).when(form),
        S::on(&[Down, TabKey], SetUpKey::Next).when(form),
        S::on(&[Up, BackTab], SetUpKey::Previous).when(form),
        S::on(&[Enter], SetUpKey::Submit).when(form),
        S::on(&[Left, Right, Char(' ')], SetUpKey::Choose)
            .when(|s| form(s) && matches!(s.field, Field::Data | Field::Dataset)),
        S::on(&[Backspace], SetUpKey::Erase).when(form),
        S::text(SetUpKey::Type).when(form),
    ],
};
