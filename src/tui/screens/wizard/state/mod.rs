//! The wizard's screen state and its pure update. `App` owns one of these while the user
//! is creating a cluster; everything here is synchronous and returns `Command`s.

mod changing;
mod cost;
mod extras;
mod launch;

pub use changing::{CHANGING_STEPS, Changing};
pub use cost::PriceState;
pub use launch::{Deletion, LaunchStage, LaunchUi, UpkeepStage};
mod machine;
mod network;
mod queues;
mod review;
mod ssh_key;
mod storage;

use std::time::Instant;

use super::keys::Key;
use crate::aws::network_stack::Layout;
use crate::cluster::config::ClusterConfig;
use crate::cluster::edits;
use crate::cluster::findings::{self, ConfigFinding, Surroundings};
use crate::cluster::instance::{InstanceInfo, Picker};
use crate::cluster::network::{NetworkInventory, Verdict};
use crate::cluster::os::Os;
use crate::cluster::presets::Preset;
use crate::cluster::regions::{self, SUPPORTED};
use crate::cluster::ssh_key::refusal;
use crate::cluster::stack::StackProgress;
use crate::tui::action::{Command, KeyInventory};
use crate::tui::keys::Pressed;
use crate::tui::remote::Remote;
use crate::wizard::draft::LOG_RETENTION_DAYS;
use crate::wizard::draft::{KeyChoice, KeyOrigin, NetworkChoice};
use crate::wizard::key_step::{self, KeyAction, KeyRow};
use crate::wizard::network_step::{self, SubnetRow};
use crate::wizard::{Draft, StepId};
use crate::wizard::{build, explore};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormField {
    Name,
    Passphrase,
}

