//! What `assets/remote/probe.sh` printed, read into what the dashboard shows: Slurm's jobs
//! and nodes (each a result of its own: a down controller spoils one panel, not the
//! screen) and each compute node's HSDS `/about`. Pure.

use serde::Deserialize;

use super::guard::{self, GuardSeen};
use super::rev_status::{self, JobLogs, RevPipeline, StatusFile};
use crate::cluster::slurm::{self, Answer, Job, Node};

/// One compute node's HSDS, as `/about` answered (or why it did not).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HsdsNode {
    pub node: String,
    /// READY, WAITING, INITIALIZING, TERMINATING; None when it did not answer.
    pub state: Option<String>,
    pub version: Option<String>,
    /// Data nodes `/about` says it should have…
    pub node_count: Option<u64>,
    /// …and those it lists (fewer means one died while /about still says READY).
    pub data_nodes: Option<usize>,
    /// Requests refused with 503 since HSDS started (from its /metrics); None when this
    /// HSDS has no /metrics to ask.
    pub refused_503: Option<u64>,
    /// The active-task limit past which it refuses (`max_task_count`), when it says.
    pub max_task_count: Option<u64>,
    pub problem: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub host: String,
    /// Epoch seconds on the head node when it ran.
    pub time: i64,
    pub jobs: Result<Answer<Job>, String>,
    pub nodes: Result<Answer<Node>, String>,
    pub hsds: Vec<HsdsNode>,
    /// The reV pipeline, when a project directory was given.
    pub rev: Option<Result<RevPipeline, String>>,
    /// The idle guard's state file.
    pub guard: GuardSeen,
    /// The guard's cost history after the epoch asked for; None when not asked or kept.
    pub nodes_up: Option<Vec<crate::cluster::cost_history::NodesUp>>,
}

impl Report {
    /// Slurm's nodes as the head node listed them; none when sinfo could not be read (the
    /// callers use them for defaults, which then come from the config alone).
    pub fn slurm_nodes(&self) -> Vec<Node> {
        self.nodes
            .as_ref()
            .map(|n| n.items.clone())
            .unwrap_or_default()
    }
}

#[derive(Deserialize)]
struct Source {
    rc: Option<i32>,
    stdout: String,
    stderr: String,
}

#[derive(Deserialize)]
struct RawHsds {
    node: String,
    http_code: String,
    about: Option<serde_json::Value>,
    error: String,
    #[serde(default)]
    refused_503: Option<u64>,
    #[serde(default)]
    max_task_count: Option<u64>,
}

