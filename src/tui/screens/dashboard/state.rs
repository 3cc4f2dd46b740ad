//! A cluster's dashboard: the state of one cluster, refreshed by itself every
//! `REFRESH_EVERY` (one CloudFormation call, one EC2 call, one ssh round trip). Each part
//! keeps its last good answer when a refresh fails, marked stale with its age and why.
//! Pure; the refresh runs as a background command.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::actions::{ActionResult, Dialog};
use super::keys::{Key, Mode, mode};
use crate::cluster::cluster_instance::ClusterInstance;
use crate::cluster::host_keys::HostPin;
use crate::cluster::node_billing::{self, Billing, DEFAULT_SCALEDOWN_MINUTES};
use crate::cluster::price_book::PriceBook;
use crate::cluster::probe_report::HsdsNode;
use crate::cluster::rev_status::RevPipeline;
use crate::cluster::slurm::{Job, Node};
use crate::cluster::spent::{self, Spent};
use crate::monitor::priced::Refreshed;
use crate::monitor::status::StackState;
use crate::remote::{SshFailureKind, SshTarget};
use crate::tui::action::Command;
use crate::tui::keys::Pressed;

pub const REFRESH_EVERY: Duration = Duration::from_secs(20);
/// $/h samples kept for the cost chart: an hour and a half at one per refresh.
const SAMPLES: usize = 270;
/// "Recent" 503s: those counted within this window.
pub const RECENT_503: Duration = Duration::from_secs(10 * 60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Nodes,
    Jobs,
    Hsds,
    Rev,
    Cost,
    Stack,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Overview,
        Tab::Nodes,
        Tab::Jobs,
        Tab::Hsds,
        Tab::Rev,
        Tab::Cost,
        Tab::Stack,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Nodes => "Nodes",
            Tab::Jobs => "Jobs",
            Tab::Hsds => "HSDS",
            Tab::Rev => "reV",
            Tab::Cost => "Cost",
            Tab::Stack => "Stack",
        }
    }
}

/// One part of the dashboard's data: the last good value, when it came, and, if the
/// latest refresh failed for it, why (the value is then stale).
#[derive(Debug, Clone)]
pub struct Part<T> {
    pub value: Option<T>,
    pub at: Option<Instant>,
    pub problem: Option<String>,
}

impl<T> Default for Part<T> {
    fn default() -> Self {
        Self {
            value: None,
            at: None,
            problem: None,
        }
    }
}

impl<T> Part<T> {
    fn update(&mut self, result: Result<T, String>, now: Instant) {
        match result {
            Ok(value) => {
                self.value = Some(value);
                self.at = Some(now);
                self.problem = None;
            }
            Err(why) => self.problem = Some(why),
        }
    }
}

#[derive(Debug, Clone)]
pub struct DashboardUi {
    pub name: String,
    pub region: String,
    pub tab: Tab,
    pub stack: Part<StackState>,
    pub instances: Part<Vec<ClusterInstance>>,
    pub nodes: Part<Vec<Node>>,
    pub jobs: Part<Vec<Job>>,
    pub hsds: Part<Vec<HsdsNode>>,
    pub rev: Part<RevPipeline>,
    /// The reV project directory being read (None: not asked yet).
    pub rev_dir: Option<String>,
    /// The reV directory being typed after `e` on the reV tab.
    pub editing_rev_dir: Option<String>,
    /// The reV tab's new run (`n`) and outputs fetch (`F`), while open.
    pub rev_run: Option<super::rev_run::RevRunUi>,
    pub rev_fetch: Option<super::rev_fetch::RevFetchUi>,
    /// What each of the run's jobs costs per hour, learnt while it ran.
    pub rev_rates: crate::cluster::rev_cost::RevRates,
    /// A word for the reV tab (e.g. nothing to fetch yet).
    pub rev_note: Option<String>,
    /// The sizing assistant's plan, when one is on screen: a new run's settings and estimate.
    pub rev_sizing: Option<(
        crate::cluster::rev_project::Execution,
        Option<crate::cluster::rev_project::Estimate>,
    )>,
    /// Total 503s across HSDS nodes at each refresh, for "recent" refusals.
    pub refused_samples: Vec<(Instant, u64)>,
    pub book: PriceBook,
    pub storage_usd_per_hour: Option<f64>,
    pub scaledown_minutes: u32,
    /// When the stack was created (learnt on the first refresh).
    pub created: Option<DateTime<Utc>>,
    /// Where `s` logs in (the probe's own target).
    pub ssh_target: Option<SshTarget>,
    pub dialog: Option<Dialog>,
    pub action_result: Option<ActionResult>,
    /// The head node's clock when it answered (epoch s): jobs' elapsed times count from it,
    /// not from this machine's clock.
    pub cluster_clock: Option<i64>,
    /// Why the head node could not be asked at all (then nodes, jobs and HSDS are stale).
    pub probe_problem: Option<String>,
    /// The head node's host key as pinned (how far verified, its fingerprints).
    pub host_key: Option<HostPin>,
    /// ssh refused the head node's key as changed: nothing runs there until K re-pins it.
    pub host_key_refused: bool,
    /// Who the dashboard's actions act as ("account 1234…, profile lab, us-west-2"), set by
    /// the app from its identity check.
    pub acting_as: String,
    pub usd_per_hour: Option<f64>,
    /// $/h at each refresh, oldest first, for the cost chart.
    pub cost_samples: Vec<f64>,
    pub refreshing: bool,
    pub last_refresh: Option<Instant>,
    /// How long the last refresh took, and its ssh round trip.
    pub took: Option<(Duration, Option<Duration>)>,
    pub selected: usize,
    /// The jobs filter being typed after `/`, or applied.
    pub filter: String,
    pub filtering: bool,
    /// The "Set up HSDS" screen, while open (`i`).
    pub hsds_setup: Option<super::hsds_setup::HsdsSetupUi>,
    /// The last set-up's check on a compute node, and when: shown on the HSDS tab.
    pub hsds_checked: Option<(DateTime<Utc>, crate::hsds::verify::Verified)>,
    /// The wizard's answer about reV's data (learnt from the refresh), for the set-up.
    pub hsds_data: Option<crate::cluster::hsds_files::HsdsData>,
    /// The idle guard as the last refresh that reached the head node found it.
    pub guard: Option<crate::cluster::guard::GuardSeen>,
    /// The cluster's AWS Budget, looked up on its own (`guard.rs`).
    pub budget: super::guard::BudgetLook,
    /// The idle guard's cost history, oldest first: each refresh adds what is new.
    pub nodes_up: Vec<crate::cluster::cost_history::NodesUp>,
    /// Whether the head node keeps that history (the guard is or was installed).
    pub nodes_up_kept: bool,
}

