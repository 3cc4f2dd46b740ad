//! Proof from AWS, not from pcwiz's history, that nothing but one cluster uses a thing
//! clean-up would remove: a network (any network interface in its VPC that is not the
//! cluster's own or the network's own), or a key pair (any instance or launch template
//! version in the region that names it). What another cluster, another tool or another
//! machine of the user's uses is never this cluster's to remove.

use std::collections::{BTreeMap, BTreeSet};

use aws_sdk_ec2::types::Filter;

use super::clusters::NAME_TAG;
use super::error::{AwsError, sdk_error};
use super::session::AwsSession;

/// CloudFormation's own tag on what a stack made.
const STACK_NAME_TAG: &str = "aws:cloudformation:stack-name";

fn filter(name: &str, values: &[&str]) -> Filter {
    let mut builder = Filter::builder().name(name);
    for value in values {
        builder = builder.values(*value);
    }
    builder.build()
}

/// Who uses the network of `vpc_id` besides `cluster` and the network itself (its NAT
/// gateways `nat_gateways`): one line per user ("instance i-0… of cluster other", "EFS
/// mount target fsmt-… (eni-…)"). `own` lists ids whose interfaces are this cluster's (its
/// file systems, to be removed first).
pub async fn network_users(
    session: &AwsSession,
    vpc_id: &str,
    nat_gateways: &[String],
    cluster: &str,
    own: &[String],
) -> Result<Vec<String>, AwsError> {
    let endpoint = session.endpoint("ec2");
    let nat_interfaces = nat_gateway_interfaces(session, nat_gateways).await?;
    let mut interfaces = vec![];
    let mut pages = session
        .ec2()
        .describe_network_interfaces()
        .filters(filter("vpc-id", &[vpc_id]))
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeNetworkInterfaces"))?;
        interfaces.extend(page.network_interfaces().iter().cloned());
    }
    let instance_ids: BTreeSet<String> = interfaces
        .iter()
        .filter_map(|eni| eni.attachment()?.instance_id().map(str::to_string))
        .collect();
    let owners = instance_clusters(session, &instance_ids).await?;
    let mut users = vec![];
    for eni in &interfaces {
        let id = eni.network_interface_id().unwrap_or_default();
        let description = eni.description().unwrap_or_default();
        let kind = eni.interface_type().map(|t| t.as_str()).unwrap_or("");
        // The network's own NAT gateway.
        if kind == "nat_gateway"
            || description.starts_with("Interface for NAT Gateway")
            || nat_interfaces.contains(id)
        {
            continue;
        }
        if let Some(instance) = eni.attachment().and_then(|a| a.instance_id()) {
            match owners.get(instance) {
                // A terminated instance's interface goes with it (moto keeps it a while).
                Some(owner) if owner.terminated => {}
                Some(owner) if owner.cluster.as_deref() == Some(cluster) => {}
                Some(Owner {
                    cluster: Some(other),
                    ..
                }) => users.push(format!("instance {instance} of cluster {other}")),
                _ => users.push(format!("instance {instance} (not a ParallelCluster node)")),
            }
            continue;
        }
        if own.iter().any(|o| description.contains(o.as_str())) {
            continue;
        }
        users.push(if description.is_empty() {
            format!("network interface {id}")
        } else {
            format!("{description} ({id})")
        });
    }
    users.sort();
    users.dedup();
    Ok(users)
}

/// The network interfaces of these NAT gateways (the network's own).
async fn nat_gateway_interfaces(
    session: &AwsSession,
    nat_gateways: &[String],
) -> Result<BTreeSet<String>, AwsError> {
    if nat_gateways.is_empty() {
        return Ok(BTreeSet::new());
    }
    let answer = session
        .ec2()
        .describe_nat_gateways()
        .set_nat_gateway_ids(Some(nat_gateways.to_vec()))
        .send()
        .await
        .map_err(|e| sdk_error(e, &session.endpoint("ec2"), "ec2:DescribeNatGateways"))?;
    Ok(answer
        .nat_gateways()
        .iter()
        .flat_map(|n| n.nat_gateway_addresses())
        .filter_map(|a| a.network_interface_id().map(str::to_string))
        .collect())
}

/// Whose an instance is, and whether it is gone.
struct Owner {
    /// Its ParallelCluster tag, if it has one.
    cluster: Option<String>,
    terminated: bool,
}

