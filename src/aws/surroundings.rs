//! What the pre-launch checks need to know about the account: the key pair's type, the head
//! subnet's zone and route, and where each instance type is offered. Two calls in parallel.

use super::session::AwsSession;
use super::{keypairs, network};
use crate::cluster::config::ClusterConfig;
use crate::cluster::findings::{SubnetFacts, Surroundings};

/// Look up `config`'s key pair and head subnet in `session`'s region. The error is one line,
/// already explained, for a finding.
pub async fn look_around(
    session: &AwsSession,
    config: &ClusterConfig,
) -> Result<Surroundings, String> {
    let types = config.instance_types();
    let (pairs, inventory) =
        tokio::join!(keypairs::list(session), network::inventory(session, &types));
    let pairs = pairs.map_err(|e| e.explained())?;
    let inventory = inventory.map_err(|e| e.explained())?;
    let key_name = config
        .head_node
        .ssh
        .as_ref()
        .map(|s| s.key_name.as_str())
        .unwrap_or_default();
    let head = &config.head_node.networking.subnet_id;
    Ok(Surroundings {
        key_kind: pairs.iter().find(|p| p.name == key_name).map(|p| p.kind),
        head_subnet: inventory
            .subnets
            .iter()
            .find(|s| &s.id == head)
            .map(|s| SubnetFacts {
                availability_zone: s.availability_zone.clone(),
                route_out: s.route_out,
                public_ip_on_launch: s.public_ip_on_launch,
            }),
        offerings: Some(inventory.offerings),
    })
}
