//! The app's state and its pure update function.

use std::time::Instant;

use crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use super::action::{Action, Command};
use super::keys::{Act, EVERYWHERE, Pressed, Routed};
use super::layout;
use super::remote::Remote;
use super::screens::cleanup::{self, Back, CleanupUi, ParkFrom};
use super::screens::clusters::{self, ClustersUi, Open, Purpose};
use super::screens::dashboard::{self, CleanUp, DashboardUi};
use super::screens::help;
use super::screens::main_menu::doors::{self, Door};
use super::screens::main_menu::{self, MainMenu};
use super::screens::setup::{self, Setup, SetupOutcome};
use super::screens::sizing::{self, Origin, SizingUi};
use super::screens::wizard::{self, WizardUi};
use super::theme::Theme;
use super::widgets::ViewContext;
use crate::doctor::{Finding, IdentityCheck};
use crate::wizard::Draft;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    MainMenu,
    Setup,
    Wizard,
    Clusters,
    Dashboard,
    CleanUp,
    Sizing,
}

#[derive(Debug, Clone)]
pub struct App {
    pub screen: Screen,
    pub menu: MainMenu,
    pub identity: Remote<IdentityCheck>,
    pub tools: Remote<Vec<Finding>>,
    /// "Check my setup": the selected finding.
    pub setup: Setup,
    pub help_open: bool,
    /// The wizard, while the user is in it.
    pub wizard: Option<WizardUi>,
    /// The cluster list, once opened.
    pub clusters: Option<ClustersUi>,
    /// A cluster's dashboard, once opened from the list.
    pub dashboard: Option<DashboardUi>,
    /// The clean-up screen, once opened from the list or a dashboard.
    pub cleanup: Option<CleanupUi>,
    /// The sizing assistant, once opened from the menu or the wizard's queue step.
    pub sizing: Option<SizingUi>,
    /// The draft on disk, for the "Resume draft" door.
    pub saved_draft: Option<Draft>,
    /// The user's home, to show `~/.ssh/…` rather than full paths.
    pub home: Option<std::path::PathBuf>,
    /// The region from --region, the environment or the profile: known locally at start,
    /// so the wizard preselects it even before STS answers.
    pub configured_region: Option<String>,
    /// The presets on offer (built-in and the user's own) and user files that failed.
    pub presets: (Vec<crate::cluster::presets::Preset>, Vec<String>),
    /// Where the review step saves configs by default (`<data>/configs`).
    pub configs_dir: Option<std::path::PathBuf>,
    /// Handed to pcluster unchanged at launch; empty by default.
    pub suppress_validators: Vec<String>,
    /// The profile this run acts with (--profile or AWS_PROFILE; None: default credentials),
    /// shown on every screen that acts.
    pub profile: Option<String>,
    pub theme: Theme,
    pub size: Rect,
    pub now: Instant,
    /// The wall clock at the last tick, for ages and money counted from AWS timestamps
    /// (render reads it rather than the system clock, so a test can fix it).
    pub wall: chrono::DateTime<chrono::Utc>,
    /// Counts ticks, for spinners.
    pub frame: usize,
    pub quit: bool,
}

impl App {
    pub fn new(theme: Theme, width: u16, height: u16) -> Self {
        Self {
            screen: Screen::MainMenu,
            menu: MainMenu::default(),
            identity: Remote::Loading,
            tools: Remote::Loading,
            setup: Setup::default(),
            help_open: false,
            wizard: None,
            clusters: None,
            dashboard: None,
            cleanup: None,
            sizing: None,
            saved_draft: None,
            home: None,
            configured_region: None,
            configs_dir: None,
            suppress_validators: vec![],
            profile: None,
            presets: (crate::cluster::presets::builtin(), vec![]),
            theme,
            size: Rect::new(0, 0, width, height),
            now: Instant::now(),
            wall: chrono::Utc::now(),
            frame: 0,
            quit: false,
        }
    }

    /// What was found on disk at start-up: the saved draft, or why it could not be read.
    pub fn with_saved_draft(mut self, draft: Result<Option<Draft>, String>) -> Self {
        match draft {
            Ok(draft) => self.saved_draft = draft,
            Err(problem) => self.menu.draft_problem = Some(problem),
        }
        self
    }

