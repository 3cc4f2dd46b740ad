//! The one ssh round trip of a dashboard refresh: the system OpenSSH (so `~/.ssh/config`,
//! agents and known hosts work as the user expects), with a ControlMaster so refreshes
//! after the first reuse the connection, running `assets/remote/probe.sh` sent on stdin.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncWriteExt;

use super::report::{self, Report};

const PROBE: &str = include_str!("../../assets/remote/probe.sh");
/// Slurm's own calls are bounded at 20 s on the head node; ssh gets the rest.
const ROUND_TRIP_LIMIT: Duration = Duration::from_secs(45);

/// Where and as whom to log in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshTarget {
    /// The OS's default user (the stack's ClusterUser).
    pub user: String,
    pub host: String,
    /// The cluster's key, when pcwiz knows it (else ssh's own defaults and config).
    pub key: Option<PathBuf>,
    /// An ssh config file to use instead of ~/.ssh/config (PCWIZ_SSH_CONFIG), e.g. for a
    /// jump host; ssh reads the user's own config by itself otherwise.
    pub config: Option<PathBuf>,
}

/// The ssh arguments, before the remote command. `control_dir` holds the shared
/// connection's socket (pcwiz's state dir: private to the user).
pub fn ssh_args(target: &SshTarget, control_dir: &Path) -> Vec<String> {
    let mut args: Vec<String> = vec![];
    if let Some(config) = &target.config {
        args.push("-F".into());
        args.push(config.display().to_string());
    }
    args.extend([
        "-o".into(),
        "BatchMode=yes".into(),
        "-o".into(),
        "ConnectTimeout=10".into(),
        "-o".into(),
        "ControlMaster=auto".into(),
        "-o".into(),
        format!("ControlPath={}/ssh-%C", control_dir.display()),
        "-o".into(),
        "ControlPersist=120".into(),
    ]);
    if let Some(key) = &target.key {
        args.push("-i".into());
        args.push(key.display().to_string());
    }
    args.push(format!("{}@{}", target.user, target.host));
    args
}

/// The arguments for a person's shell over the probe's shared connection: a terminal,
/// and prompts allowed (a key's passphrase, a new host key), unlike the probe.
pub fn interactive_args(target: &SshTarget, control_dir: &Path) -> Vec<String> {
    let mut args = ssh_args(target, control_dir);
    if let Some(i) = args.iter().position(|a| a == "BatchMode=yes") {
        args[i] = "BatchMode=no".into();
    }
    args.insert(0, "-t".into());
    args
}

/// What the probe is asked to look at beyond Slurm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeOptions {
    /// Where HSDS listens on the compute nodes.
    pub hsds_port: u16,
    /// A reV project directory on the cluster, whose GAPs status files to read.
    pub rev_dir: Option<String>,
}

impl ProbeOptions {
    /// The probe's arguments, as the remote shell will read them: ssh joins its
    /// arguments into one command line, so each is quoted for that shell.
    fn remote_args(&self) -> Vec<String> {
        let mut args = vec![
            "bash".into(),
            "-s".into(),
            "--".into(),
            "--hsds-port".into(),
            self.hsds_port.to_string(),
        ];
        if let Some(dir) = &self.rev_dir {
            args.push("--rev-dir".into());
            args.push(shell_quote(dir));
        }
        args
    }
}

/// One word for a POSIX shell, whatever it contains; a leading `~/` stays outside the
/// quotes so the remote shell still expands it.
pub fn shell_quote(text: &str) -> String {
    let (home, rest) = match text.strip_prefix("~/") {
        Some(rest) => ("~/", rest),
        None => ("", text),
    };
    format!("{home}'{}'", rest.replace('\'', r"'\''"))
}

/// Runs the probe on the head node and reads its answer.
pub async fn probe(
    target: &SshTarget,
    control_dir: &Path,
    options: &ProbeOptions,
) -> Result<Report, String> {
    let output = run_script(
        target,
        control_dir,
        &options.remote_args(),
        PROBE,
        ROUND_TRIP_LIMIT,
    )
    .await?;
    report::parse(&String::from_utf8_lossy(&output.stdout))
}

/// Runs `script` on the head node over the shared connection: sent on ssh's stdin, so
/// nothing in it (file contents, keys) is ever on a command line. `remote_args` is the
/// remote command, e.g. `bash -s -- ARG…`, each word already quoted for the remote shell.
/// Err when ssh itself failed (exit 255) or `limit` passed; the script's own exit status
/// is the caller's to read.
pub async fn run_script(
    target: &SshTarget,
    control_dir: &Path,
    remote_args: &[String],
    script: &str,
    limit: Duration,
) -> Result<std::process::Output, String> {
    std::fs::create_dir_all(control_dir).map_err(|e| format!("{}: {e}", control_dir.display()))?;
    let mut command = tokio::process::Command::new("ssh");
    command
        .args(ssh_args(target, control_dir))
        .args(remote_args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = command
        .spawn()
        .map_err(|e| format!("could not run ssh: {e}"))?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    stdin
        .write_all(script.as_bytes())
        .await
        .map_err(|e| format!("could not send the script: {e}"))?;
    drop(stdin);
    let output = tokio::time::timeout(limit, child.wait_with_output())
        .await
        .map_err(|_| {
            format!(
                "{} did not answer within {} s",
                target.host,
                limit.as_secs()
            )
        })?
        .map_err(|e| format!("ssh failed: {e}"))?;
    if output.status.code() == Some(255) {
        let said = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "could not reach the head node {}@{}: {}",
            target.user,
            target.host,
            said.trim().lines().last().unwrap_or("ssh failed")
        ));
    }
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_shared_connection_with_the_clusters_key() {
        let target = SshTarget {
            user: "ubuntu".into(),
            host: "54.201.3.4".into(),
            key: Some("/home/jane/.ssh/laptop".into()),
            config: None,
        };
        let args = ssh_args(&target, Path::new("/home/jane/.local/state/pcwiz"));
        assert!(args.contains(&"ControlMaster=auto".to_string()));
        assert!(args.contains(&"ControlPath=/home/jane/.local/state/pcwiz/ssh-%C".to_string()));
        assert!(
            args.contains(&"BatchMode=yes".to_string()),
            "never a password prompt"
        );
        assert_eq!(
            args[args.len() - 3..],
            ["-i", "/home/jane/.ssh/laptop", "ubuntu@54.201.3.4"]
        );
    }

    #[test]
    fn a_rev_directory_reaches_the_remote_shell_as_one_word() {
        let options = ProbeOptions {
            hsds_port: 5101,
            rev_dir: Some("~/runs/it's conus".into()),
        };
        assert_eq!(
            options.remote_args()[3..],
            [
                "--hsds-port",
                "5101",
                "--rev-dir",
                r"~/'runs/it'\''s conus'"
            ]
        );
        let run = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("printf %s {}", shell_quote("a b'$(x)")))
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&run.stdout), "a b'$(x)");
    }
}
