//! The update screen's state and its pure update. The config is read, edited in the
//! wizard's steps (an embedded `WizardUi` in its changing mode), checked by pcluster, then
//! applied; every background answer names the cluster, and one for another is dropped.

use super::keys::Key;
use crate::cluster::launch::LaunchStatus;
use crate::tui::action::{Command, ConfigRead};
use crate::tui::keys::Pressed;
use crate::tui::screens::wizard::WizardUi;
use crate::update::apply::{Applied, Step};
use crate::update::current::Current;
use crate::update::preview::Preview;

/// An update under way or ended: what happened, the stack's last look, and the end.
#[derive(Debug, Clone)]
pub struct Following {
    pub preview: Preview,
    /// Each step in a line, oldest first (fleet stop, pcluster, fleet start).
    pub lines: Vec<String>,
    pub status: Option<LaunchStatus>,
    /// pcwiz stopped the fleet and has not started it again.
    pub fleet_stopped: bool,
    /// None until the update ends.
    pub applied: Option<Result<Applied, String>>,
}

#[derive(Debug, Clone)]
pub enum Stage {
    /// Reading the cluster's config.
    Reading,
    /// The wizard's steps over it (`UpdateUi::editor`).
    Editing,
    /// pcluster's dry run of the edited config.
    Checking,
    /// The change set in words: `y` applies when it can be applied.
    Preview(Box<Preview>),
    Applying(Box<Following>),
    Done(Box<Following>),
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct UpdateUi {
    pub name: String,
    pub region: String,
    /// "account 1234…, profile lab, us-west-2": who the update acts as.
    pub acting_as: String,
    pub suppress_validators: Vec<String>,
    pub stage: Stage,
    pub current: Option<Box<Current>>,
    /// The wizard's steps over the cluster's config.
    pub editor: Option<WizardUi>,
    /// The preview's scroll.
    pub scroll: u16,
    home: Option<std::path::PathBuf>,
}

/// What the app must do after a key or an answer.
#[derive(Debug, Default)]
pub struct UpdateOutcome {
    pub commands: Vec<Command>,
    /// Back to the dashboard (which looks again, the cluster may have changed).
    pub leave: bool,
}

impl UpdateOutcome {
    fn run(commands: Vec<Command>) -> Self {
        Self {
            commands,
            leave: false,
        }
    }

    fn leave() -> Self {
        Self {
            commands: vec![],
            leave: true,
        }
    }
}

impl UpdateUi {
    pub fn open(
        name: &str,
        region: &str,
        acting_as: String,
        suppress_validators: Vec<String>,
        home: Option<std::path::PathBuf>,
    ) -> (Self, Vec<Command>) {
        let ui = Self {
            name: name.to_string(),
            region: region.to_string(),
            acting_as,
            suppress_validators,
            stage: Stage::Reading,
            current: None,
            editor: None,
            scroll: 0,
            home,
        };
        let read = ui.read();
        (ui, vec![read])
    }

    fn read(&self) -> Command {
        Command::ReadClusterConfig {
            name: self.name.clone(),
            region: self.region.clone(),
        }
    }

    /// The wizard's steps are open (their keys go to the editor).
    pub fn editing(&self) -> Option<&WizardUi> {
        match self.stage {
            Stage::Editing => self.editor.as_ref(),
            _ => None,
        }
    }

    pub fn config_read(&mut self, result: Result<Box<ConfigRead>, String>) -> Vec<Command> {
        if !matches!(self.stage, Stage::Reading) {
            return vec![];
        }
        let read = match result {
            Ok(read) => read,
            Err(why) => {
                self.stage = Stage::Failed(why);
                return vec![];
            }
        };
        let config = match crate::cluster::config::ClusterConfig::from_yaml(&read.current.text) {
            Ok(config) => config,
            Err(e) => {
                self.stage = Stage::Failed(format!("{}'s config is {e}", self.name));
                return vec![];
            }
        };
        let (editor, commands) = WizardUi::changing(
            &self.name,
            &self.region,
            config,
            read.zone.clone(),
            self.home.clone(),
        );
        self.current = Some(Box::new(read.current));
        self.editor = Some(editor);
        self.stage = Stage::Editing;
        commands
    }