/// The dashboard's keys into the clean-up screen: `d` the plan, `p` park (or resume).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CleanUp {
    Plan,
    Park,
}

#[derive(Debug, Default)]
pub struct DashboardOutcome {
    pub commands: Vec<Command>,
    pub leave: bool,
    /// `d` or `p`: the app opens the clean-up screen for this cluster.
    pub clean_up: Option<CleanUp>,
    /// `u`: the app opens the update screen for this cluster.
    pub change: bool,
}

impl DashboardUi {
    pub fn open(name: &str, region: &str) -> (Self, Vec<Command>) {
        let mut ui = Self {
            name: name.to_string(),
            region: region.to_string(),
            tab: Tab::Overview,
            stack: Part::default(),
            instances: Part::default(),
            nodes: Part::default(),
            jobs: Part::default(),
            hsds: Part::default(),
            rev: Part::default(),
            rev_dir: None,
            editing_rev_dir: None,
            rev_run: None,
            rev_fetch: None,
            rev_rates: Default::default(),
            rev_note: None,
            rev_sizing: None,
            refused_samples: vec![],
            book: PriceBook::new(region),
            storage_usd_per_hour: None,
            scaledown_minutes: DEFAULT_SCALEDOWN_MINUTES,
            created: None,
            ssh_target: None,
            dialog: None,
            action_result: None,
            cluster_clock: None,
            probe_problem: None,
            host_key: None,
            host_key_refused: false,
            acting_as: String::new(),
            usd_per_hour: None,
            cost_samples: vec![],
            refreshing: false,
            last_refresh: None,
            took: None,
            selected: 0,
            filter: String::new(),
            filtering: false,
            hsds_setup: None,
            hsds_checked: None,
            hsds_data: None,
            guard: None,
            budget: None,
            nodes_up: vec![],
            nodes_up_kept: false,
        };
        let mut commands = ui.refresh_now();
        commands.push(ui.look_up_budget());
        (ui, commands)
    }

    pub fn refresh_now(&mut self) -> Vec<Command> {
        if self.refreshing {
            return vec![];
        }
        self.refreshing = true;
        vec![Command::RefreshCluster {
            name: self.name.clone(),
            region: self.region.clone(),
            user: self.stack.value.as_ref().and_then(|s| s.user.clone()),
            nodes_up_since: self.nodes_up.last().map_or(0, |s| s.t),
        }]
    }

    /// Time passes: refresh when the last one is old enough.
    pub fn tick(&mut self, now: Instant) -> Vec<Command> {
        match self.last_refresh {
            Some(at) if now.saturating_duration_since(at) >= REFRESH_EVERY => self.refresh_now(),
            _ => vec![],
        }
    }

    /// The head node is stopped (then `p` resumes the cluster rather than parks it).
    pub fn head_stopped(&self) -> bool {
        self.instances
            .value
            .iter()
            .flatten()
            .any(|i| i.node_type == "HeadNode" && i.state == "stopped")
    }

