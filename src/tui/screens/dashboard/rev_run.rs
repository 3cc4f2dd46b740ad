//! The reV tab's "new reV run" (`n`): a form (project directory, technology, year, sites,
//! resource on HSDS, SAM changes, nodes, workers, walltime, where reV comes from, submit or
//! not), then reV installed if needed, the sites counted and the project written, and the
//! pipeline submitted, as it happens; then the tab shows the run. Pure: the work runs as a
//! background command (`rev::start`).

use crossterm::event::KeyCode::{self, BackTab, Backspace, Down, Enter, Esc, Left, Right, Tab, Up};

use crate::cluster::rev_install::DEFAULT_VENV;
use crate::cluster::rev_project::{Estimate, Execution, ProjectForm, Sites, Technology, set_sam};
use crate::cluster::slurm::Node;
use crate::hsds::setup::Defaults;
use crate::remote::SshTarget;
use crate::rev::install::Source;
use crate::rev::start::{StartRequest, Started};
use crate::tui::action::Command;
use crate::tui::keys::{Binding, KeyTable};

/// The form's fields, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Dir,
    Technology,
    Year,
    Sites,
    Resource,
    Sam,
    Queue,
    Whole,
    Nodes,
    Workers,
    Walltime,
    From,
    Submit,
}

pub const FIELDS: [Field; 13] = [
    Field::Dir,
    Field::Technology,
    Field::Year,
    Field::Sites,
    Field::Resource,
    Field::Sam,
    Field::Queue,
    Field::Whole,
    Field::Nodes,
    Field::Workers,
    Field::Walltime,
    Field::From,
    Field::Submit,
];

#[derive(Debug, Clone)]
pub enum Stage {
    Form,
    /// What has happened so far, and the bar of the step in progress.
    Running {
        lines: Vec<String>,
        fraction: Option<f64>,
    },
    Done(Box<Started>),
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct RevRunUi {
    pub dir: String,
    pub technology: Technology,
    pub year: String,
    /// `0-99,120` (gids) or `box LAT_MIN LON_MIN LAT_MAX LON_MAX`.
    pub sites: String,
    pub resource: String,
    /// `key=value key=value` over the SAM defaults.
    pub sam: String,
    /// The Slurm queue (partition); empty for Slurm's default.
    pub queue: String,
    /// Whole nodes (`--exclusive`), or shared with other jobs.
    pub whole_nodes: bool,
    pub nodes: String,
    pub workers: String,
    /// Hours; empty for none.
    pub walltime: String,
    /// Empty: PyPI; a URL: a package index; else a local wheelhouse directory.
    pub from: String,
    pub submit: bool,
    pub field: Field,
    pub stage: Stage,
    pub error: Option<String>,
    nodes_default: String,
    /// From the sizing's pick: what the form has no field for, and its estimate.
    sites_per_worker: Option<u32>,
    memory_utilization_limit: f64,
    pub estimate: Option<Estimate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    Next,
    Previous,
    Choose,
    Type,
    Erase,
    Go,
    Close,
    Edit,
}

fn form(ui: &RevRunUi) -> bool {
    matches!(ui.stage, Stage::Form)
}

fn ended(ui: &RevRunUi) -> bool {
    matches!(ui.stage, Stage::Done(_) | Stage::Failed(_))
}

fn on_choice(ui: &RevRunUi) -> bool {
    form(ui) && matches!(ui.field, Field::Technology | Field::Whole | Field::Submit)
}

type K = Binding<RevRunUi, FormKey>;

/// The form's keys; it draws its own hint line.
pub const KEYS: KeyTable<RevRunUi, FormKey> = KeyTable {
    title: "New reV run",
    bindings: &[
        K::on(&[Esc, Enter, KeyCode::Char('q')], FormKey::Close).when(ended),
        K::on(&[KeyCode::Char('e')], FormKey::Edit).when(|ui| matches!(ui.stage, Stage::Failed(_))),
        K::on(&[Esc], FormKey::Close).when(form),
        K::on(&[Down, Tab], FormKey::Next).when(form),
        K::on(&[Up, BackTab], FormKey::Previous).when(form),
        K::on(&[Enter], FormKey::Go).when(form),
        K::on(&[Left, Right, KeyCode::Char(' ')], FormKey::Choose).when(on_choice),
        K::on(&[Backspace], FormKey::Erase).when(form),
        K::text(FormKey::Type).when(form),
    ],
};

#[derive(Debug, PartialEq)]
pub enum Outcome {
    Nothing,
    Close,
    Start(Box<StartRequest>),
}

impl RevRunUi {
    /// The form with the cluster's defaults: `dir` the remembered project (or a new one
    /// named after the cluster), one worker per CPU of the largest node, whole nodes
    /// unless the queue gives them.
    pub fn new(
        cluster: &str,
        dir: Option<&str>,
        nodes: &[Node],
        sizing: Option<&(Execution, Option<Estimate>)>,
    ) -> Self {
        let defaults = Defaults::for_cluster(None, nodes, None);
        let mut ui = Self {
            dir: dir.map_or_else(|| format!("~/rev_runs/{cluster}-1"), str::to_string),
            technology: Technology::Pvwatts,
            year: "2019".into(),
            sites: String::new(),
            resource: Technology::Pvwatts.default_resource().into(),
            sam: String::new(),
            queue: defaults.partition.unwrap_or_default(),
            whole_nodes: defaults.shared_nodes,
            nodes: defaults.nodes.to_string(),
            workers: defaults.max_workers.to_string(),
            walltime: String::new(),
            from: String::new(),
            submit: true,
            field: Field::Dir,
            stage: Stage::Form,
            error: None,
            nodes_default: defaults.nodes.to_string(),
            sites_per_worker: None,
            // The guide's: its run peaked at 90 % with a 70 % limit.
            memory_utilization_limit: 0.7,
            estimate: None,
        };
        if let Some((execution, estimate)) = sizing {
            ui.nodes = execution.nodes.to_string();
            ui.nodes_default = ui.nodes.clone();
            ui.workers = execution.max_workers.to_string();
            ui.walltime = execution
                .walltime
                .map(|h| h.to_string())
                .unwrap_or_default();
            ui.whole_nodes = execution.exclusive;
            ui.sites_per_worker = execution.sites_per_worker;
            ui.memory_utilization_limit = execution.memory_utilization_limit;
            ui.estimate = estimate.clone();
        }
        ui
    }

