//! Installing and removing the idle guard on a head node, as root through `sudo -n bash -s`
//! (ParallelCluster's login users, ubuntu, ec2-user and rocky, have sudo without a
//! password). The script, its systemd units and its settings travel on ssh's stdin like any
//! other file pcwiz puts there; the units are checked with `systemd-analyze verify`.

use std::time::Duration;

use serde::Serialize;

use super::put_files::{self, InstallFile, Installed};
use super::{SshTarget, run_script};
use crate::cluster::guard::GuardSettings;

const GUARD: &str = include_str!("../../assets/remote/idle_guard.sh");
const SERVICE: &str = include_str!("../../assets/remote/pcwiz-idle-guard.service");
const TIMER: &str = include_str!("../../assets/remote/pcwiz-idle-guard.timer");
const STEPS: &str = include_str!("../../assets/remote/install_guard.sh");
const LIMIT: Duration = Duration::from_secs(90);

/// One step the head node reported: a file, the unit check, the timer, the first look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuardStep {
    /// ok, failed or note.
    pub outcome: String,
    pub what: String,
    pub detail: String,
}

impl GuardStep {
    pub fn failed(&self) -> bool {
        self.outcome == "failed"
    }

    pub fn describe(&self) -> String {
        match self.outcome.as_str() {
            "failed" => format!("{} FAILED: {}", self.what, self.detail),
            _ => format!("{}: {}", self.what, self.detail),
        }
    }
}

fn files(settings: &GuardSettings) -> Vec<InstallFile> {
    vec![
        InstallFile {
            path: "/usr/local/sbin/pcwiz-idle-guard",
            mode: "755",
            contents: GUARD.into(),
        },
        InstallFile {
            path: "/etc/systemd/system/pcwiz-idle-guard.service",
            mode: "644",
            contents: SERVICE.into(),
        },
        InstallFile {
            path: "/etc/systemd/system/pcwiz-idle-guard.timer",
            mode: "644",
            contents: TIMER.into(),
        },
        InstallFile {
            path: "/etc/pcwiz/idle-guard.conf",
            mode: "644",
            contents: settings.conf_file(),
        },
    ]
}

/// The whole install script: the files, then the unit check, the timer and a first look.
pub fn install_script(settings: &GuardSettings) -> String {
    format!(
        "{}\n{STEPS}\nfinish_install \"${{1:-}}\"\n",
        put_files::script(&files(settings))
    )
}

/// Installs (or re-installs with new settings) the guard and starts its timer.
pub async fn install(
    target: &SshTarget,
    settings: &GuardSettings,
) -> Result<Vec<GuardStep>, String> {
    let files = files(settings);
    let output = as_root(target, &install_script(settings)).await?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut steps: Vec<GuardStep> = put_files::parse(&text, &files)
        .into_iter()
        .map(file_step)
        .collect();
    steps.extend(parse_steps(&text));
    Ok(steps)
}

/// Stops the timer and removes the guard's files (its log stays).
pub async fn remove(target: &SshTarget) -> Result<Vec<GuardStep>, String> {
    let output = as_root(target, &format!("{STEPS}\nremove\n")).await?;
    Ok(parse_steps(&String::from_utf8_lossy(&output.stdout)))
}

async fn as_root(target: &SshTarget, script: &str) -> Result<std::process::Output, String> {
    // The login shell expands "${SLURM_CONF:-}" (unquoted for it on purpose): sudo would
    // drop it, and the guard needs the Slurm the user's shell uses.
    let args = ["sudo", "-n", "bash", "-s", "--", "\"${SLURM_CONF:-}\""].map(String::from);
    let output = run_script(target, &args, script, LIMIT)
        .await
        .map_err(|e| e.message)?;
    let said = String::from_utf8_lossy(&output.stderr);
    if said.contains("sudo:") && output.stdout.is_empty() {
        return Err(format!(
            "{} cannot act as root without a password, which the idle guard needs (sudo said: {})",
            target.login(),
            said.trim().lines().last().unwrap_or_default()
        ));
    }
    Ok(output)
}

fn file_step(installed: Installed) -> GuardStep {
    let outcome = if installed.failed() { "failed" } else { "ok" };
    let (what, detail) = match &installed {
        Installed::Failed { path, reason } => (path.clone(), reason.clone()),
        Installed::Installed { path, .. } => (path.clone(), "installed".into()),
        Installed::Unchanged { path } => (path.clone(), "already up to date".into()),
    };
    GuardStep {
        outcome: outcome.into(),
        what,
        detail,
    }
}

/// The `ok|failed|note <TAB> what <TAB> detail` lines of install_guard.sh.
fn parse_steps(text: &str) -> Vec<GuardStep> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            let outcome = parts.next()?;
            matches!(outcome, "ok" | "failed" | "note").then(|| GuardStep {
                outcome: outcome.into(),
                what: parts.next().unwrap_or_default().into(),
                detail: parts.next().unwrap_or_default().into(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_install_script_carries_every_file_and_ends_with_the_steps() {
        let script = install_script(&GuardSettings {
            idle_minutes: 45,
            grace_seconds: 120,
            shutdown_behaviour: "stop".into(),
        });
        for path in [
            "/usr/local/sbin/pcwiz-idle-guard",
            "/etc/systemd/system/pcwiz-idle-guard.timer",
            "/etc/pcwiz/idle-guard.conf",
        ] {
            assert!(script.contains(&format!("put '{path}' ")), "{path}");
        }
        assert!(script.trim_end().ends_with("finish_install \"${1:-}\""));
        let steps = parse_steps(
            "installed\t/etc/pcwiz/idle-guard.conf\t\nok\tfirst look\t/var/lib/pcwiz/idle-guard.json\nnote\tpcwiz-idle-guard.timer\tsystemd is not running here\n",
        );
        assert_eq!(steps.len(), 2, "file lines are read elsewhere");
        assert_eq!(
            steps[1].describe(),
            "pcwiz-idle-guard.timer: systemd is not running here"
        );
    }
}
