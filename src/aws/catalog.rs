//! The instance types a zone offers, with what the picker shows about each.

use std::collections::BTreeSet;

use aws_sdk_ec2::types::{Filter, LocationType};

use super::error::{AwsError, sdk_error};
use super::session::AwsSession;
use crate::cluster::instance::InstanceInfo;

/// Every type offered in `zone`, described. Two paginated calls (offerings, then types).
pub async fn offered_in_zone(
    session: &AwsSession,
    zone: &str,
) -> Result<Vec<InstanceInfo>, AwsError> {
    let ec2 = session.ec2();
    let endpoint = session.endpoint("ec2");
    let mut offered = BTreeSet::new();
    let mut pages = ec2
        .describe_instance_type_offerings()
        .location_type(LocationType::AvailabilityZone)
        .filters(Filter::builder().name("location").values(zone).build())
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeInstanceTypeOfferings"))?;
        offered.extend(
            page.instance_type_offerings()
                .iter()
                .filter_map(|o| o.instance_type().map(|t| t.as_str().to_string())),
        );
    }
    let mut described = Vec::new();
    let mut pages = ec2.describe_instance_types().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeInstanceTypes"))?;
        for t in page.instance_types() {
            let Some(name) = t.instance_type().map(|n| n.as_str().to_string()) else {
                continue;
            };
            if !offered.contains(&name) {
                continue;
            }
            described.push(InstanceInfo {
                vcpus: t
                    .v_cpu_info()
                    .and_then(|v| v.default_v_cpus())
                    .unwrap_or(0)
                    .max(0) as u32,
                memory_mib: t
                    .memory_info()
                    .and_then(|m| m.size_in_mib())
                    .unwrap_or(0)
                    .max(0) as u64,
                architectures: t
                    .processor_info()
                    .map(|p| {
                        p.supported_architectures()
                            .iter()
                            .map(|a| a.as_str().to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
                network: t
                    .network_info()
                    .and_then(|n| n.network_performance())
                    .unwrap_or_default()
                    .to_string(),
                burstable: t.burstable_performance_supported().unwrap_or(false),
                efa: t
                    .network_info()
                    .and_then(|n| n.efa_supported())
                    .unwrap_or(false),
                gpus: t
                    .gpu_info()
                    .map(|g| {
                        g.gpus()
                            .iter()
                            .filter_map(|d| d.count())
                            .sum::<i32>()
                            .max(0) as u32
                    })
                    .unwrap_or(0),
                name,
            });
        }
    }
    described.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(described)
}
