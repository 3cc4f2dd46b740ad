//! A cluster's dashboard: the state of one cluster, refreshed by itself every
//! `REFRESH_EVERY` (one CloudFormation call, one EC2 call, one ssh round trip). Each part
//! keeps its last good answer when a refresh fails, marked stale with its age and why.
//! Pure; the refresh runs as a background command.

use std::time::{Duration, Instant};

use crossterm::event::KeyCode;

use super::action::Command;
use crate::aws::cluster_list::ClusterInstance;
use crate::cluster::slurm::{Job, Node};
use crate::monitor::report::HsdsNode;
use crate::monitor::status::{Refresh, StackState};

pub const REFRESH_EVERY: Duration = Duration::from_secs(20);
/// $/h samples kept for the cost chart: an hour and a half at one per refresh.
const SAMPLES: usize = 270;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Nodes,
    Jobs,
    Hsds,
    Cost,
    Stack,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Overview,
        Tab::Nodes,
        Tab::Jobs,
        Tab::Hsds,
        Tab::Cost,
        Tab::Stack,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Nodes => "Nodes",
            Tab::Jobs => "Jobs",
            Tab::Hsds => "HSDS",
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

/// What a refresh brings back to the screen: the refresh and what the cluster costs now.
#[derive(Debug, Clone)]
pub struct Refreshed {
    pub refresh: Refresh,
    pub usd_per_hour: Option<f64>,
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
    /// The head node's clock when it answered (epoch s): jobs' elapsed times count from it,
    /// not from this machine's clock.
    pub cluster_clock: Option<i64>,
    /// Why the head node could not be asked at all (then nodes, jobs and HSDS are stale).
    pub probe_problem: Option<String>,
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
}

#[derive(Debug, Default)]
pub struct DashboardOutcome {
    pub commands: Vec<Command>,
    pub leave: bool,
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
            cluster_clock: None,
            probe_problem: None,
            usd_per_hour: None,
            cost_samples: vec![],
            refreshing: false,
            last_refresh: None,
            took: None,
            selected: 0,
            filter: String::new(),
            filtering: false,
        };
        let commands = ui.refresh();
        (ui, commands)
    }

    fn refresh(&mut self) -> Vec<Command> {
        if self.refreshing {
            return vec![];
        }
        self.refreshing = true;
        vec![Command::RefreshCluster {
            name: self.name.clone(),
            region: self.region.clone(),
            user: self.stack.value.as_ref().and_then(|s| s.user.clone()),
        }]
    }

    /// Time passes: refresh when the last one is old enough.
    pub fn tick(&mut self, now: Instant) -> Vec<Command> {
        match self.last_refresh {
            Some(at) if now.saturating_duration_since(at) >= REFRESH_EVERY => self.refresh(),
            _ => vec![],
        }
    }

    /// Whether letters go to the filter (so `q` is not "quit").
    pub fn typing(&self) -> bool {
        self.filtering
    }

    pub fn on_key(&mut self, code: KeyCode) -> DashboardOutcome {
        let mut outcome = DashboardOutcome::default();
        if self.filtering {
            match code {
                KeyCode::Enter => self.filtering = false,
                KeyCode::Esc => {
                    self.filtering = false;
                    self.filter.clear();
                }
                KeyCode::Backspace => {
                    self.filter.pop();
                }
                KeyCode::Char(c) => self.filter.push(c),
                _ => {}
            }
            self.selected = 0;
            return outcome;
        }
        let index = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
        match code {
            KeyCode::Esc | KeyCode::Backspace => outcome.leave = true,
            KeyCode::Tab | KeyCode::Right => {
                self.tab = Tab::ALL[(index + 1) % Tab::ALL.len()];
                self.selected = 0;
            }
            KeyCode::BackTab | KeyCode::Left => {
                self.tab = Tab::ALL[(index + Tab::ALL.len() - 1) % Tab::ALL.len()];
                self.selected = 0;
            }
            KeyCode::Char(c @ '1'..='6') => {
                self.tab = Tab::ALL[c as usize - '1' as usize];
                self.selected = 0;
            }
            KeyCode::Down | KeyCode::Char('j') => {
                let rows = match self.tab {
                    Tab::Jobs => self.visible_jobs().len(),
                    Tab::Nodes => self.nodes.value.as_ref().map_or(0, Vec::len),
                    _ => 0,
                };
                self.selected = (self.selected + 1).min(rows.saturating_sub(1));
            }
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Char('/') if self.tab == Tab::Jobs => self.filtering = true,
            KeyCode::Char('r') => outcome.commands = self.refresh(),
            _ => {}
        }
        outcome
    }

    pub fn refreshed(&mut self, refreshed: Refreshed, now: Instant) {
        let Refreshed {
            refresh,
            usd_per_hour,
        } = refreshed;
        self.refreshing = false;
        self.last_refresh = Some(now);
        self.took = Some((refresh.took, refresh.ssh_took));
        self.stack.update(refresh.stack, now);
        self.instances.update(refresh.instances, now);
        match refresh.probe {
            Some(Ok(report)) => {
                self.probe_problem = None;
                self.cluster_clock = Some(report.time);
                self.nodes.update(report.nodes.map(|a| a.items), now);
                self.jobs.update(report.jobs.map(|a| a.items), now);
                self.hsds.update(Ok(report.hsds), now);
            }
            Some(Err(why)) => self.head_node_silent(why),
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
        self.probe_problem = Some(why);
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
