//! The region's ParallelCluster clusters, found the way `pcluster list-clusters` finds them
//! (FACTS.md): one DescribeStacks, keeping the stacks that have no parent, carry the tag
//! `parallelcluster:version`, and are not image builds (`parallelcluster:image_id`). Their
//! instances come from one DescribeInstances over pcluster's cluster-name tag.

use std::collections::BTreeMap;

use aws_sdk_ec2::types::Filter;
use chrono::{DateTime, Utc};

use super::clusters::{NAME_TAG, NODE_TYPE_TAG};
use super::error::{AwsError, sdk_error};
use super::session::AwsSession;
use crate::cluster::cluster_instance::ClusterInstance;
use crate::cluster::cluster_row::ClusterStack;

pub const VERSION_TAG: &str = "parallelcluster:version";
pub const IMAGE_TAG: &str = "parallelcluster:image_id";

pub async fn stacks(session: &AwsSession) -> Result<Vec<ClusterStack>, AwsError> {
    let mut found: Vec<ClusterStack> = super::stacks::all(session)
        .await?
        .into_iter()
        .filter(|s| s.parent_id.is_none() && s.tag(IMAGE_TAG).is_none())
        .filter_map(|s| {
            Some(ClusterStack {
                version: s.tag(VERSION_TAG)?.to_string(),
                name: s.name,
                status: s.status,
                created: s.created,
            })
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// Every live instance of every cluster in the region (or of `only` that one), by cluster.
pub async fn instances(
    session: &AwsSession,
    only: Option<&str>,
) -> Result<BTreeMap<String, Vec<ClusterInstance>>, AwsError> {
    let endpoint = session.endpoint("ec2");
    let mut by_cluster: BTreeMap<String, Vec<ClusterInstance>> = BTreeMap::new();
    let by_tag = match only {
        Some(name) => Filter::builder()
            .name(format!("tag:{NAME_TAG}"))
            .values(name)
            .build(),
        None => Filter::builder().name("tag-key").values(NAME_TAG).build(),
    };
    let mut pages = session
        .ec2()
        .describe_instances()
        .filters(by_tag)
        .filters(not_terminated())
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeInstances"))?;
        for i in page.reservations().iter().flat_map(|r| r.instances()) {
            let tag = |key: &str| {
                i.tags()
                    .iter()
                    .find(|t| t.key() == Some(key))
                    .and_then(|t| t.value())
                    .map(str::to_string)
            };
            let Some(cluster) = tag(NAME_TAG) else {
                continue;
            };
            by_cluster
                .entry(cluster.clone())
                .or_default()
                .push(ClusterInstance {
                    cluster,
                    node_type: tag(NODE_TYPE_TAG).unwrap_or_default(),
                    instance_id: i.instance_id().unwrap_or_default().to_string(),
                    instance_type: i
                        .instance_type()
                        .map(|t| t.as_str().to_string())
                        .unwrap_or_default(),
                    state: i
                        .state()
                        .and_then(|s| s.name())
                        .map(|n| n.as_str().to_string())
                        .unwrap_or_default(),
                    spot: i.instance_lifecycle().is_some_and(|l| l.as_str() == "spot"),
                    public_ip: i.public_ip_address().map(str::to_string),
                    private_ip: i.private_ip_address().map(str::to_string),
                    launched: i
                        .launch_time()
                        .and_then(|t| DateTime::<Utc>::from_timestamp(t.secs(), 0)),
                    key_name: i.key_name().map(str::to_string),
                    state_reason: i.state_reason().and_then(|r| r.code()).map(str::to_string),
                    stopped_at: i
                        .state_transition_reason()
                        .and_then(crate::cluster::guard::transition_time),
                });
        }
    }
    Ok(by_cluster)
}

/// Instances that exist or may come back: terminated ones are EC2's history, not the
/// cluster's.
pub fn not_terminated() -> Filter {
    Filter::builder()
        .name("instance-state-name")
        .values("pending")
        .values("running")
        .values("stopping")
        .values("stopped")
        .build()
}
