//! Files to and from the head node over the shared connection, with progress: a local
//! directory sent as a tar stream on ssh's stdin (a wheelhouse for a cluster without
//! internet), and a remote file read back with `cat` into a local file written atomically
//! (reV's outputs). Nothing travels on a command line but the paths, quoted.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::args::ssh_args;
use super::failure::SshFailure;
use super::shell_quote;
use super::target::SshTarget;

const CHUNK: usize = 256 * 1024;

/// Bytes in the regular files under `dir` (what a tar of it carries, give or take headers).
fn bytes_under(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => bytes_under(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

fn ssh(target: &SshTarget, remote_command: &str) -> tokio::process::Command {
    let mut command = tokio::process::Command::new("ssh");
    command
        .args(ssh_args(target))
        .arg(remote_command)
        .kill_on_drop(true);
    command
}

/// Copies the contents of the local directory `local` into `remote_dir` on the head node
/// (made if missing; `~/` is the login's home), calling `progress(sent, total)` in bytes.
pub async fn send_dir(
    target: &SshTarget,
    local: &Path,
    remote_dir: &str,
    limit: Duration,
    mut progress: impl FnMut(u64, u64),
) -> Result<(), SshFailure> {
    let total = bytes_under(local);
    let dir = shell_quote(remote_dir);
    let mut ssh = ssh(target, &format!("mkdir -p {dir} && tar -xf - -C {dir}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| SshFailure::other(format!("could not run ssh: {e}")))?;
    let mut tar = tokio::process::Command::new("tar")
        .arg("-C")
        .arg(local)
        .args(["-cf", "-", "."])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| SshFailure::other(format!("could not run tar here: {e}")))?;
    let mut from = tar.stdout.take().expect("stdout was piped");
    let mut to = ssh.stdin.take().expect("stdin was piped");
    let copy = async {
        let mut buffer = vec![0u8; CHUNK];
        let mut sent = 0u64;
        loop {
            let n = from.read(&mut buffer).await?;
            if n == 0 {
                break;
            }
            to.write_all(&buffer[..n]).await?;
            sent += n as u64;
            progress(sent.min(total), total);
        }
        to.shutdown().await?;
        drop(to);
        Ok::<(), std::io::Error>(())
    };
    let copied = tokio::time::timeout(limit, copy).await.map_err(|_| {
        SshFailure::other(format!(
            "sending {} did not finish within {} min",
            local.display(),
            limit.as_secs() / 60
        ))
    })?;
    let tar_out = tar
        .wait_with_output()
        .await
        .map_err(|e| SshFailure::other(format!("tar failed: {e}")))?;
    let ssh_out = ssh
        .wait_with_output()
        .await
        .map_err(|e| SshFailure::other(format!("ssh failed: {e}")))?;
    let stderr = String::from_utf8_lossy(&ssh_out.stderr);
    if ssh_out.status.code() == Some(255) {
        return Err(SshFailure::from_stderr(target, &stderr));
    }
    if !tar_out.status.success() {
        return Err(SshFailure::other(format!(
            "could not read {}: {}",
            local.display(),
            String::from_utf8_lossy(&tar_out.stderr).trim()
        )));
    }
    if !ssh_out.status.success() {
        return Err(SshFailure::other(format!(
            "the head node could not unpack into {remote_dir}: {}",
            stderr.trim()
        )));
    }
    copied.map_err(|e| SshFailure::other(format!("sending {} broke off: {e}", local.display())))
}

/// Copies the head node's file `remote` (absolute, or `~/`) to the local file `local`,
/// written beside it first and renamed once whole, calling `progress(received, size)`.
/// `size` is the file's size as known beforehand (the probe lists it), for the progress.
pub async fn fetch_file(
    target: &SshTarget,
    remote: &str,
    size: u64,
    local: &Path,
    limit: Duration,
    mut progress: impl FnMut(u64, u64),
) -> Result<u64, SshFailure> {
    let partial = local.with_extension("pcwiz-partial");
    let mut file = tokio::fs::File::create(&partial)
        .await
        .map_err(|e| SshFailure::other(format!("could not write {}: {e}", partial.display())))?;
    let mut ssh = ssh(target, &format!("cat {}", shell_quote(remote)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| SshFailure::other(format!("could not run ssh: {e}")))?;
    let mut from = ssh.stdout.take().expect("stdout was piped");
    let copy = async {
        let mut buffer = vec![0u8; CHUNK];
        let mut received = 0u64;
        loop {
            let n = from.read(&mut buffer).await?;
            if n == 0 {
                break;
            }
            file.write_all(&buffer[..n]).await?;
            received += n as u64;
            progress(received, size.max(received));
        }
        file.sync_all().await?;
        Ok::<u64, std::io::Error>(received)
    };
    let copied = tokio::time::timeout(limit, copy).await;
    let output = ssh
        .wait_with_output()
        .await
        .map_err(|e| SshFailure::other(format!("ssh failed: {e}")));
    let result = (|| {
        let copied = copied.map_err(|_| {
            SshFailure::other(format!(
                "{remote} did not arrive within {} min",
                limit.as_secs() / 60
            ))
        })?;
        let output = output?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.code() == Some(255) {
            return Err(SshFailure::from_stderr(target, &stderr));
        }
        if !output.status.success() {
            return Err(SshFailure::other(format!(
                "the head node could not read {remote}: {}",
                stderr.trim()
            )));
        }
        copied.map_err(|e| SshFailure::other(format!("{remote} broke off: {e}")))
    })();
    match result {
        Ok(received) => {
            std::fs::rename(&partial, local).map_err(|e| {
                SshFailure::other(format!("could not put {} in place: {e}", local.display()))
            })?;
            Ok(received)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}
