//! What pcwiz's history says pcwiz made for a cluster: its network stack (with the NAT
//! gateway that bills by the hour), its key pair, and the files on this machine. Anything
//! another live cluster in the history still uses is shown but not ticked.

use super::{Found, Seen};
use crate::aws::keypairs;
use crate::aws::network_stack::{self, NetworkParts};
use crate::aws::session::AwsSession;
use crate::cluster::cleanup_plan::Kind;
use crate::cluster::price_book::PriceKey;
use crate::store::history::ClusterRecord;

pub async fn from_record(
    session: &AwsSession,
    record: &ClusterRecord,
    others: &[ClusterRecord],
) -> Result<Vec<Seen>, String> {
    let mut seen = vec![];
    let made = &record.created_by_pcwiz;
    let users = |same: &dyn Fn(&ClusterRecord) -> bool| -> Vec<String> {
        others
            .iter()
            .filter(|c| c.region == record.region && same(c))
            .map(|c| c.name.clone())
            .collect()
    };
    if let Some(network) = &made.network_stack
        && let Some(found) = network_stack(session, network).await?
    {
        let sharing = users(&|c| c.created_by_pcwiz.network_stack.as_ref() == Some(network));
        seen.push(Seen::Item(shared_warning(found, &sharing)));
    }
    if made.key_pair
        && let Some(key) = &record.key_name
    {
        let exists = keypairs::exists(session, key)
            .await
            .map_err(|e| e.explained())?;
        if exists {
            let sharing = users(&|c| c.key_name.as_ref() == Some(key));
            let found = Found::new(
                Kind::KeyPair,
                key,
                "free to keep".into(),
                "pcwiz imported it for this cluster (history)".into(),
            );
            seen.push(Seen::Item(shared_warning(found, &sharing)));
        }
    }
    if record.config_file.exists() {
        seen.push(Seen::Item(Found::new(
            Kind::LocalFile,
            &record.config_file.display().to_string(),
            "the cluster's config".into(),
            "pcwiz wrote it for this cluster (history)".into(),
        )));
    }
    if made.key_pair
        && let Some(key_file) = record.key_file.as_ref().filter(|k| k.exists())
    {
        let mut found = Found::new(
            Kind::PrivateKey,
            &key_file.display().to_string(),
            "the private key (and its .pub)".into(),
            "the key pair's private half on this machine: remove only if you made it for this cluster".into(),
        );
        // A private key may open other machines too: never ticked for the user.
        found.selected = Some(false);
        seen.push(Seen::Item(found));
    }
    Ok(seen)
}

/// Something another live cluster uses stays unticked, and says who uses it.
fn shared_warning(mut found: Found, sharing: &[String]) -> Found {
    if !sharing.is_empty() {
        found.why = format!("{}; also used by {}", found.why, sharing.join(", "));
        found.selected = Some(false);
    }
    found
}

/// The network stack pcwiz created, with what in it bills: a NAT gateway by the hour.
async fn network_stack(session: &AwsSession, name: &str) -> Result<Option<Found>, String> {
    let Some(parts) = network_stack::parts(session, name)
        .await
        .map_err(|e| e.explained())?
    else {
        return Ok(None);
    };
    Ok(Some(network_found(
        name,
        &parts,
        "pcwiz created it for this cluster (history)".into(),
    )))
}

/// A network stack as a plan item: what it holds, what bills, and its VPC for the proof
/// that nothing else uses it.
pub(in crate::cleanup) fn network_found(name: &str, parts: &NetworkParts, why: String) -> Found {
    let mut detail = match parts.nat_gateways.as_slice() {
        [] => "VPC and subnets (no NAT gateway)".to_string(),
        nats => format!("VPC and subnets, NAT gateway {}", nats.join(", ")),
    };
    if !parts.elastic_ips.is_empty() {
        detail.push_str(&format!(", Elastic IP {}", parts.elastic_ips.join(", ")));
    }
    let mut found = Found::new(Kind::NetworkStack, name, detail, why);
    if !parts.nat_gateways.is_empty() {
        found.price = Some((PriceKey::NatGatewayHour, parts.nat_gateways.len() as f64));
    }
    found.vpc = parts.vpc.clone();
    found.nat_gateways = parts.nat_gateways.clone();
    found
}
