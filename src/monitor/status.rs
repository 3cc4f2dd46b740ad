//! One dashboard refresh: one CloudFormation call (DescribeStackEvents), one EC2 call
//! (DescribeInstances by the cluster's tag), and ONE ssh round trip (the probe), the AWS
//! calls and the round trip at once. Each part fails on its own and says why.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::host_trust;
use crate::aws::cluster_list;
use crate::aws::session::AwsSession;
use crate::aws::stacks;
use crate::cluster::cluster_instance::ClusterInstance;
use crate::cluster::host_keys::HostPin;
use crate::cluster::probe_report::Report;
use crate::cluster::stack::StackEvent;
use crate::remote::probe::{self as ssh, ProbeOptions};
use crate::remote::{HostKeyCheck, SshFailure, SshTarget, control_dir};
use crate::store::history::ClusterRecord;
use crate::store::known_hosts::HostPins;

/// HSDS's port on the compute nodes (pcwiz's start_hsds.sh and HSDS's default).
pub use crate::cluster::hsds_files::HSDS_PORT;

#[derive(Debug, Clone, Serialize)]
pub struct StackState {
    pub status: String,
    pub reason: Option<String>,
    /// The login user (the stack's ClusterUser parameter).
    pub user: Option<String>,
    /// When the stack was created: read with the user, on the first refresh only.
    pub created: Option<chrono::DateTime<chrono::Utc>>,
    /// The newest events, newest first.
    pub events: Vec<StackEvent>,
}

#[derive(Debug, Clone)]
pub struct Refresh {
    pub stack: Result<StackState, String>,
    pub instances: Result<Vec<ClusterInstance>, String>,
    /// None when there was no head node to ask.
    pub probe: Option<Result<Report, SshFailure>>,
    /// Where the probe logged in: what `s` opens a shell on.
    pub target: Option<SshTarget>,
    /// The head node's host key as pcwiz pinned it (None until it is pinned).
    pub host_key: Option<HostPin>,
    pub took: Duration,
    pub ssh_took: Option<Duration>,
}

impl Refresh {
    pub fn head_node(&self) -> Option<&ClusterInstance> {
        self.instances
            .as_ref()
            .ok()?
            .iter()
            .find(|i| i.node_type == "HeadNode")
    }
}

/// How this run reaches head nodes: pcwiz's pinned host keys, and the ssh config to use
/// instead of the user's own (PCWIZ_SSH_CONFIG), if any.
#[derive(Debug, Clone)]
pub struct SshSetup {
    pub pins: HostPins,
    pub config: Option<PathBuf>,
}

impl SshSetup {
    pub fn new(state_dir: &std::path::Path, config: Option<PathBuf>) -> Self {
        Self {
            pins: HostPins::in_state_dir(state_dir),
            config,
        }
    }
}

pub async fn refresh(
    session: &AwsSession,
    name: &str,
    record: Option<&ClusterRecord>,
    setup: &SshSetup,
    probe_options: &ProbeOptions,
    known_user: Option<String>,
) -> Refresh {
    let started = Instant::now();
    let (stack, instances) = tokio::join!(stack(session, name, known_user), async {
        cluster_list::instances(session, Some(name))
            .await
            .map(|mut by| by.remove(name).unwrap_or_default())
            .map_err(|e| e.explained())
    });
    let user = stack.as_ref().ok().and_then(|s| s.user.clone());
    let head = instances.as_ref().ok().and_then(|all| running_head(all));
    let target = head.map(|head| head_target(session, name, head, user, record, setup));
    let (probe, host_key, ssh_took, target) = match target {
        None => (None, None, None, None),
        Some(Err(why)) => (Some(Err(why)), None, None, None),
        Some(Ok(target)) => {
            let ssh_started = Instant::now();
            // Nothing runs on a head node whose host key is not pinned and matching.
            match host_trust::ensure_pinned(session, &setup.pins, &target).await {
                Ok(pin) => {
                    let report = ssh::probe(&target, probe_options).await;
                    (
                        Some(report),
                        Some(pin),
                        Some(ssh_started.elapsed()),
                        Some(target),
                    )
                }
                Err(why) => (
                    Some(Err(why)),
                    None,
                    Some(ssh_started.elapsed()),
                    Some(target),
                ),
            }
        }
    };
    Refresh {
        stack,
        instances,
        probe,
        target,
        host_key,
        took: started.elapsed(),
        ssh_took,
    }
}

/// One CloudFormation call per refresh: the stack's events, which carry the stack's own
/// status too (its newest event of its own). Only the first refresh also reads the stack
/// itself, once, for its login user.
async fn stack(
    session: &AwsSession,
    name: &str,
    known_user: Option<String>,
) -> Result<StackState, String> {
    let (events, described) = tokio::join!(stacks::events(session, name), async {
        match &known_user {
            Some(_) => None,
            None => Some(describe(session, name).await),
        }
    });
    let events = events.map_err(|e| e.explained())?;
    let own = events
        .iter()
        .find(|e| e.logical_id == name && e.resource_type == "AWS::CloudFormation::Stack");
    let described = described.transpose()?;
    let (status, reason) = match (own, &described) {
        (Some(e), _) => (e.status.clone(), e.reason.clone()),
        (None, Some(d)) => (d.status.clone(), d.reason.clone()),
        (None, None) => (String::new(), None),
    };
    Ok(StackState {
        status,
        reason: reason.filter(|r| r != "User Initiated"),
        created: described.as_ref().and_then(|d| d.created),
        user: known_user.or_else(|| described.and_then(|d| d.user)),
        events,
    })
}

pub async fn describe(session: &AwsSession, name: &str) -> Result<StackState, String> {
    let stack = stacks::describe(session, name)
        .await
        .map_err(|e| e.explained())?
        .ok_or_else(|| format!("no stack named {name}"))?;
    Ok(StackState {
        user: stack.parameter("ClusterUser").map(str::to_string),
        status: stack.status,
        reason: stack.reason,
        created: stack.created,
        events: vec![],
    })
}

/// The head node to ssh to: running, with an address.
pub fn running_head(instances: &[ClusterInstance]) -> Option<&ClusterInstance> {
    instances.iter().find(|i| {
        i.node_type == "HeadNode"
            && i.state == "running"
            && (i.public_ip.is_some() || i.private_ip.is_some())
    })
}

/// How to reach `head`: as the stack's user, with the history's key, its host key checked
/// against pcwiz's pin for the cluster.
pub fn head_target(
    session: &AwsSession,
    name: &str,
    head: &ClusterInstance,
    user: Option<String>,
    record: Option<&ClusterRecord>,
    setup: &SshSetup,
) -> Result<SshTarget, SshFailure> {
    Ok(SshTarget {
        user: user.unwrap_or_else(|| "ec2-user".into()),
        host: head
            .public_ip
            .clone()
            .or(head.private_ip.clone())
            .unwrap_or_default(),
        key: record.and_then(|r| r.key_file.clone()),
        key_pair: head.key_name.clone(),
        config: setup.config.clone(),
        control_dir: control_dir::control_dir().map_err(SshFailure::other)?,
        host_key: HostKeyCheck {
            alias: head.instance_id.clone(),
            known_hosts: setup.pins.file(&session.region, name),
            cluster: name.to_string(),
        },
    })
}