    pub fn on_key(&mut self, code: KeyCode, target: Option<&SshTarget>) -> Outcome {
        let pressed = KEYS.pressed(self, code);
        if !form(self) {
            return match pressed.action {
                Some(FormKey::Close) => Outcome::Close,
                Some(FormKey::Edit) => {
                    self.stage = Stage::Form;
                    Outcome::Nothing
                }
                _ => Outcome::Nothing,
            };
        }
        self.error = None;
        let at = FIELDS.iter().position(|f| *f == self.field).unwrap_or(0);
        match (pressed.action, pressed.char) {
            (Some(FormKey::Close), _) => return Outcome::Close,
            (Some(FormKey::Next), _) => self.field = FIELDS[(at + 1) % FIELDS.len()],
            (Some(FormKey::Previous), _) => {
                self.field = FIELDS[(at + FIELDS.len() - 1) % FIELDS.len()]
            }
            (Some(FormKey::Go), _) => return self.go(target),
            (Some(FormKey::Choose), _) if self.field == Field::Submit => self.submit = !self.submit,
            (Some(FormKey::Choose), _) if self.field == Field::Whole => {
                self.whole_nodes = !self.whole_nodes
            }
            (Some(FormKey::Choose), _) => self.toggle_technology(),
            (Some(FormKey::Erase), _) => {
                self.text_field().map(String::pop);
            }
            (Some(FormKey::Type), Some(c)) => {
                if let Some(text) = self.text_field() {
                    text.push(c);
                }
            }
            _ => {}
        }
        Outcome::Nothing
    }

