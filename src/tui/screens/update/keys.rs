//! The update screen's keys, stage by stage (while the wizard's steps are open, the
//! wizard's own table has the keys). Nothing quits while the update runs: pcwiz may have
//! stopped the fleet and must start it again; Esc goes back to the dashboard and the
//! update carries on.

use crossterm::event::KeyCode::{Backspace, Char, Down, Enter, Esc, Up};

use super::state::{Stage, UpdateUi};
use crate::tui::keys::{Binding, KeyTable};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// On the change set: apply it.
    Apply,
    /// On the change set: back to the wizard's steps.
    Edit,
    Down,
    Up,
    /// Read the config again after a failure.
    Retry,
    Back,
}

fn applicable(ui: &UpdateUi) -> bool {
    matches!(&ui.stage, Stage::Preview(p) if p.plan.applicable())
}

fn previewing(ui: &UpdateUi) -> bool {
    matches!(ui.stage, Stage::Preview(_))
}

fn failed(ui: &UpdateUi) -> bool {
    matches!(ui.stage, Stage::Failed(_))
}

fn running(ui: &UpdateUi) -> bool {
    matches!(ui.stage, Stage::Applying(_))
}

type B = Binding<UpdateUi, Key>;

pub const KEYS: KeyTable<UpdateUi, Key> = KeyTable {
    title: "Change the cluster",
    bindings: &[
        B::on(&[Char('y'), Enter], Key::Apply)
            .when(applicable)
            .footer("y", "update")
            .help(
                "y",
                "on the change set: update the cluster as said (stopping the fleet first when it must)",
            ),
        B::on(&[Char('e')], Key::Edit)
            .when(previewing)
            .footer("e", "edit again")
            .help("e", "back to the queue, storage and tags steps"),
        B::on(&[Down, Char('j')], Key::Down)
            .when(|ui| !failed(ui))
            .help("↑ ↓  j k", "scroll the change set"),
        B::on(&[Up, Char('k')], Key::Up).when(|ui| !failed(ui)),
        B::on(&[Char('r')], Key::Retry)
            .when(failed)
            .footer("r", "try again"),
        B::help_key().footer("?", "help").footer_always(),
        B::on(&[Esc, Backspace], Key::Back)
            .footer("Esc", "dashboard")
            .footer_always()
            .help(
                "Esc",
                "back to the dashboard (an update under way goes on in AWS)",
            ),
        B::quit(&[Char('q')]).when(|ui| !running(ui)),
    ],
};
