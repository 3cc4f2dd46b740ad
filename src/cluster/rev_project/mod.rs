//! A reV project from a form, as the files reV reads: `config_gen.json` (generation: the
//! technology, the sites, the SAM file, `resource_file` on HSDS, `execution_control` for the
//! cluster's queue), `config_pipeline.json` (generation, then collect when the sites are
//! split over several node jobs), `config_collect.json`, the SAM file started from
//! `assets/rev/` with the user's changes, and `project_points.csv` for a list of sites.
//! Pure; `rev/project.rs` puts them on the cluster (backing up what differs).
//!
//! The keys are NREL-gaps 0.8.11's and reV 0.14.5's, as run here through Slurm and HSDS
//! (/work/notes/issue21-rev.md): `option: awspc` (gaps' ParallelCluster, Slurm underneath),
//! `allocation` and `walltime` required (null leaves the #SBATCH line out), the queue and
//! `--exclusive` in `feature`, and `sh_script` run in each job's batch script before reV:
//! it activates the venv and starts the node's HSDS, and a failed start ends the job at
//! once instead of reV failing later with HSDS's generic "not a valid file path". Every
//! relative path starts with `./`, which gaps resolves against the config's directory;
//! a string that merely contains `./` gaps would resolve against the cwd, so none does.

mod sites;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

pub use sites::Sites;

use super::hsds_files::{ExecutionControl, execution_control};

const SAM_PVWATTS: &str = include_str!("../../../assets/rev/sam_pvwattsv8.json");
const SAM_WIND: &str = include_str!("../../../assets/rev/sam_windpower.json");

/// Where pcwiz keeps what it knows of a project it wrote (the form, the sizing's estimate),
/// inside the project directory.
pub const NOTE_FILE: &str = ".pcwiz/project.json";
pub const POINTS_FILE: &str = "project_points.csv";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Technology {
    /// PVWatts v8 on the NSRDB (solar).
    Pvwatts,
    /// Windpower on the WIND Toolkit.
    Wind,
}

impl Technology {
    pub const ALL: [Technology; 2] = [Technology::Pvwatts, Technology::Wind];

    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "pvwatts" | "pvwattsv8" | "solar" => Ok(Technology::Pvwatts),
            "wind" | "windpower" => Ok(Technology::Wind),
            other => Err(format!(
                "{other:?} is not a technology pcwiz writes: pvwatts (solar, NSRDB) or wind (WIND Toolkit)"
            )),
        }
    }

    /// reV's name for it (`technology` in config_gen.json).
    pub fn rev_name(self) -> &'static str {
        match self {
            Technology::Pvwatts => "pvwattsv8",
            Technology::Wind => "windpower",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Technology::Pvwatts => "PVWatts solar (NSRDB)",
            Technology::Wind => "wind (WIND Toolkit)",
        }
    }

    /// NREL's dataset on HSDS for it, `{}` for the year (as in `hsds_files::DATASETS`).
    pub fn default_resource(self) -> &'static str {
        match self {
            Technology::Pvwatts => "/nrel/nsrdb/v3/nsrdb_{}.h5",
            Technology::Wind => "/nrel/wtk/conus/wtk_conus_{}.h5",
        }
    }

    /// The years NREL's dataset holds (NSRDB v3 1998-2022, WTK CONUS 2007-2013).
    pub fn default_years(self) -> std::ops::RangeInclusive<u32> {
        match self {
            Technology::Pvwatts => 1998..=2022,
            Technology::Wind => 2007..=2013,
        }
    }

    pub fn sam_file(self) -> &'static str {
        match self {
            Technology::Pvwatts => "sam_pvwattsv8.json",
            Technology::Wind => "sam_windpower.json",
        }
    }

    /// The SAM settings a new project starts from (`assets/rev/README.md` says whence).
    pub fn default_sam(self) -> Map<String, Value> {
        let text = match self {
            Technology::Pvwatts => SAM_PVWATTS,
            Technology::Wind => SAM_WIND,
        };
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn outputs(self) -> Vec<&'static str> {
        vec!["cf_mean", "cf_profile"]
    }
}

/// `KEY=VALUE` over the SAM defaults: VALUE as JSON when it is (numbers, lists), else text.
/// Only keys the defaults have, unless `force`: a misspelt key would be silently ignored
/// by SAM.
pub fn set_sam(sam: &mut Map<String, Value>, setting: &str, force: bool) -> Result<(), String> {
    let (key, value) = setting
        .split_once('=')
        .ok_or_else(|| format!("{setting:?} is not KEY=VALUE"))?;
    let key = key.trim();
    if !force && !sam.contains_key(key) {
        let known: Vec<&str> = sam.keys().map(String::as_str).collect();
        return Err(format!(
            "{key:?} is not one of this SAM file's settings ({}); check SAM's name for it",
            known.join(", ")
        ));
    }
    let value = serde_json::from_str(value.trim()).unwrap_or(Value::String(value.into()));
    sam.insert(key.to_string(), value);
    Ok(())
}

