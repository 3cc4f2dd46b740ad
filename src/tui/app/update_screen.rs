//! The app's side of the update screen: opening it from the dashboard (`u`), its keys
//! (the wizard's table while its steps are open, its own after), and its background
//! answers, each for the cluster it names.

use super::{App, Screen};
use crate::tui::action::{Action, Command};
use crate::tui::keys::Pressed;
use crate::tui::screens::update::{self, UpdateOutcome, UpdateUi};
use crate::tui::screens::wizard;

impl App {
    /// `u` on a dashboard: change that cluster.
    pub(super) fn open_update(&mut self) -> Vec<Command> {
        let Some(dashboard) = &self.dashboard else {
            return vec![];
        };
        let (ui, commands) = UpdateUi::open(
            &dashboard.name,
            &dashboard.region,
            dashboard.acting_as.clone(),
            self.suppress_validators.clone(),
            self.home.clone(),
        );
        self.update = Some(ui);
        self.screen = Screen::Update;
        commands
    }

    pub(super) fn on_update_editor_key(&mut self, pressed: Pressed<wizard::Key>) -> Vec<Command> {
        let Some(ui) = self.update.as_mut() else {
            return self.back_to_dashboard(false);
        };
        let outcome = ui.on_editor_key(pressed);
        // `z` on the queue step: the sizing assistant, whose pick fills in this queue.
        let sizing = ui
            .editor
            .as_mut()
            .is_some_and(|e| std::mem::take(&mut e.wants_sizing));
        if sizing {
            let region = ui.region.clone();
            self.open_sizing(&region, crate::tui::screens::sizing::Origin::Update);
        }
        self.after_update(outcome)
    }

    pub(super) fn on_update_key(&mut self, pressed: Pressed<update::Key>) -> Vec<Command> {
        match self.update.as_mut() {
            Some(ui) => {
                let outcome = ui.on_key(pressed);
                self.after_update(outcome)
            }
            None => self.back_to_dashboard(false),
        }
    }

    fn after_update(&mut self, outcome: UpdateOutcome) -> Vec<Command> {
        let mut commands = outcome.commands;
        if outcome.leave {
            commands.extend(self.back_to_dashboard(true));
        }
        commands
    }

    /// Back to the dashboard, looking again: the cluster may have changed.
    fn back_to_dashboard(&mut self, refresh: bool) -> Vec<Command> {
        self.screen = Screen::Dashboard;
        match (&mut self.dashboard, refresh) {
            (Some(dashboard), true) => dashboard.refresh_now(),
            _ => vec![],
        }
    }

    /// A background answer for the update screen; one about another cluster is dropped.
    pub(super) fn on_update_answer(&mut self, action: Action) -> Vec<Command> {
        let name = match &action {
            Action::ClusterConfigRead { name, .. }
            | Action::UpdatePreviewed { name, .. }
            | Action::UpdateStep { name, .. }
            | Action::UpdateApplied { name, .. } => name.clone(),
            _ => return vec![],
        };
        let Some(ui) = self.update.as_mut().filter(|u| u.name == name) else {
            return vec![];
        };
        match action {
            Action::ClusterConfigRead { result, .. } => ui.config_read(result),
            Action::UpdatePreviewed { result, .. } => {
                ui.previewed(result);
                vec![]
            }
            Action::UpdateStep { step, .. } => {
                ui.step(*step);
                vec![]
            }
            Action::UpdateApplied { result, .. } => {
                ui.applied(result);
                vec![]
            }
            _ => vec![],
        }
    }
}
