//! `pcwiz rev NAME` (and after --submit): the run as it stands, in text: each step with its
//! jobs (state, Slurm id, node, runtime, cost so far), failed jobs' causes with the fix and
//! the end of their log, the time against the sizing's estimate, the outputs with sizes.

use std::io::Write;

use crate::cluster::rev_watch::Watched;

pub fn print(out: &mut impl Write, dir: &str, w: &Watched) -> std::io::Result<()> {
    writeln!(
        out,
        "reV run in {dir}{}",
        match (w.over, w.monitor_pid) {
            (true, _) => " (ended)".to_string(),
            (false, Some(pid)) => format!(" (gaps' monitor PID {pid} on the head node)"),
            (false, None) => String::new(),
        }
    )?;
    if w.steps.is_empty() {
        writeln!(
            out,
            "  not started: no GAPs status in .gaps/ yet (pcwiz rev NAME --submit)"
        )?;
    }
    for step in &w.steps {
        writeln!(
            out,
            "  {}. {}: {}{}, {}/{} jobs successful, {:.2} node-h, ${:.2}",
            step.index.map(|i| i.to_string()).unwrap_or_default(),
            step.name,
            step.status,
            if step.any_failed && step.status != "failed" {
                " (some failed)"
            } else {
                ""
            },
            step.successful,
            step.jobs.len(),
            step.node_hours,
            step.usd
        )?;
        for job in &step.jobs {
            writeln!(
                out,
                "    {:<34} {:<13} {:>8} {:<24} {:>9} {}",
                job.name,
                job.status,
                job.slurm_id.as_deref().unwrap_or("-"),
                job.node.as_deref().unwrap_or("-"),
                job.runtime_minutes
                    .map(|m| format!("{m:.1} min{}", if job.running { "…" } else { "" }))
                    .unwrap_or_else(|| "-".into()),
                job.usd
                    .map(|u| format!("${u:.2}"))
                    .unwrap_or_else(|| "-".into())
            )?;
            if let Some(n) = job.refused_503.filter(|n| *n > 0) {
                writeln!(out, "      its node's HSDS refused {n} requests (503)")?;
            }
            if let Some(cause) = &job.cause {
                writeln!(out, "      why: {}", cause.words)?;
                writeln!(out, "      fix: {}", cause.fix)?;
                if let Some(tail) = &job.tail {
                    for line in tail.lines() {
                        writeln!(out, "      | {line}")?;
                    }
                }
            }
        }
    }
    writeln!(out, "  cost: {}", w.cost_sentence())?;
    if let Some(estimate) = &w.estimate {
        writeln!(out, "  time: {}", estimate.sentence())?;
    }
    for (path, size) in &w.outputs {
        match size {
            Some(bytes) => writeln!(
                out,
                "  output: {path} ({})",
                super::progress::megabytes(*bytes)
            )?,
            None => writeln!(
                out,
                "  output: {path} (no longer there: collected or removed)"
            )?,
        }
    }
    for problem in &w.problems {
        writeln!(out, "  ! {problem}")?;
    }
    Ok(())
}