/// Asking for a key pair name (and, for a new key, an optional passphrase).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyForm {
    pub action: KeyAction,
    pub field: FormField,
    pub name: String,
    pub passphrase: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreatePhase {
    Confirm,
    Running(Option<Box<StackProgress>>),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateNetworkUi {
    /// The zones that offer every planned type (where the network may go)…
    pub zones: Vec<String>,
    /// …out of this many in the region.
    pub zones_in_region: usize,
    pub zone: usize,
    pub private_compute: bool,
    pub phase: CreatePhase,
}

/// The review step: the config built from the draft, its checks, and saving it.
#[derive(Debug, Clone)]
pub struct ReviewUi {
    pub config: Result<ClusterConfig, String>,
    pub yaml: String,
    /// pcwiz's checks with the account's facts; Loading while those are looked up.
    pub findings: Remote<Vec<ConfigFinding>>,
    /// Why the account could not be consulted, if it could not (checks then run offline).
    pub lookup_problem: Option<String>,
    /// Scroll positions of the two panes; `Tab` moves between them.
    pub scroll: u16,
    pub checks_scroll: u16,
    pub checks_focused: bool,
    /// The top pane shows the cost breakdown instead of the checks (`c`).
    pub show_cost: bool,
    /// The path being typed after `w`.
    pub save_path: Option<String>,
    pub saved: Option<Result<std::path::PathBuf, String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    NotYet,
    Saved(Instant),
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct WizardUi {
    pub draft: Draft,
    pub step: StepId,
    pub region_selected: usize,
    pub keys: Remote<Result<KeyInventory, String>>,
    pub key_rows: Vec<KeyRow>,
    pub key_selected: usize,
    pub key_form: Option<KeyForm>,
    pub key_busy: bool,
    pub key_error: Option<String>,
    pub network: Remote<Result<Box<NetworkInventory>, String>>,
    pub subnet_rows: Vec<SubnetRow>,
    pub subnet_selected: usize,
    pub create: Option<CreateNetworkUi>,
    pub saved: SaveState,
    /// All of this part's steps are answered.
    pub finished: bool,
    pub presets: Vec<Preset>,
    /// User preset files that could not be read, named on the preset step.
    pub preset_problems: Vec<String>,
    pub preset_selected: usize,
    pub os_selected: usize,
    /// Why the OS step will not go on (an RSA key with Ubuntu), shown until fixed.
    pub os_problem: Option<String>,
    pub review: Option<ReviewUi>,
    /// The selected row on the queue and storage steps.
    pub queue_selected: usize,
    /// Picking the selected compute resource's type (the head node's picker, reused).
    pub queue_picking: bool,
    /// Renaming the selected queue: what is typed so far.
    pub queue_rename: Option<String>,
    /// Why the last queue edit did not happen.
    pub queue_message: Option<String>,
    /// `z` on the queue step: the app opens the sizing assistant for the selected queue.
    pub wants_sizing: bool,
    pub storage_selected: usize,
    /// Editing the selected file system's mount dir: what is typed so far.
    pub storage_mount: Option<String>,
    pub storage_message: Option<String>,
    /// The extras step's focused field (see `EXTRAS_FIELDS`), and why it will not go on.
    pub extras_field: usize,
    pub extras_error: Option<String>,
    /// The head-node picker, once the zone's types are known.
    pub catalog: Remote<Result<Picker, String>>,
    /// Prices for the cost panel and the pickers (this region's).
    pub prices: cost::PriceState,
    /// The launch step, once reached.
    pub launch: Option<LaunchUi>,
    /// No AWS identity (doctor said so): the wizard explores, putting off the steps that
    /// need AWS (`wizard::explore`), with the bundled catalog and offline prices.
    pub offline: bool,
    /// Handed to pcluster unchanged (PCWIZ_SUPPRESS_VALIDATORS); empty unless a power user
    /// or a test against moto asks.
    pub suppress_validators: Vec<String>,
    /// Set while the wizard's steps change a running cluster's config (`changing.rs`).
    pub changing: Option<Changing>,
    /// Whether the zone's types were asked for (a resumed draft may never have).
    catalog_requested: bool,
    home: Option<std::path::PathBuf>,
    /// Where reviewed configs are saved by default.
    configs_dir: std::path::PathBuf,
}

/// What the app must do after a key in the wizard.
#[derive(Debug, Default)]
pub struct Outcome {
    pub commands: Vec<Command>,
    /// Leave the wizard for the main menu (Esc on the first step).
    pub leave: bool,
}

impl Outcome {
    fn run(commands: Vec<Command>) -> Self {
        Self {
            commands,
            leave: false,
        }
    }
}

impl WizardUi {
    /// Start (or resume) with `draft`; `configured_region` preselects the region list.
    pub fn new(
        draft: Draft,
        configured_region: Option<&str>,
        home: Option<std::path::PathBuf>,
        configs_dir: std::path::PathBuf,
        (presets, preset_problems): (Vec<Preset>, Vec<String>),
    ) -> (Self, Vec<Command>) {
        let preferred = draft
            .region
            .clone()
            .unwrap_or_else(|| regions::default_choice(configured_region).to_string());
        let mut ui = Self {
            step: draft.current,
            region_selected: SUPPORTED
                .iter()
                .position(|r| r.code == preferred)
                .unwrap_or(0),
            draft,
            keys: Remote::Loading,
            key_rows: vec![],
            key_selected: 0,
            key_form: None,
            key_busy: false,
            key_error: None,
            network: Remote::Loading,
            subnet_rows: vec![],
            subnet_selected: 0,
            create: None,
            saved: SaveState::NotYet,
            finished: false,
            presets,
            preset_problems,
            preset_selected: 0,
            os_selected: 0,
            os_problem: None,
            review: None,
            catalog: Remote::Loading,
            catalog_requested: false,
            prices: cost::PriceState::default(),
            launch: None,
            offline: false,
            suppress_validators: vec![],
            queue_selected: 0,
            queue_picking: false,
            queue_rename: None,
            queue_message: None,
            wants_sizing: false,
            storage_selected: 0,
            storage_mount: None,
            storage_message: None,
            extras_field: 0,
            extras_error: None,
            changing: None,
            home,
            configs_dir,
        };
        if let Some(name) = &ui.draft.preset {
            ui.preset_selected = ui.presets.iter().position(|p| &p.name == name).unwrap_or(0);
        }
        ui.os_selected = Os::ALL
            .iter()
            .position(|os| *os == ui.draft.os)
            .unwrap_or(0);
        ui.finished = ui.draft.config_file.is_some();
        let mut commands = ui.enter(ui.step);
        commands.extend(ui.price_requests());
        (ui, commands)
    }

    pub fn region(&self) -> String {
        self.draft.region.clone().unwrap_or_default()
    }

    /// Whether doctor found an identity (the app says so at start and whenever it learns).
    /// Signed in with steps put off while exploring: those come now, if the wizard is at
    /// its start (a resumed draft, or the credentials step), or on one of them.
    pub fn identity_known(&mut self, signed_in: bool) -> Vec<Command> {
        let was_offline = std::mem::replace(&mut self.offline, !signed_in);
        if !signed_in {
            return vec![];
        }
        if explore::NEEDS_AWS.contains(&self.step) && was_offline {
            return self.enter(self.step);
        }
        vec![]
    }

    /// Signed in, leaving the credentials step or resuming a draft: the put-off steps
    /// first, if any. None when there are none.
    pub fn resume_put_off(&mut self) -> Option<Vec<Command>> {
        if self.offline || !self.draft.resume_with_aws() {
            return None;
        }
        let mut commands = vec![self.save()];
        commands.extend(self.enter(self.draft.current));
        Some(commands)
    }

    /// Arrive at a step, starting whatever it needs to fetch.
    fn enter(&mut self, step: StepId) -> Vec<Command> {
        self.step = step;
        if self.offline && explore::NEEDS_AWS.contains(&step) {
            // Nothing to fetch without an account: the step says what it needs.
            return vec![];
        }
        match step {
            StepId::SshKey => {
                self.key_error = None;
                self.keys = Remote::Loading;
                vec![Command::LoadKeys {
                    region: self.region(),
                }]
            }
            StepId::Network => {
                self.network = Remote::Loading;
                vec![Command::LoadNetwork {
                    region: self.region(),
                    instance_types: self.draft.instance_types.clone(),
                }]
            }
            StepId::Review => {
                let config = match self.offline {
                    true => build::explore(&self.draft),
                    false => build::build(&self.draft),
                };
                let commands = match (&config, &self.draft.region) {
                    (Ok(_), _) if self.offline => vec![],
                    (Ok(config), Some(region)) => vec![Command::LookAround {
                        region: region.clone(),
                        config: Box::new(config.clone()),
                    }],
                    _ => vec![],
                };
                self.review = Some(ReviewUi {
                    yaml: config
                        .as_ref()
                        .map(ClusterConfig::to_yaml)
                        .unwrap_or_default(),
                    findings: match (&config, commands.is_empty()) {
                        // Exploring: pcwiz's own checks, none that need the account.
                        (Ok(config), true) if self.offline => Remote::Ready {
                            value: findings::check(config, &Surroundings::default()),
                            at: Instant::now(),
                        },
                        (_, true) => Remote::Ready {
                            value: vec![],
                            at: Instant::now(),
                        },
                        (_, false) => Remote::Loading,
                    },
                    config,
                    lookup_problem: self.offline.then(|| EXPLORING_REVIEW.to_string()),
                    scroll: 0,
                    checks_scroll: 0,
                    checks_focused: false,
                    show_cost: false,
                    save_path: None,
                    saved: None,
                });
                commands
            }
            StepId::HeadNode => self.enter_catalog(),
            StepId::Launch => self.enter_launch(),
            StepId::Queues | StepId::Storage => {
                // Drafts saved before these steps existed hold no config yet.
                if self.draft.config.is_none()
                    && let Some(name) = &self.draft.preset
                {
                    self.draft.config = build::preset_config(name).ok();
                }
                vec![]
            }
            StepId::Credentials | StepId::Region | StepId::Preset | StepId::Os | StepId::Extras => {
                vec![]
            }
        }
    }

    /// The step is answered: save, and move on (to a put-off step first, when signed in).
    fn advance(&mut self) -> Vec<Command> {
        if self.changing.is_some() {
            return self.advance_changing();
        }
        let next = self.draft.after(self.step);
        if let Some(next) = next {
            self.draft.current = next;
        } else {
            self.finished = true;
        }
        let mut commands = vec![self.save()];
        if let Some(next) = next {
            commands.extend(self.enter(next));
        }
        commands
    }

    pub(super) fn save(&mut self) -> Command {
        self.draft.saved_at = Some(chrono::Utc::now());
        Command::SaveDraft(Box::new(self.draft.clone()))
    }

    /// Is the user typing into a field (so `q` is a letter, not "quit")? The key table
    /// asks, for `?` and `q`.
    pub fn typing(&self) -> bool {
        self.key_form.is_some()
            || self.review.as_ref().is_some_and(|r| r.save_path.is_some())
            // Every letter on these steps goes to the picker's filter or a field.
            || matches!(self.step, StepId::HeadNode | StepId::Extras)
            || (self.step == StepId::Queues && (self.queue_picking || self.queue_rename.is_some()))
            || (self.step == StepId::Storage && self.storage_mount.is_some())
            || (self.step == StepId::Launch && self.launch_typing())
    }

    /// A key, as the wizard's table placed it for what is open.
    pub fn on_key(&mut self, pressed: Pressed<Key>, signed_in: bool) -> Outcome {
        let mut outcome = self.handle_key(pressed, signed_in);
        // Whatever the key changed, the cost panel may now need a price it lacks.
        outcome.commands.extend(self.price_requests());
        outcome
    }

    fn handle_key(&mut self, pressed: Pressed<Key>, signed_in: bool) -> Outcome {
        if self.key_form.is_some() {
            return Outcome::run(self.on_form_key(pressed));
        }
        if self.create.is_some() {
            return Outcome::run(self.on_create_key(pressed.action));
        }
        if pressed.action == Some(Key::Back) {
            return self.back();
        }
        let action = pressed.action;
        Outcome::run(match self.step {
            StepId::Credentials => match action {
                Some(Key::Choose) if signed_in => {
                    self.offline = false;
                    self.resume_put_off().unwrap_or_else(|| self.advance())
                }
                // No account: explore (the steps that need one are put off).
                Some(Key::Choose) if self.offline => self.advance(),
                _ => vec![],
            },
            StepId::Region => self.on_region_key(action),
            StepId::SshKey | StepId::Network if self.offline => self.put_off(action),
            StepId::SshKey => self.on_key_step_key(action),
            StepId::Network => self.on_network_key(action),
            StepId::Preset => self.on_preset_key(action),
            StepId::Os => self.on_os_key(action),
            StepId::HeadNode => self.on_head_node_key(pressed),
            StepId::Queues => self.on_queues_key(pressed),
            StepId::Storage => self.on_storage_key(pressed),
            StepId::Extras => self.on_extras_key(pressed),
            StepId::Review => self.on_review_key(pressed),
            StepId::Launch => self.on_launch_key(pressed),
        })
    }

    /// Esc on a step: the head node's filter is cleared first; then back a step, or out of
    /// the wizard from the first.
    fn back(&mut self) -> Outcome {
        if self.changing.is_some() {
            return self.back_changing();
        }
        if self.step == StepId::HeadNode
            && let Some(Ok(picker)) = self.catalog.value_mut()
            && !picker.filter.is_empty()
        {
            picker.clear_filter();
            return Outcome::default();
        }
        if self.step == StepId::Launch && !self.launch_may_go_back() {
            // Once pcluster has the request, there is no step to go back to.
            return Outcome::default();
        }
        match self.step.previous() {
            Some(previous) => {
                self.finished = false;
                Outcome::run(self.enter(previous))
            }
            None => Outcome {
                commands: vec![],
                leave: true,
            },
        }
    }

    /// A step that needs AWS, while exploring: Enter puts it off and goes on.
    fn put_off(&mut self, action: Option<Key>) -> Vec<Command> {
        match action {
            Some(Key::Choose) => {
                self.draft.put_off(self.step);
                self.advance()
            }
            _ => vec![],
        }
    }

    fn on_region_key(&mut self, action: Option<Key>) -> Vec<Command> {
        match action {
            Some(Key::Down) => {
                self.region_selected = (self.region_selected + 1).min(SUPPORTED.len() - 1);
            }
            Some(Key::Up) => self.region_selected = self.region_selected.saturating_sub(1),
            Some(Key::Choose) => {
                self.draft.set_region(SUPPORTED[self.region_selected].code);
                return self.advance();
            }
            _ => {}
        }
        vec![]
    }

    pub fn draft_saved(&mut self, result: Result<(), String>) {
        self.saved = match result {
            Ok(()) => SaveState::Saved(Instant::now()),
            Err(message) => SaveState::Failed(message),
        };
    }
}

/// What the review says while exploring without an account.
pub const EXPLORING_REVIEW: &str = "Exploring without an AWS account: the key pair and subnets are placeholders, and the checks that need your account wait. Once you are signed in, the SSH key and network steps come next, then this review again.";

/// The extras step's fields, in order.
pub const EXTRAS_FIELDS: [&str; 11] = [
    "org tag",
    "billingId tag",
    "Idle minutes before a node stops",
    "Keep logs for (days)",
    "Delete logs with the cluster",
    "Extra IAM policy for compute nodes",
    "More tags (key=value, …)",
    "reV's data through HSDS",
    "Idle guard: head node stops after",
    "Monthly budget (USD)",
    "Budget alerts to (email)",
];

/// `~/configs/x.yaml` → `/home/jane/configs/x.yaml`.
fn expand_home(path: &str, home: Option<&std::path::Path>) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

/// The next row that can be chosen, skipping information-only rows.
fn next_selectable(rows: &[KeyRow], from: usize, step: isize) -> usize {
    let mut index = from as isize;
    loop {
        index += step;
        if index < 0 || index as usize >= rows.len() {
            return from;
        }
        if rows[index as usize].action.is_some() {
            return index as usize;
        }
    }
}