/// Each instance's cluster (its ParallelCluster tag), if it has one.
async fn instance_clusters(
    session: &AwsSession,
    ids: &BTreeSet<String>,
) -> Result<BTreeMap<String, Owner>, AwsError> {
    let mut owners = BTreeMap::new();
    if ids.is_empty() {
        return Ok(owners);
    }
    let endpoint = session.endpoint("ec2");
    let mut pages = session
        .ec2()
        .describe_instances()
        .set_instance_ids(Some(ids.iter().cloned().collect()))
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeInstances"))?;
        for i in page.reservations().iter().flat_map(|r| r.instances()) {
            let cluster = i
                .tags()
                .iter()
                .find(|t| t.key() == Some(NAME_TAG))
                .and_then(|t| t.value())
                .map(str::to_string);
            let terminated = i
                .state()
                .and_then(|s| s.name())
                .is_some_and(|n| n.as_str() == "terminated");
            owners.insert(
                i.instance_id().unwrap_or_default().to_string(),
                Owner {
                    cluster,
                    terminated,
                },
            );
        }
    }
    Ok(owners)
}

/// Who uses the key pair `key_name` besides `cluster`: instances launched with it, and
/// launch templates whose versions name it (another cluster's compute nodes launch from
/// those: without the key pair they could not start).
pub async fn key_pair_users(
    session: &AwsSession,
    key_name: &str,
    cluster: &str,
) -> Result<Vec<String>, AwsError> {
    let endpoint = session.endpoint("ec2");
    let mut users = vec![];
    let mut pages = session
        .ec2()
        .describe_instances()
        .filters(filter("key-name", &[key_name]))
        .filters(super::cluster_list::not_terminated())
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeInstances"))?;
        for i in page.reservations().iter().flat_map(|r| r.instances()) {
            let owner = i
                .tags()
                .iter()
                .find(|t| t.key() == Some(NAME_TAG))
                .and_then(|t| t.value());
            let id = i.instance_id().unwrap_or_default();
            match owner {
                Some(owner) if owner == cluster => {}
                Some(owner) => users.push(format!("instance {id} of cluster {owner}")),
                None => users.push(format!("instance {id}")),
            }
        }
    }
    let mut templates = session
        .ec2()
        .describe_launch_templates()
        .into_paginator()
        .send();
    while let Some(page) = templates.next().await {
        let page = page.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeLaunchTemplates"))?;
        for template in page.launch_templates() {
            let tag = |key: &str| {
                template
                    .tags()
                    .iter()
                    .find(|t| t.key() == Some(key))
                    .and_then(|t| t.value())
                    .map(str::to_string)
            };
            let owner = tag(NAME_TAG).or_else(|| tag(STACK_NAME_TAG));
            if owner.as_deref() == Some(cluster) {
                continue;
            }
            let Some(id) = template.launch_template_id() else {
                continue;
            };
            if template_names_key(session, id, key_name).await? {
                let name = template.launch_template_name().unwrap_or(id);
                users.push(match owner {
                    Some(owner) => format!("launch template {name} ({id}) of {owner}"),
                    None => format!("launch template {name} ({id})"),
                });
            }
        }
    }
    users.sort();
    users.dedup();
    Ok(users)
}

/// Whether any version of the launch template names the key pair.
async fn template_names_key(
    session: &AwsSession,
    template_id: &str,
    key_name: &str,
) -> Result<bool, AwsError> {
    let endpoint = session.endpoint("ec2");
    let mut pages = session
        .ec2()
        .describe_launch_template_versions()
        .launch_template_id(template_id)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeLaunchTemplateVersions"))?;
        if page.launch_template_versions().iter().any(|v| {
            v.launch_template_data()
                .and_then(|d| d.key_name())
                .is_some_and(|k| k == key_name)
        }) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The network interfaces that hold a security group, subnet or VPC (what makes deleting
/// it fail with DependencyViolation): "eni-… (description)".
pub async fn interfaces_holding(
    session: &AwsSession,
    resource_type: &str,
    physical_id: &str,
) -> Result<Vec<String>, AwsError> {
    let by = match resource_type {
        "AWS::EC2::SecurityGroup" => "group-id",
        "AWS::EC2::Subnet" => "subnet-id",
        "AWS::EC2::VPC" => "vpc-id",
        _ => return Ok(vec![]),
    };
    let answer = session
        .ec2()
        .describe_network_interfaces()
        .filters(filter(by, &[physical_id]))
        .send()
        .await
        .map_err(|e| sdk_error(e, &session.endpoint("ec2"), "ec2:DescribeNetworkInterfaces"))?;
    Ok(answer
        .network_interfaces()
        .iter()
        .map(|eni| {
            let id = eni.network_interface_id().unwrap_or_default();
            match eni.description().filter(|d| !d.is_empty()) {
                Some(description) => format!("{id} ({description})"),
                None => id.to_string(),
            }
        })
        .collect())
}
