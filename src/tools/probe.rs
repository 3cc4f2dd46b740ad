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
    succeeded(run_inner(command, None, timeout).await?)
}

/// `run`, with `input` written to the program's stdin (then closed): what a secret is
/// handed over by, never the command line, which every user of the machine can read.
pub async fn run_feeding(
    command: Command,
    input: Vec<u8>,
    timeout: Duration,
) -> Result<Output, ProbeError> {
    succeeded(run_inner(command, Some(input), timeout).await?)
}

fn succeeded((output, code): (Output, i32)) -> Result<Output, ProbeError> {
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
pub async fn run_any(command: Command, timeout: Duration) -> Result<(Output, i32), ProbeError> {
    run_inner(command, None, timeout).await
}

async fn run_inner(
    mut command: Command,
    input: Option<Vec<u8>>,
    timeout: Duration,
) -> Result<(Output, i32), ProbeError> {
    let program = Path::new(command.as_std().get_program())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stdin = match input {
        Some(_) => Stdio::piped(),
        None => Stdio::null(),
    };
    command
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn().map_err(|e| ProbeError::Spawn {
        program: program.clone(),
        reason: e.to_string(),
    })?;
    if let (Some(input), Some(mut pipe)) = (input, child.stdin.take()) {
        use tokio::io::AsyncWriteExt;
        // A program that exits without reading is its own error, reported below.
        let _ = pipe.write_all(&input).await;
        drop(pipe);
    }
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
