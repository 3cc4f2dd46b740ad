//! A reV pipeline's progress, read from the GAPs status files reV leaves in its project
//! directory. Pure: the probe reads the files on the head node, this turns their text into
//! steps and jobs for the dashboard's reV tab.
//!
//! reV runs its pipelines with NREL's `gaps` package, so the format is gaps'. Everything below
//! was read from the source of NREL-gaps 0.8.11 (PyPI), not guessed; the fixtures under
//! `tests/fixtures/rev/` were written by that version's own API (tests/harness/rev_status_files.py).
//!
//! # Files (all in `<project dir>/.gaps/`, `Status.HIDDEN_SUB_DIR`, gaps/status.py)
//! - `<project dir name>_status.json` (`Status.NAMED_STATUS_FILE`): the collected status,
//!   `{step: {"pipeline_index": i, job_name: {field: value}}, "monitor_pid": pid}`.
//!   `Pipeline._init_status` (gaps/pipeline.py) writes each step's `pipeline_index`; the
//!   kick-off writes each job as "submitted" with its job id, hardware, qos, submit time and
//!   stdout log paths (`Status.mark_job_as_submitted`, called from gaps/cli/execution.py).
//! - `jobstatus_<job name>.json` (`Status.JOB_STATUS_FILE`): one job's state, written by the
//!   compute node itself (`Status.make_single_job_file` via `StatusUpdates`): `{step: {job:
//!   attrs}}` with "running" and `time_start` on entry, then "successful"/"failed" with
//!   `time_end`, `total_runtime` ("H:MM:SS") and `runtime_seconds` on exit.
//! - `monitor_pid.json` (`Status.MONITOR_PID_FILE`, `Status.record_monitor_pid`):
//!   `{"monitor_pid": pid}` of the `reV pipeline` process watching the run.
//! - `<project dir name>_status_backup.json`: exists only while `Status.dump` rewrites the
//!   collected file (copy, rewrite, delete). gaps never reads it; we use it only when the
//!   collected file is unreadable, i.e. caught mid-rewrite.
//!
//! The pipeline monitor periodically folds the job files and monitor_pid.json into the
//! collected file and deletes them (`Status.update_from_all_job_files(purge=True)`), so a
//! job's latest state is in its job file if one exists, else in the collected file.
//!
//! # How they combine (mirrors `Status.update_from_all_job_files`)
//! Start from the collected file; deep-merge every job file into it with
//! `recursively_update_dict` (gaps/utilities.py: nested objects merge key by key, anything
//! else replaces), so a job file overrides the fields it has and keeps the rest (job id and
//! hardware from submission, status and times from the node); then shallow-update with
//! monitor_pid.json. gaps globs job files in directory order; we take them sorted by path.
//!
//! # Fields read (`StatusField`, gaps/status.py)
//! `pipeline_index` (step order; steps without one sort first, as `_dump_sorted` does),
//! `job_status` (a `StatusOption` value: "not submitted", "submitted", "running",
//! "successful", "failed", "complete"; matched case-insensitively like gaps'
//! `CaseInsensitiveEnum`; missing means "not submitted", as `Status.as_df` fills it),
//! `job_id`, `hardware` (a `HardwareOption` value, "awspc" on ParallelCluster),
//! `time_submitted`, `time_start`, `time_end` (`DT_FMT` "%d-%b-%Y %H:%M:%S", the node's local
//! time, no zone), `runtime_seconds` (float; `total_runtime` is the same as text, so unused),
//! `stdout_log`, `stdout_err_log`, and top-level `monitor_pid`. Other job keys are the run's
//! own arguments (e.g. "tech") and are ignored.
//!
//! Not done here, because it needs the outside world: `gaps status` also asks Slurm about
//! jobs still "submitted"/"running" and shows them "failed" when the queue no longer has
//! them (`Status._update_job_status_from_hardware`); `RevPipeline::fail_jobs_missing_from_queue`
//! does that given the probe's list of queued job ids. Pre-gaps reV releases kept their status
//! files elsewhere and in another shape; they are not read.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// gaps' `DT_FMT` (gaps/status.py).
const GAPS_TIME_FORMAT: &str = "%d-%b-%Y %H:%M:%S";
const HIDDEN_DIR: &str = ".gaps";
const PIPELINE_INDEX: &str = "pipeline_index";
const MONITOR_PID: &str = "monitor_pid";

