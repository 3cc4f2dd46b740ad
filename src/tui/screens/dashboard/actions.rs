//! The dashboard's actions: `s` a shell on the head node, `f` the compute fleet stopped or
//! started, `h` the head node stopped or started. Each asks first and says what it costs
//! or saves, computed from the last refresh. Pure: the work runs as background commands.

use super::state::DashboardUi;
use crate::cluster::price::hourly;
use crate::cluster::price_book::PriceKey;
use crate::monitor::host_trust::RepinRefused;
use crate::remote::SshTarget;
use crate::tui::action::Command;

#[derive(Debug, Clone, PartialEq)]
pub enum DashAction {
    Shell(Box<SshTarget>),
    Fleet {
        start: bool,
    },
    HeadNode {
        instance_id: String,
        start: bool,
    },
    /// Arm the idle guard with this window, or remove it (None).
    Guard {
        target: Box<SshTarget>,
        head_instance_id: String,
        idle_minutes: Option<u32>,
    },
    /// Re-pin the head node's host key after it changed.
    Repin {
        target: Box<SshTarget>,
        accept_unverified: bool,
    },
}

/// The dialog over the dashboard while an action is asked for or under way.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// `pcluster describe-compute-fleet` runs: the question depends on its answer.
    LookingUpFleet,
    Confirm {
        action: DashAction,
        title: String,
        lines: Vec<String>,
    },
    /// The action cannot be done now, and why.
    Refused {
        title: String,
        lines: Vec<String>,
    },
    Working(String),
}

/// What the last action came to, shown under the tabs until the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionResult {
    pub text: String,
    pub ok: bool,
}

impl DashboardUi {
    /// `s`: a shell where the probe logs in.
    pub fn ask_shell(&mut self) {
        self.dialog = Some(match &self.ssh_target {
            Some(target) => Dialog::Confirm {
                title: "Open a shell on the head node?".into(),
                lines: vec![
                    format!("ssh {}@{}", target.user, target.host),
                    "pcwiz steps aside and comes back when you `exit`.".into(),
                    "Costs nothing extra: the head node bills whether you log in or not.".into(),
                ],
                action: DashAction::Shell(Box::new(target.clone())),
            },
            None => Dialog::Refused {
                title: "No head node to log in to".into(),
                lines: vec![
                    self.probe_problem
                        .clone()
                        .unwrap_or_else(|| "waiting for the first refresh".into()),
                ],
            },
        });
    }

    /// `f`: ask pcluster how the fleet is first; the question follows its answer.
    pub fn ask_fleet(&mut self) -> Vec<Command> {
        self.dialog = Some(Dialog::LookingUpFleet);
        vec![Command::DescribeFleet {
            name: self.name.clone(),
            region: self.region.clone(),
        }]
    }

    pub fn fleet_described(&mut self, status: Result<String, String>) {
        if self.dialog != Some(Dialog::LookingUpFleet) {
            return; // dismissed meanwhile
        }
        self.dialog = Some(match status {
            Err(why) => Dialog::Refused {
                title: "Could not ask pcluster about the compute fleet".into(),
                lines: vec![why],
            },
            Ok(status) => self.fleet_question(&status),
        });
    }

    fn fleet_question(&self, status: &str) -> Dialog {
        let compute = self.compute_usd_per_hour();
        let running = self.running_jobs();
        match status {
            "RUNNING" | "START_REQUESTED" | "STARTING" | "PROTECTED" => {
                let mut lines = vec![
                    format!("The fleet is {status}. Stopping it terminates every compute node."),
                    match compute {
                        (n, Some(usd)) => format!(
                            "Saves {}/h now ({n} compute instance{} running).",
                            hourly(usd),
                            plural(n)
                        ),
                        (n, None) => format!(
                            "Saves what its {n} running compute instance{} cost.",
                            plural(n)
                        ),
                    },
                ];
                if running > 0 {
                    lines.push(format!(
                        "{running} running job{} stopped with it; Slurm requeues what it can.",
                        if running == 1 { " is" } else { "s are" }
                    ));
                }
                lines.push("The head node and the storage keep billing.".into());
                lines.push(self.acting_as_line());
                Dialog::Confirm {
                    action: DashAction::Fleet { start: false },
                    title: "Stop the compute fleet?".into(),
                    lines,
                }
            }
            "STOPPED" | "STOP_REQUESTED" | "STOPPING" => Dialog::Confirm {
                action: DashAction::Fleet { start: true },
                title: "Start the compute fleet?".into(),
                lines: vec![
                    format!("The fleet is {status}."),
                    "Dynamic nodes start (and bill) only when jobs ask for them; static nodes start now."
                        .into(),
                    self.acting_as_line(),
                ],
            },
            other => Dialog::Refused {
                title: "The compute fleet is changing".into(),
                lines: vec![format!(
                    "pcluster says {other}; try again when it settles."
                )],
            },
        }
    }

