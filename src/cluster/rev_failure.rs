//! Why a reV job failed, in plain words with the fix, read from the tail of its Slurm
//! stdout and stderr (the probe sends them). Pure.
//!
//! The patterns are what these failures printed when caused on purpose here, with NREL-reV
//! 0.14.5, gaps 0.8.11, rex 0.4.3, h5pyd 1.0.0 and Slurm 22.05 (/work/notes/issue21-rev.md §5):
//! - walltime: slurmstepd's `*** JOB N ON host CANCELLED AT … DUE TO TIME LIMIT ***`;
//! - memory: slurmstepd's `exceeded memory limit` / `Exceeded job memory limit`, the cgroup
//!   `oom_kill event`, or a reV worker killed by the kernel (`BrokenProcessPool: A process in
//!   the process pool was terminated abruptly`), or bash's `Killed`;
//! - HSDS: every HSDS problem reaches reV as the same `FileNotFoundError: PATH is not a valid
//!   file path, and HSDS cannot be checked for a file at this path!`. A dataset that does
//!   not exist fails in well under a minute; HSDS refusing requests (503, more than its
//!   `max_task_count` at once) retries with backoff for minutes first, and the node's HSDS
//!   counts the refusals: a long runtime or counted 503s tell the two apart;
//! - HSDS not starting: start_hsds.sh's own `HSDS exited before it was READY` / `did not
//!   become READY`, which end the job before reV (`sh_script … || exit 1`);
//! - sites: reV's `ProjectPoints has a max site gid of … which is out of bounds`.

use serde::Serialize;

use super::rev_status::{JobLogs, RevJob};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CauseKind {
    Walltime,
    Memory,
    HsdsRefusing,
    NoSuchDataset,
    HsdsNotStarted,
    SitesOutOfRange,
    Cancelled,
    /// Died without a word in its logs (or no logs to read).
    Unknown,
}

/// A failed job's cause: what happened, in words, and what to change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    pub kind: CauseKind,
    pub words: String,
    pub fix: String,
    /// The log line that says it.
    pub evidence: Option<String>,
}

/// A job that ran this long before HSDS's "not a valid file path" was retrying refusals,
/// not failing to find a dataset (which takes seconds).
const LONG_ENOUGH_FOR_503: f64 = 1.5;

