//! reV's venv on the cluster (`pcwiz rev NAME --install`, the reV tab's `n`): the head node
//! is asked what its Python is and what the venv holds; when the pins are met nothing runs
//! (a second install changes nothing); else pip installs them, from PyPI, a private index,
//! or a local wheelhouse copied over first (clusters without internet), its progress read
//! from pip's own lines; then `reV --version` must answer with the pinned version.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::cluster::rev_install::{self, Pin, PipProgress, VenvState};
use crate::remote::stream::run_script_lines;
use crate::remote::transfer::send_dir;
use crate::remote::{SshTarget, run_script, shell_quote};

const SCRIPT: &str = include_str!("../../assets/remote/install_rev.sh");
const CHECK_LIMIT: Duration = Duration::from_secs(60);
/// A whole reV closure from PyPI on a small head node takes minutes.
const INSTALL_LIMIT: Duration = Duration::from_secs(30 * 60);
const SEND_LIMIT: Duration = Duration::from_secs(30 * 60);

/// Where pip gets the packages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "at")]
pub enum Source {
    /// pip's default (PyPI, or what the head node's pip.conf says).
    Pypi,
    /// A directory of wheels on this machine, copied to the head node for the install.
    Wheelhouse(PathBuf),
    /// A private index (`--index-url`).
    IndexUrl(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallRequest {
    /// The venv on the head node (`~/` allowed): on the shared file system, so the compute
    /// nodes run the same reV.
    pub venv: String,
    pub source: Source,
}

/// What an install is doing now, for a progress bar.
#[derive(Debug, Clone, PartialEq)]
pub enum InstallEvent {
    Checking,
    /// The wheelhouse on its way: bytes sent of total.
    Sending {
        sent: u64,
        total: u64,
    },
    Pip(PipProgress),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Installed {
    pub venv: String,
    pub python: String,
    /// The pins asked for, as pip reads them.
    pub pinned: Vec<String>,
    /// Each pinned package's version now in the venv.
    pub versions: Vec<(String, Option<String>)>,
    /// What `reV --version` answered.
    pub rev: String,
    /// False when the venv already had everything: nothing was run.
    pub changed: bool,
}

/// Installs (or finds already installed) reV in `request.venv` on `target`.
pub async fn install(
    target: &SshTarget,
    request: &InstallRequest,
    mut on: impl FnMut(InstallEvent),
) -> Result<Installed, String> {
    on(InstallEvent::Checking);
    let before = check(target, &request.venv).await?;
    let python = before
        .python
        .clone()
        .ok_or_else(|| said_or(&before, "the head node did not say its Python version"))?;
    let pins = rev_install::python_version(&python)
        .ok_or_else(|| format!("the head node's python3 said its version is {python:?}"))
        .and_then(rev_install::pins_for)?;
    if rev_install::unmet(&pins, &before.have).is_empty()
        && before.rev_version() == Some(rev_install::REV_VERSION)
    {
        return Ok(outcome(request, &python, &pins, &before, false));
    }

    let mut args = vec![
        "bash".to_string(),
        "-s".into(),
        "--".into(),
        "--install".into(),
        shell_quote(&request.venv),
    ];
    let mut expected = None;
    match &request.source {
        Source::Pypi => {}
        Source::IndexUrl(url) => args.extend(["--index-url".into(), shell_quote(url)]),
        Source::Wheelhouse(dir) => {
            expected = Some(wheels_in(dir)?);
            let remote = format!(
                "~/.pcwiz/wheelhouse-{}",
                chrono::Utc::now().format("%Y%m%dT%H%M%S")
            );
            send_dir(target, dir, &remote, SEND_LIMIT, |sent, total| {
                on(InstallEvent::Sending { sent, total })
            })
            .await
            .map_err(|e| format!("could not copy the wheelhouse to the head node: {e}"))?;
            args.extend(["--wheelhouse".into(), shell_quote(&remote)]);
        }
    }
    args.push("--".into());
    args.extend(pins.iter().map(|p| shell_quote(&p.requirement())));

    let mut progress = PipProgress::new(expected);
    let mut tail: Vec<String> = vec![];
    let ran = run_script_lines(target, &args, SCRIPT, INSTALL_LIMIT, |line| {
        if !line.starts_with("pcwiz: ") {
            tail.push(line.to_string());
            if tail.len() > 8 {
                tail.remove(0);
            }
        }
        if progress.line(line) {
            on(InstallEvent::Pip(progress.clone()));
        }
    })
    .await
    .map_err(|e| e.message)?;
    let after = VenvState::read(&ran.stdout);
    let unmet = rev_install::unmet(&pins, &after.have);
    if !ran.status.success() || !unmet.is_empty() || after.rev_version().is_none() {
        let mut why = after.errors.clone();
        why.extend(progress.errors.iter().cloned());
        if why.is_empty() {
            why = tail;
        }
        if !unmet.is_empty() {
            let names: Vec<_> = unmet.iter().map(|p| p.requirement()).collect();
            why.push(format!("still missing: {}", names.join(", ")));
        }
        return Err(format!(
            "reV was not installed in {}: {}",
            request.venv,
            why.join(" | ")
        ));
    }
    if after.rev_version() != Some(rev_install::REV_VERSION) {
        return Err(format!(
            "reV in {} answers {:?}, not the pinned {}",
            request.venv,
            after.rev.as_deref().unwrap_or(""),
            rev_install::REV_VERSION
        ));
    }
    Ok(outcome(request, &python, &pins, &after, true))
}

/// What the head node says of the venv now (and its Python).
pub async fn check(target: &SshTarget, venv: &str) -> Result<VenvState, String> {
    let args = vec![
        "bash".to_string(),
        "-s".into(),
        "--".into(),
        "--check".into(),
        shell_quote(venv),
    ];
    let output = run_script(target, &args, SCRIPT, CHECK_LIMIT)
        .await
        .map_err(|e| e.message)?;
    Ok(VenvState::read(&String::from_utf8_lossy(&output.stdout)))
}

fn said_or(state: &VenvState, otherwise: &str) -> String {
    state
        .errors
        .first()
        .cloned()
        .unwrap_or_else(|| otherwise.to_string())
}

/// The wheels in a local wheelhouse; Err when it has none (a typo in the path).
fn wheels_in(dir: &std::path::Path) -> Result<u32, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read the wheelhouse {}: {e}", dir.display()))?;
    let wheels = entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "whl"))
        .count() as u32;
    if wheels == 0 {
        return Err(format!(
            "{} has no wheels (*.whl): make one with `pip download -d DIR NREL-reV==0.14.5 h5pyd` (or `pip wheel -w DIR …`) on a machine with internet",
            dir.display()
        ));
    }
    Ok(wheels)
}

fn outcome(
    request: &InstallRequest,
    python: &str,
    pins: &[Pin],
    state: &VenvState,
    changed: bool,
) -> Installed {
    Installed {
        venv: request.venv.clone(),
        python: python.to_string(),
        pinned: pins.iter().map(Pin::requirement).collect(),
        versions: state.versions(pins),
        rev: state.rev.clone().unwrap_or_default(),
        changed,
    }
}
