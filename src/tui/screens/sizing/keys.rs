//! The sizing assistant's keys, stage by stage: its footer, its section of the help and
//! its handler. On the form, letters are the field's (so `?` is typed, not the help).

use crossterm::event::KeyCode::{BackTab, Backspace, Char, Down, Enter, Esc, Tab, Up};

use super::state::{SizingView, Stage};
use crate::tui::keys::{Binding, KeyTable};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Next,
    Previous,
    Type,
    Erase,
    /// On the form: measure the command, or size the job; once measured: size it; on the
    /// plans: use the selected point.
    Go,
    /// Stop the measurement under way.
    Stop,
    Down,
    Up,
    Assumptions,
    /// Back to the form, to edit the unit and the job.
    Edit,
    Back,
}

fn form(view: &SizingView) -> bool {
    view.stage == Stage::Form
}

/// Measuring, with nothing measured yet: Esc stops it.
fn running(view: &SizingView) -> bool {
    view.stage == Stage::Measuring
        && view
            .measuring
            .as_ref()
            .and_then(|m| m.result.as_ref())
            .is_none()
}

/// The measurement ended (or failed): Enter sizes from it, Esc goes back to the form.
fn measured(view: &SizingView) -> bool {
    view.stage == Stage::Measuring && !running(view)
}

/// What the footer says while measuring: "Esc stop it" until the result is in.
fn shows_stop(view: &SizingView) -> bool {
    view.stage == Stage::Measuring && view.measuring.as_ref().is_some_and(|m| m.result.is_none())
}

fn shows_measured(view: &SizingView) -> bool {
    view.stage == Stage::Measuring && !shows_stop(view)
}

fn plans(view: &SizingView) -> bool {
    view.stage == Stage::Plans
}

type B = Binding<SizingView, Key>;

pub const KEYS: KeyTable<SizingView, Key> = KeyTable {
    title: "Size a job",
    bindings: &[
        B::on(&[Down, Tab], Key::Next)
            .when(form)
            .footer("↑↓", "field")
            .help("↑ ↓  Tab", "move between fields; type a value"),
        B::on(&[Up, BackTab], Key::Previous).when(form),
        B::on(&[Backspace], Key::Erase).when(form),
        B::text(Key::Type).when(form).footer("type", "a value"),
        B::on(&[Enter], Key::Go)
            .when(form)
            .footer("⏎", "measure the command, or size it")
            .help(
                "Enter",
                "on \"Measure a command\": run it and measure it; elsewhere: size the job",
            ),
        B::on(&[Esc], Key::Back).when(form).footer("Esc", "back"),
        B::on(&[Esc], Key::Stop)
            .when(running)
            .footer("Esc", "stop it")
            .footer_when(shows_stop)
            .help(
                "Esc",
                "stop a measurement; from the plans, back to the form",
            ),
        B::on(&[Enter], Key::Go)
            .when(measured)
            .footer("⏎", "size it")
            .footer_when(shows_measured),
        B::on(&[Esc], Key::Back)
            .when(measured)
            .footer("Esc", "back to the form")
            .footer_when(shows_measured),
        B::on(&[Down, Char('j')], Key::Down)
            .when(plans)
            .footer("↑↓", "select")
            .help(
                "↑ ↓  j k",
                "on the plans: select a type (the chart marks it)",
            ),
        B::on(&[Up, Char('k')], Key::Up).when(plans),
        B::on(&[Enter], Key::Go)
            .when(plans)
            .footer("⏎", "use this point"),
        B::on(&[Char('a')], Key::Assumptions)
            .when(plans)
            .footer("a", "assumptions")
            .help("a", "the model's assumptions, with the numbers used"),
        B::on(&[Char('e')], Key::Edit)
            .when(plans)
            .footer("e", "edit the unit")
            .help("e", "edit the unit and the job again"),
        B::note(
            "Enter",
            "on the plans: fill the wizard's queue with the selected point",
        ),
        B::on(&[Esc], Key::Edit).when(plans).footer("Esc", "back"),
        B::help_key().when(|view| !form(view)),
    ],
};