    /// A key, as the table placed it for what is open (the set-up, a dialog, a field,
    /// or the tabs).
    pub fn on_key(&mut self, pressed: Pressed<Key>) -> DashboardOutcome {
        let mut outcome = DashboardOutcome::default();
        match mode(self) {
            Mode::SetUp => outcome.commands = self.on_hsds_setup_key(pressed.code),
            Mode::RevRun => outcome.commands = self.on_rev_run_key(pressed.code),
            Mode::RevFetch => outcome.commands = self.on_rev_fetch_key(pressed.code),
            Mode::Dialog => {
                let (yes, no) = (
                    pressed.action == Some(Key::Yes),
                    pressed.action == Some(Key::No),
                );
                outcome.commands = self.on_dialog_key(yes, no);
            }
            Mode::EditingRevDir => outcome.commands = self.on_rev_dir_key(pressed),
            Mode::Filtering => {
                match pressed.action {
                    Some(Key::Keep) => self.filtering = false,
                    Some(Key::Cancel) => {
                        self.filtering = false;
                        self.filter.clear();
                    }
                    Some(Key::Erase) => {
                        self.filter.pop();
                    }
                    Some(Key::Type) => self.filter.extend(pressed.char),
                    _ => {}
                }
                self.selected = 0;
            }
            Mode::Tabs => self.on_tabs_key(pressed, &mut outcome),
        }
        outcome
    }

    /// The reV directory being typed after `e`: Enter keeps (and remembers) it.
    fn on_rev_dir_key(&mut self, pressed: Pressed<Key>) -> Vec<Command> {
        let Some(text) = &mut self.editing_rev_dir else {
            return vec![];
        };
        match pressed.action {
            Some(Key::Keep) => {
                let dir = text.trim().to_string();
                self.editing_rev_dir = None;
                self.rev_dir = Some(dir.clone()).filter(|d| !d.is_empty());
                self.rev = Part::default();
                self.rev_rates = Default::default();
                return vec![Command::RememberRevDir {
                    name: self.name.clone(),
                    region: self.region.clone(),
                    dir,
                }];
            }
            Some(Key::Cancel) => self.editing_rev_dir = None,
            Some(Key::Erase) => {
                text.pop();
            }
            Some(Key::Type) => text.extend(pressed.char),
            _ => {}
        }
        vec![]
    }

    fn on_tabs_key(&mut self, pressed: Pressed<Key>, outcome: &mut DashboardOutcome) {
        let index = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
        match pressed.action {
            Some(Key::Back) => outcome.leave = true,
            Some(Key::NextTab) => {
                self.tab = Tab::ALL[(index + 1) % Tab::ALL.len()];
                self.selected = 0;
            }
            Some(Key::PreviousTab) => {
                self.tab = Tab::ALL[(index + Tab::ALL.len() - 1) % Tab::ALL.len()];
                self.selected = 0;
            }
            Some(Key::Tab) => {
                if let Some(c) = pressed.char {
                    self.tab = Tab::ALL[c as usize - '1' as usize];
                    self.selected = 0;
                }
            }
            Some(Key::Down) => {
                let rows = match self.tab {
                    Tab::Jobs => self.visible_jobs().len(),
                    Tab::Nodes => self.nodes.value.as_ref().map_or(0, Vec::len),
                    _ => 0,
                };
                self.selected = (self.selected + 1).min(rows.saturating_sub(1));
            }
            Some(Key::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Key::Filter) => self.filtering = true,
            Some(Key::EditRevDir) => {
                self.editing_rev_dir = Some(self.rev_dir.clone().unwrap_or_default());
            }
            Some(Key::Refresh) => outcome.commands = self.refresh_now(),
            Some(Key::Shell) => self.ask_shell(),
            Some(Key::Fleet) => outcome.commands = self.ask_fleet(),
            Some(Key::HeadNode) => self.ask_head_node(),
            Some(Key::CleanUp) => outcome.clean_up = Some(CleanUp::Plan),
            Some(Key::Change) => outcome.change = true,
            Some(Key::Park) => outcome.clean_up = Some(CleanUp::Park),
            Some(Key::SetUpHsds) => self.open_hsds_setup(),
            Some(Key::NewRevRun) => self.open_rev_run(),
            Some(Key::FetchRev) => self.open_rev_fetch(),
            Some(Key::Repin) => self.ask_repin(),
            Some(Key::Guard) => self.ask_guard(),
            _ => {}
        }
    }

