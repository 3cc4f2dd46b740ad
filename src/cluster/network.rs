//! VPCs and subnets as pcwiz shows them, and the rules for which subnet can hold a cluster.
//! The guide's "SubnetId: where would you find this?" is answered here.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vpc {
    pub id: String,
    pub name: Option<String>,
    pub cidr: String,
    pub is_default: bool,
}

/// Where a subnet's traffic to the internet goes, from its route table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RouteOut {
    /// 0.0.0.0/0 → igw-…: a public subnet.
    InternetGateway,
    /// 0.0.0.0/0 → nat-…: a private subnet that can still reach out.
    NatGateway,
    /// No default route: nothing gets out (ParallelCluster nodes cannot bootstrap).
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub name: Option<String>,
    pub availability_zone: String,
    pub cidr: String,
    pub free_addresses: u32,
    /// Instances launched here get a public IP (MapPublicIpOnLaunch).
    pub public_ip_on_launch: bool,
    pub route_out: RouteOut,
}

/// Everything the network step shows, fetched in one go.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NetworkInventory {
    /// The region's availability zones (where a new network could go).
    pub zones: Vec<String>,
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    /// For each instance type asked about: the AZs that offer it.
    pub offerings: BTreeMap<String, BTreeSet<String>>,
}

/// Can this subnet hold the head node (reachable by ssh from the user's machine)?
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Verdict {
    Usable,
    /// Works, with a caveat the user should read.
    Caution(String),
    Unusable(String),
}

impl Verdict {
    pub fn is_usable(&self) -> bool {
        !matches!(self, Verdict::Unusable(_))
    }
}

/// Fewer free addresses than this and a scaling queue will run out.
const FEW_ADDRESSES: u32 = 16;

/// The verdict for putting the head node (and, in the simple layout, the compute nodes)
/// in `subnet`, given the instance types chosen so far.
pub fn head_node_verdict(
    subnet: &Subnet,
    inventory: &NetworkInventory,
    instance_types: &[String],
) -> Verdict {
    let missing: Vec<&str> = instance_types
        .iter()
        .filter(|t| {
            inventory
                .offerings
                .get(t.as_str())
                .is_some_and(|azs| !azs.contains(&subnet.availability_zone))
        })
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Verdict::Unusable(format!(
            "{} does not offer {}",
            subnet.availability_zone,
            missing.join(", ")
        ));
    }
    match subnet.route_out {
        RouteOut::None => {
            return Verdict::Unusable(
                "no route to the internet: nodes could not install their software".into(),
            );
        }
        RouteOut::NatGateway => {
            return Verdict::Unusable(
                "private (NAT only): you could not ssh to a head node here; use it for compute"
                    .into(),
            );
        }
        RouteOut::InternetGateway => {}
    }
    if !subnet.public_ip_on_launch {
        return Verdict::Caution(
            "public, but instances get no public IP by default: the head node needs an Elastic IP to be reachable".into(),
        );
    }
    if subnet.free_addresses < FEW_ADDRESSES {
        return Verdict::Caution(format!(
            "only {} free addresses: a large queue may not fit",
            subnet.free_addresses
        ));
    }
    Verdict::Usable
}

/// A NAT gateway bills by the hour whether used or not. AWS's list price in us-east-1 and
/// us-west-2 (VPC pricing page): $0.045 per hour plus $0.045 per GB processed.
pub const NAT_USD_PER_HOUR: f64 = 0.045;
pub const NAT_PRICE_SOURCE: &str = "AWS list price, us-east-1/us-west-2";
pub const HOURS_PER_MONTH: f64 = 730.0;

pub const LAYOUT_WHY: &str = "Simplest and cheapest: the head node and the compute nodes share one public subnet. You ssh to the head node; compute nodes get public IPs but accept no inbound traffic. A private compute subnet hides the compute nodes, but needs a NAT gateway, which bills every hour the cluster exists.";

#[cfg(test)]
mod tests {
    use super::*;

    fn subnet(az: &str, route: RouteOut, public_ip: bool, free: u32) -> Subnet {
        Subnet {
            id: "subnet-1".into(),
            vpc_id: "vpc-1".into(),
            name: None,
            availability_zone: az.into(),
            cidr: "10.0.0.0/24".into(),
            free_addresses: free,
            public_ip_on_launch: public_ip,
            route_out: route,
        }
    }

    fn offering(types: &[(&str, &[&str])]) -> NetworkInventory {
        NetworkInventory {
            offerings: types
                .iter()
                .map(|(t, azs)| (t.to_string(), azs.iter().map(|a| a.to_string()).collect()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn an_az_without_the_instance_type_is_unusable_and_says_which() {
        let inventory = offering(&[("hpc7a.96xlarge", &[]), ("t3.large", &["us-west-2a"])]);
        let verdict = head_node_verdict(
            &subnet("us-west-2a", RouteOut::InternetGateway, true, 4000),
            &inventory,
            &["t3.large".into(), "hpc7a.96xlarge".into()],
        );
        assert_eq!(
            verdict,
            Verdict::Unusable("us-west-2a does not offer hpc7a.96xlarge".into())
        );
    }

    #[test]
    fn routes_decide_the_head_node() {
        let inv = NetworkInventory::default();
        assert!(!head_node_verdict(&subnet("a", RouteOut::None, true, 99), &inv, &[]).is_usable());
        assert!(
            !head_node_verdict(&subnet("a", RouteOut::NatGateway, false, 99), &inv, &[])
                .is_usable()
        );
        assert_eq!(
            head_node_verdict(&subnet("a", RouteOut::InternetGateway, true, 99), &inv, &[]),
            Verdict::Usable
        );
        assert!(matches!(
            head_node_verdict(
                &subnet("a", RouteOut::InternetGateway, false, 99),
                &inv,
                &[]
            ),
            Verdict::Caution(_)
        ));
    }
}
