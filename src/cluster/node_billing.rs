//! Each Slurm node with the EC2 instance behind it and what that costs. Pure.
//!
//! ParallelCluster's resume program sets a node's NodeAddr to its instance's private IP,
//! so the address is the join key. A node powered down has no instance; a node up with no
//! job for longer than the scale-down time bills for nothing, which is what a person
//! watching the bill wants flagged. Instances EC2 runs for the cluster that no Slurm node
//! claims bill too, and are listed apart.

use serde::Serialize;

use crate::cluster::cluster_instance::ClusterInstance;
use crate::cluster::price_book::{PriceBook, PriceKey};
use crate::cluster::slurm::resume_failure::launch_error;
use crate::cluster::slurm::{Node, node_bills};

/// ParallelCluster's default `ScaledownIdletime`, in minutes.
pub const DEFAULT_SCALEDOWN_MINUTES: u32 = 10;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeBilling {
    pub node: String,
    pub instance_id: Option<String>,
    pub instance_type: Option<String>,
    pub spot: bool,
    /// What its instance costs now; 0 for a node with no instance, None when unknown.
    pub usd_per_hour: Option<f64>,
    /// The EC2 error that kept it from starting, in words.
    pub launch_error: Option<String>,
    /// Minutes it has sat idle past the scale-down time while billing.
    pub idle_billing_minutes: Option<i64>,
    /// A static node never scales down: idle, it bills until the fleet is stopped.
    pub is_static: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Billing {
    pub nodes: Vec<NodeBilling>,
    /// Compute instances no Slurm node claims (launching, or orphaned and billing).
    pub unclaimed: Vec<ClusterInstance>,
}

impl Billing {
    /// Nodes billing with nothing to do.
    pub fn idle_billing(&self) -> impl Iterator<Item = &NodeBilling> {
        self.nodes
            .iter()
            .filter(|n| n.idle_billing_minutes.is_some())
    }
}

/// `clock`: the head node's time (epoch s) when Slurm answered.
pub fn match_nodes(
    nodes: &[Node],
    instances: &[ClusterInstance],
    book: &PriceBook,
    clock: Option<i64>,
    scaledown_minutes: u32,
) -> Billing {
    let compute: Vec<&ClusterInstance> = instances
        .iter()
        .filter(|i| i.node_type == "Compute")
        .collect();
    let mut claimed = vec![false; compute.len()];
    let rows = nodes
        .iter()
        .map(|node| {
            let bills = node_bills(node);
            let found = node.address.as_deref().and_then(|address| {
                compute
                    .iter()
                    .position(|i| i.private_ip.as_deref() == Some(address))
            });
            if let Some(i) = found {
                claimed[i] = true;
            }
            let instance = found.map(|i| compute[i]);
            let is_static = node.name.contains("-st-");
            let usd_per_hour = match instance {
                Some(i) if matches!(i.state.as_str(), "pending" | "running") => book
                    .get(&PriceKey::instance(&i.instance_type, i.spot))
                    .map(|p| p.usd),
                Some(_) => Some(0.0),
                None if !bills => Some(0.0),
                None => None,
            };
            let idle_for = match (node.state.as_str(), node.last_busy, clock) {
                ("idle", Some(busy), Some(now)) if bills => Some((now - busy) / 60),
                _ => None,
            };
            NodeBilling {
                node: node.name.clone(),
                instance_id: instance.map(|i| i.instance_id.clone()),
                instance_type: instance.map(|i| i.instance_type.clone()),
                spot: instance.is_some_and(|i| i.spot),
                usd_per_hour,
                launch_error: node.reason.as_deref().and_then(launch_error),
                idle_billing_minutes: idle_for
                    .filter(|&m| m > i64::from(scaledown_minutes))
                    .map(|m| m - i64::from(scaledown_minutes)),
                is_static,
            }
        })
        .collect();
    let unclaimed = compute
        .iter()
        .zip(&claimed)
        .filter(|(i, claimed)| !**claimed && i.state != "stopped")
        .map(|(i, _)| (*i).clone())
        .collect();
    Billing {
        nodes: rows,
        unclaimed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::price::{Price, PriceSource};

    fn node(name: &str, state: &str, flags: &[&str], address: Option<&str>) -> Node {
        Node {
            name: name.into(),
            partitions: vec!["standard".into()],
            state: state.into(),
            flags: flags.iter().map(|f| f.to_string()).collect(),
            cpus: Some(48),
            reason: None,
            address: address.map(str::to_string),
            last_busy: None,
        }
    }

    fn instance(id: &str, ip: &str, spot: bool) -> ClusterInstance {
        ClusterInstance {
            cluster: "rev".into(),
            node_type: "Compute".into(),
            instance_id: id.into(),
            instance_type: "c6a.12xlarge".into(),
            state: "running".into(),
            spot,
            public_ip: None,
            private_ip: Some(ip.into()),
            launched: None,
            key_name: None,
            ..Default::default()
        }
    }

    fn book() -> PriceBook {
        let mut book = PriceBook::new("us-west-2");
        book.insert(
            PriceKey::instance("c6a.12xlarge", false),
            Price::hourly(
                1.836,
                PriceSource::Snapshot {
                    as_of: "2023-08".into(),
                },
            ),
        );
        book
    }

    #[test]
    fn nodes_find_their_instances_by_address_and_price_them() {
        let nodes = [
            node("standard-dy-c6a-1", "mixed", &["CLOUD"], Some("10.0.1.7")),
            node(
                "standard-dy-c6a-2",
                "idle",
                &["CLOUD", "POWERED_DOWN"],
                None,
            ),
            node(
                "standard-dy-c6a-3",
                "allocated",
                &["CLOUD"],
                Some("10.0.1.9"),
            ),
        ];
        let instances = [
            instance("i-a", "10.0.1.7", false),
            instance("i-b", "10.0.1.9", true),
            instance("i-orphan", "10.0.1.50", false),
        ];
        let billing = match_nodes(&nodes, &instances, &book(), Some(1_000), 10);
        let row = |n: usize| &billing.nodes[n];
        assert_eq!(row(0).instance_id.as_deref(), Some("i-a"));
        assert_eq!(row(0).usd_per_hour, Some(1.836));
        assert_eq!(row(1).instance_id, None);
        assert_eq!(row(1).usd_per_hour, Some(0.0), "powered off costs nothing");
        assert!(row(2).spot);
        assert_eq!(row(2).usd_per_hour, None, "no spot price in the book");
        assert_eq!(billing.unclaimed.len(), 1);
        assert_eq!(billing.unclaimed[0].instance_id, "i-orphan");
    }

    #[test]
    fn idle_nodes_are_flagged_only_past_the_scale_down_time() {
        let now = 10_000;
        let mut fresh = node("q-dy-c-1", "idle", &["CLOUD"], Some("10.0.1.7"));
        fresh.last_busy = Some(now - 9 * 60);
        let mut stale = node("q-st-c-1", "idle", &["CLOUD"], Some("10.0.1.9"));
        stale.last_busy = Some(now - 25 * 60);
        let mut off = node("q-dy-c-2", "idle", &["CLOUD", "POWERED_DOWN"], None);
        off.last_busy = Some(now - 60 * 60);
        let billing = match_nodes(&[fresh, stale, off], &[], &book(), Some(now), 10);
        assert_eq!(billing.nodes[0].idle_billing_minutes, None);
        assert_eq!(billing.nodes[1].idle_billing_minutes, Some(15));
        assert!(billing.nodes[1].is_static);
        assert_eq!(
            billing.nodes[2].idle_billing_minutes, None,
            "a powered-off node bills nothing"
        );
        assert_eq!(billing.idle_billing().count(), 1);
    }

    #[test]
    fn a_node_down_for_capacity_carries_the_ec2_error() {
        let mut down = node("q-dy-c-1", "down", &["CLOUD", "POWERED_DOWN"], None);
        down.reason = Some("(Code:InsufficientInstanceCapacity)Failure when resuming nodes".into());
        let billing = match_nodes(&[down], &[], &book(), None, 10);
        assert!(
            billing.nodes[0]
                .launch_error
                .as_deref()
                .unwrap()
                .contains("no spare capacity")
        );
    }
}