    pub fn with_home(mut self, home: Option<std::path::PathBuf>) -> Self {
        self.home = home;
        self
    }

    pub fn with_presets(
        mut self,
        presets: (Vec<crate::cluster::presets::Preset>, Vec<String>),
    ) -> Self {
        self.presets = presets;
        self
    }

    /// Validators to hand to pcluster unchanged when launching (PCWIZ_SUPPRESS_VALIDATORS).
    pub fn with_suppress_validators(mut self, validators: Vec<String>) -> Self {
        self.suppress_validators = validators;
        self
    }

    pub fn with_profile(mut self, profile: Option<String>) -> Self {
        self.profile = profile;
        self
    }

    /// "account 1234…, profile lab, us-west-2": who actions in `region` act as.
    pub fn acting_as(&self, region: &str) -> String {
        let account = self
            .identity
            .value()
            .and_then(|c| c.identity.as_ref())
            .map(|i| i.account.as_str());
        crate::cluster::aws_scope::AwsScope {
            profile: self.profile.clone(),
            region: region.to_string(),
        }
        .describe(account)
    }

    pub fn with_configs_dir(mut self, dir: std::path::PathBuf) -> Self {
        self.configs_dir = Some(dir);
        self
    }

    pub fn with_configured_region(mut self, region: Option<String>) -> Self {
        self.configured_region = region;
        self
    }

    /// What every view is given: the theme and the time, never the whole app.
    pub fn view_context(&self) -> ViewContext {
        ViewContext {
            theme: self.theme,
            now: self.now,
            wall: self.wall,
            frame: self.frame,
        }
    }

    pub fn doors(&self) -> Vec<Door> {
        doors::doors(self.saved_draft.as_ref())
    }

    /// Started once, before the first frame: the header's "who am I" and the tool probes.
    pub fn startup_commands() -> Vec<Command> {
        vec![Command::CheckIdentity, Command::CheckTools]
    }

    /// All findings known so far, credentials first, in display order.
    pub fn findings(&self) -> Vec<&Finding> {
        setup::findings(&self.identity, &self.tools)
    }

