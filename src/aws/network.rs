//! The region's VPCs and subnets, which subnets reach the internet, and which AZs offer
//! the instance types chosen so far.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use aws_sdk_ec2::types::{Filter, LocationType, RouteTable};

use super::error::{AwsError, sdk_error};
use super::session::AwsSession;
use crate::cluster::network::{NetworkInventory, RouteOut, Subnet, Vpc};

/// Everything the network step shows, in four calls made at once.
pub async fn inventory(
    session: &AwsSession,
    instance_types: &[String],
) -> Result<NetworkInventory, AwsError> {
    let ec2 = session.ec2();
    let endpoint = session.endpoint("ec2");
    let (zones, vpcs, subnets, tables, offerings) = tokio::join!(
        ec2.describe_availability_zones().send(),
        ec2.describe_vpcs().send(),
        ec2.describe_subnets().send(),
        ec2.describe_route_tables().send(),
        offerings(session, instance_types),
    );
    let zones = zones.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeAvailabilityZones"))?;
    let vpcs = vpcs.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeVpcs"))?;
    let subnets = subnets.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeSubnets"))?;
    let tables = tables.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeRouteTables"))?;
    let offerings = offerings?;

    let route_out = routes_out(tables.route_tables());
    let name_of = |tags: &[aws_sdk_ec2::types::Tag]| {
        tags.iter()
            .find(|t| t.key() == Some("Name"))
            .and_then(|t| t.value())
            .map(str::to_string)
    };
    let mut vpcs: Vec<Vpc> = vpcs
        .vpcs()
        .iter()
        .map(|v| Vpc {
            id: v.vpc_id().unwrap_or_default().to_string(),
            name: name_of(v.tags()),
            cidr: v.cidr_block().unwrap_or_default().to_string(),
            is_default: v.is_default().unwrap_or(false),
        })
        .collect();
    // The default VPC first: it is where a newcomer's account already has subnets.
    vpcs.sort_by(|a, b| b.is_default.cmp(&a.is_default).then(a.id.cmp(&b.id)));
    let mut subnets: Vec<Subnet> = subnets
        .subnets()
        .iter()
        .map(|s| {
            let id = s.subnet_id().unwrap_or_default().to_string();
            let vpc_id = s.vpc_id().unwrap_or_default().to_string();
            Subnet {
                route_out: route_out.for_subnet(&id, &vpc_id),
                name: name_of(s.tags()),
                availability_zone: s.availability_zone().unwrap_or_default().to_string(),
                cidr: s.cidr_block().unwrap_or_default().to_string(),
                free_addresses: s.available_ip_address_count().unwrap_or(0).max(0) as u32,
                public_ip_on_launch: s.map_public_ip_on_launch().unwrap_or(false),
                id,
                vpc_id,
            }
        })
        .collect();
    subnets.sort_by(|a, b| {
        a.vpc_id
            .cmp(&b.vpc_id)
            .then(a.availability_zone.cmp(&b.availability_zone))
            .then(a.id.cmp(&b.id))
    });
    let mut zones: Vec<String> = zones
        .availability_zones()
        .iter()
        .filter_map(|z| z.zone_name().map(str::to_string))
        .collect();
    zones.sort();
    Ok(NetworkInventory {
        zones,
        vpcs,
        subnets,
        offerings,
    })
}

/// For each instance type: the AZs of this region that offer it.
pub async fn offerings(
    session: &AwsSession,
    instance_types: &[String],
) -> Result<BTreeMap<String, BTreeSet<String>>, AwsError> {
    let mut found: BTreeMap<String, BTreeSet<String>> = instance_types
        .iter()
        .map(|t| (t.clone(), BTreeSet::new()))
        .collect();
    if instance_types.is_empty() {
        return Ok(found);
    }
    let mut pages = session
        .ec2()
        .describe_instance_type_offerings()
        .location_type(LocationType::AvailabilityZone)
        .filters(
            Filter::builder()
                .name("instance-type")
                .set_values(Some(instance_types.to_vec()))
                .build(),
        )
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| {
            sdk_error(
                e,
                &session.endpoint("ec2"),
                "ec2:DescribeInstanceTypeOfferings",
            )
        })?;
        for offering in page.instance_type_offerings() {
            if let (Some(t), Some(az)) = (offering.instance_type(), offering.location()) {
                found
                    .entry(t.as_str().to_string())
                    .or_default()
                    .insert(az.to_string());
            }
        }
    }
    Ok(found)
}

/// Default routes by subnet (explicit association) and by VPC (the main route table).
struct RoutesOut {
    by_subnet: HashMap<String, RouteOut>,
    main_by_vpc: HashMap<String, RouteOut>,
}

impl RoutesOut {
    fn for_subnet(&self, subnet: &str, vpc: &str) -> RouteOut {
        self.by_subnet
            .get(subnet)
            .or_else(|| self.main_by_vpc.get(vpc))
            .copied()
            .unwrap_or(RouteOut::None)
    }
}

fn routes_out(tables: &[RouteTable]) -> RoutesOut {
    let mut out = RoutesOut {
        by_subnet: HashMap::new(),
        main_by_vpc: HashMap::new(),
    };
    for table in tables {
        let default_route = table
            .routes()
            .iter()
            .find(|r| r.destination_cidr_block() == Some("0.0.0.0/0"));
        let route = match default_route {
            Some(r) if r.gateway_id().is_some_and(|g| g.starts_with("igw-")) => {
                RouteOut::InternetGateway
            }
            Some(r) if r.nat_gateway_id().is_some() => RouteOut::NatGateway,
            _ => RouteOut::None,
        };
        for association in table.associations() {
            if association.main().unwrap_or(false) {
                if let Some(vpc) = table.vpc_id() {
                    out.main_by_vpc.insert(vpc.to_string(), route);
                }
            } else if let Some(subnet) = association.subnet_id() {
                out.by_subnet.insert(subnet.to_string(), route);
            }
        }
    }
    out
}
