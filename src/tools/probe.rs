//! Running a program briefly to learn its version, with a timeout so doctor never hangs.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::process::Command;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProbeError {
    #[error("could not start {program}: {reason}")]
    Spawn { program: String, reason: String },
    #[error("{program} did not finish within {seconds} s")]
    TimedOut { program: String, seconds: u64 },
    #[error("{program} exited with status {code}: {stderr}")]
    Failed {
        program: String,
        code: i32,
        stderr: String,
    },
}

/// Output of a finished command: stdout and stderr as text.
#[derive(Debug, Clone)]
pub struct Output {
    /// The program's file name, for messages.
    pub program: String,
    pub stdout: String,
    pub stderr: String,
}

/// Run `command`, failing on a non-zero exit, a spawn error, or the timeout.
pub async fn run(command: Command, timeout: Duration) -> Result<Output, ProbeError> {
    let (output, code) = run_any(command, timeout).await?;
    if code != 0 {
        return Err(ProbeError::Failed {
            program: output.program,
            code,
            stderr: last_lines(&output.stderr, 3),
        });
    }
    Ok(output)
}

/// Run `command` and return its output and exit code, whatever the code: for programs
/// such as `pcluster … --dryrun` that exit 1 to say "would have succeeded".
pub async fn run_any(mut command: Command, timeout: Duration) -> Result<(Output, i32), ProbeError> {
    let program = Path::new(command.as_std().get_program())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let child = command.spawn().map_err(|e| ProbeError::Spawn {
        program: program.clone(),
        reason: e.to_string(),
    })?;
    let output = tokio::time::timeout(timeout, child.wait_with_output())
        .await
        .map_err(|_| ProbeError::TimedOut {
            program: program.clone(),
            seconds: timeout.as_secs(),
        })?
        .map_err(|e| ProbeError::Spawn {
            program: program.clone(),
            reason: e.to_string(),
        })?;
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).trim().to_string();
    Ok((
        Output {
            program,
            stdout: text(&output.stdout),
            stderr: text(&output.stderr),
        },
        output.status.code().unwrap_or(-1),
    ))
}

/// The end of a long error output is where programs put the actual error.
pub fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join(" / ")
}