    pub fn update(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::Tick => {
                self.now = Instant::now();
                self.wall = chrono::Utc::now();
                self.frame = self.frame.wrapping_add(1);
                if let Some(sizing) = &mut self.sizing {
                    sizing.tick();
                }
                // An open dashboard refreshes by itself.
                match (&self.screen, &mut self.dashboard) {
                    (Screen::Dashboard, Some(dashboard)) => dashboard.tick(self.now),
                    _ => vec![],
                }
            }
            Action::Resize(w, h) => {
                self.size = Rect::new(0, 0, w, h);
                vec![]
            }
            Action::IdentityChecked(check) => {
                self.identity = Remote::Ready {
                    value: *check,
                    at: Instant::now(),
                };
                if let Some(region) = self.dashboard.as_ref().map(|d| d.region.clone()) {
                    let acting_as = self.acting_as(&region);
                    if let Some(dashboard) = &mut self.dashboard {
                        dashboard.acting_as = acting_as;
                    }
                }
                self.clamp_setup_selection();
                vec![]
            }
            Action::ToolsChecked(findings) => {
                self.tools = Remote::Ready {
                    value: findings,
                    at: Instant::now(),
                };
                self.clamp_setup_selection();
                vec![]
            }
            Action::Quit => {
                self.quit = true;
                vec![]
            }
            Action::KeysLoaded { region, result } => {
                if let Some(wizard) = &mut self.wizard {
                    wizard.keys_loaded(&region, result);
                }
                vec![]
            }
            Action::KeyReady(result) => self
                .wizard
                .as_mut()
                .map(|w| w.key_ready(result))
                .unwrap_or_default(),
            Action::NetworkLoaded { region, result } => {
                if let Some(wizard) = &mut self.wizard {
                    wizard.network_loaded(&region, result);
                }
                vec![]
            }
            Action::NetworkProgress(result) => self
                .wizard
                .as_mut()
                .map(|w| w.network_progress(result))
                .unwrap_or_default(),
            Action::ConfigLookedAround(result) => {
                if let Some(wizard) = &mut self.wizard {
                    wizard.looked_around(result);
                }
                vec![]
            }
            Action::CatalogLoaded { zone, result } => self
                .wizard
                .as_mut()
                .map(|w| w.catalog_loaded(&zone, result))
                .unwrap_or_default(),
            Action::ClusterRefreshed { name, refreshed } => {
                if let Some(dashboard) = &mut self.dashboard
                    && dashboard.name == name
                {
                    dashboard.refreshed(*refreshed, Instant::now());
                }
                vec![]
            }
            Action::FleetDescribed { name, status } => {
                if let Some(dashboard) = self.dashboard.as_mut().filter(|d| d.name == name) {
                    dashboard.fleet_described(status);
                }
                vec![]
            }
            Action::DashboardActionDone { name, result } => {
                match self.dashboard.as_mut().filter(|d| d.name == name) {
                    Some(dashboard) => dashboard.action_done(result),
                    None => vec![],
                }
            }
            Action::HostKeyRepinned { name, result } => {
                match self.dashboard.as_mut().filter(|d| d.name == name) {
                    Some(dashboard) => dashboard.repinned(result),
                    None => vec![],
                }
            }
            Action::HsdsSetupProgress { name, line } => {
                if let Some(dashboard) = self.dashboard.as_mut().filter(|d| d.name == name) {
                    dashboard.hsds_setup_progress(line);
                }
                vec![]
            }
            Action::HsdsSetupDone { name, result } => {
                if let Some(dashboard) = self.dashboard.as_mut().filter(|d| d.name == name) {
                    dashboard.hsds_setup_done(*result, chrono::Utc::now());
                }
                vec![]
            }
            Action::SizingSample(sample) => {
                if let Some(sizing) = &mut self.sizing {
                    sizing.sample(sample);
                }
                vec![]
            }
            Action::SizingMeasured(result) => {
                if let Some(sizing) = &mut self.sizing {
                    sizing.measured(result);
                }
                vec![]
            }
            Action::Sized(result) => {
                if let Some(sizing) = &mut self.sizing {
                    sizing.sized(result, self.wall);
                }
                vec![]
            }
            Action::ClustersLoaded { region, listing } => {
                if let Some(ui) = &mut self.clusters {
                    ui.loaded(&region, listing);
                }
                vec![]
            }
            Action::LaunchChecked { name, preflight } => {
                if let Some(wizard) = &mut self.wizard {
                    wizard.launch_checked(&name, *preflight);
                }
                vec![]
            }
            Action::Launch(event) => self
                .wizard
                .as_mut()
                .map(|w| w.launch_event(event))
                .unwrap_or_default(),
            Action::CleanupPlanned { name, plan } => {
                if let Some(ui) = self.cleanup_for(&name) {
                    ui.planned(plan.map(|p| *p));
                }
                vec![]
            }
            Action::CleanupProgress { name, progress } => {
                if let Some(ui) = self.cleanup_for(&name) {
                    ui.progressed(progress);
                }
                vec![]
            }
            Action::CleanupFinished { name, results } => {
                if let Some(ui) = self.cleanup_for(&name) {
                    ui.finished(results);
                }
                vec![]
            }
            Action::Swept { region, result } => {
                if let Some(ui) = self
                    .cleanup
                    .as_mut()
                    .filter(|ui| ui.sweep.is_some() && ui.region == region)
                {
                    ui.swept(result.map(|s| *s));
                }
                vec![]
            }
            Action::ParkProgress { name, line } => {
                if let Some(ui) = self.cleanup_for(&name) {
                    ui.park_progress = Some(line);
                }
                vec![]
            }
            Action::Parked { name, result } => {
                if let Some(ui) = self.cleanup_for(&name) {
                    ui.parked(result);
                }
                vec![]
            }
            Action::PricesLoaded {
                region,
                book,
                problem,
                finished,
            } => {
                if let Some(wizard) = &mut self.wizard {
                    wizard.prices_loaded(&region, *book, problem, finished);
                }
                vec![]
            }
            Action::ConfigSaved(result) => self
                .wizard
                .as_mut()
                .map(|w| w.config_saved(result))
                .unwrap_or_default(),
            Action::DraftSaved(result) => {
                if let Some(wizard) = &mut self.wizard {
                    if result.is_ok() {
                        self.saved_draft = Some(wizard.draft.clone());
                    }
                    wizard.draft_saved(result);
                }
                vec![]
            }
            Action::Key(key) => self.on_key(key),
            Action::Mouse(mouse) => self.on_mouse(mouse),
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        if EVERYWHERE.act(&(), key) == Some(Act::Quit) {
            self.quit = true;
            return vec![];
        }
        if self.help_open {
            if help::KEYS.act(&(), key).is_some() {
                self.help_open = false;
            }
            return vec![];
        }
        // Each screen's table says what the key is there; the screen's handler gets it.
        match self.screen {
            Screen::MainMenu => {
                let routed = main_menu::KEYS.route(&self.menu, key);
                self.routed(Some(routed), Self::on_menu_key)
            }
            Screen::Setup => {
                let routed = setup::KEYS.route(&self.setup, key);
                self.routed(Some(routed), Self::on_setup_key)
            }
            Screen::Clusters => {
                let routed = self
                    .clusters
                    .as_ref()
                    .map(|ui| clusters::KEYS.route(ui, key));
                self.routed(routed, Self::on_clusters_key)
            }
            Screen::CleanUp => {
                let routed = self.cleanup.as_ref().map(|ui| cleanup::KEYS.route(ui, key));
                self.routed(routed, Self::on_cleanup_key)
            }
            Screen::Sizing => {
                let routed = self
                    .sizing
                    .as_ref()
                    .map(|ui| sizing::KEYS.route(&ui.view, key));
                self.routed(routed, Self::on_sizing_key)
            }
            Screen::Dashboard => {
                let routed = self
                    .dashboard
                    .as_ref()
                    .map(|ui| dashboard::KEYS.route(ui, key));
                self.routed(routed, Self::on_dashboard_key)
            }
            Screen::Wizard => {
                let routed = self.wizard.as_ref().map(|ui| wizard::KEYS.route(ui, key));
                self.routed(routed, Self::on_wizard_key)
            }
        }
    }

