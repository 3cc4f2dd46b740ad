//! The launch step: a name, the preflight, "type the name to confirm", pcluster's dry run,
//! the creation (recorded in the history at once) and following it to ready or failed.
//! Every stage that waits is a background command; keys never wait.

use chrono::{DateTime, Utc};

use super::*;
use crate::cluster::cluster_name;
use crate::cluster::launch::{LaunchStatus, Phase};
use crate::cluster::launch_failure::FailureContext;
use crate::launch::preflight::Preflight;
use crate::launch::start::LaunchRequest;
use crate::pcluster::ValidationProblem;
use crate::pcluster::install::InstallEvent;
use crate::tui::action::LaunchEvent;
use crate::tui::widgets::install_bar::Install;

#[derive(Debug, Clone)]
pub enum LaunchStage {
    /// Typing the cluster's name.
    Naming {
        problem: Option<String>,
    },
    Checking,
    /// The checks are in. With no errors, typing the name again launches.
    Confirming {
        preflight: Box<Preflight>,
        typed: String,
    },
    /// pcluster's dry run, then its create-cluster: about a minute each.
    DryRun,
    Refused {
        message: String,
        problems: Vec<ValidationProblem>,
    },
    Creating,
    Following {
        status: Option<Box<LaunchStatus>>,
        problem: Option<String>,
    },
    Finished {
        status: Box<LaunchStatus>,
        phase: Phase,
        deletion: Deletion,
    },
    /// pcwiz itself could not run a step (pcluster crashed, the history is unwritable…).
    Broken(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deletion {
    NotAsked,
    Running,
    Done(Result<(), String>),
}

#[derive(Debug, Clone)]
pub struct LaunchUi {
    pub name: String,
    pub stage: LaunchStage,
    pub started: Option<DateTime<Utc>>,
    /// What the history said when the creation was recorded (a damaged file, moved aside).
    pub history_note: Option<String>,
    /// AWS calls made while following.
    pub calls: u32,
    /// The idle guard and the budget, set up once the cluster is ready.
    pub upkeep: UpkeepStage,
    /// pcluster being installed from here (`i` when the checks found it missing).
    pub install: Option<Install>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum UpkeepStage {
    /// Not ready yet, or nothing was asked for.
    #[default]
    NotYet,
    /// Arming the guard and making the budget; what is being set up.
    Running(Vec<&'static str>),
    /// One line per part, "✔ …" or "! …".
    Done(Vec<String>),
}

impl WizardUi {
    pub(super) fn enter_launch(&mut self) -> Vec<Command> {
        // A draft whose cluster was launched (pcwiz was closed while it was being created)
        // picks the creation up again: following is all there is left to do.
        if self.launch.is_none()
            && let Some(name) = self.draft.launched.clone()
        {
            self.launch = Some(LaunchUi {
                name: name.clone(),
                stage: LaunchStage::Following {
                    status: None,
                    problem: None,
                },
                started: None,
                history_note: None,
                calls: 0,
                upkeep: UpkeepStage::NotYet,
                install: None,
            });
            return vec![Command::FollowLaunch {
                name,
                region: self.region(),
            }];
        }
        // A launch under way or finished stays on screen when the user comes back.
        if self.launch.is_none() {
            let name = self
                .draft
                .config_file
                .as_ref()
                .and_then(|p| p.file_stem())
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "rev-conus".into());
            self.launch = Some(LaunchUi {
                name,
                stage: LaunchStage::Naming { problem: None },
                started: None,
                history_note: None,
                calls: 0,
                upkeep: UpkeepStage::NotYet,
                install: None,
            });
        }
        vec![]
    }

    /// Whether the launch step takes letters (a name being typed).
    pub(super) fn launch_typing(&self) -> bool {
        matches!(
            self.launch.as_ref().map(|l| &l.stage),
            Some(LaunchStage::Naming { .. } | LaunchStage::Confirming { .. })
        )
    }

    /// Esc leaves the step only before anything was created.
    pub(super) fn launch_may_go_back(&self) -> bool {
        matches!(
            self.launch.as_ref().map(|l| &l.stage),
            None | Some(
                LaunchStage::Naming { .. }
                    | LaunchStage::Checking
                    | LaunchStage::Confirming { .. }
                    | LaunchStage::Refused { .. }
                    | LaunchStage::Broken(_)
            )
        )
    }

    pub(super) fn on_launch_key(&mut self, pressed: Pressed<Key>) -> Vec<Command> {
        let region = self.region();
        let config = build::build(&self.draft);
        let request = self.launch_request();
        let Some(launch) = self.launch.as_mut() else {
            return vec![];
        };
        match &mut launch.stage {
            LaunchStage::Naming { problem } => match pressed.action {
                Some(Key::Type) => {
                    launch.name.extend(pressed.char);
                    *problem = None;
                }
                Some(Key::Erase) => {
                    launch.name.pop();
                }
                Some(Key::Choose) => match (cluster_name::check(&launch.name), config) {
                    (Err(why), _) => *problem = Some(why),
                    (Ok(()), Err(why)) => *problem = Some(why),
                    (Ok(()), Ok(config)) => {
                        launch.stage = LaunchStage::Checking;
                        return vec![Command::LaunchPreflight {
                            config: Box::new(config),
                            name: launch.name.clone(),
                            region,
                        }];
                    }
                },
                _ => {}
            },
            LaunchStage::Confirming { preflight, typed } => match pressed.action {
                Some(Key::InstallPcluster)
                    if preflight.needs_pcluster()
                        && !launch.install.as_ref().is_some_and(Install::running) =>
                {
                    launch.install = Some(Install::default());
                    return vec![Command::InstallPcluster];
                }
                Some(Key::Retry) if preflight.blocked() => {
                    launch.stage = LaunchStage::Naming { problem: None };
                }
                Some(Key::Type) if !preflight.blocked() => typed.extend(pressed.char),
                Some(Key::Erase) => {
                    typed.pop();
                }
                Some(Key::Choose) if !preflight.blocked() && *typed == launch.name => {
                    let (Some(pcluster), Some(request)) = (preflight.pcluster.clone(), request)
                    else {
                        return vec![];
                    };
                    let request = request.checked_by(preflight);
                    launch.stage = LaunchStage::DryRun;
                    launch.started = Some(Utc::now());
                    return vec![Command::Launch {
                        pcluster,
                        request: Box::new(request),
                    }];
                }
                _ => {}
            },
            LaunchStage::Refused { .. } | LaunchStage::Broken(_)
                if pressed.action == Some(Key::Retry) =>
            {
                launch.stage = LaunchStage::Naming { problem: None };
            }
            LaunchStage::Finished {
                phase: Phase::Failed(_),
                deletion,
                ..
            } if pressed.action == Some(Key::DeleteStack) && *deletion == Deletion::NotAsked => {
                *deletion = Deletion::Running;
                return vec![Command::DeleteStack {
                    name: launch.name.clone(),
                    region,
                }];
            }
            _ => {}
        }
        vec![]
    }

    /// What the launch records about itself, from the draft.
    fn launch_request(&self) -> Option<LaunchRequest> {
        let launch = self.launch.as_ref()?;
        LaunchRequest::from_draft(
            &self.draft,
            &launch.name,
            &self.region(),
            &self.suppress_validators,
        )
    }

    /// A step of a pcluster install this step started.
    pub fn install_progress(&mut self, event: InstallEvent) {
        if let Some(install) = self.launch.as_mut().and_then(|l| l.install.as_mut()) {
            install.apply(event);
        }
    }

    /// The install this step started ended; once pcluster is there, the checks run again.
    pub fn pcluster_installed(&mut self, result: Result<String, String>) -> Vec<Command> {
        let region = self.region();
        let config = build::build(&self.draft);
        let Some(launch) = self.launch.as_mut() else {
            return vec![];
        };
        let Some(install) = launch.install.as_mut() else {
            return vec![];
        };
        let installed = result.is_ok();
        install.done = Some(result);
        match (&launch.stage, config) {
            (LaunchStage::Confirming { .. }, Ok(config)) if installed => {
                launch.stage = LaunchStage::Checking;
                vec![Command::LaunchPreflight {
                    config: Box::new(config),
                    name: launch.name.clone(),
                    region,
                }]
            }
            _ => vec![],
        }
    }

    pub fn launch_checked(&mut self, name: &str, preflight: Preflight) {
        if let Some(launch) = self.launch.as_mut()
            && launch.name == name
            && matches!(launch.stage, LaunchStage::Checking)
        {
            launch.stage = LaunchStage::Confirming {
                preflight: Box::new(preflight),
                typed: String::new(),
            };
        }
    }

    pub fn launch_event(&mut self, event: LaunchEvent) -> Vec<Command> {
        let context = self.failure_context();
        let upkeep = self.upkeep();
        let region = self.region();
        let user = self.draft.os.default_user();
        let key_file = self
            .draft
            .key
            .as_ref()
            .and_then(|k| k.private_key.as_ref())
            .map(|p| key_step::display_path(p, self.home.as_deref()));
        let Some(launch) = self.launch.as_mut() else {
            return vec![];
        };
        match event {
            LaunchEvent::DryRun(Ok(verdict)) if !verdict.would_succeed => {
                launch.stage = LaunchStage::Refused {
                    message: verdict.message,
                    problems: verdict.problems,
                };
            }
            LaunchEvent::DryRun(Ok(_)) => launch.stage = LaunchStage::Creating,
            LaunchEvent::DryRun(Err(why)) => launch.stage = LaunchStage::Broken(why),
            LaunchEvent::Created(Ok(note)) => {
                launch.history_note = note;
                launch.stage = LaunchStage::Following {
                    status: None,
                    problem: None,
                };
                self.draft.launched = Some(launch.name.clone());
                return vec![self.save()];
            }
            LaunchEvent::Created(Err((message, problems))) => {
                launch.stage = LaunchStage::Refused { message, problems };
            }
            LaunchEvent::Progress { look, calls } => {
                launch.calls = calls;
                match look {
                    Ok(status) if status.stack.finished() => {
                        let phase = status.phase(&context, key_file.as_deref(), user);
                        let ready = matches!(phase, Phase::Ready { .. });
                        launch.stage = LaunchStage::Finished {
                            status,
                            phase,
                            deletion: Deletion::NotAsked,
                        };
                        let asked = upkeep_parts(&upkeep);
                        if ready && !asked.is_empty() && launch.upkeep == UpkeepStage::NotYet {
                            launch.upkeep = UpkeepStage::Running(asked);
                            return vec![Command::SetUpUpkeep {
                                name: launch.name.clone(),
                                region,
                                upkeep,
                            }];
                        }
                    }
                    Ok(status) => {
                        launch.stage = LaunchStage::Following {
                            status: Some(status),
                            problem: None,
                        };
                    }
                    Err(why) => {
                        if let LaunchStage::Following { problem, .. } = &mut launch.stage {
                            *problem = Some(why);
                        }
                    }
                }
            }
            LaunchEvent::UpkeepDone(lines) => launch.upkeep = UpkeepStage::Done(lines),
            LaunchEvent::Deleted(result) => {
                if let LaunchStage::Finished { deletion, .. } = &mut launch.stage {
                    *deletion = Deletion::Done(result);
                }
            }
        }
        vec![]
    }

    /// What the diagnosis needs from the wizard's answers.
    fn failure_context(&self) -> FailureContext {
        let head_route = match (self.network.value(), &self.draft.network) {
            (Some(Ok(inventory)), Some(choice)) => inventory
                .subnets
                .iter()
                .find(|s| s.id == choice.head_subnet)
                .map(|s| s.route_out),
            _ => None,
        };
        match build::config_so_far(&self.draft) {
            Some(config) => FailureContext::of(&config, head_route),
            None => FailureContext {
                head_route,
                ..FailureContext::default()
            },
        }
    }
}

/// What a ready cluster gets set up, in words, one line each.
fn upkeep_parts(upkeep: &crate::launch::upkeep::Upkeep) -> Vec<&'static str> {
    let mut parts = vec![];
    if upkeep.idle_guard_minutes.is_some() {
        parts.push("Arming the idle guard on the head node");
    }
    if upkeep.budget.is_some() {
        parts.push("Making the AWS Budget");
    }
    parts
}