/// `StatusOption` values (gaps/status.py).
pub const NOT_SUBMITTED: &str = "not submitted";
pub const SUBMITTED: &str = "submitted";
pub const RUNNING: &str = "running";
pub const SUCCESSFUL: &str = "successful";
pub const FAILED: &str = "failed";
pub const COMPLETE: &str = "complete";
const KNOWN_STATUSES: [&str; 6] = [
    NOT_SUBMITTED,
    SUBMITTED,
    RUNNING,
    SUCCESSFUL,
    FAILED,
    COMPLETE,
];

/// One file the probe read from the reV project directory: its path relative to the project
/// dir (e.g. ".gaps/jobstatus_abc.json" or ".gaps/myproj_status.json") and its text (the
/// probe sends each job reduced to the fields read here, so thousands of jobs travel).
/// Deserialize: it arrives inside the probe's JSON report.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StatusFile {
    pub path: String,
    pub text: String,
    /// Why the head node could not read it or parse it (then `text` is empty).
    #[serde(default)]
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevPipeline {
    /// Ordered by gaps' pipeline index.
    pub steps: Vec<RevStep>,
    /// The `reV pipeline` monitor process on the head node, if it recorded one. It may have
    /// exited since; `gaps status` only shows it when the pid is still alive.
    pub monitor_pid: Option<u32>,
    /// Files skipped or oddities met, one line each, for the user; never fatal.
    pub problems: Vec<String>,
    /// The ends of failed jobs' Slurm stdout and stderr, by job name (the probe reads them).
    pub logs: BTreeMap<String, JobLogs>,
    /// Output files the jobs named, by path on the cluster, with their size in bytes when
    /// the file is there.
    pub outputs: BTreeMap<String, Option<u64>>,
    /// What pcwiz wrote the project from, when it did (`.pcwiz/project.json`).
    pub project: Option<super::rev_project::ProjectForm>,
}

/// The last lines of a job's Slurm stdout and stderr, where the reason it failed is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobLogs {
    pub stdout: Option<String>,
    pub stderr: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevStep {
    pub name: String,
    pub index: Option<u32>,
    /// Ordered by job name; gaps zero-pads the `_jN` tags, so this is submission order.
    pub jobs: Vec<RevJob>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevJob {
    pub name: String,
    /// gaps' value, lower case: successful, failed, running, submitted, not submitted,
    /// complete; anything else is kept as written (and noted in `problems`).
    pub status: String,
    pub job_id: Option<String>,
    pub hardware: Option<String>,
    /// Only for finished jobs; see `runtime_minutes_at` for a running one.
    pub runtime_minutes: Option<f64>,
    pub time_submitted: Option<String>,
    pub time_start: Option<String>,
    pub time_end: Option<String>,
    /// Slurm's stdout/stderr files, relative to the project dir (e.g. "./stdout/x_101.e").
    pub stdout_log: Option<String>,
    pub stdout_err_log: Option<String>,
    /// The file a successful job wrote (gaps' `out_file`), as the node named it.
    pub out_file: Option<String>,
}

impl RevStep {
    /// The step's state as gaps' pipeline reports it (`_check_jobs_submitted` and
    /// `_parse_code_array`, gaps/pipeline.py). Note gaps calls a step "failed" only once no
    /// job is still submitted or running: a failed job beside a running one gives "running"
    /// (gaps logs "…, but some jobs have failed"); use `any_failed` to flag that.
    pub fn step_status(&self) -> &'static str {
        if self.jobs.is_empty() {
            return NOT_SUBMITTED;
        }
        if self.jobs.iter().all(|j| j.status == SUCCESSFUL) {
            return SUCCESSFUL;
        }
        // gaps raises on a status it does not know; counting it as in progress keeps the
        // step from looking finished while something unexplained is going on.
        let in_progress = |j: &RevJob| {
            j.status == SUBMITTED
                || j.status == RUNNING
                || !KNOWN_STATUSES.contains(&j.status.as_str())
        };
        if !self.jobs.iter().any(in_progress) {
            return if self.any_failed() { FAILED } else { COMPLETE };
        }
        if self.jobs.iter().any(|j| j.status == SUBMITTED) {
            return SUBMITTED;
        }
        RUNNING
    }

    pub fn any_failed(&self) -> bool {
        self.jobs.iter().any(|j| j.status == FAILED)
    }
}