    /// `h`: stop a running head node (storage alone bills), or start a stopped one.
    pub fn ask_head_node(&mut self) {
        let head = self
            .instances
            .value
            .as_ref()
            .and_then(|all| all.iter().find(|i| i.node_type == "HeadNode"))
            .cloned();
        let Some(head) = head else {
            self.dialog = Some(Dialog::Refused {
                title: "No head node".into(),
                lines: vec!["EC2 lists no head node for this cluster.".into()],
            });
            return;
        };
        let price = self
            .book
            .get(&PriceKey::instance(&head.instance_type, head.spot))
            .map(|p| format!("{}/h", hourly(p.usd)))
            .unwrap_or_else(|| "its hourly price".into());
        let storage = match self.storage_usd_per_hour {
            Some(usd) => format!("Storage still bills {}/h.", hourly(usd)),
            None => "Storage still bills (its price is unknown here).".into(),
        };
        self.dialog = Some(match head.state.as_str() {
            "running" => {
                let (compute, _) = self.compute_usd_per_hour();
                if compute > 0 {
                    Dialog::Refused {
                        title: "Stop the compute fleet first".into(),
                        lines: vec![
                            format!(
                                "{compute} compute instances are running; without their head node they bill with no scheduler to stop them."
                            ),
                            "Press f to stop the fleet, then h.".into(),
                        ],
                    }
                } else {
                    Dialog::Confirm {
                        action: DashAction::HeadNode {
                            instance_id: head.instance_id.clone(),
                            start: false,
                        },
                        title: format!("Stop the head node {}?", head.instance_id),
                        lines: vec![
                            format!("Saves {price} ({}).", head.instance_type),
                            storage,
                            "Slurm, ssh and this dashboard's cluster view stop until it is started again (h)."
                                .into(),
                            self.acting_as_line(),
                        ],
                    }
                }
            }
            "stopped" => Dialog::Confirm {
                action: DashAction::HeadNode {
                    instance_id: head.instance_id.clone(),
                    start: true,
                },
                title: format!("Start the head node {}?", head.instance_id),
                lines: vec![
                    format!("Costs {price} again ({}).", head.instance_type),
                    "Its public IP may change; the dashboard follows it.".into(),
                    self.acting_as_line(),
                ],
            },
            other => Dialog::Refused {
                title: "The head node is changing".into(),
                lines: vec![format!("EC2 says {other}; try again in a minute.")],
            },
        });
    }

    /// A key while a dialog is open: y/Enter goes ahead, n/Esc closes it.
    pub fn on_dialog_key(&mut self, yes: bool, no: bool) -> Vec<Command> {
        let Some(dialog) = self.dialog.clone() else {
            return vec![];
        };
        match dialog {
            Dialog::Confirm { action, .. } if yes => self.go_ahead(action),
            Dialog::Working(_) => vec![],
            _ if yes || no => {
                self.dialog = None;
                vec![]
            }
            _ => vec![],
        }
    }

