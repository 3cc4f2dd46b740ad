//! `g`: the idle guard on the head node, armed or removed from the dashboard, and the
//! cluster's AWS Budget as the Cost tab shows it. The guard's state itself comes with every
//! refresh (the probe reads its state file); the budget is looked up on its own, as AWS
//! counts it hours behind and a refresh every 20 s would only cost calls.

use super::actions::{DashAction, Dialog};
use super::state::DashboardUi;
use crate::cluster::budget::BudgetSeen;
use crate::cluster::guard::GuardSeen;
use crate::tui::action::Command;
use crate::wizard::draft::DEFAULT_IDLE_GUARD_MINUTES;

/// The budget as last looked up: None until the first answer.
pub type BudgetLook = Option<Result<Option<BudgetSeen>, String>>;

impl DashboardUi {
    /// Whether the guard on the head node is armed, as the last refresh found it.
    fn guard_armed(&self) -> bool {
        matches!(&self.guard, Some(GuardSeen::State(state)) if state.armed && state.acted_at.is_none())
    }

    /// `g`: remove an armed guard, or arm one (with the window it had, else an hour).
    pub fn ask_guard(&mut self) {
        let head = self
            .instances
            .value
            .iter()
            .flatten()
            .find(|i| i.node_type == "HeadNode" && i.state == "running")
            .map(|h| h.instance_id.clone());
        let (Some(target), Some(head)) = (self.ssh_target.clone(), head) else {
            self.dialog = Some(Dialog::Refused {
                title: "No running head node to guard".into(),
                lines: vec![
                    "The idle guard lives on the head node: start it first (h, or p to resume)."
                        .into(),
                ],
            });
            return;
        };
        let name = &self.name;
        self.dialog = Some(if self.guard_armed() {
            Dialog::Confirm {
                action: DashAction::Guard {
                    target: Box::new(target),
                    head_instance_id: head,
                    idle_minutes: None,
                },
                title: "Remove the idle guard?".into(),
                lines: vec![
                    "Nothing will then stop the head node while it idles: it bills until someone stops it."
                        .into(),
                    format!("Its log stays on the head node; arm it again with g or pcwiz guard {name} --idle 60."),
                ],
            }
        } else {
            let minutes = match &self.guard {
                Some(GuardSeen::State(state)) if state.window_minutes > 0 => state.window_minutes,
                _ => DEFAULT_IDLE_GUARD_MINUTES,
            };
            Dialog::Confirm {
                action: DashAction::Guard {
                    target: Box::new(target),
                    head_instance_id: head,
                    idle_minutes: Some(minutes),
                },
                title: format!("Arm the idle guard ({minutes} minutes)?"),
                lines: vec![
                    format!(
                        "When no job runs, no compute node is up and nobody is logged in for {minutes} minutes, the head node shuts itself down."
                    ),
                    "It stops: its disk and /scratch are kept, storage still bills, and p resumes it."
                        .into(),
                    "Installed as root over ssh (a script and a systemd timer); pcwiz first checks with EC2 that a shutdown stops it."
                        .into(),
                    format!("Another window: pcwiz guard {name} --idle MINUTES."),
                ],
            }
        });
    }

    pub(super) fn guard_command(
        &mut self,
        target: Box<crate::remote::SshTarget>,
        head_instance_id: String,
        idle_minutes: Option<u32>,
    ) -> Vec<Command> {
        self.dialog = Some(Dialog::Working(match idle_minutes {
            Some(_) => "Arming the idle guard on the head node…".into(),
            None => "Removing the idle guard from the head node…".into(),
        }));
        vec![Command::SetGuard {
            name: self.name.clone(),
            region: self.region.clone(),
            target,
            head_instance_id,
            idle_minutes,
        }]
    }

    /// Ask AWS for the cluster's budget (on opening the dashboard, and after a change).
    pub fn look_up_budget(&self) -> Command {
        Command::LookUpBudget {
            name: self.name.clone(),
            region: self.region.clone(),
        }
    }
}
