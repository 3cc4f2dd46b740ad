//! The app: which screen is open, the state of each, and its pure update function, which
//! routes background results to the screen they are for (keys and the mouse: `input.rs`).

mod input;
mod update_screen;

use std::time::Instant;

use ratatui::layout::Rect;

use super::action::{Action, Command};
use super::remote::Remote;
use super::screens::cleanup::CleanupUi;
use super::screens::clusters::ClustersUi;
use super::screens::dashboard::DashboardUi;
use super::screens::main_menu::MainMenu;
use super::screens::main_menu::doors::{self, Door};
use super::screens::setup::{self, Setup};
use super::screens::sizing::SizingUi;
use super::screens::update::UpdateUi;
use super::screens::wizard::WizardUi;
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
    Update,
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
    /// The SDK's own words for the last error explained on screen, and when: the help
    /// shows them.
    pub last_detail: Option<(chrono::DateTime<chrono::Utc>, String)>,
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
    /// Changing a running cluster, once opened from its dashboard (`u`).
    pub update: Option<UpdateUi>,
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
    /// The user's UTC offset, taken at start (a test fixes it, as it fixes `wall`).
    pub local: chrono::FixedOffset,
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
            last_detail: None,
            wizard: None,
            clusters: None,
            dashboard: None,
            cleanup: None,
            sizing: None,
            update: None,
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
            local: *chrono::Local::now().offset(),
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
            local: self.local,
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
                let signed_in = check.identity.is_some();
                self.identity = Remote::Ready {
                    value: *check,
                    at: Instant::now(),
                };
                let mut commands = vec![];
                if let Some(wizard) = &mut self.wizard {
                    commands.extend(wizard.identity_known(signed_in));
                }
                if let Some(region) = self.dashboard.as_ref().map(|d| d.region.clone()) {
                    let acting_as = self.acting_as(&region);
                    if let Some(dashboard) = &mut self.dashboard {
                        dashboard.acting_as = acting_as;
                    }
                }
                self.clamp_setup_selection();
                commands
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
            Action::InstallProgress(event) => {
                if let Some(wizard) = &mut self.wizard {
                    wizard.install_progress(event.clone());
                }
                self.setup.install_progress(event);
                vec![]
            }
            Action::PclusterInstalled(result) => {
                let mut commands = match &mut self.wizard {
                    Some(wizard) => wizard.pcluster_installed(result.clone()),
                    None => vec![],
                };
                self.setup.installed(result);
                // Doctor looks again and finds it (or says what is still missing).
                commands.extend(self.recheck());
                commands
            }
            Action::KeysWritten(result) => {
                let written = result.is_ok();
                self.setup.keys_written(result);
                if written { self.recheck() } else { vec![] }
            }
            Action::SsoWritten { profile, result } => {
                self.setup.sso_written(&profile, result);
                vec![]
            }
            Action::SsoLoginLine(line) => {
                self.setup.login_line(line);
                vec![]
            }
            Action::SsoLoggedIn(result) => {
                let logged_in = result.is_ok();
                self.setup.logged_in(result);
                // Doctor looks again: the header then names the SSO identity.
                if logged_in { self.recheck() } else { vec![] }
            }
            Action::ErrorDetail(detail) => {
                self.last_detail = Some((self.wall, detail));
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
                .editors()
                .into_iter()
                .flat_map(|w| w.catalog_loaded(zone.as_deref(), result.clone()))
                .collect(),
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
            Action::BudgetLooked { name, result } => {
                if let Some(dashboard) = self.dashboard.as_mut().filter(|d| d.name == name) {
                    dashboard.budget = Some(result);
                }
                vec![]
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
            Action::RevRunProgress {
                name,
                line,
                fraction,
            } => {
                if let Some(dashboard) = self.dashboard.as_mut().filter(|d| d.name == name) {
                    dashboard.rev_run_progress(line, fraction);
                }
                vec![]
            }
            Action::RevRunDone { name, result } => {
                match self.dashboard.as_mut().filter(|d| d.name == name) {
                    Some(dashboard) => dashboard.rev_run_done(*result),
                    None => vec![],
                }
            }
            Action::RevFetchProgress {
                name,
                file,
                received,
                size,
            } => {
                if let Some(dashboard) = self.dashboard.as_mut().filter(|d| d.name == name) {
                    dashboard.rev_fetch_progress(file, received, size);
                }
                vec![]
            }
            Action::RevFetchDone { name, result } => {
                if let Some(dashboard) = self.dashboard.as_mut().filter(|d| d.name == name) {
                    dashboard.rev_fetch_done(result);
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
                for wizard in self.editors() {
                    wizard.prices_loaded(&region, (*book).clone(), problem.clone(), finished);
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
            action @ (Action::ClusterConfigRead { .. }
            | Action::UpdatePreviewed { .. }
            | Action::UpdateStep { .. }
            | Action::UpdateApplied { .. }) => self.on_update_answer(action),
            Action::Key(key) => self.on_key(key),
            Action::Mouse(mouse) => self.on_mouse(mouse),
        }
    }

    /// The wizards open: the new cluster's, and the one changing a running cluster's config
    /// (prices and the type picker's catalog are for both).
    fn editors(&mut self) -> Vec<&mut crate::tui::screens::wizard::WizardUi> {
        let changing = self.update.as_mut().and_then(|u| u.editor.as_mut());
        self.wizard.iter_mut().chain(changing).collect()
    }

    /// The clean-up screen, if it is about this cluster: a late answer about another is
    /// dropped.
    fn cleanup_for(&mut self, name: &str) -> Option<&mut CleanupUi> {
        self.cleanup.as_mut().filter(|ui| ui.name == name)
    }

    fn clamp_setup_selection(&mut self) {
        let count = self.findings().len();
        self.setup.clamp(count);
    }
}