    /// A key for the wizard's steps. Enter on the last hands the edited config to
    /// pcluster's dry run; Esc on the first leaves.
    pub fn on_editor_key(
        &mut self,
        pressed: Pressed<crate::tui::screens::wizard::Key>,
    ) -> UpdateOutcome {
        let Some(editor) = self.editor.as_mut() else {
            return UpdateOutcome::leave();
        };
        let outcome = editor.on_key(pressed, true);
        if outcome.leave {
            return UpdateOutcome::leave();
        }
        let mut commands = outcome.commands;
        if editor.finished {
            commands.extend(self.check());
        }
        UpdateOutcome::run(commands)
    }

    /// The edited config to pcluster's dry run.
    fn check(&mut self) -> Vec<Command> {
        let (Some(editor), Some(current)) = (&self.editor, &self.current) else {
            return vec![];
        };
        let Some(config) = editor.changed_config() else {
            return vec![];
        };
        self.stage = Stage::Checking;
        vec![Command::PreviewUpdate {
            name: self.name.clone(),
            region: self.region.clone(),
            current: current.clone(),
            new_text: config.to_yaml(),
            suppress_validators: self.suppress_validators.clone(),
        }]
    }

    pub fn previewed(&mut self, result: Result<Box<Preview>, String>) {
        if !matches!(self.stage, Stage::Checking) {
            return;
        }
        self.scroll = 0;
        self.stage = match result {
            Ok(preview) => Stage::Preview(preview),
            Err(why) => Stage::Failed(why),
        };
    }

    pub fn on_key(&mut self, pressed: Pressed<Key>) -> UpdateOutcome {
        match (pressed.action, &self.stage) {
            (Some(Key::Apply), Stage::Preview(preview)) if preview.plan.applicable() => {
                let preview = preview.clone();
                let Some(current) = self.current.clone() else {
                    return UpdateOutcome::default();
                };
                self.stage = Stage::Applying(Box::new(Following {
                    preview: (*preview).clone(),
                    lines: vec![],
                    status: None,
                    fleet_stopped: false,
                    applied: None,
                }));
                UpdateOutcome::run(vec![Command::ApplyUpdate {
                    name: self.name.clone(),
                    region: self.region.clone(),
                    current,
                    preview,
                }])
            }
            (Some(Key::Edit), Stage::Preview(_)) => {
                if let Some(editor) = self.editor.as_mut() {
                    editor.finished = false;
                }
                self.stage = Stage::Editing;
                UpdateOutcome::default()
            }
            (Some(Key::Down), _) => {
                self.scroll = self.scroll.saturating_add(1);
                UpdateOutcome::default()
            }
            (Some(Key::Up), _) => {
                self.scroll = self.scroll.saturating_sub(1);
                UpdateOutcome::default()
            }
            (Some(Key::Retry), Stage::Failed(_)) => {
                self.stage = Stage::Reading;
                UpdateOutcome::run(vec![self.read()])
            }
            (Some(Key::Back), _) => UpdateOutcome::leave(),
            _ => UpdateOutcome::default(),
        }
    }

    pub fn step(&mut self, step: Step) {
        let following = match &mut self.stage {
            Stage::Applying(following) => following,
            _ => return,
        };
        match &step {
            Step::FleetStopped(_) => following.fleet_stopped = true,
            Step::FleetStarted(Ok(_)) => following.fleet_stopped = false,
            Step::Look(Ok(status)) => following.status = Some((**status).clone()),
            _ => {}
        }
        // A wait's looks replace each other: one line that counts up.
        if matches!(step, Step::Waiting(_))
            && following.lines.last().is_some_and(|l| l.starts_with("… "))
        {
            following.lines.pop();
        }
        following.lines.extend(step.line());
    }

    pub fn applied(&mut self, result: Result<Box<Applied>, String>) {
        let Stage::Applying(following) = &mut self.stage else {
            return;
        };
        let mut following = following.clone();
        following.applied = Some(result.map(|a| *a));
        self.stage = Stage::Done(following);
    }
}