    /// A key the screen's table placed: the help, quit, or the screen's own handler. None:
    /// the screen has no state (it never happens), so back to the main menu.
    fn routed<A>(
        &mut self,
        routed: Option<Routed<A>>,
        screen: impl FnOnce(&mut Self, Pressed<A>) -> Vec<Command>,
    ) -> Vec<Command> {
        let Some(routed) = routed else {
            self.screen = Screen::MainMenu;
            return vec![];
        };
        match routed {
            Routed::Help => {
                self.help_open = true;
                vec![]
            }
            Routed::Quit => {
                self.quit = true;
                vec![]
            }
            Routed::Screen(pressed) => screen(self, pressed),
        }
    }

    fn on_wizard_key(&mut self, pressed: Pressed<wizard::Key>) -> Vec<Command> {
        let signed_in = self
            .identity
            .value()
            .is_some_and(|check| check.identity.is_some());
        let Some(wizard) = self.wizard.as_mut() else {
            self.screen = Screen::MainMenu;
            return vec![];
        };
        let outcome = wizard.on_key(pressed, signed_in);
        if outcome.leave {
            self.screen = Screen::MainMenu;
        }
        // `z` on the queue step: size the selected queue from one measured unit.
        if std::mem::take(&mut wizard.wants_sizing) {
            let region = wizard.region();
            self.open_sizing(&region, Origin::Wizard);
        }
        outcome.commands
    }

    fn on_menu_key(&mut self, pressed: Pressed<main_menu::Key>) -> Vec<Command> {
        match self.menu.on_key(pressed, &self.doors()) {
            Some(door) => self.open(door),
            None => vec![],
        }
    }

    fn open(&mut self, door: Door) -> Vec<Command> {
        match door {
            Door::CreateCluster => return self.start_wizard(Draft::default()),
            Door::ResumeDraft => {
                if let Some(draft) = self.saved_draft.clone() {
                    return self.start_wizard(draft);
                }
            }
            Door::CheckSetup => {
                self.screen = Screen::Setup;
                self.setup.selected = 0;
            }
            Door::Clusters | Door::CleanUp => {
                let purpose = match door {
                    Door::CleanUp => Purpose::CleanUp,
                    _ => Purpose::Monitor,
                };
                let (ui, commands) = ClustersUi::open(self.region(), purpose);
                self.clusters = Some(ui);
                self.screen = Screen::Clusters;
                return commands;
            }
            Door::SizeJob => {
                let region = self.region().unwrap_or_else(|| "us-west-2".into());
                self.open_sizing(&region, Origin::Menu);
            }
            Door::Quit => self.quit = true,
        }
        vec![]
    }

