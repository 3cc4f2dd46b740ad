//! The one ssh round trip of a dashboard refresh: `assets/remote/probe.sh`, sent on stdin
//! over the shared connection (`remote/`), answering one JSON document.

use std::time::Duration;

use super::{SshFailure, SshTarget, run_script, shell_quote};
use crate::cluster::probe_report::{self as report, Report};

const PROBE: &str = include_str!("../../assets/remote/probe.sh");
/// Slurm's own calls are bounded at 20 s on the head node; ssh gets the rest.
const ROUND_TRIP_LIMIT: Duration = Duration::from_secs(45);

/// What the probe is asked to look at beyond Slurm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeOptions {
    /// Where HSDS listens on the compute nodes.
    pub hsds_port: u16,
    /// A reV project directory on the cluster, whose GAPs status files to read.
    pub rev_dir: Option<String>,
    /// The idle guard's cost history after this epoch (None: not read).
    pub nodes_up_since: Option<i64>,
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
        if let Some(since) = self.nodes_up_since {
            args.push("--nodes-up-since".into());
            args.push(since.to_string());
        }
        args
    }
}

/// Runs the probe on the head node and reads its answer.
pub async fn probe(target: &SshTarget, options: &ProbeOptions) -> Result<Report, SshFailure> {
    let output = run_script(target, &options.remote_args(), PROBE, ROUND_TRIP_LIMIT).await?;
    report::parse(&String::from_utf8_lossy(&output.stdout)).map_err(SshFailure::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rev_directory_reaches_the_remote_shell_as_one_word() {
        let options = ProbeOptions {
            hsds_port: 5101,
            rev_dir: Some("~/runs/it's conus".into()),
            nodes_up_since: None,
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
    }
}
