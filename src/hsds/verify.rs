//! Checks HSDS where reV uses it: `srun` on a compute node runs start_hsds.sh as a reV
//! job would, then `--check`, then a real read through HSDS (listing a domain folder).
//! One ssh round trip; a cloud node may take minutes to boot, so the limit is generous.

use std::time::Duration;

use serde::Serialize;

use crate::cluster::hsds_files::DataSource;
use crate::remote::{SshTarget, run_script, shell_quote};

const VERIFY: &str = include_str!("../../assets/remote/verify_hsds.sh");
/// A powered-down cloud node boots in about 5 minutes; with the Docker launcher, Docker and
/// HSDS's image take a few more on first start.
const VERIFY_LIMIT: Duration = Duration::from_secs(20 * 60);

/// What the check found, for the HSDS tab and `pcwiz hsds --verify`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Verified {
    /// The compute node Slurm chose.
    pub node: Option<String>,
    /// start_hsds.sh's exit status.
    pub started: Option<i32>,
    /// `--check`'s line: "HSDS on node:5101: READY".
    pub check: Option<String>,
    /// HTTP status of the read, and the domains it listed.
    pub read_status: Option<u16>,
    pub domains: Vec<String>,
    /// start_hsds.sh's one sentence on why HSDS did not come up.
    pub why: Option<String>,
    /// The start log's last lines, shown when something failed.
    pub log: Vec<String>,
    /// What stopped the check before it could say (no srun, srun's own error…).
    pub error: Option<String>,
}

impl Verified {
    pub fn ready(&self) -> bool {
        self.check.as_deref().is_some_and(|c| c.ends_with("READY"))
    }

    pub fn ok(&self) -> bool {
        self.error.is_none()
            && self.started == Some(0)
            && self.ready()
            && self.read_status == Some(200)
    }

    /// The start log's lines worth showing under the summary: none when start_hsds.sh
    /// said why in its one sentence, which the summary carries.
    pub fn log_to_show(&self) -> &[String] {
        if self.why.is_some() { &[] } else { &self.log }
    }

    /// One line for the screen.
    pub fn summary(&self) -> String {
        let node = self.node.as_deref().unwrap_or("a compute node");
        if let Some(error) = &self.error {
            return format!("HSDS check failed: {error}");
        }
        if let (false, Some(why)) = (self.ready(), &self.why) {
            return format!("HSDS did not start on {node}: {why}");
        }
        if !self.ready() {
            return format!(
                "HSDS is not READY on {node} ({}); the start log's last lines are below.",
                self.check.as_deref().unwrap_or("no answer")
            );
        }
        match self.read_status {
            Some(200) => format!(
                "HSDS is READY on {node} and a read through it works ({} domain{} listed).",
                self.domains.len(),
                if self.domains.len() == 1 { "" } else { "s" }
            ),
            Some(status) => format!(
                "HSDS is READY on {node}, but a read through it answered HTTP {status}: {}",
                read_hint(status)
            ),
            None => format!("HSDS is READY on {node}, but the read got no answer."),
        }
    }
}

fn read_hint(status: u16) -> &'static str {
    match status {
        403 => "the keys cannot read the bucket (check the IAM user's S3 permissions).",
        404 => "the folder is not in the bucket (check the bucket name).",
        503 => "HSDS is busy: raise max_task_count or lower reV's max_workers.",
        0 => "HSDS did not answer within 30 s.",
        _ => "see the start log on the node.",
    }
}