    /// The region configured, else the one doctor resolved.
    fn region(&self) -> Option<String> {
        self.configured_region.clone().or_else(|| {
            self.identity
                .value()
                .and_then(|c| c.region.as_ref())
                .map(|r| r.name.clone())
        })
    }

    fn start_wizard(&mut self, draft: Draft) -> Vec<Command> {
        let configured = self.region();
        let configs_dir = self
            .configs_dir
            .clone()
            .unwrap_or_else(|| std::path::PathBuf::from("."));
        let (mut wizard, commands) = WizardUi::new(
            draft,
            configured.as_deref(),
            self.home.clone(),
            configs_dir,
            self.presets.clone(),
        );
        wizard.suppress_validators = self.suppress_validators.clone();
        self.wizard = Some(wizard);
        self.screen = Screen::Wizard;
        self.menu.draft_problem = None;
        commands
    }

    fn on_clusters_key(&mut self, pressed: Pressed<clusters::Key>) -> Vec<Command> {
        let Some(ui) = self.clusters.as_mut() else {
            self.screen = Screen::MainMenu;
            return vec![];
        };
        let outcome = ui.on_key(pressed);
        if outcome.leave {
            self.screen = Screen::MainMenu;
        }
        match outcome.open {
            Some(Open::Sweep { region }) => {
                let (mut cleanup, commands) = CleanupUi::open_sweep(&region);
                cleanup.acting_as = self.acting_as(&region);
                self.cleanup = Some(cleanup);
                self.screen = Screen::CleanUp;
                commands
            }
            Some(Open::CleanUp { name, region }) => {
                let (cleanup, commands) = CleanupUi::open(&name, &region, Back::Clusters);
                self.cleanup = Some(cleanup);
                self.screen = Screen::CleanUp;
                commands
            }
            Some(Open::Dashboard { name, region }) => {
                let (mut dashboard, commands) = DashboardUi::open(&name, &region);
                dashboard.acting_as = self.acting_as(&region);
                self.dashboard = Some(dashboard);
                self.screen = Screen::Dashboard;
                commands
            }
            None => outcome.commands,
        }
    }

    fn on_dashboard_key(&mut self, pressed: Pressed<dashboard::Key>) -> Vec<Command> {
        let Some(dashboard) = self.dashboard.as_mut() else {
            self.screen = Screen::Clusters;
            return vec![];
        };
        let outcome = dashboard.on_key(pressed);
        if outcome.leave {
            self.screen = Screen::Clusters;
        }
        match outcome.clean_up {
            Some(CleanUp::Plan) => {
                let (cleanup, commands) =
                    CleanupUi::open(&dashboard.name, &dashboard.region, Back::Dashboard);
                self.cleanup = Some(cleanup);
                self.screen = Screen::CleanUp;
                commands
            }
            Some(CleanUp::Park) => {
                self.cleanup = Some(CleanupUi::park_from(ParkFrom {
                    name: dashboard.name.clone(),
                    region: dashboard.region.clone(),
                    head_stopped: dashboard.head_stopped(),
                    storage_usd_per_hour: dashboard.storage_usd_per_hour,
                    acting_as: dashboard.acting_as.clone(),
                }));
                self.screen = Screen::CleanUp;
                vec![]
            }
            None => outcome.commands,
        }
    }

    /// The clean-up screen, if it is about this cluster: a late answer about another is
    /// dropped.
    fn cleanup_for(&mut self, name: &str) -> Option<&mut CleanupUi> {
        self.cleanup.as_mut().filter(|ui| ui.name == name)
    }

    fn on_cleanup_key(&mut self, pressed: Pressed<cleanup::Key>) -> Vec<Command> {
        let Some(ui) = self.cleanup.as_mut() else {
            self.screen = Screen::MainMenu;
            return vec![];
        };
        let outcome = ui.on_key(pressed);
        if !outcome.leave {
            return outcome.commands;
        }
        // Back where it was opened from, which looks again if the cluster may have changed.
        let refresh = outcome.refresh_back;
        match ui.back {
            Back::Dashboard if self.dashboard.is_some() => {
                self.screen = Screen::Dashboard;
                match (&mut self.dashboard, refresh) {
                    (Some(dashboard), true) => dashboard.refresh_now(),
                    _ => vec![],
                }
            }
            _ => {
                self.screen = Screen::Clusters;
                match (&mut self.clusters, refresh) {
                    (Some(clusters), true) => clusters.refresh(),
                    _ => vec![],
                }
            }
        }
    }