    fn toggle_technology(&mut self) {
        let default = self.technology.default_resource();
        self.technology = match self.technology {
            Technology::Pvwatts => Technology::Wind,
            Technology::Wind => Technology::Pvwatts,
        };
        // The dataset follows the technology unless the user typed another.
        if self.resource == default {
            self.resource = self.technology.default_resource().into();
        }
        if self.technology == Technology::Wind && self.year == "2019" {
            self.year = "2012".into();
        }
    }

    fn text_field(&mut self) -> Option<&mut String> {
        Some(match self.field {
            Field::Dir => &mut self.dir,
            Field::Year => &mut self.year,
            Field::Sites => &mut self.sites,
            Field::Resource => &mut self.resource,
            Field::Sam => &mut self.sam,
            Field::Queue => &mut self.queue,
            Field::Nodes => &mut self.nodes,
            Field::Workers => &mut self.workers,
            Field::Walltime => &mut self.walltime,
            Field::From => &mut self.from,
            Field::Technology | Field::Whole | Field::Submit => return None,
        })
    }

    /// The form as reV's project, or what is wrong with it (and the field to fix).
    pub fn request(&self) -> Result<StartRequest, (Field, String)> {
        let number = |field: Field, text: &str, what: &str| {
            text.trim()
                .parse::<u32>()
                .map_err(|_| (field, format!("{what} is a whole number")))
        };
        let sites = match self.sites.trim().strip_prefix("box") {
            Some(rest) => {
                let values: Result<Vec<f64>, _> = rest
                    .split([' ', ','])
                    .filter(|v| !v.is_empty())
                    .map(str::parse)
                    .collect();
                values
                    .map_err(|_| "a box is: box LAT_MIN LON_MIN LAT_MAX LON_MAX".to_string())
                    .and_then(|v| Sites::bbox(&v))
            }
            None => Sites::parse_gids(&self.sites),
        }
        .map_err(|why| (Field::Sites, why))?;
        let mut sam = self.technology.default_sam();
        for setting in self.sam.split_whitespace() {
            set_sam(&mut sam, setting, false).map_err(|why| (Field::Sam, why))?;
        }
        let walltime = match self.walltime.trim() {
            "" => None,
            text => Some(text.parse::<f64>().map_err(|_| {
                (
                    Field::Walltime,
                    "the walltime is hours (e.g. 2 or 1.5), or empty for none".to_string(),
                )
            })?),
        };
        let from = self.from.trim();
        let source = if from.is_empty() {
            Source::Pypi
        } else if from.starts_with("http://") || from.starts_with("https://") {
            Source::IndexUrl(from.to_string())
        } else {
            Source::Wheelhouse(from.into())
        };
        let form = ProjectForm {
            dir: self.dir.trim().to_string(),
            technology: self.technology,
            year: number(Field::Year, &self.year, "the year")?,
            resource_file: self.resource.trim().to_string(),
            sites,
            sam,
            execution: Execution {
                nodes: number(Field::Nodes, &self.nodes, "the node count")?,
                max_workers: number(Field::Workers, &self.workers, "the worker count")?,
                sites_per_worker: self.sites_per_worker,
                memory_utilization_limit: self.memory_utilization_limit,
                walltime,
                partition: Some(self.queue.trim().to_string()).filter(|q| !q.is_empty()),
                exclusive: self.whole_nodes,
            },
            venv: DEFAULT_VENV.into(),
            estimate: self.estimate.clone(),
        };
        // The node count against a list is checked here; a box's once counted.
        let mut checked = form.clone();
        if checked.sites.count().is_none() {
            checked.execution.nodes = 1;
        }
        checked.check().map_err(|why| {
            let field = if why.contains("director") {
                Field::Dir
            } else if why.contains("resource") {
                Field::Resource
            } else if why.contains("years") {
                Field::Year
            } else if why.contains("walltime") {
                Field::Walltime
            } else if why.contains("queue") {
                Field::Queue
            } else {
                Field::Nodes
            };
            (field, why)
        })?;
        Ok(StartRequest {
            form,
            source,
            nodes_asked: self.nodes.trim() != self.nodes_default,
            submit: self.submit,
        })
    }