/// Reads the marker lines; anything else srun printed is kept as the error when no
/// marker came back.
pub fn parse(output: &str) -> Verified {
    let mut found = Verified::default();
    let mut other = vec![];
    for line in output.lines() {
        let (marker, rest) = line.split_once(' ').unwrap_or((line, ""));
        match marker {
            "pcwiz-node" => found.node = Some(rest.to_string()),
            "pcwiz-start" => found.started = rest.trim().parse().ok(),
            "pcwiz-check" => found.check = Some(rest.trim().to_string()),
            "pcwiz-read-http" => found.read_status = rest.trim().parse().ok(),
            "pcwiz-read-body" => found.domains = domain_names(rest),
            "pcwiz-why" => found.why = Some(rest.trim().to_string()),
            "pcwiz-log" => found.log.push(rest.to_string()),
            "pcwiz-error" => found.error = Some(rest.to_string()),
            "pcwiz-srun" if found.node.is_none() && rest.trim() != "0" && found.error.is_none() => {
                found.error = Some(match other.last() {
                    Some(said) => format!("srun could not run the check: {said}"),
                    None => format!("srun exited {}", rest.trim()),
                });
            }
            "pcwiz-srun" => {}
            _ if !line.trim().is_empty() => other.push(line.trim().to_string()),
            _ => {}
        }
    }
    if found.node.is_none() && found.error.is_none() {
        found.error = Some("the head node gave no answer".into());
    }
    found
}

/// HSDS's `GET /domains` answer: `{"domains": [{"name": "/nrel/wtk", …}, …]}`.
fn domain_names(body: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(body) else {
        return vec![];
    };
    value["domains"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|d| d["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

pub async fn verify(
    target: &SshTarget,
    partition: Option<&str>,
    port: u16,
    source: &DataSource,
) -> Result<Verified, String> {
    let args = vec![
        "bash".to_string(),
        "-s".to_string(),
        "--".to_string(),
        shell_quote(partition.unwrap_or("")),
        port.to_string(),
        shell_quote(source.top_folder()),
    ];
    let output = run_script(target, &args, VERIFY, VERIFY_LIMIT)
        .await
        .map_err(|e| e.message)?;
    Ok(parse(&String::from_utf8_lossy(&output.stdout)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_check_lists_the_domains_and_a_refused_read_says_why() {
        let good = parse(
            "pcwiz-node compute-dy-c5-1\npcwiz-start 0\npcwiz-check HSDS on compute-dy-c5-1:5101: READY\n\
             pcwiz-read-http 200\npcwiz-read-body {\"domains\": [{\"name\": \"/nrel/wtk\"}, {\"name\": \"/nrel/nsrdb\"}]}\npcwiz-srun 0\n",
        );
        assert!(good.ok(), "{good:?}");
        assert_eq!(good.domains, ["/nrel/wtk", "/nrel/nsrdb"]);
        assert!(good.summary().contains("2 domains listed"));
        let refused = parse(
            "pcwiz-node n1\npcwiz-start 0\npcwiz-check HSDS on n1:5101: READY\npcwiz-read-http 403\npcwiz-read-body {}\npcwiz-srun 0\n",
        );
        assert!(!refused.ok());
        assert!(refused.summary().contains("cannot read the bucket"));
    }

    #[test]
    fn hsds_down_shows_the_log_and_srun_errors_are_kept() {
        let down = parse(
            "pcwiz-node n1\npcwiz-start 1\npcwiz-check HSDS on n1:5101: not running\npcwiz-read-http 000\npcwiz-read-body \n\
             pcwiz-log 2026-11-21T10:00:00Z not READY after 300s\npcwiz-srun 1\n",
        );
        assert!(!down.ready());
        assert!(down.summary().contains("not READY on n1"));
        assert_eq!(down.log, ["2026-11-21T10:00:00Z not READY after 300s"]);
        let refused = parse(
            "pcwiz-node n1\npcwiz-start 1\npcwiz-why S3 refused the anonymous read of bucket b (403): the bucket is not public.\n\
             pcwiz-check HSDS on n1:5101: not running\npcwiz-srun 1\n",
        );
        assert_eq!(
            refused.summary(),
            "HSDS did not start on n1: S3 refused the anonymous read of bucket b (403): the bucket is not public."
        );
        let no_partition = parse("srun: error: invalid partition specified: gpu\npcwiz-srun 1\n");
        assert_eq!(
            no_partition.error.as_deref(),
            Some("srun could not run the check: srun: error: invalid partition specified: gpu")
        );
    }
}
