//! The network step's rows: every subnet with its VPC, and whether the head node (and, in
//! the simple layout, the compute nodes) can go there.

use serde::Serialize;

use crate::cluster::network::{
    HOURS_PER_MONTH, NAT_USD_PER_HOUR, NetworkInventory, Subnet, Verdict, head_node_verdict,
};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubnetRow {
    pub subnet: Subnet,
    pub vpc_label: String,
    pub verdict: Verdict,
}

pub fn rows(inventory: &NetworkInventory, instance_types: &[String]) -> Vec<SubnetRow> {
    inventory
        .subnets
        .iter()
        .map(|subnet| {
            let vpc = inventory.vpcs.iter().find(|v| v.id == subnet.vpc_id);
            let vpc_label = match vpc {
                Some(v) if v.is_default => format!("{} (default VPC)", v.id),
                Some(v) => match &v.name {
                    Some(name) => format!("{} ({name})", v.id),
                    None => v.id.clone(),
                },
                None => subnet.vpc_id.clone(),
            };
            SubnetRow {
                verdict: head_node_verdict(subnet, inventory, instance_types),
                subnet: subnet.clone(),
                vpc_label,
            }
        })
        .collect()
}

/// First usable subnet of the default VPC, else the first usable one.
pub fn default_row(rows: &[SubnetRow]) -> Option<usize> {
    rows.iter()
        .position(|r| r.verdict == Verdict::Usable && r.vpc_label.ends_with("(default VPC)"))
        .or_else(|| rows.iter().position(|r| r.verdict.is_usable()))
}

/// Availability zones that offer every planned type: where pcwiz may create a network.
pub fn zones_for_new_network(
    inventory: &NetworkInventory,
    instance_types: &[String],
) -> Vec<String> {
    inventory
        .zones
        .iter()
        .filter(|az| {
            instance_types.iter().all(|t| {
                inventory
                    .offerings
                    .get(t)
                    .is_none_or(|azs| azs.contains(*az))
            })
        })
        .cloned()
        .collect()
}

/// What a NAT gateway costs per month, for the warning shown before creating one.
pub fn nat_monthly_usd() -> f64 {
    NAT_USD_PER_HOUR * HOURS_PER_MONTH
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::network::{RouteOut, Vpc};

    #[test]
    fn default_vpc_subnets_are_preferred_and_labelled() {
        let subnet = |id: &str, vpc: &str, az: &str| Subnet {
            id: id.into(),
            vpc_id: vpc.into(),
            name: None,
            availability_zone: az.into(),
            cidr: "10.0.0.0/24".into(),
            free_addresses: 250,
            public_ip_on_launch: true,
            route_out: RouteOut::InternetGateway,
        };
        let inventory = NetworkInventory {
            vpcs: vec![
                Vpc {
                    id: "vpc-a".into(),
                    name: Some("lab".into()),
                    cidr: "10.0.0.0/16".into(),
                    is_default: false,
                },
                Vpc {
                    id: "vpc-d".into(),
                    name: None,
                    cidr: "172.31.0.0/16".into(),
                    is_default: true,
                },
            ],
            subnets: vec![
                subnet("subnet-1", "vpc-a", "us-west-2a"),
                subnet("subnet-2", "vpc-d", "us-west-2b"),
            ],
            offerings: [(
                "c6a.12xlarge".to_string(),
                ["us-west-2b".to_string()].into(),
            )]
            .into(),
            zones: vec!["us-west-2a".into(), "us-west-2b".into()],
        };
        let rows = rows(&inventory, &["c6a.12xlarge".into()]);
        assert_eq!(rows[0].vpc_label, "vpc-a (lab)");
        assert!(
            !rows[0].verdict.is_usable(),
            "us-west-2a lacks c6a.12xlarge"
        );
        assert_eq!(default_row(&rows), Some(1));
        assert_eq!(
            zones_for_new_network(&inventory, &["c6a.12xlarge".into()]),
            vec!["us-west-2b".to_string()]
        );
        assert!((nat_monthly_usd() - 32.85).abs() < 1e-9);
    }
}
