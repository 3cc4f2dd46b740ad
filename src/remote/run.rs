//! Running a script on the head node over the shared connection, sent on ssh's stdin so
//! that nothing in it (file contents, keys) is ever on a command line.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncWriteExt;

use super::args::{close_shared_args, ssh_args};
use super::failure::SshFailure;
use super::target::SshTarget;

/// Runs `script` on the head node. `remote_args` is the remote command, e.g.
/// `bash -s -- ARG…`, each word already quoted for the remote shell. Err when ssh itself
/// failed (exit 255, explained) or `limit` passed; the script's own exit status is the
/// caller's to read.
pub async fn run_script(
    target: &SshTarget,
    remote_args: &[String],
    script: &str,
    limit: Duration,
) -> Result<std::process::Output, SshFailure> {
    let mut command = tokio::process::Command::new("ssh");
    command
        .args(ssh_args(target))
        .args(remote_args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = command
        .spawn()
        .map_err(|e| SshFailure::other(format!("could not run ssh: {e}")))?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    // A host that refuses us closes the pipe early; what ssh says matters, not the write.
    let sent = stdin.write_all(script.as_bytes()).await;
    drop(stdin);
    let output = tokio::time::timeout(limit, child.wait_with_output())
        .await
        .map_err(|_| {
            SshFailure::other(format!(
                "{} did not answer within {} s",
                target.host,
                limit.as_secs()
            ))
        })?
        .map_err(|e| SshFailure::other(format!("ssh failed: {e}")))?;
    if output.status.code() == Some(255) {
        return Err(SshFailure::from_stderr(
            target,
            &String::from_utf8_lossy(&output.stderr),
        ));
    }
    sent.map_err(|e| SshFailure::other(format!("could not send the script: {e}")))?;
    Ok(output)
}

/// An ssh that runs `remote_command` on the head node over the shared connection, for a
/// caller that streams its input and output itself (a live measurement). Not started yet.
pub fn streaming(target: &SshTarget, remote_command: &str) -> tokio::process::Command {
    let mut ssh = tokio::process::Command::new("ssh");
    ssh.args(ssh_args(target)).arg(remote_command);
    ssh
}

/// Ends the shared connection to `target`, if one is open (none is not an error).
pub async fn close_shared(target: &SshTarget) {
    let closed = tokio::process::Command::new("ssh")
        .args(close_shared_args(target))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = tokio::time::timeout(Duration::from_secs(5), closed).await;
}