    fn on_setup_key(&mut self, pressed: Pressed<setup::Key>) -> Vec<Command> {
        match self.setup.on_key(pressed, self.findings().len()) {
            SetupOutcome::Stay => vec![],
            SetupOutcome::Leave => {
                self.screen = Screen::MainMenu;
                vec![]
            }
            SetupOutcome::Recheck => self.recheck(),
        }
    }

    /// `r`: ask again. Checks already running are not started twice.
    fn recheck(&mut self) -> Vec<Command> {
        let mut commands = vec![];
        if matches!(self.identity, Remote::Ready { .. }) {
            self.identity = Remote::Loading;
            commands.push(Command::CheckIdentity);
        }
        if matches!(self.tools, Remote::Ready { .. }) {
            self.tools = Remote::Loading;
            commands.push(Command::CheckTools);
        }
        commands
    }

    fn move_setup_selection(&mut self, delta: isize) {
        let count = self.findings().len();
        self.setup.move_by(delta, count);
    }

    fn clamp_setup_selection(&mut self) {
        let count = self.findings().len();
        self.setup.clamp(count);
    }

    fn on_mouse(&mut self, mouse: MouseEvent) -> Vec<Command> {
        if self.help_open {
            return vec![];
        }
        match (self.screen, mouse.kind) {
            (Screen::MainMenu, MouseEventKind::Down(MouseButton::Left)) => {
                let doors = self.doors();
                if let Some(index) =
                    layout::door_at(self.size, doors.len(), mouse.column, mouse.row)
                {
                    self.menu.selected = index;
                    return self.open(doors[index]);
                }
            }
            (Screen::MainMenu, MouseEventKind::Moved) => {
                let count = self.doors().len();
                if let Some(index) = layout::door_at(self.size, count, mouse.column, mouse.row) {
                    self.menu.selected = index;
                }
            }
            (Screen::Setup, MouseEventKind::ScrollDown) => self.move_setup_selection(1),
            (Screen::Setup, MouseEventKind::ScrollUp) => self.move_setup_selection(-1),
            _ => {}
        }
        vec![]
    }
}

impl App {
    fn open_sizing(&mut self, region: &str, origin: Origin) {
        // From the wizard, size the queue as it is set: its SMT and whether it shares nodes.
        let knobs = match (origin, &self.wizard) {
            (Origin::Wizard, Some(wizard)) => wizard.sizing_knobs(),
            _ => crate::cluster::sizing::Knobs::default(),
        };
        self.sizing = Some(SizingUi::open(region, origin, knobs));
        self.screen = Screen::Sizing;
    }

    fn on_sizing_key(&mut self, pressed: Pressed<sizing::Key>) -> Vec<Command> {
        let Some(ui) = self.sizing.as_mut() else {
            self.screen = Screen::MainMenu;
            return vec![];
        };
        let mut outcome = ui.on_key(pressed);
        let origin = ui.origin;
        let knobs = ui.view.plans.as_ref().map(|p| p.sizing.knobs.clone());
        if outcome.leave {
            self.screen = self.back_from_sizing(origin);
        }
        if let Some(pick) = outcome.picked {
            match (origin, self.wizard.as_mut(), knobs) {
                (Origin::Wizard, Some(wizard), Some(knobs)) => {
                    outcome
                        .commands
                        .extend(wizard.apply_sizing_pick(&pick, &knobs));
                    self.screen = Screen::Wizard;
                }
                _ => {
                    if let Some(ui) = self.sizing.as_mut() {
                        ui.notes = vec![format!(
                            "To use {} × {}: press z on the wizard's queue step and pick it there, or run `pcwiz size … --write-config FILE`.",
                            pick.max_count, pick.instance_type
                        )];
                    }
                }
            }
        }
        outcome.commands
    }

    fn back_from_sizing(&self, origin: Origin) -> Screen {
        match (origin, &self.wizard) {
            (Origin::Wizard, Some(_)) => Screen::Wizard,
            _ => Screen::MainMenu,
        }
    }
}
