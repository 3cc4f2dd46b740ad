//! Looking at a CloudFormation stack while it is being created: the network stack pcwiz
//! makes and the cluster stack pcluster makes are followed the same way.

use chrono::{DateTime, Utc};

use aws_sdk_cloudformation::error::ProvideErrorMetadata;

use super::error::{AwsError, sdk_error};
use super::session::AwsSession;
use crate::cluster::stack::{StackDescription, StackEvent, StackProgress};

/// One stack by name or id; None when CloudFormation does not know it ("does not exist").
/// The one DescribeStacks for a single stack that every caller shares.
pub async fn describe(
    session: &AwsSession,
    name: &str,
) -> Result<Option<StackDescription>, AwsError> {
    let answer = session
        .cloudformation()
        .describe_stacks()
        .stack_name(name)
        .send()
        .await;
    match answer {
        Ok(answer) => Ok(answer.stacks().first().map(description)),
        Err(e) if e.message().is_some_and(|m| m.contains("does not exist")) => Ok(None),
        Err(e) => Err(sdk_error(
            e,
            &session.endpoint("cloudformation"),
            "cloudformation:DescribeStacks",
        )),
    }
}

/// Every stack in the region (deleted ones included while CloudFormation lists them).
pub async fn all(session: &AwsSession) -> Result<Vec<StackDescription>, AwsError> {
    let endpoint = session.endpoint("cloudformation");
    let mut found = vec![];
    let mut pages = session
        .cloudformation()
        .describe_stacks()
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error(e, &endpoint, "cloudformation:DescribeStacks"))?;
        found.extend(page.stacks().iter().map(description));
    }
    Ok(found)
}

/// Asks CloudFormation to delete the stack (it answers at once; the deletion goes on).
pub async fn delete(session: &AwsSession, name: &str) -> Result<(), AwsError> {
    session
        .cloudformation()
        .delete_stack()
        .stack_name(name)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| {
            sdk_error(
                e,
                &session.endpoint("cloudformation"),
                "cloudformation:DeleteStack",
            )
        })
}

fn description(stack: &aws_sdk_cloudformation::types::Stack) -> StackDescription {
    StackDescription {
        name: stack.stack_name().unwrap_or_default().to_string(),
        id: stack.stack_id().unwrap_or_default().to_string(),
        status: stack
            .stack_status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        reason: stack.stack_status_reason().map(str::to_string),
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
        tags: stack
            .tags()
            .iter()
            .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
            .collect(),
        outputs: stack
            .outputs()
            .iter()
            .filter_map(|o| Some((o.output_key()?.to_string(), o.output_value()?.to_string())))
            .collect(),
        created: stack
            .creation_time()
            .and_then(|t| DateTime::<Utc>::from_timestamp(t.secs(), 0)),
        parent_id: stack.parent_id().map(str::to_string),
    }
}

/// One look at the stack: status, resources done, newest events, outputs. Three calls.
pub async fn progress(session: &AwsSession, name: &str) -> Result<StackProgress, AwsError> {
    let cfn = session.cloudformation();
    let endpoint = session.endpoint("cloudformation");
    let (stack, resources, events) = tokio::join!(
        describe(session, name),
        cfn.describe_stack_resources().stack_name(name).send(),
        cfn.describe_stack_events().stack_name(name).send(),
    );
    let resources =
        resources.map_err(|e| sdk_error(e, &endpoint, "cloudformation:DescribeStackResources"))?;
    let events =
        events.map_err(|e| sdk_error(e, &endpoint, "cloudformation:DescribeStackEvents"))?;
    let stack = stack?.ok_or_else(|| AwsError::Other(format!("stack {name} was not found")))?;
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
        status: stack.status,
        reason: stack.reason,
        resources_done: done,
        resources_total: resources.stack_resources().len(),
        events: events.stack_events().iter().map(event).collect(),
        parameters: stack.parameters,
        outputs: stack.outputs,
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