    pub fn refreshed(&mut self, refreshed: Refreshed, now: Instant) {
        let Refreshed {
            refresh,
            usd_per_hour,
            storage_usd_per_hour,
            book,
            scaledown_minutes,
            rev_dir,
            hsds_data,
        } = refreshed;
        self.hsds_data = hsds_data;
        // Merged, not replaced: the cost history's types were priced when they were read.
        self.book.merge(book);
        self.storage_usd_per_hour = storage_usd_per_hour;
        self.scaledown_minutes = scaledown_minutes;
        // The remembered directory, learnt on the first refresh; one typed since wins.
        if self.rev_dir.is_none() {
            self.rev_dir = rev_dir.clone();
        }
        if let Ok(stack) = &refresh.stack
            && stack.created.is_some()
        {
            self.created = stack.created;
        }
        self.ssh_target = refresh.target.clone().or(self.ssh_target.take());
        self.refreshing = false;
        self.last_refresh = Some(now);
        self.took = Some((refresh.took, refresh.ssh_took));
        self.stack.update(refresh.stack, now);
        self.instances.update(refresh.instances, now);
        if refresh.host_key.is_some() {
            self.host_key = refresh.host_key.clone();
        }
        self.host_key_refused = matches!(
            &refresh.probe,
            Some(Err(e)) if e.kind == SshFailureKind::HostKeyChanged
        );
        match refresh.probe {
            Some(Ok(report)) => {
                self.probe_problem = None;
                self.cluster_clock = Some(report.time);
                self.guard = Some(report.guard);
                if let Some(new) = report.nodes_up {
                    self.nodes_up_kept = true;
                    self.nodes_up.extend(new);
                }
                self.nodes.update(report.nodes.map(|a| a.items), now);
                self.jobs.update(report.jobs.map(|a| a.items), now);
                let refused: u64 = report.hsds.iter().filter_map(|h| h.refused_503).sum();
                self.refused_samples.push((now, refused));
                self.refused_samples
                    .retain(|(at, _)| now.saturating_duration_since(*at) <= RECENT_503);
                self.hsds.update(Ok(report.hsds), now);
                // Only an answer for the directory now asked for (it may have changed).
                if rev_dir.is_some() && rev_dir == self.rev_dir {
                    match report.rev {
                        Some(result) => self.rev.update(result, now),
                        None => self.rev = Part::default(),
                    }
                    self.learn_rev_rates();
                }
            }
            Some(Err(why)) => self.head_node_silent(why.message),
            None => self.head_node_silent("no running head node to ask".into()),
        }
        if let Some(usd) = usd_per_hour {
            self.usd_per_hour = Some(usd);
            self.cost_samples.push(usd);
            if self.cost_samples.len() > SAMPLES {
                self.cost_samples.remove(0);
            }
        }
    }

    /// Without the head node, everything read from it is stale, and says why.
    fn head_node_silent(&mut self, why: String) {
        self.nodes.problem = Some(why.clone());
        self.jobs.problem = Some(why.clone());
        self.hsds.problem = Some(why.clone());
        if self.rev_dir.is_some() {
            self.rev.problem = Some(why.clone());
        }
        self.probe_problem = Some(why);
    }

    /// HSDS's refusals within the last `RECENT_503` (across its nodes), when counted.
    /// A count that went down means HSDS restarted: its new count is all recent.
    pub fn recent_503(&self) -> Option<u64> {
        let (_, latest) = *self.refused_samples.last()?;
        let (_, oldest) = *self.refused_samples.first()?;
        let counted = self
            .hsds
            .value
            .iter()
            .flatten()
            .any(|h| h.refused_503.is_some());
        counted.then(|| latest.checked_sub(oldest).unwrap_or(latest))
    }

    /// Each Slurm node with its instance and $/h, and instances no node claims.
    pub fn billing(&self) -> Option<Billing> {
        let nodes = self.nodes.value.as_ref()?;
        let instances = self.instances.value.as_deref().unwrap_or(&[]);
        Some(node_billing::match_nodes(
            nodes,
            instances,
            &self.book,
            self.cluster_clock,
            self.scaledown_minutes,
        ))
    }

    /// The floor of what the cluster has cost since it was created.
    pub fn spent(&self, now: DateTime<Utc>) -> Option<Spent> {
        Some(spent::since_created(
            self.created?,
            self.instances.value.as_deref()?,
            &self.book,
            self.storage_usd_per_hour.unwrap_or(0.0),
            now,
        ))
    }

    /// The jobs shown: all of them, or those whose id, name, state, partition or reason
    /// contains the filter. Failed jobs stay (squeue keeps them a few minutes).
    pub fn visible_jobs(&self) -> Vec<&Job> {
        let filter = self.filter.to_ascii_lowercase();
        self.jobs
            .value
            .iter()
            .flatten()
            .filter(|j| {
                filter.is_empty()
                    || [&j.id, &j.name, &j.state, &j.partition, &j.reason, &j.user]
                        .iter()
                        .any(|f| f.to_ascii_lowercase().contains(&filter))
            })
            .collect()
    }
}
