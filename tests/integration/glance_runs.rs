//! The three runs the glance snapshots show, each made from the same refresh
//! (`screens::refreshed`: real Slurm output, the reV status files real gaps wrote) and the
//! idle guard's cost log since the cluster was created, so that what differs between them
//! is only what a user would see differ:
//! - **healthy**: reV's generation running on busy nodes, one node starting, HSDS answering
//!   everywhere, nothing idle, down or failed;
//! - **in trouble**: the refresh as it comes: a node idle and billing past the scale-down,
//!   one EC2 will not start for want of capacity, failed jobs, HSDS refusing requests;
//! - **finished**: every job and reV step done, the compute nodes powered down and their
//!   instances gone, the head node and storage still billing.

use crate::screens::{open_dashboard, refreshed};
use pcwiz::cluster::cost_history::NodesUp;
use pcwiz::cluster::glance::{self, JobState};
use pcwiz::cluster::rev_status;
use pcwiz::monitor::priced::Refreshed;
use pcwiz::tui::action::Action;
use pcwiz::tui::app::App;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Run {
    Healthy,
    InTrouble,
    Finished,
}

impl Run {
    pub(crate) const ALL: [Run; 3] = [Run::Healthy, Run::InTrouble, Run::Finished];

    /// The snapshots' name for it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Run::Healthy => "healthy",
            Run::InTrouble => "in_trouble",
            Run::Finished => "finished",
        }
    }
}

/// The dashboard open on the cluster after this run's refresh.
pub(crate) fn dashboard(run: Run) -> App {
    let mut app = open_dashboard();
    app.update(Action::ClusterRefreshed {
        name: "rev-conus".into(),
        refreshed: Box::new(refresh(run)),
    });
    app
}

/// The guard's log since the cluster was created (2026-11-19 12:00 UTC): none up, then
/// four c6a.12xlarge for a night's run, none, six, and four now; a finished run's nodes
/// went down at 06:00, before the head node's clock (06:44) answered.
pub(crate) fn cost_log(run: Run) -> Vec<NodesUp> {
    let at = |s: &str| {
        s.parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
            .timestamp()
    };
    let up = |n: u32| {
        [("c6a.12xlarge".to_string(), n)]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .collect()
    };
    let mut log = vec![
        NodesUp {
            t: at("2026-11-19T12:05:00Z"),
            up: up(0),
        },
        NodesUp {
            t: at("2026-11-19T14:00:00Z"),
            up: up(4),
        },
        NodesUp {
            t: at("2026-11-20T02:00:00Z"),
            up: up(0),
        },
        NodesUp {
            t: at("2026-11-20T09:00:00Z"),
            up: up(6),
        },
        NodesUp {
            t: at("2026-11-21T03:00:00Z"),
            up: up(4),
        },
    ];
    if run == Run::Finished {
        log.push(NodesUp {
            t: at("2026-11-21T06:00:00Z"),
            up: up(0),
        });
    }
    log
}

pub(crate) fn refresh(run: Run) -> Refreshed {
    let mut refresh = refreshed(true, 40);
    match run {
        Run::InTrouble => {}
        Run::Healthy => make_healthy(&mut refresh),
        Run::Finished => make_finished(&mut refresh),
    }
    if let Some(Ok(report)) = refresh.refresh.probe.as_mut() {
        report.nodes_up = Some(cost_log(run));
        if let Some(Ok(rev)) = report.rev.as_mut() {
            rev.project = Some(sized_project());
        }
    }
    refresh
}

/// The project as `n` writes it after the sizing assistant's pick: 3 c6a.12xlarge nodes for
/// an estimated 24 hours, which the Overview holds the run against.
fn sized_project() -> pcwiz::cluster::rev_project::ProjectForm {
    serde_json::from_value(serde_json::json!({
        "dir": "~/rev_conus", "technology": "pvwatts", "year": 2019,
        "resource_file": "/nrel/nsrdb/v3/nsrdb_{}.h5",
        "sites": {"kind": "gids", "gids": [0, 1]}, "sam": {},
        "execution": {"nodes": 3, "max_workers": 48, "sites_per_worker": null,
            "memory_utilization_limit": 0.7, "walltime": 26.0, "partition": null, "exclusive": true},
        "venv": "~/envs/rev",
        "estimate": {"instance_type": "c6a.12xlarge", "nodes": 3, "hours": 24.0, "usd": 132.19}}))
    .expect("a ProjectForm as pcwiz writes it")
}

