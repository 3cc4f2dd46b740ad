//! A script on the head node whose output is read as it comes: an install that takes
//! minutes shows its progress line by line instead of all at the end. Sent on ssh's stdin
//! over the shared connection, like `run_script`.

use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

use super::args::ssh_args;
use super::failure::SshFailure;
use super::target::SshTarget;

/// What the script printed, once it ended.
#[derive(Debug, Clone)]
pub struct Streamed {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `script` on the head node (`remote_args` as for `run_script`), handing each line of
/// its stdout to `on_line` as it arrives. Err when ssh itself failed or `limit` passed (the
/// remote command is then ended with the connection).
pub async fn run_script_lines(
    target: &SshTarget,
    remote_args: &[String],
    script: &str,
    limit: Duration,
    mut on_line: impl FnMut(&str),
) -> Result<Streamed, SshFailure> {
    let mut child = tokio::process::Command::new("ssh")
        .args(ssh_args(target))
        .args(remote_args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| SshFailure::other(format!("could not run ssh: {e}")))?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let sent = stdin.write_all(script.as_bytes()).await;
    drop(stdin);
    let mut stderr_pipe = child.stderr.take().expect("stderr was piped");
    let stderr_task = tokio::spawn(async move {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text).await;
        text
    });
    let mut lines = BufReader::new(child.stdout.take().expect("stdout was piped")).lines();
    let mut stdout = String::new();
    let read_all = async {
        while let Ok(Some(line)) = lines.next_line().await {
            on_line(&line);
            stdout.push_str(&line);
            stdout.push('\n');
        }
        child.wait().await
    };
    let status = tokio::time::timeout(limit, read_all)
        .await
        .map_err(|_| {
            SshFailure::other(format!(
                "{} did not finish within {} min",
                target.host,
                limit.as_secs() / 60
            ))
        })?
        .map_err(|e| SshFailure::other(format!("ssh failed: {e}")))?;
    let stderr = stderr_task.await.unwrap_or_default();
    if status.code() == Some(255) {
        return Err(SshFailure::from_stderr(target, &stderr));
    }
    sent.map_err(|e| SshFailure::other(format!("could not send the script: {e}")))?;
    Ok(Streamed {
        status,
        stdout,
        stderr,
    })
}
