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

/// What a network stack holds that matters to clean-up: its VPC (whose network interfaces
/// say who uses it), and what in it bills by the hour (NAT gateways and their Elastic IPs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkParts {
    pub vpc: Option<String>,
    pub nat_gateways: Vec<String>,
    pub elastic_ips: Vec<String>,
}

/// The network stack's parts; None when CloudFormation no longer knows the stack.
pub async fn parts(session: &AwsSession, name: &str) -> Result<Option<NetworkParts>, AwsError> {
    let answer = session
        .cloudformation()
        .describe_stack_resources()
        .stack_name(name)
        .send()
        .await;
    let resources = match answer {
        Ok(r) => r,
        Err(e) if format!("{e:?}").contains("does not exist") => return Ok(None),
        Err(e) => {
            return Err(sdk_error(
                e,
                &session.endpoint("cloudformation"),
                "cloudformation:DescribeStackResources",
            ));
        }
    };
    let of = |kind: &str| -> Vec<String> {
        resources
            .stack_resources()
            .iter()
            .filter(|r| r.resource_type() == Some(kind))
            .filter(|r| {
                r.resource_status()
                    .is_none_or(|s| !s.as_str().starts_with("DELETE_COMPLETE"))
            })
            .filter_map(|r| r.physical_resource_id().map(str::to_string))
            .collect()
    };
    Ok(Some(NetworkParts {
        vpc: of("AWS::EC2::VPC").into_iter().next(),
        nat_gateways: of("AWS::EC2::NatGateway"),
        elastic_ips: of("AWS::EC2::EIP"),
    }))
}

/// Who made a network stack that no cluster template owns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MadeBy {
    /// pcwiz (its `pcwiz:network` tag).
    Pcwiz,
    /// `pcluster configure` (`parallelclusternetworking-pub…` / `-pubpriv-…`).
    PclusterConfigure,
}

/// A network stack pcwiz or `pcluster configure` made, as the region has it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolNetwork {
    pub name: String,
    pub made_by: MadeBy,
    pub status: String,
    pub created: Option<DateTime<Utc>>,
}

/// The region's network stacks made by pcwiz or `pcluster configure` (not yet deleted):
/// neither ParallelCluster nor CloudFormation ever deletes them by itself.
pub async fn made_by_tools(session: &AwsSession) -> Result<Vec<ToolNetwork>, AwsError> {
    Ok(super::stacks::all(session)
        .await?
        .into_iter()
        .filter(|stack| !stack.deleted())
        .filter_map(|stack| {
            let made_by = if stack.tag(NETWORK_TAG).is_some() {
                MadeBy::Pcwiz
            } else if stack.name.starts_with("parallelclusternetworking-") {
                MadeBy::PclusterConfigure
            } else {
                return None;
            };
            Some(ToolNetwork {
                name: stack.name,
                made_by,
                status: stack.status,
                created: stack.created,
            })
        })
        .collect())
}