impl RevJob {
    /// Whether gaps would show this job's runtime as a live clock ("(r)" in `gaps status`):
    /// started, not ended, not failed (`_add_elapsed_time`, gaps/status.py).
    pub fn clock_running(&self) -> bool {
        self.time_start.is_some() && self.time_end.is_none() && self.status != FAILED
    }

    /// The runtime `gaps status` would show at `now`: time since start for a job whose clock
    /// is running, else the recorded runtime. `now` must be the cluster's local time, as the
    /// node stamped `time_start` without a zone (ParallelCluster nodes run in UTC).
    pub fn runtime_minutes_at(&self, now: NaiveDateTime) -> Option<f64> {
        if !self.clock_running() {
            return self.runtime_minutes;
        }
        let start =
            NaiveDateTime::parse_from_str(self.time_start.as_deref()?, GAPS_TIME_FORMAT).ok()?;
        Some((now - start).num_milliseconds() as f64 / 60_000.0)
    }
}

impl RevPipeline {
    /// The run has ended: no job is queued or running, and it either failed somewhere or
    /// every step succeeded (a step not yet submitted after successful ones is still to
    /// come: the monitor submits it).
    pub fn over(&self) -> bool {
        let jobs = || self.steps.iter().flat_map(|s| &s.jobs);
        let in_progress = jobs().any(|j| j.status == SUBMITTED || j.status == RUNNING);
        let failed = jobs().any(|j| j.status == FAILED);
        let all_done =
            !self.steps.is_empty() && self.steps.iter().all(|s| s.step_status() == SUCCESSFUL);
        !in_progress && (failed || all_done)
    }

    /// What `gaps status` does before printing: a job still "submitted" or "running" whose id
    /// the scheduler no longer lists died without writing its job file, so it is "failed".
    /// `queued_job_ids`: every job id in `squeue` for the user, whatever its state. Unlike
    /// gaps, jobs without an id (run locally on the head node) are left alone, as there is
    /// nothing to look up; gaps would call them failed.
    pub fn fail_jobs_missing_from_queue<S: AsRef<str>>(&mut self, queued_job_ids: &[S]) {
        let queued: HashSet<&str> = queued_job_ids.iter().map(AsRef::as_ref).collect();
        for job in self.steps.iter_mut().flat_map(|s| s.jobs.iter_mut()) {
            let processing = job.status == SUBMITTED || job.status == RUNNING;
            if let (true, Some(id)) = (processing, job.job_id.as_deref())
                && !queued.contains(id)
            {
                job.status = FAILED.to_string();
            }
        }
    }
}

/// How gaps uses a file, judged by its name (gaps/status.py's file name patterns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Collected,
    Backup,
    Job,
    MonitorPid,
}

fn kind_of(path: &str) -> Option<Kind> {
    let (dir, name) = match path.rsplit_once('/') {
        Some((dir, name)) => (Some(dir.rsplit('/').next().unwrap_or(dir)), name),
        None => (None, path),
    };
    // gaps reads only its hidden directory; anything else the probe swept up is not status.
    if dir.is_some_and(|d| d != HIDDEN_DIR) {
        return None;
    }
    if name == "monitor_pid.json" {
        Some(Kind::MonitorPid)
    } else if name.starts_with("jobstatus_") && name.ends_with(".json") {
        Some(Kind::Job)
    } else if name.ends_with("_status_backup.json") {
        Some(Kind::Backup)
    } else if name.ends_with("_status.json") {
        Some(Kind::Collected)
    } else {
        None
    }
}