/// How the jobs run on the cluster: from the queue, the sizing's pick, or the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Execution {
    /// Node jobs the sites are split over.
    pub nodes: u32,
    pub max_workers: u32,
    pub sites_per_worker: Option<u32>,
    pub memory_utilization_limit: f64,
    /// Hours; None: no Slurm time limit.
    pub walltime: Option<f64>,
    pub partition: Option<String>,
    /// `--exclusive`: the queue shares nodes between jobs otherwise.
    pub exclusive: bool,
}

/// What the sizing assistant estimated for the pick (shown against the run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub instance_type: String,
    pub nodes: u32,
    pub hours: f64,
    pub usd: Option<f64>,
}

/// The pick of a `pcwiz size --json` answer: its execution_control and its estimate.
pub fn from_sizing(answer: &Value) -> Result<(Execution, Option<Estimate>), String> {
    let pick = answer.get("pick").filter(|p| !p.is_null()).ok_or(
        "the sizing answer has no pick (nothing fitted, or not `pcwiz size --json` output)",
    )?;
    let control = &pick["execution_control"];
    let number = |v: &Value| v.as_f64();
    let nodes = control["nodes"]
        .as_u64()
        .ok_or("the sizing pick has no execution_control.nodes")? as u32;
    let execution = Execution {
        nodes,
        max_workers: control["max_workers"].as_u64().unwrap_or(1) as u32,
        sites_per_worker: control["sites_per_worker"].as_u64().map(|s| s as u32),
        memory_utilization_limit: number(&control["memory_utilization_limit"]).unwrap_or(0.7),
        walltime: number(&control["walltime"]),
        partition: None,
        exclusive: control["feature"]
            .as_str()
            .is_some_and(|f| f.contains("--exclusive")),
    };
    let instance_type = pick["instance_type"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let estimate = answer["candidates"]
        .as_array()
        .and_then(|c| {
            c.iter()
                .find(|c| c["instance_type"] == instance_type.as_str())
        })
        .and_then(|c| {
            Some(Estimate {
                instance_type: instance_type.clone(),
                nodes,
                hours: c["hours"].as_f64()?,
                usd: c["usd"].as_f64(),
            })
        });
    Ok((execution, estimate))
}

/// The same from the sizing assistant's pick on screen, with its plan's hours and cost.
pub fn from_pick(
    pick: &super::sizing::Pick,
    hours: Option<f64>,
    usd: Option<f64>,
) -> (Execution, Option<Estimate>) {
    let control = &pick.execution_control;
    let execution = Execution {
        nodes: control.nodes,
        max_workers: control.max_workers,
        sites_per_worker: control.sites_per_worker,
        memory_utilization_limit: control.memory_utilization_limit,
        walltime: control.walltime,
        partition: None,
        exclusive: control
            .feature
            .as_deref()
            .is_some_and(|f| f.contains("--exclusive")),
    };
    let estimate = hours.map(|hours| Estimate {
        instance_type: pick.instance_type.clone(),
        nodes: control.nodes,
        hours,
        usd,
    });
    (execution, estimate)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectForm {
    /// The project directory on the cluster (`~/` allowed): the job names are its name.
    pub dir: String,
    pub technology: Technology,
    pub year: u32,
    /// On HSDS, `{}` for the year.
    pub resource_file: String,
    pub sites: Sites,
    /// The whole SAM file: defaults with the user's changes.
    pub sam: Map<String, Value>,
    pub execution: Execution,
    /// reV's venv on the cluster, activated in each job.
    pub venv: String,
    pub estimate: Option<Estimate>,
}

impl ProjectForm {
    /// Everything that would make reV or gaps fail later, said now.
    pub fn check(&self) -> Result<(), String> {
        let dir = self.dir.trim_end_matches('/');
        let name = dir.rsplit('/').next().unwrap_or(dir);
        if dir.is_empty() || name.is_empty() || name == "~" || name == "." || name == ".." {
            return Err(
                "the project needs a directory of its own, e.g. ~/rev_runs/colorado".into(),
            );
        }
        for (what, text) in [("directory", dir), ("venv", self.venv.as_str())] {
            if text.contains("./") {
                return Err(format!(
                    "write the {what} without ./ or ../ ({text}): gaps would resolve it against the wrong directory"
                ));
            }
            if text
                .chars()
                .any(|c| c.is_whitespace() || "'\"$`\\;&|<>(){}*?".contains(c))
            {
                return Err(format!(
                    "the {what} {text:?} has a space or a shell character: jobs run it in a batch script"
                ));
            }
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
        {
            return Err(format!(
                "the directory's name {name:?} names every job: letters, digits, - and _ only"
            ));
        }
        if !self.resource_file.starts_with('/') {
            return Err(format!(
                "the resource {:?} is a path on HSDS, starting with / (e.g. {})",
                self.resource_file,
                self.technology.default_resource()
            ));
        }
        if self.resource_file == self.technology.default_resource()
            && !self.technology.default_years().contains(&self.year)
        {
            let years = self.technology.default_years();
            return Err(format!(
                "NREL's {} has the years {}-{}, not {}",
                self.technology.label(),
                years.start(),
                years.end(),
                self.year
            ));
        }
        self.sites.check()?;
        let e = &self.execution;
        if e.nodes == 0 || e.max_workers == 0 {
            return Err("reV needs at least 1 node and 1 worker per node".into());
        }
        if let Some(count) = self.sites.count()
            && (e.nodes as usize) > count
        {
            return Err(format!(
                "{} nodes for {count} sites: a node would have nothing to do; use {count} or fewer",
                e.nodes
            ));
        }
        if e.walltime
            .is_some_and(|h| h <= 0.0 || (h * 60.0).fract() != 0.0)
        {
            return Err("the walltime is in hours, a whole number of minutes (1.5, 0.25)".into());
        }
        if !(0.1..=0.95).contains(&e.memory_utilization_limit) {
            return Err(
                "memory_utilization_limit is a fraction of the node's memory, 0.1 to 0.95".into(),
            );
        }
        if let Some(q) = &e.partition
            && !q
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!("{q:?} is not a Slurm queue name"));
        }
        Ok(())
    }

    /// The project directory's name: gaps names every job after it.
    pub fn name(&self) -> &str {
        let dir = self.dir.trim_end_matches('/');
        dir.rsplit('/').next().unwrap_or(dir)
    }

    /// Node jobs per year: as many as nodes (gaps splits the sites evenly).
    pub fn jobs(&self) -> u32 {
        self.execution.nodes
    }

    /// `source VENV/bin/activate && bash ~/start_hsds.sh || exit 1`.
    pub fn sh_script(&self) -> String {
        format!(
            "source {}/bin/activate && bash ~/start_hsds.sh || exit 1",
            self.venv.trim_end_matches('/')
        )
    }

    fn feature(&self) -> Option<String> {
        let mut flags = vec![];
        if self.execution.exclusive {
            flags.push("--exclusive".to_string());
        }
        if let Some(q) = &self.execution.partition {
            flags.push(format!("--partition={q}"));
        }
        (!flags.is_empty()).then(|| flags.join(" "))
    }

    pub fn execution_control(&self) -> ExecutionControl {
        let e = &self.execution;
        let mut control = execution_control(e.nodes, e.max_workers, false);
        control.walltime = e.walltime;
        control.sites_per_worker = e.sites_per_worker;
        control.memory_utilization_limit = e.memory_utilization_limit;
        control.feature = self.feature();
        control.sh_script = self.sh_script();
        control
    }

    fn config_gen(&self) -> Value {
        let mut config = json!({
            "execution_control": self.execution_control(),
            "log_directory": "./logs",
            "log_level": "INFO",
            "technology": self.technology.rev_name(),
            "project_points": format!("./{POINTS_FILE}"),
            "sam_files": {"default": format!("./{}", self.technology.sam_file())},
            "resource_file": self.resource_file,
            "output_request": self.technology.outputs(),
        });
        // `{}` is filled per analysis year; a path without one is the file itself.
        if self.resource_file.contains("{}") {
            config["analysis_years"] = json!([self.year]);
        }
        config
    }

    /// Collect runs as a Slurm job too (without an execution_control it would run on the
    /// head node, in the pipeline monitor).
    fn config_collect(&self) -> Value {
        let mut control = json!({
            "option": "awspc",
            "allocation": null,
            "walltime": self.execution.walltime,
            "sh_script": format!("source {}/bin/activate", self.venv.trim_end_matches('/')),
        });
        if let Some(feature) = self.feature() {
            control["feature"] = json!(feature);
        }
        json!({
            "execution_control": control,
            "log_directory": "./logs",
            "collect_pattern": "PIPELINE",
            "project_points": format!("./{POINTS_FILE}"),
        })
    }

    fn config_pipeline(&self) -> Value {
        let mut steps = vec![json!({"generation": "./config_gen.json"})];
        if self.execution.nodes > 1 {
            steps.push(json!({"collect": "./config_collect.json"}));
        }
        json!({"pipeline": steps, "logging": {"log_file": null, "log_level": "INFO"}})
    }

    /// The files, by name in the project directory. `project_points.csv` only for a list;
    /// a box's is written on the cluster from the resource's coordinates.
    pub fn files(&self) -> Vec<(&'static str, String)> {
        let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default() + "\n";
        let mut files = vec![
            ("config_gen.json", pretty(&self.config_gen())),
            ("config_pipeline.json", pretty(&self.config_pipeline())),
            (
                self.technology.sam_file(),
                pretty(&Value::Object(self.sam.clone())),
            ),
        ];
        if self.execution.nodes > 1 {
            files.push(("config_collect.json", pretty(&self.config_collect())));
        }
        if let Some(points) = self.sites.project_points() {
            files.push((POINTS_FILE, points));
        }
        files.push((NOTE_FILE, pretty(&json!(self))));
        files
    }
}

/// What pcwiz wrote a project from, read back from its `NOTE_FILE` (None when the project
/// was not written by pcwiz, or the note is damaged).
pub fn read_note(text: &str) -> Option<ProjectForm> {
    serde_json::from_str(text).ok()
}

#[cfg(test)]
mod tests;
