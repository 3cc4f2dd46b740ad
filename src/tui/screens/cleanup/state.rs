//! The clean-up screen's state: look for everything a cluster leaves billing, show the
//! plan with ticks, ask for the cluster's name, run, and say what became of each item. Or
//! park the cluster instead (and resume it). Pure; the engine runs as background commands.

use super::keys::Key;
use super::summary::{park_note, park_note_without_plan};
use crate::cleanup::park::ParkReport;
use crate::cleanup::{Plan, Progress};
use crate::tui::action::Command;
use crate::tui::keys::Pressed;

#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// The engine is looking for everything the cluster leaves billing.
    Planning,
    /// The look failed as a whole (it took too long, say): why.
    PlanFailed(String),
    /// The plan, with ticks.
    Plan,
    /// The cluster's name being typed; `mismatch` once Enter was pressed on other text.
    Confirm {
        typed: String,
        mismatch: bool,
    },
    /// Removing the ticked items, in order; `progress` fills in.
    Running,
    /// What became of each ticked item (`progress` holds the final results).
    Finished,
    /// Park (or resume) asked for; `park_note` says what keeps billing.
    ParkConfirm {
        resume: bool,
    },
    Parking {
        resume: bool,
    },
    Parked {
        resume: bool,
        result: Result<ParkReport, String>,
    },
}

/// Where the screen was opened from: Esc goes back there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Back {
    Clusters,
    Dashboard,
}

#[derive(Debug, Clone)]
pub struct CleanupUi {
    pub name: String,
    pub region: String,
    pub back: Back,
    pub stage: Stage,
    /// The plan, once found (None when opened straight into parking from the dashboard).
    pub plan: Option<Plan>,
    /// The selected row of the plan.
    pub selected: usize,
    /// During a run each item's latest progress; after it, the engine's results.
    pub progress: Vec<Progress>,
    /// What keeps billing while parked, said in the park question.
    pub park_note: String,
    /// Said under the plan when a key could not act (Enter with nothing ticked).
    pub notice: Option<String>,
    /// A run or a park was started: the screen left looks at the cluster again.
    pub touched: bool,
    /// Who parking acts as, when opened from the dashboard (the plan says it otherwise).
    pub acting_as: String,
    /// While parking: the latest word on the compute instances it waits for.
    pub park_progress: Option<String>,
    /// Set when this is the region's sweep ("anything still billing?") rather than one
    /// cluster's clean-up: the region's clusters with what they bill, and the total.
    pub sweep: Option<SweepSummary>,
}

/// What the dashboard knows when its `p` parks (or resumes) the cluster: the app hands it
/// over, so neither screen needs the other.
#[derive(Debug, Clone, PartialEq)]
pub struct ParkFrom {
    pub name: String,
    pub region: String,
    /// The head node is stopped: `p` resumes rather than parks.
    pub head_stopped: bool,
    /// What the storage bills, when its price is known.
    pub storage_usd_per_hour: Option<f64>,
    /// "account 1234…, profile lab, us-west-2".
    pub acting_as: String,
}

/// What the sweep found besides its leftovers plan.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSummary {
    /// One line per live cluster: name, status, $/h now.
    pub clusters: Vec<String>,
    pub usd_per_month: f64,
    pub unpriced: usize,
}

#[derive(Debug, Default)]
pub struct CleanupOutcome {
    pub commands: Vec<Command>,
    pub leave: bool,
    /// The cluster may have changed: the screen left should look at it again.
    pub refresh_back: bool,
}

impl CleanupUi {
    /// Opens on the plan: nothing is touched until the user ticks, confirms and types.
    pub fn open(name: &str, region: &str, back: Back) -> (Self, Vec<Command>) {
        let mut ui = Self {
            name: name.to_string(),
            region: region.to_string(),
            back,
            stage: Stage::Planning,
            plan: None,
            selected: 0,
            progress: vec![],
            park_note: String::new(),
            notice: None,
            touched: false,
            acting_as: String::new(),
            park_progress: None,
            sweep: None,
        };
        let commands = ui.look();
        (ui, commands)
    }

