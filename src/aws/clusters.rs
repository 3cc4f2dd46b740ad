//! A ParallelCluster cluster as AWS sees it: its stack (named as the cluster) and its head
//! node (found by pcluster's instance tags, FACTS.md).

use aws_sdk_ec2::types::Filter;

use super::error::{AwsError, sdk_error};
use super::session::AwsSession;
use super::stacks;
use crate::cluster::launch::{HeadNode, LaunchStatus};

pub use crate::cluster::cluster_instance::{NAME_TAG, NODE_TYPE_TAG};

/// The stack's status if a stack of that name exists (a deleted one does not count).
pub async fn stack_status(session: &AwsSession, name: &str) -> Result<Option<String>, AwsError> {
    Ok(stacks::describe(session, name)
        .await?
        .filter(|s| !s.deleted())
        .map(|s| s.status))
}

/// The cluster's head node, newest first if several (a replaced one lingers terminated).
pub async fn head_node(session: &AwsSession, name: &str) -> Result<Option<HeadNode>, AwsError> {
    let answer = session
        .ec2()
        .describe_instances()
        .filters(
            Filter::builder()
                .name(format!("tag:{NAME_TAG}"))
                .values(name)
                .build(),
        )
        .filters(
            Filter::builder()
                .name(format!("tag:{NODE_TYPE_TAG}"))
                .values("HeadNode")
                .build(),
        )
        .send()
        .await
        .map_err(|e| sdk_error(e, &session.endpoint("ec2"), "ec2:DescribeInstances"))?;
    let mut nodes: Vec<_> = answer
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .collect();
    nodes.sort_by_key(|i| std::cmp::Reverse(i.launch_time().map(|t| t.secs())));
    Ok(nodes.first().map(|i| HeadNode {
        instance_id: i.instance_id().unwrap_or_default().to_string(),
        state: i
            .state()
            .and_then(|s| s.name())
            .map(|n| n.as_str().to_string())
            .unwrap_or_default(),
        instance_type: i
            .instance_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        public_ip: i.public_ip_address().map(str::to_string),
        private_ip: i.private_ip_address().map(str::to_string),
    }))
}

/// One look at a launch: the stack (three calls) and the head node (one), at once.
pub async fn launch_status(session: &AwsSession, name: &str) -> Result<LaunchStatus, AwsError> {
    let (stack, head) = tokio::join!(stacks::progress(session, name), head_node(session, name));
    Ok(LaunchStatus {
        stack: stack?,
        head_node: head?,
    })
}