    fn go(&mut self, target: Option<&SshTarget>) -> Outcome {
        if target.is_none() {
            self.error = Some("No running head node to reach yet: wait for a refresh.".into());
            return Outcome::Nothing;
        }
        match self.request() {
            Ok(request) => {
                self.stage = Stage::Running {
                    lines: vec![],
                    fraction: None,
                };
                Outcome::Start(Box::new(request))
            }
            Err((field, why)) => {
                self.field = field;
                self.error = Some(why);
                Outcome::Nothing
            }
        }
    }

    pub fn progress(&mut self, line: String, fraction: Option<f64>) {
        if let Stage::Running {
            lines,
            fraction: bar,
        } = &mut self.stage
        {
            // A bar's line replaces the previous one of the same bar.
            if fraction.is_some() && bar.is_some() {
                lines.pop();
            }
            lines.push(line);
            *bar = fraction;
        }
    }

    pub fn finished(&mut self, result: Result<Started, String>) {
        self.stage = match result {
            Ok(started) => Stage::Done(Box::new(started)),
            Err(why) => Stage::Failed(why),
        };
    }
}

/// The command that starts a run for the dashboard's cluster.
pub fn command(name: &str, region: &str, target: &SshTarget, request: StartRequest) -> Command {
    Command::StartRev {
        name: name.to_string(),
        region: region.to_string(),
        target: target.clone(),
        request: Box::new(request),
    }
}

impl super::state::DashboardUi {
    /// `n` on the reV tab.
    pub fn open_rev_run(&mut self) {
        let nodes = self.nodes.value.as_deref().unwrap_or(&[]);
        self.rev_run = Some(RevRunUi::new(
            &self.name,
            self.rev_dir.as_deref(),
            nodes,
            self.rev_sizing.as_ref(),
        ));
    }

    pub(super) fn on_rev_run_key(&mut self, code: KeyCode) -> Vec<Command> {
        let Some(run) = &mut self.rev_run else {
            return vec![];
        };
        match run.on_key(code, self.ssh_target.as_ref()) {
            Outcome::Nothing => vec![],
            Outcome::Close => {
                self.rev_run = None;
                vec![]
            }
            Outcome::Start(request) => {
                let Some(target) = &self.ssh_target else {
                    return vec![];
                };
                vec![command(&self.name, &self.region, target, *request)]
            }
        }
    }

    pub fn rev_run_progress(&mut self, line: String, fraction: Option<f64>) {
        if let Some(run) = &mut self.rev_run {
            run.progress(line, fraction);
        }
    }

