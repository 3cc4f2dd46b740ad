//! Stopping and starting one instance (the head node): EC2 StopInstances/StartInstances.
//! A stopped instance bills its volumes only.

use super::error::{AwsError, sdk_error};
use super::session::AwsSession;

/// Asks EC2 to start or stop the instance; answers the state EC2 reports it moving to
/// ("pending", "stopping", …).
pub async fn set_running(
    session: &AwsSession,
    instance_id: &str,
    start: bool,
) -> Result<String, AwsError> {
    let endpoint = session.endpoint("ec2");
    let changes = if start {
        session
            .ec2()
            .start_instances()
            .instance_ids(instance_id)
            .send()
            .await
            .map_err(|e| sdk_error(e, &endpoint, "ec2:StartInstances"))?
            .starting_instances
    } else {
        session
            .ec2()
            .stop_instances()
            .instance_ids(instance_id)
            .send()
            .await
            .map_err(|e| sdk_error(e, &endpoint, "ec2:StopInstances"))?
            .stopping_instances
    };
    Ok(changes
        .unwrap_or_default()
        .first()
        .and_then(|c| c.current_state())
        .and_then(|s| s.name())
        .map(|n| n.as_str().to_string())
        .unwrap_or_else(|| if start { "pending" } else { "stopping" }.into()))
}

/// What EC2 does to an instance whose own OS shuts it down, and what its root device is:
/// the idle guard may only act on an EBS-backed instance that then stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShutdownFacts {
    /// "stop" or "terminate".
    pub behaviour: String,
    /// "ebs" or "instance-store".
    pub root_device_type: String,
}

pub async fn shutdown_facts(
    session: &AwsSession,
    instance_id: &str,
) -> Result<ShutdownFacts, AwsError> {
    use aws_sdk_ec2::types::InstanceAttributeName;
    let endpoint = session.endpoint("ec2");
    let (attribute, described) = tokio::join!(
        session
            .ec2()
            .describe_instance_attribute()
            .instance_id(instance_id)
            .attribute(InstanceAttributeName::InstanceInitiatedShutdownBehavior)
            .send(),
        session
            .ec2()
            .describe_instances()
            .instance_ids(instance_id)
            .send()
    );
    let attribute =
        attribute.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeInstanceAttribute"))?;
    let described = described.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeInstances"))?;
    let root_device_type = described
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .find_map(|i| i.root_device_type())
        .map(|t| t.as_str().to_string())
        .unwrap_or_else(|| "unknown".into());
    Ok(ShutdownFacts {
        // EC2's default when none was set (ParallelCluster's head-node launch template).
        behaviour: attribute
            .instance_initiated_shutdown_behavior()
            .and_then(|v| v.value())
            .unwrap_or("stop")
            .to_string(),
        root_device_type,
    })
}
