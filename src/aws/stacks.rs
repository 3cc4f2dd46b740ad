//! Looking at a CloudFormation stack while it is being created: the network stack pcwiz
//! makes and the cluster stack pcluster makes are followed the same way.

use chrono::{DateTime, Utc};

use super::error::{AwsError, sdk_error};
use super::session::AwsSession;
use crate::cluster::stack::{StackEvent, StackProgress};

/// One look at the stack: status, resources done, newest events, outputs. Three calls.
pub async fn progress(session: &AwsSession, name: &str) -> Result<StackProgress, AwsError> {
    let cfn = session.cloudformation();
    let endpoint = session.endpoint("cloudformation");
    let (stacks, resources, events) = tokio::join!(
        cfn.describe_stacks().stack_name(name).send(),
        cfn.describe_stack_resources().stack_name(name).send(),
        cfn.describe_stack_events().stack_name(name).send(),
    );
    let stacks = stacks.map_err(|e| sdk_error(e, &endpoint, "cloudformation:DescribeStacks"))?;
    let resources =
        resources.map_err(|e| sdk_error(e, &endpoint, "cloudformation:DescribeStackResources"))?;
    let events =
        events.map_err(|e| sdk_error(e, &endpoint, "cloudformation:DescribeStackEvents"))?;
    let stack = stacks
        .stacks()
        .first()
        .ok_or_else(|| AwsError::Other(format!("stack {name} was not found")))?;
    let done = resources
        .stack_resources()
        .iter()
        .filter(|r| {
            r.resource_status()
                .is_some_and(|s| s.as_str() == "CREATE_COMPLETE")
        })
        .count();
    Ok(StackProgress {
        name: name.to_string(),
        status: stack
            .stack_status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        reason: stack.stack_status_reason().map(str::to_string),
        resources_done: done,
        resources_total: resources.stack_resources().len(),
        events: events.stack_events().iter().map(event).collect(),
        parameters: stack
            .parameters()
            .iter()
            .filter_map(|p| {
                Some((
                    p.parameter_key()?.to_string(),
                    p.parameter_value()?.to_string(),
                ))
            })
            .collect(),
        outputs: stack
            .outputs()
            .iter()
            .filter_map(|o| Some((o.output_key()?.to_string(), o.output_value()?.to_string())))
            .collect(),
    })
}

/// The stack's newest events (one DescribeStackEvents call: its first page), newest first.
pub async fn events(session: &AwsSession, name: &str) -> Result<Vec<StackEvent>, AwsError> {
    let answer = session
        .cloudformation()
        .describe_stack_events()
        .stack_name(name)
        .send()
        .await
        .map_err(|e| {
            sdk_error(
                e,
                &session.endpoint("cloudformation"),
                "cloudformation:DescribeStackEvents",
            )
        })?;
    Ok(answer.stack_events().iter().map(event).collect())
}

fn event(e: &aws_sdk_cloudformation::types::StackEvent) -> StackEvent {
    StackEvent {
        time: e
            .timestamp()
            .and_then(|t| DateTime::<Utc>::from_timestamp(t.secs(), 0)),
        logical_id: e.logical_resource_id().unwrap_or_default().to_string(),
        resource_type: e.resource_type().unwrap_or_default().to_string(),
        status: e
            .resource_status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        reason: e.resource_status_reason().map(str::to_string),
        physical_id: e.physical_resource_id().map(str::to_string),
    }
}