    /// The run started: the tab reads its project from now on (and remembers it).
    pub fn rev_run_done(&mut self, result: Result<Started, String>) -> Vec<Command> {
        let mut commands = vec![];
        if let Ok(started) = &result {
            let dir = started.written.form.dir.clone();
            if self.rev_dir.as_deref() != Some(dir.as_str()) {
                self.rev_dir = Some(dir.clone());
                self.rev = Default::default();
                commands.push(Command::RememberRevDir {
                    name: self.name.clone(),
                    region: self.region.clone(),
                    dir,
                });
            }
            commands.extend(self.refresh_now());
        }
        if let Some(run) = &mut self.rev_run {
            run.finished(result);
        }
        commands
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(ui: &mut RevRunUi, field: Field, text: &str) {
        ui.field = field;
        ui.text_field().unwrap().clear();
        for c in text.chars() {
            ui.on_key(KeyCode::Char(c), None);
        }
    }

    #[test]
    fn a_box_or_a_list_with_sam_changes_makes_the_request() {
        let mut ui = RevRunUi::new("rev", None, &[], None);
        assert_eq!(ui.dir, "~/rev_runs/rev-1");
        typed(&mut ui, Field::Sites, "box -7 -56.23 -6.85 -56");
        typed(&mut ui, Field::Sam, "system_capacity=50000 tilt=20");
        typed(&mut ui, Field::Walltime, "1.5");
        typed(&mut ui, Field::From, "/home/me/wheels");
        let request = ui.request().unwrap();
        assert!(matches!(request.form.sites, Sites::Bbox { .. }));
        assert_eq!(request.form.sam["system_capacity"], 50000);
        assert_eq!(request.form.execution.walltime, Some(1.5));
        assert_eq!(request.source, Source::Wheelhouse("/home/me/wheels".into()));
        assert!(request.submit && !request.nodes_asked);
        typed(&mut ui, Field::From, "https://pypi.lab.org/simple");
        assert!(matches!(ui.request().unwrap().source, Source::IndexUrl(_)));
    }

    #[test]
    fn what_is_wrong_is_said_at_its_field_and_nothing_starts() {
        let target = SshTarget {
            user: "ubuntu".into(),
            host: "203.0.113.7".into(),
            key: None,
            key_pair: None,
            config: None,
            control_dir: "/tmp/pcwiz-1000".into(),
            host_key: crate::remote::HostKeyCheck {
                alias: "i-0head".into(),
                known_hosts: "/tmp/known_hosts".into(),
                cluster: "rev".into(),
            },
        };
        let mut ui = RevRunUi::new("rev", Some("~/runs/co"), &[], None);
        assert_eq!(ui.on_key(Enter, Some(&target)), Outcome::Nothing);
        assert_eq!(ui.field, Field::Sites);
        assert!(ui.error.as_deref().unwrap().contains("no sites"));
        typed(&mut ui, Field::Sites, "0-9");
        typed(&mut ui, Field::Sam, "sytem_capacity=1");
        assert_eq!(ui.on_key(Enter, Some(&target)), Outcome::Nothing);
        assert_eq!(ui.field, Field::Sam);
        typed(&mut ui, Field::Sam, "");
        typed(&mut ui, Field::Nodes, "20");
        assert_eq!(ui.on_key(Enter, Some(&target)), Outcome::Nothing);
        assert!(
            ui.error.as_deref().unwrap().contains("10 or fewer"),
            "{:?}",
            ui.error
        );
        typed(&mut ui, Field::Nodes, "2");
        let Outcome::Start(request) = ui.on_key(Enter, Some(&target)) else {
            panic!("{:?}", ui.error)
        };
        assert!(request.nodes_asked);
        assert!(matches!(ui.stage, Stage::Running { .. }));
    }

    #[test]
    fn the_sizings_pick_fills_the_execution_and_rides_along_as_the_estimate() {
        let sizing = (
            Execution {
                nodes: 4,
                max_workers: 44,
                sites_per_worker: Some(50),
                memory_utilization_limit: 0.8,
                walltime: Some(3.0),
                partition: None,
                exclusive: false,
            },
            Some(Estimate {
                instance_type: "c6a.12xlarge".into(),
                nodes: 4,
                hours: 1.6,
                usd: Some(11.75),
            }),
        );
        let mut ui = RevRunUi::new("rev", None, &[], Some(&sizing));
        assert_eq!(
            (ui.nodes.as_str(), ui.workers.as_str(), ui.walltime.as_str()),
            ("4", "44", "3")
        );
        assert!(!ui.whole_nodes);
        typed(&mut ui, Field::Sites, "0-99");
        let request = ui.request().unwrap();
        assert_eq!(request.form.execution.sites_per_worker, Some(50));
        assert_eq!(request.form.execution.memory_utilization_limit, 0.8);
        assert_eq!(request.form.estimate.unwrap().hours, 1.6);
        assert!(
            !request.nodes_asked,
            "the pick's node count is not the user's"
        );
    }

    #[test]
    fn the_dataset_follows_the_technology_unless_typed() {
        let mut ui = RevRunUi::new("rev", None, &[], None);
        ui.field = Field::Technology;
        ui.on_key(Right, None);
        assert_eq!(ui.technology, Technology::Wind);
        assert_eq!(ui.resource, "/nrel/wtk/conus/wtk_conus_{}.h5");
        assert_eq!(ui.year, "2012", "WTK CONUS has 2007-2013");
        typed(&mut ui, Field::Resource, "/data/mine_{}.h5");
        ui.field = Field::Technology;
        ui.on_key(Right, None);
        assert_eq!(ui.resource, "/data/mine_{}.h5");
    }
}