    /// The clean-up door's first entry: everything still billing in the region, and the
    /// leftovers no cluster owns, removed like a cluster's plan (the region's name typed).
    pub fn open_sweep(region: &str) -> (Self, Vec<Command>) {
        let (mut ui, _) = Self::open(crate::cleanup::sweep::LEFTOVERS, region, Back::Clusters);
        ui.sweep = Some(SweepSummary {
            clusters: vec![],
            usd_per_month: 0.0,
            unpriced: 0,
        });
        let commands = ui.look();
        (ui, commands)
    }

    /// What must be typed to confirm: the cluster's name, or the region's for a sweep.
    pub fn confirm_word(&self) -> &str {
        if self.sweep.is_some() {
            &self.region
        } else {
            &self.name
        }
    }

    /// The sweep's answer: the summary, and its leftovers as the plan.
    pub fn swept(&mut self, result: Result<crate::cleanup::sweep::Sweep, String>) {
        if self.stage != Stage::Planning || self.sweep.is_none() {
            return;
        }
        match result {
            Ok(found) => {
                self.sweep = Some(SweepSummary {
                    clusters: found
                        .clusters
                        .iter()
                        .filter(|c| !c.deleted())
                        .map(|c| {
                            format!(
                                "{} · {} · {}",
                                c.name,
                                c.status,
                                c.usd_per_hour
                                    .map(|u| format!("{}/h now", crate::cluster::price::hourly(u)))
                                    .unwrap_or_else(|| "price unknown".into())
                            )
                        })
                        .collect(),
                    usd_per_month: found.usd_per_month,
                    unpriced: found.unpriced,
                });
                self.planned(Ok(found.leftovers));
            }
            Err(why) => self.planned(Err(why)),
        }
    }

    /// The dashboard's `p`: park a running cluster, or resume one whose head node is
    /// stopped. Asks first, with what the dashboard knows it would keep billing.
    pub fn park_from(from: ParkFrom) -> Self {
        Self {
            name: from.name,
            region: from.region,
            back: Back::Dashboard,
            stage: Stage::ParkConfirm {
                resume: from.head_stopped,
            },
            plan: None,
            selected: 0,
            progress: vec![],
            park_note: park_note_without_plan(from.storage_usd_per_hour),
            notice: None,
            touched: false,
            acting_as: from.acting_as,
            park_progress: None,
            sweep: None,
        }
    }

    /// "account 1234…, profile lab, us-west-2": who the clean-up or park acts as.
    pub fn acting_as(&self) -> &str {
        match &self.plan {
            Some(plan) if !plan.acting_as.is_empty() => &plan.acting_as,
            _ => &self.acting_as,
        }
    }

    fn look(&mut self) -> Vec<Command> {
        self.stage = Stage::Planning;
        self.notice = None;
        if self.sweep.is_some() {
            return vec![Command::Sweep {
                region: self.region.clone(),
            }];
        }
        vec![Command::PlanCleanup {
            name: self.name.clone(),
            region: self.region.clone(),
        }]
    }

    /// A key, as the table placed it for the stage on screen.
    pub fn on_key(&mut self, pressed: Pressed<Key>) -> CleanupOutcome {
        let mut outcome = CleanupOutcome::default();
        match self.stage.clone() {
            Stage::Plan => outcome = self.on_plan_key(pressed.action),
            Stage::Confirm { typed, .. } => outcome.commands = self.on_confirm_key(pressed, typed),
            Stage::ParkConfirm { resume } => match pressed.action {
                Some(Key::Yes) => {
                    self.stage = Stage::Parking { resume };
                    self.touched = true;
                    outcome.commands = vec![Command::ParkCluster {
                        name: self.name.clone(),
                        region: self.region.clone(),
                        resume,
                    }];
                }
                Some(Key::No) => match self.plan {
                    Some(_) => self.stage = Stage::Plan,
                    None => outcome.leave = true,
                },
                _ => {}
            },
            // The table lets through only what the stage answers: look again, or back.
            _ => match pressed.action {
                Some(Key::Again) => outcome.commands = self.look(),
                Some(Key::Back) => outcome.leave = true,
                _ => {}
            },
        }
        outcome.refresh_back = outcome.leave && self.touched;
        outcome
    }

