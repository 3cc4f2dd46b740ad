//! Following a launch: where the cluster stack is, the head node's state, how long it has
//! taken against the usual, how to connect once it is up, and how often to look.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::launch_failure::{Diagnosis, FailureContext, diagnose};
use super::stack::StackProgress;

/// A ParallelCluster creation usually takes this long (the head node's bootstrap dominates).
pub const USUAL_MINUTES: (i64, i64) = (15, 25);

/// The head node as EC2 sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadNode {
    pub instance_id: String,
    /// pending, running, stopping, stopped…
    pub state: String,
    pub instance_type: String,
    pub public_ip: Option<String>,
    pub private_ip: Option<String>,
}

/// One look at a launch: the stack and the head node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LaunchStatus {
    pub stack: StackProgress,
    pub head_node: Option<HeadNode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "phase", rename_all = "kebab-case")]
pub enum Phase {
    Creating,
    Ready { ssh: Option<String> },
    Failed(Diagnosis),
}

impl LaunchStatus {
    /// Where the launch stands. `key_file` and `fallback_user` make the ssh command when
    /// the stack does not name its user (ClusterUser).
    pub fn phase(
        &self,
        context: &FailureContext,
        key_file: Option<&str>,
        fallback_user: &str,
    ) -> Phase {
        if !self.stack.finished() {
            return Phase::Creating;
        }
        if self.stack.succeeded() {
            let user = self
                .stack
                .parameters
                .get("ClusterUser")
                .map(String::as_str)
                .unwrap_or(fallback_user);
            let host = self
                .head_node
                .as_ref()
                .and_then(|h| h.public_ip.as_deref().or(h.private_ip.as_deref()));
            return Phase::Ready {
                ssh: host.map(|h| ssh_command(user, h, key_file)),
            };
        }
        Phase::Failed(diagnose(&self.stack, context).unwrap_or(Diagnosis {
            cause: format!("The cluster stack ended {}.", self.stack.status),
            next: "Read the events below, fix the config and launch again.".into(),
            detail: self.stack.status.clone(),
        }))
    }
}

/// "ssh -i ~/.ssh/laptop ubuntu@54.1.2.3".
pub fn ssh_command(user: &str, host: &str, key_file: Option<&str>) -> String {
    match key_file {
        Some(key) => format!("ssh -i {key} {user}@{host}"),
        None => format!("ssh {user}@{host}"),
    }
}

/// "6 min of the usual 15–25", "31 min: longer than usual".
pub fn elapsed(started: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - started).num_minutes().max(0);
    let (low, high) = USUAL_MINUTES;
    if minutes > high {
        format!("{minutes} min: longer than the usual {low}–{high}")
    } else {
        format!("{minutes} min of the usual {low}–{high}")
    }
}

/// How often to look at a stack being created: often while things change, less and less
/// while nothing does (a head node's bootstrap is minutes of silence), never less often
/// than `max`. Each look is four calls (three CloudFormation, one EC2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollSchedule {
    min: Duration,
    max: Duration,
    current: Duration,
}

impl Default for PollSchedule {
    fn default() -> Self {
        Self::new(Duration::from_secs(5), Duration::from_secs(30))
    }
}

impl PollSchedule {
    pub fn new(min: Duration, max: Duration) -> Self {
        Self {
            min,
            max,
            current: min,
        }
    }

    /// The wait before the next look: back to `min` after a change, doubled (up to `max`)
    /// after a look that found nothing new.
    pub fn next(&mut self, changed: bool) -> Duration {
        self.current = if changed {
            self.min
        } else {
            (self.current * 2).min(self.max)
        };
        self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::stack::StackEvent;

    fn status(stack_status: &str, ip: Option<&str>) -> LaunchStatus {
        let mut stack = StackProgress {
            name: "rev".into(),
            status: stack_status.into(),
            ..StackProgress::default()
        };
        stack
            .parameters
            .insert("ClusterUser".into(), "ubuntu".into());
        LaunchStatus {
            stack,
            head_node: Some(HeadNode {
                instance_id: "i-1".into(),
                state: "running".into(),
                instance_type: "t3.large".into(),
                public_ip: ip.map(str::to_string),
                private_ip: Some("10.0.0.5".into()),
            }),
        }
    }

    #[test]
    fn ready_gives_the_ssh_command_with_the_clusters_user() {
        let context = FailureContext::default();
        assert_eq!(
            status("CREATE_IN_PROGRESS", None).phase(&context, None, "ec2-user"),
            Phase::Creating
        );
        assert_eq!(
            status("CREATE_COMPLETE", Some("54.1.2.3")).phase(
                &context,
                Some("~/.ssh/laptop"),
                "ec2-user"
            ),
            Phase::Ready {
                ssh: Some("ssh -i ~/.ssh/laptop ubuntu@54.1.2.3".into())
            }
        );
        // No public IP (a private subnet): the private one, reachable over a VPN.
        let Phase::Ready { ssh } = status("CREATE_COMPLETE", None).phase(&context, None, "x")
        else {
            panic!()
        };
        assert_eq!(ssh.as_deref(), Some("ssh ubuntu@10.0.0.5"));
    }

    #[test]
    fn a_failed_stack_is_diagnosed() {
        let mut failed = status("ROLLBACK_COMPLETE", None);
        failed.stack.events.push(StackEvent {
            time: None,
            logical_id: "HeadNode".into(),
            resource_type: "AWS::EC2::Instance".into(),
            status: "CREATE_FAILED".into(),
            reason: Some("... (InsufficientInstanceCapacity)".into()),
            physical_id: None,
        });
        let Phase::Failed(d) = failed.phase(&FailureContext::default(), None, "ubuntu") else {
            panic!()
        };
        assert!(d.cause.contains("capacity"), "{d:?}");
    }

    #[test]
    fn elapsed_reads_against_the_usual_time() {
        let start: DateTime<Utc> = "2026-11-21T12:00:00Z".parse().unwrap();
        let at = |m: i64| start + chrono::Duration::minutes(m);
        assert_eq!(elapsed(start, at(6)), "6 min of the usual 15–25");
        assert_eq!(
            elapsed(start, at(31)),
            "31 min: longer than the usual 15–25"
        );
    }

    #[test]
    fn polling_backs_off_while_nothing_changes() {
        let mut schedule = PollSchedule::default();
        let waits: Vec<u64> = [false, false, false, false, true, false]
            .iter()
            .map(|&changed| schedule.next(changed).as_secs())
            .collect();
        assert_eq!(waits, [10, 20, 30, 30, 5, 10]);
    }
}
