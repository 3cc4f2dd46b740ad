//! The clean-up screen's keys, stage by stage: its footer, its section of the help and its
//! handler. While the name is typed or the park question is open, letters are the
//! screen's (so `q` and `?` are not "quit" and "help").

use crossterm::event::KeyCode::{Backspace, Char, Down, Enter, Esc, Up};

use super::state::{CleanupUi, Stage};
use crate::tui::keys::{Binding, KeyTable};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Down,
    Up,
    Tick,
    TickAll,
    /// On the plan: ask for the name; once it is typed: delete.
    Delete,
    /// A letter of the name being typed.
    Type,
    Erase,
    Park,
    /// Look again (after a run: run again).
    Again,
    Yes,
    No,
    Back,
}

fn plan(ui: &CleanupUi) -> bool {
    ui.stage == Stage::Plan
}

fn confirm(ui: &CleanupUi) -> bool {
    matches!(ui.stage, Stage::Confirm { .. })
}

fn park_question(ui: &CleanupUi) -> bool {
    matches!(ui.stage, Stage::ParkConfirm { .. })
}

/// Letters go to the name field or answer the park question.
fn typing(ui: &CleanupUi) -> bool {
    confirm(ui) || park_question(ui)
}

/// The run goes on in AWS whatever is pressed; leaving would hide its progress.
fn working(ui: &CleanupUi) -> bool {
    matches!(ui.stage, Stage::Running | Stage::Parking { .. })
}

fn looked(ui: &CleanupUi) -> bool {
    matches!(
        ui.stage,
        Stage::Plan | Stage::PlanFailed(_) | Stage::Finished
    )
}

/// The stages Esc leaves from.
fn leaves(ui: &CleanupUi) -> bool {
    !typing(ui) && !working(ui)
}

/// Where the footer offers `q` quit: once nothing is under way, and not over the plan.
fn offers_quit(ui: &CleanupUi) -> bool {
    leaves(ui) && !plan(ui)
}

type B = Binding<CleanupUi, Key>;

pub const KEYS: KeyTable<CleanupUi, Key> = KeyTable {
    title: "Clean up",
    bindings: &[
        B::note(
            "Enter",
            "on \"Anything still billing?\": every cluster and every leftover in the region",
        ),
        B::on(&[Down, Char('j')], Key::Down)
            .when(plan)
            .footer("↑↓", "select")
            .help("↑ ↓  j k", "select an item; its reason shows below"),
        B::on(&[Up, Char('k')], Key::Up).when(plan),
        B::on(&[Char(' ')], Key::Tick)
            .when(plan)
            .footer("space", "tick")
            .help(
                "space",
                "tick or untick it (data is unticked until you tick it; what is in use stays)",
            ),
        // All ticked already: `a` unticks them all, so a fresh choice is two keys away.
        B::on(&[Char('a')], Key::TickAll)
            .when(plan)
            .footer("a", "all")
            .help(
                "a",
                "tick all (again: untick all), never your own files or what is in use",
            ),
        B::text(Key::Type)
            .when(|ui| confirm(ui) && ui.sweep.is_some())
            .footer("type", "the region's name"),
        B::text(Key::Type)
            .when(|ui| confirm(ui) && ui.sweep.is_none())
            .footer("type", "the cluster name"),
        B::on(&[Enter], Key::Delete)
            .when(plan)
            .footer("⏎", "delete…")
            .help(
                "Enter",
                "delete the ticked items, after typing the cluster's name (a sweep: the region's)",
            ),
        B::on(&[Enter], Key::Delete)
            .when(confirm)
            .footer("⏎", "delete"),
        B::on(&[Backspace], Key::Erase).when(confirm),
        B::on(&[Esc], Key::Back)
            .when(confirm)
            .footer("Esc", "back to the plan"),
        // A sweep's leftovers belong to no cluster: there is nothing to park.
        B::on(&[Char('p')], Key::Park)
            .when(|ui| plan(ui) && ui.sweep.is_none())
            .footer("p", "park instead")
            .help(
                "p",
                "park instead: stop the fleet and the head node, keep the rest",
            ),
        B::on(&[Char('r')], Key::Again)
            .when(looked)
            .footer("r", "look again")
            .help(
                "r",
                "look again (after a failed run: run the clean-up again)",
            ),
        B::on(&[Enter, Char('y'), Char('Y')], Key::Yes)
            .when(park_question)
            .footer("y ⏎", "go ahead")
            .help("y  n", "answer the park question (Enter / Esc too)"),
        B::on(&[Esc, Char('n'), Char('N'), Char('q')], Key::No)
            .when(park_question)
            .footer("n Esc", "no"),
        B::quit(&[Char('q')])
            .when(working)
            .footer("q", "quit (AWS carries on; run again to finish)"),
        B::on(&[Esc, Backspace], Key::Back)
            .when(leaves)
            .footer("Esc", "back"),
        // The parking's result: Enter goes back too.
        B::on(&[Enter], Key::Back).when(|ui| matches!(ui.stage, Stage::Parked { .. })),
        B::help_key()
            .when(|ui| !typing(ui))
            .footer("?", "help")
            .footer_when(|ui| !typing(ui) && !matches!(ui.stage, Stage::PlanFailed(_))),
        B::quit(&[Char('q')])
            .when(|ui| !typing(ui))
            .footer("q", "quit")
            .footer_when(offers_quit),
    ],
};
