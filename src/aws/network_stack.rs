//! Creating the network stack from `assets/network/network.yaml` and following it.

use aws_sdk_cloudformation::types::{Parameter, Tag};
use chrono::{DateTime, Utc};

use super::error::{AwsError, sdk_error};
use super::keypairs::MANAGED_TAG;
use super::session::AwsSession;

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

/// One look at the stack (see `stacks::progress`).
pub use super::stacks::progress;
