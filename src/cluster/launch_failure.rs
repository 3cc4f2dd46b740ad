//! Why a cluster did not come up, in plain words, with what to do next. Read the way
//! pcluster reads it: the first CREATE_FAILED event (later ones are only "cancelled"),
//! the head node's WaitCondition, and the stack's status reason.

use serde::Serialize;

use super::network::RouteOut;
use super::stack::{StackEvent, StackProgress};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// What went wrong, for a person: "AWS has no spare c6a.12xlarge capacity in us-west-2a".
    pub cause: String,
    /// What to do about it.
    pub next: String,
    /// AWS's own words, for a search or a support ticket.
    pub detail: String,
}

/// What the launch knows besides the stack, to tell causes apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FailureContext {
    pub head_instance_type: Option<String>,
    pub key_name: Option<String>,
    /// The head subnet's way out, when known.
    pub head_route: Option<RouteOut>,
    pub has_on_node_configured: bool,
}

impl FailureContext {
    /// What `config` tells about its own failures; `head_route` when the subnet was looked at.
    pub fn of(config: &super::config::ClusterConfig, head_route: Option<RouteOut>) -> Self {
        Self {
            head_instance_type: Some(config.head_node.instance_type.clone()),
            key_name: config.head_node.ssh.as_ref().map(|s| s.key_name.clone()),
            head_route,
            has_on_node_configured: config.to_yaml().contains("OnNodeConfigured"),
        }
    }
}

pub fn diagnose(progress: &StackProgress, context: &FailureContext) -> Option<Diagnosis> {
    if progress.succeeded() || !progress.finished() {
        return None;
    }
    let event = first_failure(&progress.events);
    let detail = event
        .map(StackEvent::describe)
        .or_else(|| progress.reason.clone())?;
    let reason = event
        .and_then(|e| e.reason.clone())
        .or_else(|| progress.reason.clone())
        .unwrap_or_default();
    let wait_condition = event.is_some_and(|e| e.resource_type.ends_with("WaitCondition"));
    let (cause, next) = classify(&reason, wait_condition, context);
    Some(Diagnosis {
        cause,
        next,
        detail,
    })
}

/// The oldest CREATE_FAILED event that is not a knock-on cancellation.
fn first_failure(events: &[StackEvent]) -> Option<&StackEvent> {
    let failed = |e: &&StackEvent| e.status == "CREATE_FAILED";
    let cancelled = |e: &&StackEvent| {
        e.reason
            .as_deref()
            .is_some_and(|r| r.contains("Resource creation cancelled"))
    };
    // Events come newest first.
    events
        .iter()
        .rev()
        .filter(failed)
        .find(|e| !cancelled(e))
        .or_else(|| events.iter().rev().find(failed))
}

fn classify(reason: &str, wait_condition: bool, context: &FailureContext) -> (String, String) {
    // "We currently do not have sufficient t3.large capacity…" names the type itself.
    let named = reason
        .split("sufficient ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .filter(|t| t.contains('.'));
    let head = context
        .head_instance_type
        .as_deref()
        .or(named)
        .unwrap_or("this type");
    let lower = reason.to_ascii_lowercase();
    if reason.contains("InsufficientInstanceCapacity")
        || lower.contains("sufficient") && lower.contains("capacity")
    {
        return (
            format!("AWS has no spare capacity for {head} in this availability zone right now."),
            "Try again later, or pick another instance type (head-node step) or another zone (network step). Capacity shortages are usually brief.".into(),
        );
    }
    if reason.contains("VcpuLimitExceeded") || lower.contains("vcpu limit") {
        return (
            "The account's vCPU quota for this kind of instance is too small for the cluster.".into(),
            "Ask for more in the AWS console: Service Quotas → Amazon EC2 → \"Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances\" (or the family you use). Meanwhile lower MaxCount or pick smaller types.".into(),
        );
    }
    if lower.contains("key pair")
        && (lower.contains("does not exist") || lower.contains("not found"))
    {
        let key = context.key_name.as_deref().unwrap_or("the key pair");
        return (
            format!("The EC2 key pair {key} is not in this region."),
            format!(
                "Import it here (`pcwiz keys import --name {key} ~/.ssh/<key>.pub`) or go back to the SSH key step, then launch again."
            ),
        );
    }
    // pcluster's own failure codes come from these phrases in the head node's message
    // (pcluster/models/cluster_resources.py, 3.16).
    if lower.contains("this ami was created with") || lower.contains("not baked by parallelcluster")
    {
        return (
            "The custom AMI does not fit this ParallelCluster version.".into(),
            "Use an AMI built with `pcluster build-image` for the pcluster version you run, or drop Image.CustomAmi to use the official one.".into(),
        );
    }
    for (phrase, storage) in [
        ("failed to mount fsx", "FSx for Lustre"),
        ("failed to mount efs", "EFS"),
        ("failed to mount ebs", "EBS volume"),
        ("failed to mount raid", "RAID array"),
    ] {
        if lower.contains(phrase) {
            return (
                format!("The head node could not mount the {storage}."),
                "Check that the file system is in the cluster's VPC and that its security group lets the head node in, then read /var/log/chef-client.log (`pcluster export-cluster-logs`).".into(),
            );
        }
    }
    if lower.contains("onnodeconfigured") || lower.contains("on_node_configured") {
        return (
            "Your OnNodeConfigured script failed on the head node.".into(),
            "Read /var/log/cfn-init.log and /var/log/parallelcluster/ on the head node (`pcluster export-cluster-logs`), fix the script, and launch again.".into(),
        );
    }
    if lower.contains("onnodestart") {
        return (
            "Your OnNodeStart script failed on the head node.".into(),
            "Read /var/log/cfn-init.log on the head node or in CloudWatch (`pcluster export-cluster-logs`), fix the script, and launch again.".into(),
        );
    }
    if lower.contains("failed to bootstrap the head node")
        || lower.contains("failed to run chef recipe")
    {
        return (
            "The head node started but failed while setting itself up.".into(),
            "Read /var/log/cfn-init.log and /var/log/chef-client.log on the head node or in CloudWatch (`pcluster export-cluster-logs`); the last error there is the cause.".into(),
        );
    }
    if wait_condition || lower.contains("failed to receive") || lower.contains("timed out") {
        if context.head_route == Some(RouteOut::None) {
            return (
                "The head node never reported in: its subnet has no route to the internet, so it could not reach AWS to finish setting up.".into(),
                "Pick a public subnet (one with a route to an internet gateway) in the network step, or let pcwiz create a network, then launch again.".into(),
            );
        }
        if context.has_on_node_configured {
            return (
                "The head node never reported in; the OnNodeConfigured script is the usual suspect.".into(),
                "Check the script on the head node's logs (`pcluster export-cluster-logs`), or launch once without it to see whether it is the cause.".into(),
            );
        }
        return (
            "The head node never reported in, so CloudFormation gave up on it. The usual causes: a subnet without a way out to the internet, or a custom script that failed or ran too long.".into(),
            "Check that the head subnet routes 0.0.0.0/0 to an internet gateway (or a NAT gateway), then read the head node's logs with `pcluster export-cluster-logs` before launching again.".into(),
        );
    }
    (
        "CloudFormation could not create part of the cluster.".into(),
        "Read AWS's words below; fix what they name in the config and launch again. `pcwiz config check FILE --pcluster` catches most of these before a launch.".into(),
    )
}

#[cfg(test)]
mod tests;