/// What the in-trouble refresh shows wrong, put right.
fn make_healthy(refresh: &mut Refreshed) {
    let Some(Ok(report)) = refresh.refresh.probe.as_mut() else {
        unreachable!("the refresh reached the head node")
    };
    let clock = report.time;
    if let Ok(nodes) = report.nodes.as_mut() {
        for node in &mut nodes.items {
            match node.name.as_str() {
                // Back at work instead of idle and billing.
                "standard-dy-standard-8" => {
                    node.state = "allocated".into();
                    node.flags = vec!["CLOUD".into()];
                    node.reason = None;
                    node.last_busy = Some(clock);
                }
                "bigmem-st-bigmem-1" => {
                    node.state = "allocated".into();
                    node.flags = vec![];
                    node.reason = None;
                }
                // Powered off with nothing to explain, as dynamic nodes rest.
                "standard-dy-standard-9" | "bigmem-dy-bigmem-1" => {
                    node.state = "idle".into();
                    node.flags = vec!["CLOUD".into(), "POWERED_DOWN".into()];
                    node.reason = None;
                }
                _ => {}
            }
        }
    }
    if let Ok(jobs) = report.jobs.as_mut() {
        jobs.items
            .retain(|j| glance::job_state(j) != JobState::Failed);
    }
    for node in &mut report.hsds {
        node.state = Some("READY".into());
        node.version = Some("0.9.3".into());
        node.node_count = Some(4);
        node.data_nodes = Some(4);
        node.refused_503 = Some(0);
        node.max_task_count = Some(100);
        node.problem = None;
    }
    // The generation still running; collect not submitted yet rather than failed.
    if let Some(Ok(rev)) = report.rev.as_mut() {
        for step in &mut rev.steps {
            if step.jobs.iter().any(|j| j.status == rev_status::FAILED) {
                step.jobs.clear();
            }
        }
    }
    // No compute instance without its Slurm node.
    if let Ok(instances) = refresh.refresh.instances.as_mut() {
        instances.retain(|i| i.instance_id != "i-0stray");
    }
    refresh.usd_per_hour = Some(0.0832 + 3.0 * 1.836 + refresh.storage_usd_per_hour.unwrap());
}

/// Everything done: the jobs completed (squeue keeps them a few minutes), every reV step
/// successful, the dynamic nodes powered down and their instances gone.
fn make_finished(refresh: &mut Refreshed) {
    let Some(Ok(report)) = refresh.refresh.probe.as_mut() else {
        unreachable!("the refresh reached the head node")
    };
    let clock = report.time;
    if let Ok(nodes) = report.nodes.as_mut() {
        for node in &mut nodes.items {
            node.reason = None;
            node.address = None;
            if node.name.contains("-st-") {
                // A static node stays up, idle since the last job, within the scale-down.
                node.state = "idle".into();
                node.flags = vec![];
                node.last_busy = Some(clock - 5 * 60);
            } else {
                node.state = "idle".into();
                node.flags = vec!["CLOUD".into(), "POWERED_DOWN".into()];
                node.last_busy = None;
            }
        }
    }
    if let Ok(jobs) = report.jobs.as_mut() {
        // Those that ran to the end; the rest would not be in squeue any more.
        jobs.items
            .retain(|j| matches!(glance::job_state(j), JobState::Running | JobState::Done));
        for job in &mut jobs.items {
            job.state = "COMPLETED".into();
            job.flags.clear();
            job.reason = String::new();
            job.exit_code = Some(0);
            job.end_time = Some(clock - 10 * 60);
        }
    }
    report.hsds.clear();
    if let Some(Ok(rev)) = report.rev.as_mut() {
        let done = rev.steps[0].jobs[0].clone();
        for step in &mut rev.steps {
            if step.jobs.is_empty() {
                step.jobs.push(rev_status::RevJob {
                    name: format!("rev_conus_{}", step.name),
                    ..done.clone()
                });
            }
            for job in &mut step.jobs {
                job.status = rev_status::SUCCESSFUL.into();
            }
        }
    }
    if let Ok(instances) = refresh.refresh.instances.as_mut() {
        instances.retain(|i| i.node_type == "HeadNode");
    }
    refresh.usd_per_hour = Some(0.0832 + refresh.storage_usd_per_hour.unwrap());
}
