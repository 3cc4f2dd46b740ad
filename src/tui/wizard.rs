//! The wizard's screen state and its pure update. `App` owns one of these while the user
//! is creating a cluster; everything here is synchronous and returns `Command`s.

use std::time::Instant;

use crossterm::event::KeyCode;

use super::action::{Command, KeyInventory};
use super::app::Remote;
use crate::aws::network_stack::Layout;
use crate::cluster::config::ClusterConfig;
use crate::cluster::findings::{self, ConfigFinding, Surroundings};
use crate::cluster::instance::{InstanceInfo, Picker};
use crate::cluster::network::{NetworkInventory, Verdict};
use crate::cluster::os::Os;
use crate::cluster::presets::Preset;
use crate::cluster::regions::{self, SUPPORTED};
use crate::cluster::ssh_key::refusal;
use crate::cluster::stack::StackProgress;
use crate::wizard::draft::LOG_RETENTION_DAYS;
use crate::wizard::draft::{KeyChoice, KeyOrigin, NetworkChoice};
use crate::wizard::key_step::{self, KeyAction, KeyRow};
use crate::wizard::network_step::{self, SubnetRow};
use crate::wizard::{Draft, StepId};
use crate::wizard::{build, edits};

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
    pub storage_selected: usize,
    /// Editing the selected file system's mount dir: what is typed so far.
    pub storage_mount: Option<String>,
    pub storage_message: Option<String>,
    /// The extras step's focused field (see `EXTRAS_FIELDS`), and why it will not go on.
    pub extras_field: usize,
    pub extras_error: Option<String>,
    /// The head-node picker, once the zone's types are known.
    pub catalog: Remote<Result<Picker, String>>,
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
            queue_selected: 0,
            queue_picking: false,
            queue_rename: None,
            queue_message: None,
            storage_selected: 0,
            storage_mount: None,
            storage_message: None,
            extras_field: 0,
            extras_error: None,
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
        let commands = ui.enter(ui.step);
        (ui, commands)
    }

    fn region(&self) -> String {
        self.draft.region.clone().unwrap_or_default()
    }

    /// Arrive at a step, starting whatever it needs to fetch.
    fn enter(&mut self, step: StepId) -> Vec<Command> {
        self.step = step;
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
                let config = build::build(&self.draft);
                let commands = match (&config, &self.draft.region) {
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
                    findings: if commands.is_empty() {
                        Remote::Ready {
                            value: vec![],
                            at: Instant::now(),
                        }
                    } else {
                        Remote::Loading
                    },
                    config,
                    lookup_problem: None,
                    scroll: 0,
                    checks_scroll: 0,
                    checks_focused: false,
                    save_path: None,
                    saved: None,
                });
                commands
            }
            StepId::HeadNode => self.enter_catalog(),
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

    /// The step is answered: save, and move on.
    fn advance(&mut self) -> Vec<Command> {
        let next = self.step.next();
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

    fn save(&mut self) -> Command {
        self.draft.saved_at = Some(chrono::Utc::now());
        Command::SaveDraft(Box::new(self.draft.clone()))
    }

    /// Is the user typing into a field (so `q` is a letter, not "quit")?
    pub fn typing(&self) -> bool {
        self.key_form.is_some()
            || self.review.as_ref().is_some_and(|r| r.save_path.is_some())
            // Every letter on these steps goes to the picker's filter or a field.
            || matches!(self.step, StepId::HeadNode | StepId::Extras)
            || (self.step == StepId::Queues && (self.queue_picking || self.queue_rename.is_some()))
            || (self.step == StepId::Storage && self.storage_mount.is_some())
    }

    pub fn on_key(&mut self, code: KeyCode, signed_in: bool) -> Outcome {
        if self.key_form.is_some() {
            return Outcome::run(self.on_form_key(code));
        }
        if self.create.is_some() {
            return Outcome::run(self.on_create_key(code));
        }
        if code == KeyCode::Esc
            && self.step == StepId::HeadNode
            && let Some(Ok(picker)) = self.catalog.value_mut()
            && !picker.filter.is_empty()
        {
            // Esc first clears the filter, then goes back.
            picker.clear_filter();
            return Outcome::default();
        }
        if code == KeyCode::Esc {
            return match self.step.previous() {
                Some(previous) => {
                    self.finished = false;
                    Outcome::run(self.enter(previous))
                }
                None => Outcome {
                    commands: vec![],
                    leave: true,
                },
            };
        }
        Outcome::run(match self.step {
            StepId::Credentials => match code {
                KeyCode::Enter if signed_in => self.advance(),
                _ => vec![],
            },
            StepId::Region => self.on_region_key(code),
            StepId::SshKey => self.on_key_step_key(code),
            StepId::Network => self.on_network_key(code),
            StepId::Preset => self.on_preset_key(code),
            StepId::Os => self.on_os_key(code),
            StepId::HeadNode => self.on_head_node_key(code),
            StepId::Queues => self.on_queues_key(code),
            StepId::Storage => self.on_storage_key(code),
            StepId::Extras => self.on_extras_key(code),
            StepId::Review => self.on_review_key(code),
        })
    }

    fn on_preset_key(&mut self, code: KeyCode) -> Vec<Command> {
        match code {
            KeyCode::Down | KeyCode::Char('j') => {
                self.preset_selected =
                    (self.preset_selected + 1).min(self.presets.len().saturating_sub(1));
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.preset_selected = self.preset_selected.saturating_sub(1)
            }
            KeyCode::Enter => {
                let Some(preset) = self.presets.get(self.preset_selected) else {
                    return vec![];
                };
                if self.draft.preset.as_deref() != Some(&preset.name) {
                    // A new preset brings its own OS and instance types.
                    self.draft.os =
                        Os::from_config_name(&preset.config.image.os).unwrap_or(self.draft.os);
                    self.draft.instance_types = preset.config.instance_types();
                    self.os_selected = Os::ALL
                        .iter()
                        .position(|os| *os == self.draft.os)
                        .unwrap_or(0);
                    self.draft.preset = Some(preset.name.clone());
                }
                return self.advance();
            }
            _ => {}
        }
        vec![]
    }

    fn on_os_key(&mut self, code: KeyCode) -> Vec<Command> {
        match code {
            KeyCode::Down | KeyCode::Char('j') => {
                self.os_selected = (self.os_selected + 1).min(Os::ALL.len() - 1)
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.os_selected = self.os_selected.saturating_sub(1)
            }
            KeyCode::Enter => {
                let os = Os::ALL[self.os_selected];
                // The key chosen two steps back must work with this OS.
                if let Some(reason) = self.draft.key.as_ref().and_then(|k| refusal(k.kind, os)) {
                    self.os_problem = Some(format!(
                        "{reason} Go back (Esc) to the SSH key step, or pick another OS."
                    ));
                    return vec![];
                }
                self.os_problem = None;
                self.draft.os = os;
                return self.advance();
            }
            _ => {}
        }
        self.os_problem = None;
        vec![]
    }

    fn on_head_node_key(&mut self, code: KeyCode) -> Vec<Command> {
        let Some(Ok(picker)) = self.catalog.value_mut() else {
            return match code {
                KeyCode::Char('r') => self.enter(StepId::HeadNode),
                _ => vec![],
            };
        };
        match code {
            KeyCode::Down => picker.move_by(1),
            KeyCode::Up => picker.move_by(-1),
            KeyCode::PageDown => picker.move_by(10),
            KeyCode::PageUp => picker.move_by(-10),
            KeyCode::Tab => picker.cycle_sort(),
            KeyCode::Backspace => picker.backspace(),
            KeyCode::Char(c) => picker.type_char(c),
            KeyCode::Enter => {
                let Some(chosen) = picker.current().map(|t| t.name.clone()) else {
                    return vec![];
                };
                self.draft.head_node_type = Some(chosen);
                self.sync_instance_types();
                return self.advance();
            }
            _ => {}
        }
        vec![]
    }

    fn on_queues_key(&mut self, code: KeyCode) -> Vec<Command> {
        if self.queue_picking {
            return self.on_queue_picker_key(code);
        }
        if self.queue_rename.is_some() {
            self.on_queue_rename_key(code);
            return vec![];
        }
        let Some(config) = self.draft.config.as_mut() else {
            return vec![];
        };
        let rows = edits::queue_rows(config);
        let Some(&(queue, resource)) = rows.get(self.queue_selected) else {
            return if code == KeyCode::Enter {
                self.advance()
            } else {
                vec![]
            };
        };
        self.queue_message = None;
        match code {
            KeyCode::Down | KeyCode::Char('j') => {
                self.queue_selected = (self.queue_selected + 1).min(rows.len() - 1)
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.queue_selected = self.queue_selected.saturating_sub(1)
            }
            KeyCode::Char('x') => edits::toggle_exclusive(config, queue),
            KeyCode::Char('p') => edits::toggle_spot(config, queue),
            KeyCode::Char('t') => edits::toggle_smt(config, queue, resource),
            KeyCode::Char('+') => edits::adjust_max(config, queue, resource, 1),
            KeyCode::Char('-') => edits::adjust_max(config, queue, resource, -1),
            KeyCode::Char('>') => edits::adjust_min(config, queue, resource, 1),
            KeyCode::Char('<') => edits::adjust_min(config, queue, resource, -1),
            KeyCode::Char('a') => {
                if let Some(added) = edits::add_queue(config, queue) {
                    let rows = edits::queue_rows(config);
                    self.queue_selected = rows.iter().position(|&(q, _)| q == added).unwrap_or(0);
                }
            }
            KeyCode::Char('D') => {
                if edits::remove_queue(config, queue) {
                    self.queue_selected = self
                        .queue_selected
                        .min(edits::queue_rows(config).len().saturating_sub(1));
                } else {
                    self.queue_message = Some("A cluster needs at least one queue.".into());
                }
            }
            KeyCode::Char('n') => {
                self.queue_rename = Some(config.scheduling.slurm_queues[queue].name.clone())
            }
            KeyCode::Char('g') => edits::toggle_placement_group(config, queue),
            KeyCode::Char('e') => {
                let kind = config.scheduling.slurm_queues[queue].compute_resources[resource]
                    .instance_type
                    .clone()
                    .unwrap_or_default();
                // EFA only where the type supports it (when the zone's types are known).
                let supported = match self.catalog.value() {
                    Some(Ok(picker)) => picker.find(&kind).map(|t| t.efa),
                    _ => None,
                };
                if supported == Some(false) {
                    self.queue_message = Some(format!(
                        "{kind} does not support EFA; pick an EFA type (i, then type efa)."
                    ));
                } else {
                    edits::toggle_efa(config, queue, resource);
                }
            }
            KeyCode::Char('i') => {
                let current = config.scheduling.slurm_queues[queue].compute_resources[resource]
                    .instance_type
                    .clone();
                self.queue_picking = true;
                if let Some(Ok(picker)) = self.catalog.value_mut() {
                    picker.clear_filter();
                    if let Some(current) = current {
                        picker.select_name(&current);
                    }
                } else if !self.catalog_requested
                    || matches!(self.catalog, Remote::Ready { value: Err(_), .. })
                {
                    // Never fetched (a resumed draft), or it failed: fetch the zone's types now.
                    return self.enter_catalog();
                }
            }
            KeyCode::Enter => {
                self.sync_instance_types();
                return self.advance();
            }
            _ => {}
        }
        vec![]
    }

    fn enter_catalog(&mut self) -> Vec<Command> {
        match (&self.draft.region, &self.draft.network) {
            (Some(region), Some(network)) => {
                self.catalog = Remote::Loading;
                self.catalog_requested = true;
                vec![Command::LoadCatalog {
                    region: region.clone(),
                    zone: network.availability_zone.clone(),
                }]
            }
            _ => vec![],
        }
    }

    fn on_queue_picker_key(&mut self, code: KeyCode) -> Vec<Command> {
        let Some(Ok(picker)) = self.catalog.value_mut() else {
            if code == KeyCode::Esc {
                self.queue_picking = false;
            }
            return vec![];
        };
        match code {
            KeyCode::Esc if !picker.filter.is_empty() => picker.clear_filter(),
            KeyCode::Esc => self.queue_picking = false,
            KeyCode::Down => picker.move_by(1),
            KeyCode::Up => picker.move_by(-1),
            KeyCode::PageDown => picker.move_by(10),
            KeyCode::PageUp => picker.move_by(-10),
            KeyCode::Tab => picker.cycle_sort(),
            KeyCode::Backspace => picker.backspace(),
            KeyCode::Char(c) => picker.type_char(c),
            KeyCode::Enter => {
                let chosen = picker.current().map(|t| t.name.clone());
                let rows = self
                    .draft
                    .config
                    .as_ref()
                    .map(edits::queue_rows)
                    .unwrap_or_default();
                if let (Some(chosen), Some(&(queue, resource)), Some(config)) = (
                    chosen,
                    rows.get(self.queue_selected),
                    self.draft.config.as_mut(),
                ) {
                    edits::set_instance_type(config, queue, resource, &chosen);
                }
                self.queue_picking = false;
                self.sync_instance_types();
            }
            _ => {}
        }
        vec![]
    }

    fn on_queue_rename_key(&mut self, code: KeyCode) {
        let Some(name) = self.queue_rename.as_mut() else {
            return;
        };
        match code {
            KeyCode::Esc => self.queue_rename = None,
            KeyCode::Backspace => {
                name.pop();
            }
            KeyCode::Char(c) => name.push(c),
            KeyCode::Enter => {
                let name = name.clone();
                let rows = self
                    .draft
                    .config
                    .as_ref()
                    .map(edits::queue_rows)
                    .unwrap_or_default();
                if let (Some(&(queue, _)), Some(config)) =
                    (rows.get(self.queue_selected), self.draft.config.as_mut())
                {
                    match edits::rename_queue(config, queue, &name) {
                        Ok(()) => self.queue_rename = None,
                        Err(why) => self.queue_message = Some(why),
                    }
                }
            }
            _ => {}
        }
    }

    fn on_storage_key(&mut self, code: KeyCode) -> Vec<Command> {
        let Some(config) = self.draft.config.as_mut() else {
            return vec![];
        };
        let count = config.shared_storage.len();
        let at = self.storage_selected;
        if let Some(dir) = self.storage_mount.as_mut() {
            match code {
                KeyCode::Esc => self.storage_mount = None,
                KeyCode::Backspace => {
                    dir.pop();
                }
                KeyCode::Char(c) => dir.push(c),
                KeyCode::Enter => match edits::set_mount_dir(config, at, &dir.clone()) {
                    Ok(()) => {
                        self.storage_mount = None;
                        self.storage_message = None;
                    }
                    Err(why) => self.storage_message = Some(why),
                },
                _ => {}
            }
            return vec![];
        }
        self.storage_message = None;
        match code {
            KeyCode::Char('a') => self.storage_selected = edits::add_efs(config),
            KeyCode::Char('b') => self.storage_selected = edits::add_ebs(config),
            KeyCode::Char('D') => {
                edits::remove_storage(config, at);
                self.storage_selected = at.min(config.shared_storage.len().saturating_sub(1));
            }
            KeyCode::Char('m') if at < count => {
                self.storage_mount = Some(config.shared_storage[at].mount_dir.clone())
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.storage_selected = (at + 1).min(count.saturating_sub(1))
            }
            KeyCode::Up | KeyCode::Char('k') => self.storage_selected = at.saturating_sub(1),
            KeyCode::Char('+') => edits::step_fsx_capacity(config, at, true),
            KeyCode::Char('-') => edits::step_fsx_capacity(config, at, false),
            KeyCode::Char('t') => edits::toggle_fsx_deployment(config, at),
            KeyCode::Char('d') => edits::toggle_deletion_policy(config, at),
            KeyCode::Enter => return self.advance(),
            _ => {}
        }
        vec![]
    }

    /// The zone must offer every planned type: keep the list in step with the config.
    fn sync_instance_types(&mut self) {
        if let Ok(config) = build::build(&self.draft) {
            self.draft.instance_types = config.instance_types();
        }
    }

    fn on_extras_key(&mut self, code: KeyCode) -> Vec<Command> {
        let extras = &mut self.draft.extras;
        self.extras_error = None;
        match (self.extras_field, code) {
            (_, KeyCode::Down | KeyCode::Tab) => {
                self.extras_field = (self.extras_field + 1) % EXTRAS_FIELDS.len()
            }
            (_, KeyCode::Up | KeyCode::BackTab) => {
                self.extras_field =
                    (self.extras_field + EXTRAS_FIELDS.len() - 1) % EXTRAS_FIELDS.len();
            }
            (_, KeyCode::Enter) => {
                if extras.scaledown_minutes == 0 {
                    self.extras_error = Some("The idle time must be at least 1 minute.".into());
                    return vec![];
                }
                let policy = extras.compute_policy.trim();
                if let Err(why) = extras.parsed_tags() {
                    self.extras_error =
                        Some(format!("More tags: {why} (e.g. project=wind, owner=jane)."));
                    return vec![];
                }
                let is_policy_arn = policy.starts_with("arn:aws") && policy.contains(":policy/");
                if !policy.is_empty() && !is_policy_arn {
                    self.extras_error = Some(format!(
                        "`{policy}` is not an IAM policy ARN (arn:aws:iam::ACCOUNT:policy/NAME, or arn:aws:iam::aws:policy/NAME for AWS's own)."
                    ));
                    return vec![];
                }
                return self.advance();
            }
            (0, KeyCode::Char(c)) => extras.org.push(c),
            (0, KeyCode::Backspace) => {
                extras.org.pop();
            }
            (1, KeyCode::Char(c)) => extras.billing_id.push(c),
            (1, KeyCode::Backspace) => {
                extras.billing_id.pop();
            }
            (2, KeyCode::Char(c @ '0'..='9')) => {
                let minutes = extras.scaledown_minutes * 10 + c.to_digit(10).unwrap_or(0);
                // A day is the most that makes sense; more is a typo.
                extras.scaledown_minutes = minutes.min(1440);
            }
            (2, KeyCode::Backspace) => extras.scaledown_minutes /= 10,
            (3, KeyCode::Left | KeyCode::Right) => {
                let days = &LOG_RETENTION_DAYS;
                let at = days
                    .iter()
                    .position(|d| *d == extras.log_retention_days)
                    .unwrap_or(10);
                let next = if code == KeyCode::Right {
                    (at + 1).min(days.len() - 1)
                } else {
                    at.saturating_sub(1)
                };
                extras.log_retention_days = days[next];
            }
            (4, KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right) => {
                extras.delete_logs_with_cluster = !extras.delete_logs_with_cluster;
            }
            (5, KeyCode::Char(c)) => extras.compute_policy.push(c),
            (5, KeyCode::Backspace) => {
                extras.compute_policy.pop();
            }
            (6, KeyCode::Char(c)) => extras.more_tags.push(c),
            (6, KeyCode::Backspace) => {
                extras.more_tags.pop();
            }
            _ => {}
        }
        vec![]
    }

    pub fn catalog_loaded(&mut self, zone: &str, result: Result<Vec<InstanceInfo>, String>) {
        if self
            .draft
            .network
            .as_ref()
            .is_none_or(|n| n.availability_zone != zone)
        {
            return;
        }
        let preselect = self
            .draft
            .head_node_type
            .clone()
            .or_else(|| {
                build::build(&self.draft)
                    .ok()
                    .map(|c| c.head_node.instance_type)
            })
            .unwrap_or_else(|| "t3.large".into());
        self.catalog = Remote::Ready {
            value: result.map(|types| Picker::new(types, &preselect)),
            at: Instant::now(),
        };
    }

    fn on_review_key(&mut self, code: KeyCode) -> Vec<Command> {
        let default_path = self.configs_dir.join(build::default_file_name(&self.draft));
        let Some(review) = self.review.as_mut() else {
            return vec![];
        };
        if let Some(path) = review.save_path.as_mut() {
            match code {
                KeyCode::Esc => review.save_path = None,
                KeyCode::Backspace => {
                    path.pop();
                }
                KeyCode::Char(c) => path.push(c),
                KeyCode::Enter if !path.trim().is_empty() => {
                    let path = expand_home(path.trim(), self.home.as_deref());
                    review.save_path = None;
                    let text = format!(
                        "# ParallelCluster config made by pcwiz from preset `{}`.\n{}",
                        self.draft.preset.as_deref().unwrap_or("?"),
                        review.yaml
                    );
                    return vec![Command::SaveConfig { path, text }];
                }
                _ => {}
            }
            return vec![];
        }
        let scroll = if review.checks_focused {
            &mut review.checks_scroll
        } else {
            &mut review.scroll
        };
        match code {
            KeyCode::Tab => review.checks_focused = !review.checks_focused,
            KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
            KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
            KeyCode::PageDown => *scroll = scroll.saturating_add(10),
            KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
            KeyCode::Char('r') => return self.enter(StepId::Review),
            KeyCode::Char('w') | KeyCode::Enter if review.config.is_ok() => {
                let shown = match (&self.draft.config_file, &self.home) {
                    (Some(path), _) => path.display().to_string(),
                    (None, home) => key_step::display_path(&default_path, home.as_deref()),
                };
                review.save_path = Some(shown);
            }
            _ => {}
        }
        vec![]
    }

    fn on_region_key(&mut self, code: KeyCode) -> Vec<Command> {
        match code {
            KeyCode::Down | KeyCode::Char('j') => {
                self.region_selected = (self.region_selected + 1).min(SUPPORTED.len() - 1);
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.region_selected = self.region_selected.saturating_sub(1)
            }
            KeyCode::Enter => {
                self.draft.set_region(SUPPORTED[self.region_selected].code);
                return self.advance();
            }
            _ => {}
        }
        vec![]
    }

    fn on_key_step_key(&mut self, code: KeyCode) -> Vec<Command> {
        if self.key_busy {
            return vec![];
        }
        match code {
            KeyCode::Down | KeyCode::Char('j') => {
                self.key_selected = next_selectable(&self.key_rows, self.key_selected, 1)
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.key_selected = next_selectable(&self.key_rows, self.key_selected, -1)
            }
            KeyCode::Char('r') => return self.enter(StepId::SshKey),
            KeyCode::Enter => {
                let Some(row) = self
                    .key_rows
                    .get(self.key_selected)
                    .filter(|r| r.selectable())
                else {
                    return vec![];
                };
                self.key_error = None;
                match row.action.clone() {
                    Some(KeyAction::UseExisting {
                        pair,
                        private_key,
                        kind,
                    }) => {
                        self.draft.key = Some(KeyChoice {
                            name: pair,
                            kind,
                            private_key: Some(private_key),
                            origin: KeyOrigin::Existing,
                        });
                        return self.advance();
                    }
                    Some(action @ KeyAction::Import { .. })
                    | Some(action @ KeyAction::Generate { .. }) => {
                        let name = match &action {
                            KeyAction::Import { suggested_name, .. }
                            | KeyAction::Generate { suggested_name } => suggested_name.clone(),
                            KeyAction::UseExisting { .. } => unreachable!(),
                        };
                        self.key_form = Some(KeyForm {
                            action,
                            field: FormField::Name,
                            name,
                            passphrase: String::new(),
                        });
                    }
                    None => {}
                }
            }
            _ => {}
        }
        vec![]
    }

    fn on_form_key(&mut self, code: KeyCode) -> Vec<Command> {
        let region = self.region();
        let Some(form) = self.key_form.as_mut() else {
            return vec![];
        };
        let field = match form.field {
            FormField::Name => &mut form.name,
            FormField::Passphrase => &mut form.passphrase,
        };
        match code {
            // Esc closes the form; what was typed is kept for the next time it opens.
            KeyCode::Esc => self.key_form = None,
            KeyCode::Backspace => {
                field.pop();
            }
            KeyCode::Char(c) => field.push(c),
            KeyCode::Tab if matches!(form.action, KeyAction::Generate { .. }) => {
                form.field = match form.field {
                    FormField::Name => FormField::Passphrase,
                    FormField::Passphrase => FormField::Name,
                };
            }
            KeyCode::Enter => {
                let name = form.name.trim().to_string();
                if name.is_empty() {
                    self.key_error = Some("The key pair needs a name.".into());
                    return vec![];
                }
                if matches!(form.action, KeyAction::Generate { .. })
                    && form.field == FormField::Name
                {
                    form.field = FormField::Passphrase;
                    return vec![];
                }
                let command = match &form.action {
                    KeyAction::Import { public_key, .. } => Command::ImportKey {
                        region,
                        public_key: public_key.clone(),
                        name,
                    },
                    KeyAction::Generate { .. } => Command::GenerateKey {
                        region,
                        name,
                        passphrase: form.passphrase.clone(),
                    },
                    KeyAction::UseExisting { .. } => return vec![],
                };
                self.key_busy = true;
                self.key_error = None;
                return vec![command];
            }
            _ => {}
        }
        vec![]
    }

    fn on_network_key(&mut self, code: KeyCode) -> Vec<Command> {
        match code {
            KeyCode::Down | KeyCode::Char('j') => {
                self.subnet_selected =
                    (self.subnet_selected + 1).min(self.subnet_rows.len().saturating_sub(1));
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.subnet_selected = self.subnet_selected.saturating_sub(1)
            }
            KeyCode::Char('r') => return self.enter(StepId::Network),
            KeyCode::Char('c') => {
                if let Some(Ok(inventory)) = self.network.value() {
                    let zones =
                        network_step::zones_for_new_network(inventory, &self.draft.instance_types);
                    self.create = Some(CreateNetworkUi {
                        zones,
                        zones_in_region: inventory.zones.len(),
                        zone: 0,
                        private_compute: false,
                        phase: CreatePhase::Confirm,
                    });
                }
            }
            KeyCode::Enter => {
                let Some(row) = self.subnet_rows.get(self.subnet_selected) else {
                    return vec![];
                };
                if let Verdict::Unusable(_) = row.verdict {
                    return vec![];
                }
                self.draft.network = Some(NetworkChoice {
                    vpc_id: row.subnet.vpc_id.clone(),
                    head_subnet: row.subnet.id.clone(),
                    compute_subnet: row.subnet.id.clone(),
                    availability_zone: row.subnet.availability_zone.clone(),
                    created_stack: None,
                });
                return self.advance();
            }
            _ => {}
        }
        vec![]
    }

    fn on_create_key(&mut self, code: KeyCode) -> Vec<Command> {
        let region = self.region();
        let Some(create) = self.create.as_mut() else {
            return vec![];
        };
        match (&create.phase, code) {
            (CreatePhase::Running(_), _) => {}
            (_, KeyCode::Esc) => self.create = None,
            (CreatePhase::Confirm, KeyCode::Left | KeyCode::Char('h')) => {
                create.zone = create.zone.saturating_sub(1)
            }
            (CreatePhase::Confirm, KeyCode::Right | KeyCode::Char('l')) => {
                create.zone = (create.zone + 1).min(create.zones.len().saturating_sub(1));
            }
            (CreatePhase::Confirm, KeyCode::Char('p')) => {
                create.private_compute = !create.private_compute
            }
            (CreatePhase::Confirm | CreatePhase::Failed(_), KeyCode::Enter) => {
                let Some(zone) = create.zones.get(create.zone).cloned() else {
                    return vec![];
                };
                create.phase = CreatePhase::Running(None);
                return vec![Command::CreateNetwork {
                    region,
                    availability_zone: zone,
                    layout: if create.private_compute {
                        Layout::PublicPrivate
                    } else {
                        Layout::Public
                    },
                }];
            }
            _ => {}
        }
        vec![]
    }

    // --- results from the background -------------------------------------------------------

    pub fn keys_loaded(&mut self, region: &str, result: Result<KeyInventory, String>) {
        if region != self.region() {
            return; // an answer for a region the user has since left
        }
        if let Ok(inventory) = &result {
            self.key_rows = key_step::rows(
                &inventory.local,
                &inventory.remote,
                self.draft.os,
                self.home.as_deref(),
                region,
            );
            // Keep the user's choice across reloads; else the sensible default.
            let chosen = self.draft.key.as_ref().and_then(|k| {
                self.key_rows.iter().position(|r| {
                    matches!(&r.action, Some(KeyAction::UseExisting { pair, .. }) if *pair == k.name)
                })
            });
            self.key_selected = chosen.unwrap_or_else(|| key_step::default_row(&self.key_rows));
        }
        self.keys = Remote::Ready {
            value: result,
            at: Instant::now(),
        };
    }

    pub fn key_ready(&mut self, result: Result<KeyChoice, String>) -> Vec<Command> {
        self.key_busy = false;
        match result {
            Ok(choice) => {
                self.key_form = None;
                self.draft.key = Some(choice);
                if self.step == StepId::SshKey {
                    return self.advance();
                }
                vec![]
            }
            Err(message) => {
                // The form stays open with what was typed, the cursor back on the name (the
                // usual culprit): fix it and press Enter.
                if let Some(form) = self.key_form.as_mut() {
                    form.field = FormField::Name;
                }
                self.key_error = Some(message);
                vec![]
            }
        }
    }

    pub fn network_loaded(&mut self, region: &str, result: Result<Box<NetworkInventory>, String>) {
        if region != self.region() {
            return;
        }
        if let Ok(inventory) = &result {
            self.subnet_rows = network_step::rows(inventory, &self.draft.instance_types);
            let chosen = self.draft.network.as_ref().and_then(|n| {
                self.subnet_rows
                    .iter()
                    .position(|r| r.subnet.id == n.head_subnet)
            });
            self.subnet_selected = chosen
                .or_else(|| network_step::default_row(&self.subnet_rows))
                .unwrap_or(0);
        }
        self.network = Remote::Ready {
            value: result,
            at: Instant::now(),
        };
    }

    pub fn network_progress(&mut self, result: Result<Box<StackProgress>, String>) -> Vec<Command> {
        let Some(create) = self.create.as_mut() else {
            return vec![];
        };
        match result {
            Err(message) => create.phase = CreatePhase::Failed(message),
            Ok(progress) if progress.finished() && !progress.succeeded() => {
                create.phase =
                    CreatePhase::Failed(progress.failure().unwrap_or(progress.status.clone()));
            }
            Ok(progress) if progress.succeeded() => {
                let zone = create.zones.get(create.zone).cloned().unwrap_or_default();
                let public = progress
                    .outputs
                    .get("PublicSubnetId")
                    .cloned()
                    .unwrap_or_default();
                self.draft.network = Some(NetworkChoice {
                    vpc_id: progress.outputs.get("VpcId").cloned().unwrap_or_default(),
                    compute_subnet: progress
                        .outputs
                        .get("PrivateSubnetId")
                        .cloned()
                        .unwrap_or(public.clone()),
                    head_subnet: public,
                    availability_zone: zone,
                    created_stack: Some(progress.name.clone()),
                });
                self.create = None;
                let mut commands = self.advance();
                // Show the new subnet in the list too.
                commands.push(Command::LoadNetwork {
                    region: self.region(),
                    instance_types: self.draft.instance_types.clone(),
                });
                return commands;
            }
            Ok(progress) => create.phase = CreatePhase::Running(Some(progress)),
        }
        vec![]
    }

    pub fn looked_around(&mut self, result: Result<Box<Surroundings>, String>) {
        let Some(review) = self.review.as_mut() else {
            return;
        };
        let Ok(config) = &review.config else {
            return;
        };
        let surroundings = match result {
            Ok(surroundings) => *surroundings,
            Err(problem) => {
                review.lookup_problem = Some(problem);
                Surroundings::default()
            }
        };
        review.findings = Remote::Ready {
            value: findings::check(config, &surroundings),
            at: Instant::now(),
        };
    }

    pub fn config_saved(&mut self, result: Result<std::path::PathBuf, String>) -> Vec<Command> {
        let ok = result.as_ref().ok().cloned();
        if let Some(review) = self.review.as_mut() {
            review.saved = Some(result);
        }
        match ok {
            Some(path) => {
                self.draft.config_file = Some(path);
                self.advance()
            }
            None => vec![],
        }
    }

    pub fn draft_saved(&mut self, result: Result<(), String>) {
        self.saved = match result {
            Ok(()) => SaveState::Saved(Instant::now()),
            Err(message) => SaveState::Failed(message),
        };
    }
}

/// The extras step's fields, in order.
pub const EXTRAS_FIELDS: [&str; 7] = [
    "org tag",
    "billingId tag",
    "Idle minutes before a node stops",
    "Keep logs for (days)",
    "Delete logs with the cluster",
    "Extra IAM policy for compute nodes",
    "More tags (key=value, …)",
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
