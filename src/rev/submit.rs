//! Submitting a reV project: gaps' pipeline monitor started on the head node in the
//! background (`assets/remote/submit_rev.sh`), so the run goes on with pcwiz closed and the
//! ssh connection gone; the monitor submits each step to Slurm (sbatch) in turn.

use std::time::Duration;

use serde::Serialize;

use crate::remote::{SshTarget, run_script, shell_quote};

const SCRIPT: &str = include_str!("../../assets/remote/submit_rev.sh");
/// gaps' kick-off returns in seconds; its first submissions are in them.
const SUBMIT_LIMIT: Duration = Duration::from_secs(120);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Submitted {
    pub dir: String,
    /// gaps' monitor on the head node, when it said its PID.
    pub monitor_pid: Option<u32>,
    /// Another monitor already watches this project: nothing new was started.
    pub already_running: bool,
    /// What `reV pipeline` said.
    pub said: String,
}

pub async fn submit(target: &SshTarget, dir: &str, venv: &str) -> Result<Submitted, String> {
    let args = vec![
        "bash".to_string(),
        "-s".into(),
        "--".into(),
        shell_quote(dir),
        shell_quote(venv),
    ];
    let output = run_script(target, &args, SCRIPT, SUBMIT_LIMIT)
        .await
        .map_err(|e| e.message)?;
    read(dir, &String::from_utf8_lossy(&output.stdout))
}

/// The script's answer: the monitor's PID, or why nothing was started.
fn read(dir: &str, stdout: &str) -> Result<Submitted, String> {
    if let Some(why) = stdout.lines().find_map(|l| l.strip_prefix("pcwiz: error ")) {
        return Err(why.to_string());
    }
    let said: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with("pcwiz: ") && !l.trim().is_empty())
        .collect();
    let pid_after = |marker: &str| {
        said.iter().find_map(|l| {
            let at = l.find(marker)? + marker.len();
            l[at..]
                .split_whitespace()
                .next()?
                .trim_end_matches('.')
                .parse::<u32>()
                .ok()
        })
    };
    let started = pid_after("Monitor PID:");
    let running = pid_after("running on monitor PID:");
    let status = stdout
        .lines()
        .find_map(|l| l.strip_prefix("pcwiz: status "))
        .unwrap_or("");
    if started.is_none() && running.is_none() {
        let last = said.last().copied().unwrap_or("no answer");
        return Err(format!(
            "reV pipeline did not start (exit {status}): {last}; see logs/pcwiz_submit.log in {dir}"
        ));
    }
    Ok(Submitted {
        dir: dir.to_string(),
        monitor_pid: started.or(running),
        already_running: started.is_none(),
        said: said.join("\n"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_monitors_pid_or_why_not_is_read() {
        let ok = read(
            "~/run",
            "Kicking off pipeline job in the background. Monitor PID: 875\npcwiz: status 0\n",
        )
        .unwrap();
        assert_eq!((ok.monitor_pid, ok.already_running), (Some(875), false));
        let again = read(
            "~/run",
            "gapsWarning: Another pipeline in '/home/u/run' is running on monitor PID: 875. Not starting a new pipeline execution.\npcwiz: status 0\n",
        )
        .unwrap();
        assert_eq!(
            (again.monitor_pid, again.already_running),
            (Some(875), true)
        );
        assert_eq!(
            read("~/run", "pcwiz: error reV is not installed in ~/envs/rev\n").unwrap_err(),
            "reV is not installed in ~/envs/rev"
        );
        assert!(
            read(
                "~/run",
                "Traceback…\nKeyError: 'pipeline'\npcwiz: status 1\n"
            )
            .unwrap_err()
            .contains("KeyError: 'pipeline'")
        );
    }
}