fn read_object(file: &StatusFile) -> Result<Map<String, Value>, String> {
    if let Some(why) = &file.error {
        return Err(format!("{}: {why}; skipped", file.path));
    }
    match serde_json::from_str::<Value>(&file.text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(format!("{}: not a JSON object; skipped", file.path)),
        Err(e) => Err(format!("{}: not valid JSON ({e}); skipped", file.path)),
    }
}

/// gaps' `recursively_update_dict` (gaps/utilities.py).
fn merge(into: &mut Map<String, Value>, new: Map<String, Value>) {
    for (key, value) in new {
        match value {
            Value::Object(inner) => {
                let slot = into.entry(key).or_insert_with(|| Value::Object(Map::new()));
                if !slot.is_object() {
                    *slot = Value::Object(Map::new());
                }
                if let Value::Object(existing) = slot {
                    merge(existing, inner);
                }
            }
            other => {
                into.insert(key, other);
            }
        }
    }
}

/// Turn the status files of one project directory into its pipeline. Unreadable files are
/// skipped and listed in `problems`; it is an error only when there were status files and
/// not one of them could be read. No files gives an empty pipeline.
pub fn parse(files: &[StatusFile]) -> Result<RevPipeline, String> {
    let mut problems = Vec::new();
    let mut by_kind: BTreeMap<Kind, Vec<&StatusFile>> = BTreeMap::new();
    for file in files {
        if let Some(kind) = kind_of(&file.path) {
            by_kind.entry(kind).or_default().push(file);
        }
    }
    for list in by_kind.values_mut() {
        list.sort_by(|a, b| a.path.cmp(&b.path));
    }
    let of = |kind| by_kind.get(&kind).map(Vec::as_slice).unwrap_or_default();

    let mut data = Map::new();
    let mut read_any = false;
    let mut tried_any = false;

    let collected = of(Kind::Collected);
    if collected.len() > 1 {
        // Only `<dir name>_status.json` is gaps'; the others are leftovers, e.g. from a
        // renamed or copied project. Without the dir name we cannot tell which, so use all.
        let names: Vec<&str> = collected.iter().map(|f| f.path.as_str()).collect();
        problems.push(format!(
            "several main status files ({}); gaps reads only <project dir name>_status.json",
            names.join(", ")
        ));
    }
    for file in collected {
        tried_any = true;
        match read_object(file) {
            Ok(map) => {
                merge(&mut data, map);
                read_any = true;
            }
            Err(problem) => {
                let stem = file.path.strip_suffix(".json").unwrap_or(&file.path);
                let backup_path = format!("{stem}_backup.json");
                let backup = of(Kind::Backup).iter().find(|b| b.path == backup_path);
                match backup.map(|b| read_object(b)) {
                    Some(Ok(map)) => {
                        problems.push(format!(
                            "{problem}; showed {backup_path} instead (gaps was rewriting it?)"
                        ));
                        merge(&mut data, map);
                        read_any = true;
                    }
                    _ => problems.push(problem),
                }
            }
        }
    }
    for file in of(Kind::Job).iter().chain(of(Kind::MonitorPid)) {
        tried_any = true;
        match read_object(file) {
            Ok(map) if kind_of(&file.path) == Some(Kind::MonitorPid) => {
                // gaps: `self.data.update(monitor_pid_info)`, top level only.
                data.extend(map);
                read_any = true;
            }
            Ok(map) => {
                merge(&mut data, map);
                read_any = true;
            }
            Err(problem) => problems.push(problem),
        }
    }
    if tried_any && !read_any {
        return Err(format!(
            "no readable reV status file: {}",
            problems.join("; ")
        ));
    }

    let mut monitor_pid = None;
    let mut steps = Vec::new();
    for (key, value) in data {
        if key == MONITOR_PID {
            monitor_pid = value.as_u64().and_then(|p| u32::try_from(p).ok());
            continue;
        }
        // Steps are the top-level objects; gaps skips anything else the same way (`as_df`).
        if let Value::Object(step) = value {
            steps.push(read_step(key, step, &mut problems));
        }
    }
    // gaps' `_dump_sorted`: by pipeline index, steps without one first, then by name.
    steps.sort_by(|a, b| {
        let rank = |s: &RevStep| s.index.map_or(-1, i64::from);
        rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name))
    });
    Ok(RevPipeline {
        steps,
        monitor_pid,
        problems,
        logs: BTreeMap::new(),
        outputs: BTreeMap::new(),
        project: None,
    })
}

