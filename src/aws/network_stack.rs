//! Creating the network stack from `assets/network/network.yaml` and following it.

use aws_sdk_cloudformation::types::{Parameter, Tag};
use chrono::{DateTime, Utc};

use super::error::{AwsError, sdk_error};
use super::keypairs::MANAGED_TAG;
use super::session::AwsSession;
use crate::cluster::stack::{StackEvent, StackProgress};

const TEMPLATE: &str = include_str!("../../assets/network/network.yaml");
/// Tags the stack (and so every resource in it) so cleanup can prove it is pcwiz's.
pub const NETWORK_TAG: &str = "pcwiz:network";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Head and compute nodes in one public subnet.
    Public,
    /// Plus a private compute subnet behind a NAT gateway (bills hourly).
    PublicPrivate,
}

impl Layout {
    pub fn parameter(self) -> &'static str {
        match self {
            Layout::Public => "public",
            Layout::PublicPrivate => "public-private",
        }
    }
}

/// A stack name that says what it is and never collides: `pcwiz-network-us-west-2a-202611211530`.
pub fn stack_name(availability_zone: &str, now: DateTime<Utc>) -> String {
    format!(
        "pcwiz-network-{availability_zone}-{}",
        now.format("%Y%m%d%H%M")
    )
}

pub async fn create(
    session: &AwsSession,
    name: &str,
    layout: Layout,
    availability_zone: &str,
) -> Result<String, AwsError> {
    let parameter = |k: &str, v: &str| {
        Parameter::builder()
            .parameter_key(k)
            .parameter_value(v)
            .build()
    };
    let answer = session
        .cloudformation()
        .create_stack()
        .stack_name(name)
        .template_body(TEMPLATE)
        .parameters(parameter("AvailabilityZone", availability_zone))
        .parameters(parameter("Layout", layout.parameter()))
        .tags(Tag::builder().key(MANAGED_TAG).value("true").build())
        .tags(
            Tag::builder()
                .key(NETWORK_TAG)
                .value(layout.parameter())
                .build(),
        )
        .send()
        .await
        .map_err(|e| {
            sdk_error(
                e,
                &session.endpoint("cloudformation"),
                "cloudformation:CreateStack",
            )
        })?;
    Ok(answer.stack_id().unwrap_or(name).to_string())
}

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
        events: events
            .stack_events()
            .iter()
            .map(|e| StackEvent {
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
            })
            .collect(),
        outputs: stack
            .outputs()
            .iter()
            .filter_map(|o| Some((o.output_key()?.to_string(), o.output_value()?.to_string())))
            .collect(),
    })
}
