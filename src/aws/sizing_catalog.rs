//! The sizing assistant's candidate instance types with their prices: described from the
//! bundled catalog, kept to what the region (or zone) offers when AWS can be asked, and
//! priced by the price engine (cache, then live, then the labelled snapshot). Both front
//! ends size from this.

use super::network;
use super::price_engine::PriceEngine;
use super::session::AwsSession;
use crate::cluster::sizing::Candidate;
use crate::cluster::sizing::candidates;

pub struct PricedCandidates {
    pub candidates: Vec<Candidate>,
    /// Types left out, and why ("c7i.8xlarge: not in the bundled catalog").
    pub left_out: Vec<String>,
    /// Why live prices are missing, if they are.
    pub problem: Option<crate::cluster::price_outage::PriceOutage>,
}

/// `session`: None to ask AWS nothing (offline).
pub async fn priced_candidates(
    session: Option<&AwsSession>,
    engine: PriceEngine,
    region: &str,
    names: &[String],
    zone: Option<&str>,
    spot: bool,
) -> PricedCandidates {
    let (mut types, mut left_out) = candidates::describe_all(names);
    if let Some(session) = session {
        match network::offerings(session, names).await {
            Ok(offered) => types.retain(|t| {
                let zones = offered.get(&t.name);
                let ok = match zone {
                    Some(zone) => zones.is_some_and(|z| z.contains(zone)),
                    None => zones.is_some_and(|z| !z.is_empty()),
                };
                if !ok {
                    left_out.push(format!(
                        "{}: not offered in {}",
                        t.name,
                        zone.unwrap_or(region)
                    ));
                }
                ok
            }),
            Err(e) => left_out.push(format!(
                "Every type is shown: pcwiz could not check which ones {region} offers. {}",
                e.explained()
            )),
        }
    }
    let keys = candidates::price_keys(&types, spot);
    let found = engine
        .prices(session, region, &keys, zone, chrono::Utc::now())
        .await;
    PricedCandidates {
        candidates: candidates::priced(types, &found.book, spot),
        left_out,
        problem: found.problem,
    }
}