    fn go_ahead(&mut self, action: DashAction) -> Vec<Command> {
        let (name, region) = (self.name.clone(), self.region.clone());
        match action {
            DashAction::Shell(target) => {
                self.dialog = None;
                vec![Command::OpenShell {
                    name,
                    target: *target,
                }]
            }
            DashAction::Fleet { start } => {
                self.dialog = Some(Dialog::Working(format!(
                    "{} the compute fleet…",
                    if start { "Starting" } else { "Stopping" }
                )));
                vec![Command::SetFleet {
                    name,
                    region,
                    start,
                }]
            }
            DashAction::Guard {
                target,
                head_instance_id,
                idle_minutes,
            } => self.guard_command(target, head_instance_id, idle_minutes),
            DashAction::Repin {
                target,
                accept_unverified,
            } => {
                self.dialog = Some(Dialog::Working(
                    "Reading the head node's EC2 console output and its key…".into(),
                ));
                vec![Command::RepinHostKey {
                    name,
                    region,
                    target,
                    accept_unverified,
                }]
            }
            DashAction::HeadNode { instance_id, start } => {
                self.dialog = Some(Dialog::Working(format!(
                    "{} the head node {instance_id}…",
                    if start { "Starting" } else { "Stopping" }
                )));
                vec![Command::SetHeadNode {
                    name,
                    region,
                    instance_id,
                    start,
                }]
            }
        }
    }

    /// "As account 1234…, profile lab, us-west-2.": who an action acts as.
    fn acting_as_line(&self) -> String {
        format!("As {}.", self.acting_as)
    }

    /// `K`: re-pin the head node's host key, offered only after ssh refused a changed key.
    pub fn ask_repin(&mut self) {
        self.dialog = Some(match (&self.ssh_target, self.host_key_refused) {
            (Some(target), true) => Dialog::Confirm {
                action: DashAction::Repin {
                    target: Box::new(target.clone()),
                    accept_unverified: false,
                },
                title: "Re-pin the head node's host key?".into(),
                lines: vec![
                    format!(
                        "{} answered with a host key other than the one pcwiz pinned.",
                        target.host_key.alias
                    ),
                    "pcwiz reads the instance's EC2 console output and pins the new key only if AWS lists it.".into(),
                    "Do this only if the head node was replaced or rebuilt: otherwise someone may be in the middle.".into(),
                ],
            },
            _ => Dialog::Refused {
                title: "Nothing to re-pin".into(),
                lines: vec![match &self.host_key {
                    Some(pin) => format!("The {}.", pin.describe()),
                    None => "The head node's key is pinned on the first refresh that reaches it.".into(),
                }],
            },
        });
    }

    /// The re-pin ended: pinned (look again at once), refused, or needing a person to
    /// accept a key AWS cannot vouch for.
    pub fn repinned(&mut self, result: Result<String, RepinRefused>) -> Vec<Command> {
        match (result, &self.ssh_target) {
            (Err(refused), Some(target)) if refused.can_accept_unverified => {
                self.dialog = Some(Dialog::Confirm {
                    action: DashAction::Repin {
                        target: Box::new(target.clone()),
                        accept_unverified: true,
                    },
                    title: "Accept the new key unverified?".into(),
                    lines: vec![
                        refused.message,
                        "y pins it anyway (shown as not verified from then on); n keeps refusing."
                            .into(),
                    ],
                });
                vec![]
            }
            (result, _) => {
                if result.is_ok() {
                    self.host_key_refused = false;
                }
                self.action_done(result.map_err(|r| r.message))
            }
        }
    }

    /// An action finished: say how, and look at the cluster again.
    pub fn action_done(&mut self, result: Result<String, String>) -> Vec<Command> {
        self.dialog = None;
        self.action_result = Some(match result {
            Ok(text) => ActionResult { text, ok: true },
            Err(text) => ActionResult { text, ok: false },
        });
        self.refresh_now()
    }

    /// Compute instances running now, and what they cost together (None if any is
    /// unpriced).
    fn compute_usd_per_hour(&self) -> (usize, Option<f64>) {
        let running: Vec<_> = self
            .instances
            .value
            .iter()
            .flatten()
            .filter(|i| {
                i.node_type == "Compute" && matches!(i.state.as_str(), "pending" | "running")
            })
            .collect();
        let total = running.iter().try_fold(0.0, |sum, i| {
            self.book
                .get(&PriceKey::instance(&i.instance_type, i.spot))
                .map(|p| sum + p.usd)
        });
        (running.len(), total)
    }

    fn running_jobs(&self) -> usize {
        self.jobs
            .value
            .iter()
            .flatten()
            .filter(|j| j.state == "RUNNING")
            .count()
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
