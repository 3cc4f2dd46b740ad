//! The app's side of keys and the mouse: each screen's table says what a key is, the
//! screen's handler acts on it, and what it asks for (leave, open another screen) is
//! routed here, where every screen is known. Screens never open each other.

use crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};

use super::{App, Screen};
use crate::tui::action::Command;
use crate::tui::keys::{Act, EVERYWHERE, KeyTable, Pressed, Routed};
use crate::tui::layout;
use crate::tui::remote::Remote;
use crate::tui::screens::cleanup::{self, Back, CleanupUi, ParkFrom};
use crate::tui::screens::clusters::{self, ClustersUi, Open, Purpose};
use crate::tui::screens::dashboard::{self, CleanUp, DashboardUi};
use crate::tui::screens::help;
use crate::tui::screens::main_menu::{self, Door};
use crate::tui::screens::setup::{self, SetupOutcome};
use crate::tui::screens::sizing::{self, Origin, SizingUi};
use crate::tui::screens::update;
use crate::tui::screens::wizard::{self, WizardUi};
use crate::wizard::Draft;

impl App {
    pub(super) fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
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
                self.key_to(key, &main_menu::KEYS, |a| Some(&a.menu), Self::on_menu_key)
            }
            Screen::Setup => self.key_to(key, &setup::KEYS, |a| Some(&a.setup), Self::on_setup_key),
            Screen::Wizard => self.key_to(
                key,
                &wizard::KEYS,
                |a| a.wizard.as_ref(),
                Self::on_wizard_key,
            ),
            Screen::Clusters => self.key_to(
                key,
                &clusters::KEYS,
                |a| a.clusters.as_ref(),
                Self::on_clusters_key,
            ),
            Screen::Dashboard => self.key_to(
                key,
                &dashboard::KEYS,
                |a| a.dashboard.as_ref(),
                Self::on_dashboard_key,
            ),
            Screen::CleanUp => self.key_to(
                key,
                &cleanup::KEYS,
                |a| a.cleanup.as_ref(),
                Self::on_cleanup_key,
            ),
            Screen::Sizing => self.key_to(
                key,
                &sizing::KEYS,
                |a| a.sizing.as_ref().map(|ui| &ui.view),
                Self::on_sizing_key,
            ),
            // While the wizard's steps are open, their own table has the keys.
            Screen::Update if self.update.as_ref().and_then(|u| u.editing()).is_some() => self
                .key_to(
                    key,
                    &wizard::KEYS,
                    |a| a.update.as_ref().and_then(|u| u.editing()),
                    Self::on_update_editor_key,
                ),
            Screen::Update => self.key_to(
                key,
                &update::KEYS,
                |a| a.update.as_ref(),
                Self::on_update_key,
            ),
        }
    }

    /// `key` through a screen's table (`mode` finds what it reads in the app) to the
    /// screen's handler, or to the help, or out. A screen with no state (it never
    /// happens) sends the app back to the main menu.
    fn key_to<M, A: Copy>(
        &mut self,
        key: KeyEvent,
        table: &KeyTable<M, A>,
        mode: fn(&Self) -> Option<&M>,
        handler: fn(&mut Self, Pressed<A>) -> Vec<Command>,
    ) -> Vec<Command> {
        let Some(routed) = mode(self).map(|m| table.route(m, key)) else {
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
            Routed::Screen(pressed) => handler(self, pressed),
        }
    }

    fn on_wizard_key(&mut self, pressed: Pressed<wizard::Key>) -> Vec<Command> {
        let signed_in = self.signed_in();
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

    /// Doctor found an identity (while it is still asking: not yet).
    pub(super) fn signed_in(&self) -> bool {
        self.identity
            .value()
            .is_some_and(|check| check.identity.is_some())
    }

    /// Doctor said there is no identity: what needs one is put off or done offline.
    pub(super) fn known_offline(&self) -> bool {
        self.identity
            .value()
            .is_some_and(|check| check.identity.is_none())
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
        let mut commands = commands;
        commands.extend(wizard.identity_known(!self.known_offline()));
        if self.signed_in()
            && let Some(resumed) = wizard.resume_put_off()
        {
            commands.extend(resumed);
        }
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
                // The sizing assistant's plan on screen fills a new reV run's settings.
                dashboard.rev_sizing = self
                    .sizing
                    .as_ref()
                    .and_then(|s| s.view.plans.as_ref())
                    .and_then(|p| p.rev_settings());
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
        if outcome.change {
            return self.open_update();
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
        let profile = self.profile.clone().unwrap_or_else(|| "default".into());
        let region = self.region().unwrap_or_else(|| "us-west-2".into());
        let count = self.findings().len();
        match self.setup.on_key(pressed, count, (&profile, &region)) {
            SetupOutcome::Stay => vec![],
            SetupOutcome::Leave => {
                self.screen = Screen::MainMenu;
                vec![]
            }
            SetupOutcome::Recheck => self.recheck(),
            SetupOutcome::Install => vec![Command::InstallPcluster],
            SetupOutcome::AddKeys {
                profile,
                keys,
                region,
            } => vec![Command::AddKeys {
                profile,
                keys,
                region,
            }],
            SetupOutcome::AddSso(setup) => vec![Command::AddSso(Box::new(setup))],
        }
    }

    /// `r`: ask again. Checks already running are not started twice.
    pub(super) fn recheck(&mut self) -> Vec<Command> {
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

    pub(super) fn on_mouse(&mut self, mouse: MouseEvent) -> Vec<Command> {
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

    pub(super) fn open_sizing(&mut self, region: &str, origin: Origin) {
        // From the wizard, size the queue as it is set: its SMT and whether it shares nodes.
        let knobs = match self.sizing_target(origin) {
            Some(wizard) => wizard.sizing_knobs(),
            None => crate::cluster::sizing::Knobs::default(),
        };
        let mut sizing = SizingUi::open(region, origin, knobs);
        sizing.offline = !self.signed_in();
        self.sizing = Some(sizing);
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
            let back = self.back_from_sizing(origin);
            match (self.sizing_target(origin), knobs) {
                (Some(wizard), Some(knobs)) => {
                    outcome
                        .commands
                        .extend(wizard.apply_sizing_pick(&pick, &knobs));
                    self.screen = back;
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
        match (origin, &self.wizard, &self.update) {
            (Origin::Wizard, Some(_), _) => Screen::Wizard,
            (Origin::Update, _, Some(_)) => Screen::Update,
            _ => Screen::MainMenu,
        }
    }

    /// The wizard whose queue the sizing assistant fills in: the new cluster's, or the one
    /// changing a running cluster.
    fn sizing_target(&mut self, origin: Origin) -> Option<&mut WizardUi> {
        match origin {
            Origin::Wizard => self.wizard.as_mut(),
            Origin::Update => self.update.as_mut().and_then(|u| u.editor.as_mut()),
            Origin::Menu => None,
        }
    }
}