/// Explains `job`'s failure from its logs. `refused_503`: the 503s the HSDS of the nodes
/// counted (None when unknown); `resource`: the project's resource_file, for the words.
pub fn explain(
    job: &RevJob,
    logs: Option<&JobLogs>,
    refused_503: Option<u64>,
    resource: Option<&str>,
) -> Cause {
    let text = logs
        .map(|l| {
            format!(
                "{}\n{}",
                l.stderr.as_deref().unwrap_or(""),
                l.stdout.as_deref().unwrap_or("")
            )
        })
        .unwrap_or_default();
    let line = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .map(|l| l.trim().to_string())
    };
    let cause = |kind, words: String, fix: &str, evidence: Option<String>| Cause {
        kind,
        words,
        fix: fix.to_string(),
        evidence,
    };
    if let Some(evidence) = line("DUE TO TIME LIMIT") {
        return cause(
            CauseKind::Walltime,
            "Slurm stopped it: the walltime was reached before reV finished.".into(),
            "Raise execution_control.walltime in config_gen.json (hours), or split the sites over more nodes; then run the pipeline again (it resubmits only the failed jobs).",
            Some(evidence),
        );
    }
    let memory = [
        "exceeded memory limit",
        "Exceeded job memory limit",
        "oom_kill",
        "Out Of Memory",
        "BrokenProcessPool",
    ];
    // bash's "line 12: 4242 Killed   python -c …": the kernel's OOM killer.
    let bash_killed = || {
        text.lines()
            .find(|l| {
                let words: Vec<&str> = l.split_whitespace().collect();
                words
                    .windows(2)
                    .any(|w| w[1] == "Killed" && w[0].chars().all(|c| c.is_ascii_digit()))
            })
            .map(|l| l.trim().to_string())
    };
    if let Some(evidence) = memory.iter().find_map(|m| line(m)).or_else(bash_killed) {
        return cause(
            CauseKind::Memory,
            "It was killed for memory: reV's workers needed more than the node had.".into(),
            "Lower max_workers or sites_per_worker in execution_control (or memory_utilization_limit), or run on a node with more memory (a bigmem queue); then run the pipeline again.",
            Some(evidence),
        );
    }
    if let Some(evidence) =
        line("HSDS exited before it was READY").or_else(|| line("HSDS did not become READY"))
    {
        return cause(
            CauseKind::HsdsNotStarted,
            "HSDS did not start on its node, so reV was never run.".into(),
            "Read ~/.hsds/start_hsds.<node>.log on the cluster, and check HSDS with `pcwiz hsds NAME` (i on the dashboard).",
            Some(evidence),
        );
    }
    if let Some(evidence) = line("HSDS cannot be checked for a file") {
        let minutes = job.runtime_minutes.unwrap_or(0.0);
        let refused = refused_503.unwrap_or(0) > 0 || text.contains("503");
        if refused || minutes >= LONG_ENOUGH_FOR_503 {
            return cause(
                CauseKind::HsdsRefusing,
                format!(
                    "HSDS refused reV's requests (503: more at once than its max_task_count) and reV gave up after {:.0} min of retries.",
                    minutes
                ),
                "Lower max_workers in execution_control, or raise HSDS's max_task_count (`pcwiz hsds NAME --max-workers N` sizes it); then run the pipeline again.",
                Some(evidence),
            );
        }
        let path = evidence
            .split(" is not a valid file path")
            .next()
            .and_then(|p| p.rsplit(": ").next())
            .unwrap_or(resource.unwrap_or("the resource"))
            .to_string();
        return cause(
            CauseKind::NoSuchDataset,
            format!(
                "The dataset {path} does not exist on HSDS (or the node's HSDS could not be reached)."
            ),
            "Check resource_file in config_gen.json (the path, and the year in place of {}): `hsls` lists what HSDS holds. Then run the pipeline again.",
            Some(evidence),
        );
    }
    if let Some(evidence) = line("out of bounds").filter(|l| l.contains("ProjectPoints")) {
        return cause(
            CauseKind::SitesOutOfRange,
            "Some project points are not sites of the resource: a gid past its last one.".into(),
            "Fix project_points.csv (or choose the sites with a box), then run the pipeline again.",
            Some(evidence),
        );
    }
    if let Some(evidence) = line("CANCELLED") {
        return cause(
            CauseKind::Cancelled,
            "It was cancelled (scancel, or the pipeline monitor after another job failed).".into(),
            "Run the pipeline again to resubmit it.",
            Some(evidence),
        );
    }
    // stderr's last words (a traceback's last line), else stdout's.
    let last_of = |t: Option<&String>| {
        t.and_then(|t| t.lines().rev().map(str::trim).find(|l| !l.is_empty()))
            .map(str::to_string)
    };
    let last = logs.and_then(|l| last_of(l.stderr.as_ref()).or_else(|| last_of(l.stdout.as_ref())));
    cause(
        CauseKind::Unknown,
        match &last {
            Some(_) => "It failed; the last line of its log says why.".into(),
            None => "It ended without a word in its logs (the node may have gone away).".into(),
        },
        "Read its stdout and stderr (under logs/stdout/ in the project); fix, then run the pipeline again.",
        last,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(minutes: f64) -> RevJob {
        RevJob {
            name: "proj_generation_j0".into(),
            status: "failed".into(),
            job_id: Some("8".into()),
            hardware: Some("awspc".into()),
            runtime_minutes: Some(minutes),
            time_submitted: None,
            time_start: None,
            time_end: None,
            stdout_log: None,
            stdout_err_log: None,
            out_file: None,
        }
    }

    fn logs(stderr: &str) -> JobLogs {
        JobLogs {
            stdout: Some("Running on: localhost\nINFO - Running with reV version 0.14.5".into()),
            stderr: Some(stderr.into()),
        }
    }

    /// The .e file of the missing-dataset run (projE), verbatim.
    const NO_DATASET: &str = "Traceback (most recent call last):\n  File \".../rex/utilities/utilities.py\", line 357, in check_res_file\n    raise FileNotFoundError(msg)\nFileNotFoundError: /nrel/nsrdb/v3/nsrdb_2019.h5 is not a valid file path, and HSDS cannot be checked for a file at this path!";

    #[test]
    fn hsds_words_are_told_apart_by_time_and_refusals() {
        let quick = explain(&job(0.03), Some(&logs(NO_DATASET)), Some(0), None);
        assert_eq!(quick.kind, CauseKind::NoSuchDataset);
        assert!(
            quick
                .words
                .contains("/nrel/nsrdb/v3/nsrdb_2019.h5 does not exist on HSDS"),
            "{}",
            quick.words
        );
        assert!(quick.fix.contains("hsls"));
        let slow = explain(&job(4.4), Some(&logs(NO_DATASET)), None, None);
        assert_eq!(slow.kind, CauseKind::HsdsRefusing);
        assert!(slow.words.contains("after 4 min"), "{}", slow.words);
        let counted = explain(&job(0.2), Some(&logs(NO_DATASET)), Some(12), None);
        assert_eq!(counted.kind, CauseKind::HsdsRefusing);
    }

    #[test]
    fn slurms_and_the_kernels_kills_are_named() {
        let walltime = explain(
            &job(1.0),
            Some(&logs(
                "slurmstepd-localhost: error: *** JOB 10 ON localhost CANCELLED AT 2026-12-06T00:53:29 DUE TO TIME LIMIT ***",
            )),
            None,
            None,
        );
        assert_eq!(walltime.kind, CauseKind::Walltime);
        assert!(walltime.evidence.unwrap().contains("JOB 10"));
        for killed in [
            "slurmstepd-localhost: error: StepId=11.batch exceeded memory limit (537559040 > 314572800), being killed",
            "slurmstepd: error: Detected 1 oom_kill event in StepId=12.batch.",
            "concurrent.futures.process.BrokenProcessPool: A process in the process pool was terminated abruptly while the future was running or pending.",
            "/var/spool/slurmd/job00013/slurm_script: line 12: 4242 Killed python -c '…'",
        ] {
            assert_eq!(
                explain(&job(3.0), Some(&logs(killed)), None, None).kind,
                CauseKind::Memory,
                "{killed}"
            );
        }
        let cancelled = explain(
            &job(1.0),
            Some(&logs(
                "slurmstepd: error: *** JOB 14 ON node CANCELLED AT 2026-12-06T01:00:00 ***",
            )),
            None,
            None,
        );
        assert_eq!(cancelled.kind, CauseKind::Cancelled);
    }

    #[test]
    fn hsds_not_starting_and_bad_sites_and_silence() {
        let hsds = explain(
            &job(0.1),
            Some(&logs(
                "HSDS exited before it was READY; see /home/u/.hsds/start_hsds.n1.log",
            )),
            None,
            None,
        );
        assert_eq!(hsds.kind, CauseKind::HsdsNotStarted);
        let sites = explain(
            &job(0.1),
            Some(&logs(
                "KeyError: ProjectPoints has a max site gid of 99 which is out of bounds for the meta data of len 48",
            )),
            None,
            None,
        );
        assert_eq!(sites.kind, CauseKind::SitesOutOfRange);
        let other = explain(
            &job(0.1),
            Some(&logs("ValueError: something new\n")),
            None,
            None,
        );
        assert_eq!(
            (other.kind, other.evidence.as_deref()),
            (CauseKind::Unknown, Some("ValueError: something new"))
        );
        let silent = explain(&job(0.1), None, None, None);
        assert!(silent.words.contains("without a word"));
    }
}