fn read_step(name: String, step: Map<String, Value>, problems: &mut Vec<String>) -> RevStep {
    let mut index = None;
    let mut jobs = Vec::new();
    for (key, value) in step {
        if key == PIPELINE_INDEX {
            index = value.as_u64().and_then(|i| u32::try_from(i).ok());
        } else if let Value::Object(attrs) = value {
            let job = read_job(key, &attrs);
            if !KNOWN_STATUSES.contains(&job.status.as_str()) {
                problems.push(format!(
                    "{name}/{}: job status {:?} is not one gaps knows",
                    job.name, job.status
                ));
            }
            jobs.push(job);
        }
    }
    jobs.sort_by(|a, b| a.name.cmp(&b.name));
    RevStep { name, index, jobs }
}

fn read_job(name: String, attrs: &Map<String, Value>) -> RevJob {
    let text = |key: &str| match attrs.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        // sbatch ids are strings in gaps, but a hand-run or older file may hold a number.
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let status = match text("job_status") {
        Some(s) => {
            let folded = s.trim().to_lowercase();
            if KNOWN_STATUSES.contains(&folded.as_str()) {
                folded
            } else {
                s
            }
        }
        None => NOT_SUBMITTED.to_string(),
    };
    RevJob {
        status,
        job_id: text("job_id"),
        hardware: text("hardware"),
        runtime_minutes: attrs
            .get("runtime_seconds")
            .and_then(Value::as_f64)
            .map(|s| s / 60.0),
        time_submitted: text("time_submitted"),
        time_start: text("time_start"),
        time_end: text("time_end"),
        stdout_log: text("stdout_log"),
        stdout_err_log: text("stdout_err_log"),
        out_file: text("out_file"),
        name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! fixture {
        ($case:literal, $name:literal) => {
            StatusFile {
                path: concat!(".gaps/", $name).to_string(),
                text: include_str!(concat!(
                    "../../tests/fixtures/rev/",
                    $case,
                    "/rev_conus/.gaps/",
                    $name
                ))
                .to_string(),
                error: None,
            }
        };
    }

    /// Jobs not yet folded in by the monitor: their state is only in the job files.
    fn uncollected() -> Vec<StatusFile> {
        vec![
            fixture!("uncollected", "rev_conus_status.json"),
            fixture!("uncollected", "jobstatus_rev_conus_generation_j0.json"),
            fixture!("uncollected", "jobstatus_rev_conus_generation_j1.json"),
            fixture!("uncollected", "jobstatus_rev_conus_collect.json"),
            fixture!("uncollected", "monitor_pid.json"),
        ]
    }

    fn collected() -> Vec<StatusFile> {
        vec![fixture!("collected", "rev_conus_status.json")]
    }

    /// Collected while generation_j1 ran; it has since finished and written a job file.
    fn mixed() -> Vec<StatusFile> {
        vec![
            fixture!("mixed", "rev_conus_status.json"),
            fixture!("mixed", "jobstatus_rev_conus_generation_j1.json"),
        ]
    }

    fn step<'a>(p: &'a RevPipeline, name: &str) -> &'a RevStep {
        p.steps.iter().find(|s| s.name == name).unwrap()
    }

    fn statuses(s: &RevStep) -> Vec<(&str, &str)> {
        s.jobs
            .iter()
            .map(|j| (j.name.as_str(), j.status.as_str()))
            .collect()
    }

    #[test]
    fn steps_come_in_pipeline_order_with_their_jobs() {
        let p = parse(&uncollected()).unwrap();
        let names: Vec<_> = p.steps.iter().map(|s| (s.name.as_str(), s.index)).collect();
        assert_eq!(
            names,
            [
                ("generation", Some(0)),
                ("collect", Some(1)),
                ("multi-year", Some(2))
            ]
        );
        assert_eq!(
            statuses(&p.steps[0]),
            [
                ("rev_conus_generation_j0", "successful"),
                ("rev_conus_generation_j1", "running")
            ]
        );
        assert_eq!(statuses(&p.steps[1]), [("rev_conus_collect", "failed")]);
        assert!(p.steps[2].jobs.is_empty());
        assert_eq!(p.monitor_pid, Some(4242));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
    }

    #[test]
    fn job_files_add_node_state_to_what_submission_recorded() {
        let p = parse(&uncollected()).unwrap();
        let done = &step(&p, "generation").jobs[0];
        assert_eq!(done.job_id.as_deref(), Some("101"));
        assert_eq!(done.hardware.as_deref(), Some("awspc"));
        assert_eq!(done.runtime_minutes, Some(90.5));
        assert_eq!(done.time_submitted.as_deref(), Some("03-Jun-2024 09:00:00"));
        assert_eq!(done.time_start.as_deref(), Some("03-Jun-2024 09:01:10"));
        assert_eq!(done.time_end.as_deref(), Some("03-Jun-2024 10:31:40"));

        let failed = &step(&p, "collect").jobs[0];
        assert_eq!(failed.runtime_minutes, Some(0.75));
        assert_eq!(
            failed.stdout_err_log.as_deref(),
            Some("./stdout/rev_conus_collect_103.e")
        );

        let running = &step(&p, "generation").jobs[1];
        assert_eq!(running.runtime_minutes, None);
        assert!(running.clock_running());
        let now = NaiveDateTime::parse_from_str("03-Jun-2024 09:32:30", GAPS_TIME_FORMAT).unwrap();
        assert_eq!(running.runtime_minutes_at(now), Some(30.5));
        assert_eq!(done.runtime_minutes_at(now), Some(90.5));
    }

    #[test]
    fn collecting_changes_nothing_the_user_sees() {
        // gaps' own collection of the uncollected project produced the collected fixture.
        assert_eq!(parse(&uncollected()).unwrap(), parse(&collected()).unwrap());
    }

    #[test]
    fn a_newer_job_file_overrides_the_collected_entry() {
        let p = parse(&mixed()).unwrap();
        let j1 = &step(&p, "generation").jobs[1];
        assert_eq!(j1.status, "successful");
        assert_eq!(j1.runtime_minutes, Some(120.0));
        assert_eq!(
            j1.job_id.as_deref(),
            Some("102"),
            "kept from the collected file"
        );
        assert_eq!(step(&p, "generation").step_status(), "successful");
    }

    #[test]
    fn step_summary_follows_gaps_pipeline() {
        let p = parse(&uncollected()).unwrap();
        let summary: Vec<_> = p
            .steps
            .iter()
            .map(|s| (s.step_status(), s.any_failed()))
            .collect();
        assert_eq!(
            summary,
            [
                ("running", false),
                ("failed", true),
                ("not submitted", false)
            ]
        );

        let with = |list: &[&str]| RevStep {
            name: "s".into(),
            index: None,
            jobs: list
                .iter()
                .map(|st| RevJob {
                    status: st.to_string(),
                    ..p.steps[0].jobs[0].clone()
                })
                .collect(),
        };
        assert_eq!(with(&["failed", "running"]).step_status(), "running");
        assert_eq!(with(&["running", "submitted"]).step_status(), "submitted");
        assert_eq!(
            with(&["successful", "not submitted"]).step_status(),
            "complete"
        );
        assert_eq!(with(&["successful", "failed"]).step_status(), "failed");
    }

    #[test]
    fn a_corrupt_file_is_reported_and_the_rest_still_shown() {
        let mut files = uncollected();
        let j0 = &mut files[1];
        j0.text.truncate(j0.text.len() / 2); // caught mid-write by the node
        let p = parse(&files).unwrap();
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        assert!(
            p.problems[0]
                .starts_with(".gaps/jobstatus_rev_conus_generation_j0.json: not valid JSON")
        );
        // Without its job file, j0 is what submission recorded.
        assert_eq!(
            statuses(step(&p, "generation")),
            [
                ("rev_conus_generation_j0", "submitted"),
                ("rev_conus_generation_j1", "running")
            ]
        );
        assert_eq!(step(&p, "collect").jobs[0].status, "failed");
    }

    #[test]
    fn a_status_file_caught_mid_rewrite_falls_back_to_its_backup() {
        let whole = collected().remove(0);
        let files = vec![
            StatusFile {
                path: whole.path.clone(),
                text: String::new(),
                error: None,
            },
            StatusFile {
                path: ".gaps/rev_conus_status_backup.json".into(),
                text: whole.text.clone(),
                error: None,
            },
        ];
        let p = parse(&files).unwrap();
        assert_eq!(p.steps, parse(&collected()).unwrap().steps);
        assert_eq!(p.problems.len(), 1);
        // With a readable main file the backup is ignored, as gaps ignores it.
        let files = vec![
            whole,
            StatusFile {
                path: files[1].path.clone(),
                text: "{}".into(),
                error: None,
            },
        ];
        assert_eq!(parse(&files).unwrap(), parse(&collected()).unwrap());
    }

    #[test]
    fn a_file_the_head_node_could_not_read_is_said_with_its_reason() {
        let mut files = collected();
        files[0].text.clear();
        files[0].error = Some("unreadable (Permission denied)".into());
        assert_eq!(
            parse(&files).unwrap_err(),
            "no readable reV status file: .gaps/rev_conus_status.json: unreadable (Permission denied); skipped"
        );
        files.push(StatusFile {
            path: ".gaps/rev_conus_status_backup.json".into(),
            text: collected().remove(0).text,
            error: None,
        });
        let p = parse(&files).unwrap();
        assert_eq!(p.steps, parse(&collected()).unwrap().steps);
        assert!(
            p.problems[0].contains("Permission denied"),
            "{:?}",
            p.problems
        );
    }

    #[test]
    fn nothing_to_read_is_empty_and_nothing_readable_is_an_error() {
        let empty = parse(&[]).unwrap();
        assert!(empty.steps.is_empty() && empty.problems.is_empty() && empty.monitor_pid.is_none());
        let other = StatusFile {
            path: "config_pipeline.json".into(),
            text: "{}".into(),
            error: None,
        };
        assert!(parse(&[other]).unwrap().steps.is_empty());
        let bad = StatusFile {
            path: ".gaps/p_status.json".into(),
            text: "{".into(),
            error: None,
        };
        assert!(parse(&[bad]).unwrap_err().contains(".gaps/p_status.json"));
    }

    #[test]
    fn jobs_gone_from_the_queue_are_failed_like_gaps_status_shows() {
        let mut p = parse(&uncollected()).unwrap();
        p.fail_jobs_missing_from_queue(&["999"]);
        assert_eq!(step(&p, "generation").jobs[1].status, "failed");
        assert_eq!(
            step(&p, "generation").jobs[0].status,
            "successful",
            "finished jobs untouched"
        );
        let mut p = parse(&uncollected()).unwrap();
        p.fail_jobs_missing_from_queue(&["102".to_string()]);
        assert_eq!(step(&p, "generation").jobs[1].status, "running");
    }
}