    fn on_plan_key(&mut self, action: Option<Key>) -> CleanupOutcome {
        let mut outcome = CleanupOutcome::default();
        let Some(plan) = self.plan.as_mut() else {
            return outcome;
        };
        self.notice = None;
        let count = plan.items.len();
        match action {
            Some(Key::Back) => outcome.leave = true,
            Some(Key::Down) => {
                self.selected = (self.selected + 1).min(count.saturating_sub(1));
            }
            Some(Key::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Key::Tick) => {
                if let Err(why) = plan.toggle(self.selected) {
                    self.notice = Some(why);
                }
            }
            // It never ticks the user's files or what is in use.
            Some(Key::TickAll) => plan.tick_all(),
            Some(Key::Delete) if plan.selected().next().is_none() => {
                self.notice =
                    Some("Nothing is ticked: space ticks the selected item, a ticks all.".into());
            }
            Some(Key::Delete) => {
                self.stage = Stage::Confirm {
                    typed: String::new(),
                    mismatch: false,
                };
            }
            Some(Key::Park) => {
                self.park_note = park_note(plan);
                self.stage = Stage::ParkConfirm { resume: false };
            }
            Some(Key::Again) => outcome.commands = self.look(),
            _ => {}
        }
        outcome
    }

    fn on_confirm_key(&mut self, pressed: Pressed<Key>, mut typed: String) -> Vec<Command> {
        match pressed.action {
            Some(Key::Back) => {
                self.stage = Stage::Plan;
                return vec![];
            }
            Some(Key::Delete) if typed == self.confirm_word() => {
                let Some(plan) = self.plan.clone() else {
                    return vec![];
                };
                self.stage = Stage::Running;
                self.touched = true;
                self.progress.clear();
                return vec![Command::RunCleanup {
                    plan: Box::new(plan),
                }];
            }
            Some(Key::Delete) => {
                self.stage = Stage::Confirm {
                    typed,
                    mismatch: true,
                };
                return vec![];
            }
            Some(Key::Erase) => {
                typed.pop();
            }
            Some(Key::Type) => typed.extend(pressed.char),
            _ => {}
        }
        self.stage = Stage::Confirm {
            typed,
            mismatch: false,
        };
        vec![]
    }

    /// The engine's plan (its own lookups' failures are in `plan.problems`).
    pub fn planned(&mut self, plan: Result<Plan, String>) {
        if self.stage != Stage::Planning {
            return; // left meanwhile
        }
        match plan {
            Ok(plan) => {
                self.selected = self.selected.min(plan.items.len().saturating_sub(1));
                self.plan = Some(plan);
                self.stage = Stage::Plan;
            }
            Err(why) => self.stage = Stage::PlanFailed(why),
        }
    }

    /// One item's progress: it replaces what was known of that item.
    pub fn progressed(&mut self, progress: Progress) {
        if self.stage != Stage::Running {
            return;
        }
        match self
            .progress
            .iter_mut()
            .find(|p| p.kind == progress.kind && p.id == progress.id)
        {
            Some(known) => *known = progress,
            None => self.progress.push(progress),
        }
    }

    pub fn finished(&mut self, results: Vec<Progress>) {
        if self.stage != Stage::Running {
            return;
        }
        self.progress = results;
        self.stage = Stage::Finished;
    }

    pub fn parked(&mut self, result: Result<ParkReport, String>) {
        if let Stage::Parking { resume } = self.stage {
            self.stage = Stage::Parked { resume, result };
        }
    }
}