#[derive(Deserialize)]
struct RawRev {
    dir: String,
    files: Vec<StatusFile>,
    error: Option<String>,
    /// Failed jobs' log tails, by job name (probes before issue 21 sent none).
    #[serde(default)]
    tails: std::collections::BTreeMap<String, JobLogs>,
    #[serde(default)]
    outputs: std::collections::BTreeMap<String, Option<u64>>,
    /// `.pcwiz/project.json`'s text, when pcwiz wrote the project.
    #[serde(default)]
    note: Option<String>,
    /// The job ids Slurm listed right after the status files were read (None: squeue did
    /// not answer, or an older probe): what a vanished job is judged against.
    #[serde(default)]
    queued: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct Raw {
    host: String,
    time: i64,
    squeue: Source,
    sinfo: Source,
    /// `scontrol show nodes --json`: absent from older probes, failing on 22.05.
    #[serde(default)]
    scontrol: Option<Source>,
    hsds: Vec<RawHsds>,
    #[serde(default)]
    rev: Option<RawRev>,
    /// The guard's state file as text; absent or null when it is not installed.
    #[serde(default)]
    guard: Option<String>,
    #[serde(default)]
    nodes_up: Option<Vec<crate::cluster::cost_history::NodesUp>>,
}

pub fn parse(stdout: &str) -> Result<Report, String> {
    let raw: Raw = serde_json::from_str(stdout.trim()).map_err(|e| {
        format!(
            "the head node's answer was not pcwiz's probe output ({e}): {}",
            stdout.chars().take(200).collect::<String>()
        )
    })?;
    let jobs = slurm_source(&raw.squeue, "squeue", slurm::parse_squeue);
    // As `gaps status` does: a job gaps thinks is queued or running that Slurm no longer
    // lists died without saying so. Only with Slurm's answer to hand: the one asked after
    // the status files were read (a job submitted meanwhile is in it), else squeue's.
    let queued = raw.rev.as_ref().and_then(|r| r.queued.clone()).or_else(|| {
        jobs.as_ref()
            .ok()
            .map(|a| a.items.iter().map(|j| j.id.clone()).collect())
    });
    let mut rev = raw.rev.map(rev_pipeline);
    if let (Some(Ok(pipeline)), Some(ids)) = (&mut rev, &queued) {
        pipeline.fail_jobs_missing_from_queue(ids);
    }
    Ok(Report {
        host: raw.host,
        time: raw.time,
        jobs,
        nodes: nodes(&raw.sinfo, raw.scontrol.as_ref()),
        hsds: raw.hsds.into_iter().map(hsds_node).collect(),
        rev,
        nodes_up: raw.nodes_up,
        guard: match raw.guard {
            None => GuardSeen::NotInstalled,
            Some(text) => match text.strip_prefix("unreadable: ") {
                Some(why) => {
                    GuardSeen::Unreadable(format!("its state file cannot be read ({why})"))
                }
                None => {
                    guard::parse_state(&text).map_or_else(GuardSeen::Unreadable, GuardSeen::State)
                }
            },
        },
    })
}

/// `scontrol show nodes` when it answered (one record per node, with addresses and
/// last-busy times), else sinfo's (22.05 has no `scontrol --json`).
fn nodes(sinfo: &Source, scontrol: Option<&Source>) -> Result<Answer<Node>, String> {
    scontrol
        .filter(|s| s.rc == Some(0))
        .and_then(|s| slurm_source(s, "scontrol", slurm::parse_sinfo).ok())
        .filter(|a| !a.items.is_empty())
        .map_or_else(|| slurm_source(sinfo, "sinfo", slurm::parse_sinfo), Ok)
}

fn rev_pipeline(raw: RawRev) -> Result<RevPipeline, String> {
    if let Some(why) = raw.error {
        return Err(why);
    }
    let mut pipeline = rev_status::parse(&raw.files).map_err(|e| format!("{}: {e}", raw.dir))?;
    pipeline.logs = raw.tails;
    pipeline.outputs = raw.outputs;
    pipeline.project = raw.note.as_deref().and_then(super::rev_project::read_note);
    Ok(pipeline)
}

/// Slurm's JSON when it gave some; else why not, in Slurm's own last words.
fn slurm_source<T>(
    source: &Source,
    what: &str,
    parse: fn(&str) -> Result<Answer<T>, slurm::SlurmError>,
) -> Result<Answer<T>, String> {
    if source.stdout.trim().is_empty() {
        let said = source
            .stderr
            .trim()
            .lines()
            .last()
            .unwrap_or("")
            .to_string();
        return Err(match source.rc {
            Some(124) => format!("{what} did not answer within 20 s"),
            Some(127) => format!("{what} is not installed on the head node"),
            _ if said.is_empty() => format!("{what} printed nothing (exit {:?})", source.rc),
            _ => format!("{what}: {said}"),
        });
    }
    parse(&source.stdout).map_err(|e| format!("{what}: {e}"))
}

fn hsds_node(raw: RawHsds) -> HsdsNode {
    let about = raw.about.as_ref();
    let text = |key: &str| {
        about
            .and_then(|a| a.get(key))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let problem = match (&raw.about, raw.http_code.as_str()) {
        (Some(_), "200") => None,
        (_, "000") | (_, "") => Some(if raw.error.is_empty() {
            "HSDS did not answer (not running?)".to_string()
        } else {
            format!("HSDS did not answer: {}", raw.error)
        }),
        (_, code) => Some(format!("HSDS answered HTTP {code}")),
    };
    HsdsNode {
        node: raw.node,
        state: text("state"),
        version: text("hsds_version"),
        node_count: about
            .and_then(|a| a.get("node_count"))
            .and_then(|v| v.as_u64()),
        data_nodes: about
            .and_then(|a| a.get("dn_urls"))
            .and_then(|v| v.as_array())
            .map(Vec::len),
        refused_503: raw.refused_503,
        max_task_count: raw.max_task_count,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(squeue: serde_json::Value, hsds: serde_json::Value) -> String {
        serde_json::json!({"probe": 1, "host": "ip-10-0-1-5", "time": 1_790_000_000,
            "squeue": squeue,
            "sinfo": {"rc": 0, "stdout": include_str!("../../tests/fixtures/slurm/24.11/sinfo_idle.json"), "stderr": ""},
            "hsds": hsds})
        .to_string()
    }

    #[test]
    fn a_down_controller_spoils_the_jobs_panel_not_the_report() {
        let report = parse(&probe(
            serde_json::json!({"rc": 1, "stdout": "", "stderr": "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n"}),
            serde_json::json!([]),
        ))
        .unwrap();
        assert_eq!(
            report.jobs.unwrap_err(),
            "squeue: slurm_load_jobs error: Unable to contact slurm controller (connect failure)"
        );
        assert!(report.nodes.is_ok());
        let garbage = parse(&probe(
            serde_json::json!({"rc": 0, "stdout": "<html>proxy</html>", "stderr": ""}),
            serde_json::json!([]),
        ))
        .unwrap();
        assert!(garbage.jobs.unwrap_err().starts_with("squeue: "));
        assert!(parse("bash: python3: command not found").is_err());
    }

    #[test]
    fn hsds_answers_and_silences_are_told_apart() {
        let report = parse(&probe(
            serde_json::json!({"rc": 0, "stdout": include_str!("../../tests/fixtures/slurm/24.11/squeue_empty.json"), "stderr": ""}),
            serde_json::json!([
                {"node": "standard-dy-standard-1", "port": 5101, "http_code": "200", "error": "",
                 "about": {"state": "READY", "hsds_version": "0.9.3", "node_count": 4, "dn_urls": ["a", "b", "c"]}},
                {"node": "standard-dy-standard-2", "port": 5101, "http_code": "000", "error": "", "about": null}
            ]),
        ))
        .unwrap();
        let up = &report.hsds[0];
        assert_eq!(up.state.as_deref(), Some("READY"));
        assert_eq!(
            (up.node_count, up.data_nodes),
            (Some(4), Some(3)),
            "one data node is missing"
        );
        assert!(up.problem.is_none());
        assert_eq!(
            report.hsds[1].problem.as_deref(),
            Some("HSDS did not answer (not running?)")
        );
    }

    #[test]
    fn scontrol_is_preferred_for_addresses_and_refusals_and_rev_ride_along() {
        let mut doc: serde_json::Value = serde_json::from_str(&probe(
            serde_json::json!({"rc": 0, "stdout": include_str!("../../tests/fixtures/slurm/24.11/squeue_empty.json"), "stderr": ""}),
            serde_json::json!([{"node": "localhost", "port": 5101, "http_code": "200", "error": "",
                "about": {"state": "READY"}, "refused_503": 7, "max_task_count": 1}]),
        ))
        .unwrap();
        doc["scontrol"] = serde_json::json!({"rc": 0, "stdout": include_str!("../../tests/fixtures/slurm/24.11/scontrol_show_nodes.json"), "stderr": ""});
        doc["rev"] = serde_json::json!({"dir": "/home/ubuntu/rev_conus", "error": null, "files": [
            {"path": ".gaps/rev_conus_status.json",
             "text": include_str!("../../tests/fixtures/rev/collected/rev_conus/.gaps/rev_conus_status.json")}]});
        let report = parse(&doc.to_string()).unwrap();
        let nodes = report.nodes.unwrap();
        assert_eq!(
            nodes.items[0].address.as_deref(),
            Some("127.0.0.1"),
            "from scontrol"
        );
        assert_eq!(report.hsds[0].refused_503, Some(7));
        assert_eq!(report.hsds[0].max_task_count, Some(1));
        let rev = report.rev.unwrap().unwrap();
        assert!(!rev.steps.is_empty());
        // squeue is empty: a job gaps still thinks runs died without a word, as gaps says.
        assert!(
            rev.steps
                .iter()
                .flat_map(|s| &s.jobs)
                .all(|j| j.status != crate::cluster::rev_status::RUNNING),
            "{rev:#?}"
        );

        // scontrol failing (22.05 has no --json for it): sinfo's nodes instead.
        doc["scontrol"] = serde_json::json!({"rc": 1, "stdout": "", "stderr": "scontrol: unrecognized option '--json'"});
        doc["rev"] = serde_json::json!({"dir": "/nope", "error": "no directory /nope on the head node", "files": []});
        let report = parse(&doc.to_string()).unwrap();
        assert_eq!(report.nodes.unwrap().items[0].name, "localhost");
        assert_eq!(
            report.rev.unwrap().unwrap_err(),
            "no directory /nope on the head node"
        );
    }

    #[test]
    fn a_job_is_judged_against_slurm_as_asked_after_its_status_was_read() {
        let mut doc: serde_json::Value = serde_json::from_str(&probe(
            serde_json::json!({"rc": 0, "stdout": include_str!("../../tests/fixtures/slurm/24.11/squeue_empty.json"), "stderr": ""}),
            serde_json::json!([]),
        ))
        .unwrap();
        let files = serde_json::json!([{"path": ".gaps/rev_conus_status.json",
            "text": include_str!("../../tests/fixtures/rev/mixed/rev_conus/.gaps/rev_conus_status.json")}]);
        let running = |doc: &serde_json::Value| {
            let rev = parse(&doc.to_string()).unwrap().rev.unwrap().unwrap();
            rev.steps[0].jobs[1].status.clone()
        };
        // Submitted after squeue ran, listed by the squeue asked after the files: running.
        doc["rev"] = serde_json::json!({"dir": "~/rev_conus", "error": null, "files": files, "queued": ["102"]});
        assert_eq!(running(&doc), "running");
        // Not listed by either: it died without a word.
        doc["rev"]["queued"] = serde_json::json!([]);
        assert_eq!(running(&doc), "failed");
        // An older probe: squeue's own answer.
        doc["rev"].as_object_mut().unwrap().remove("queued");
        assert_eq!(running(&doc), "failed");
    }

    #[test]
    fn the_idle_guard_rides_along_installed_or_not() {
        let mut doc: serde_json::Value = serde_json::from_str(&probe(
            serde_json::json!({"rc": 0, "stdout": include_str!("../../tests/fixtures/slurm/24.11/squeue_empty.json"), "stderr": ""}),
            serde_json::json!([]),
        ))
        .unwrap();
        assert_eq!(
            parse(&doc.to_string()).unwrap().guard,
            GuardSeen::NotInstalled
        );
        doc["guard"] = serde_json::json!(r#"{"armed": true, "window_minutes": 45, "busy": []}"#);
        match parse(&doc.to_string()).unwrap().guard {
            GuardSeen::State(state) => assert_eq!(state.window_minutes, 45),
            other => panic!("{other:?}"),
        }
        doc["guard"] = serde_json::json!("{\"armed\": tr");
        assert!(matches!(
            parse(&doc.to_string()).unwrap().guard,
            GuardSeen::Unreadable(why) if why.contains("damaged")
        ));
    }

    #[test]
    fn the_guard_s_cost_history_rides_along_when_asked_for() {
        let mut doc: serde_json::Value = serde_json::from_str(&probe(
            serde_json::json!({"rc": 0, "stdout": include_str!("../../tests/fixtures/slurm/24.11/squeue_empty.json"), "stderr": ""}),
            serde_json::json!([]),
        ))
        .unwrap();
        // Older probes, or none asked for: nothing, not an empty history.
        assert_eq!(parse(&doc.to_string()).unwrap().nodes_up, None);
        doc["nodes_up"] = serde_json::json!([
            {"t": 100, "up": {}},
            {"t": 400, "up": {"c6a.12xlarge": 3}}
        ]);
        let history = parse(&doc.to_string()).unwrap().nodes_up.unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[1].up["c6a.12xlarge"], 3);
    }
}
