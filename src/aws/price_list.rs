//! The Price List Query API's language, without the network: which TERM_MATCH filters ask
//! for one `PriceKey`, and how to read the price out of the answer. Each PriceList item is a
//! JSON document in a string; the price sits at
//! `terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD` (FACTS.md). The filters, and where
//! each was learnt, are listed in `tests/fixtures/pricing/README.md`.

use serde_json::Value;

use crate::cluster::price::Per;
use crate::cluster::price_book::PriceKey;

/// What to send: the service code and the (field, value) pairs to TERM_MATCH.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub service_code: &'static str,
    pub filters: Vec<(&'static str, String)>,
}

/// The filters for one price. Spot prices do not come from the Price List API: None.
pub fn query(key: &PriceKey, region: &str) -> Option<Query> {
    let region = ("regionCode", region.to_string());
    let (service_code, mut filters) = match key {
        PriceKey::OnDemand { instance_type } => (
            "AmazonEC2",
            vec![
                ("instanceType", instance_type.clone()),
                ("operatingSystem", "Linux".into()),
                ("tenancy", "Shared".into()),
                ("preInstalledSw", "NA".into()),
                ("capacitystatus", "Used".into()),
                ("licenseModel", "No License required".into()),
                // Capacity Blocks are listed at $0 with everything else equal.
                ("marketoption", "OnDemand".into()),
            ],
        ),
        PriceKey::Spot { .. } => return None,
        PriceKey::Ebs { volume_type } => (
            "AmazonEC2",
            vec![
                ("productFamily", "Storage".into()),
                ("volumeApiName", volume_type.clone()),
            ],
        ),
        PriceKey::NatGatewayHour => ("AmazonEC2", vec![("productFamily", "NAT Gateway".into())]),
        PriceKey::EfsStandard => (
            "AmazonEFS",
            vec![
                ("productFamily", "Storage".into()),
                ("storageClass", "General Purpose".into()),
            ],
        ),
        PriceKey::FsxLustre {
            deployment_type,
            throughput,
        } => {
            // The Price List files SCRATCH_2 as "Single-AZ" with no throughput, and the
            // PERSISTENT types as "Persistent" told apart by MB/s/TiB (50/100/200 are
            // PERSISTENT_1's, 125/250/500/1000 PERSISTENT_2's). Anything else (SCRATCH_1,
            // a PERSISTENT without throughput) has no single product: no query, no price.
            let (option, capacity) = match (deployment_type.as_str(), throughput) {
                ("SCRATCH_2", None) => ("Single-AZ", "N/A".to_string()),
                ("PERSISTENT_1" | "PERSISTENT_2", Some(t)) => ("Persistent", t.to_string()),
                _ => return None,
            };
            (
                "AmazonFSx",
                vec![
                    ("productFamily", "Storage".into()),
                    ("fileSystemType", "Lustre".into()),
                    ("storageType", "SSD".into()),
                    ("deploymentOption", option.into()),
                    ("throughputCapacity", capacity),
                ],
            )
        }
    };
    filters.push(region);
    Some(Query {
        service_code,
        filters,
    })
}

/// The unit this key is priced in, as the Price List writes it.
fn wanted_unit(key: &PriceKey) -> (Per, &'static [&'static str]) {
    match key {
        PriceKey::OnDemand { .. } | PriceKey::Spot { .. } | PriceKey::NatGatewayHour => {
            (Per::Hour, &["Hrs", "Hours"])
        }
        _ => (Per::GbMonth, &["GB-Mo", "GB-month", "GB-Month"]),
    }
}

/// The one price in `items` for `key`, in the unit that key is priced in. Products in
/// another unit (a NAT gateway's per-GB charge) are skipped; if two products still match,
/// the answer is ambiguous and no price is better than a wrong one.
pub fn choose(key: &PriceKey, items: &[String]) -> Result<Option<(f64, Per)>, String> {
    let (per, units) = wanted_unit(key);
    let mut found: Vec<f64> = Vec::new();
    for item in items {
        let doc: Value =
            serde_json::from_str(item).map_err(|e| format!("a PriceList item is not JSON: {e}"))?;
        let Some(on_demand) = doc.pointer("/terms/OnDemand").and_then(Value::as_object) else {
            continue;
        };
        for term in on_demand.values() {
            let Some(dimensions) = term.get("priceDimensions").and_then(Value::as_object) else {
                continue;
            };
            for dimension in dimensions.values() {
                let unit = dimension.get("unit").and_then(Value::as_str).unwrap_or("");
                let begins_at_zero = dimension
                    .get("beginRange")
                    .and_then(Value::as_str)
                    .is_none_or(|b| b == "0");
                if !units.contains(&unit) || !begins_at_zero {
                    continue;
                }
                let usd = dimension
                    .pointer("/pricePerUnit/USD")
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse::<f64>().ok());
                if let Some(usd) = usd {
                    found.push(usd);
                }
            }
        }
    }
    found.sort_by(|a, b| a.partial_cmp(b).unwrap());
    found.dedup();
    match found.as_slice() {
        [] => Ok(None),
        [usd] => Ok(Some((*usd, per))),
        many => Err(format!(
            "{} matching prices for {} ({}); not choosing one",
            many.len(),
            key.cache_id(),
            many.iter()
                .map(|u| u.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(unit: &str, usd: &str) -> String {
        serde_json::json!({
            "product": {"productFamily": "Compute Instance", "attributes": {"instanceType": "t3.large"}, "sku": "ABC"},
            "serviceCode": "AmazonEC2",
            "terms": {"OnDemand": {"ABC.JRTCKXETXF": {"priceDimensions": {"ABC.JRTCKXETXF.6YS6EN2CT7": {
                "unit": unit, "beginRange": "0", "endRange": "Inf",
                "pricePerUnit": {"USD": usd}}}}}}
        })
        .to_string()
    }

    #[test]
    fn the_price_is_read_from_the_on_demand_term() {
        let key = PriceKey::instance("t3.large", false);
        assert_eq!(
            choose(&key, &[item("Hrs", "0.0832000000")]).unwrap(),
            Some((0.0832, Per::Hour))
        );
        assert_eq!(choose(&key, &[]).unwrap(), None, "unknown type: no price");
    }

    #[test]
    fn the_nat_gateways_per_gb_charge_is_not_its_hourly_price() {
        let items = [item("GB", "0.0450000000"), item("Hrs", "0.0450000000")];
        assert_eq!(
            choose(&PriceKey::NatGatewayHour, &items).unwrap(),
            Some((0.045, Per::Hour))
        );
    }

    #[test]
    fn two_different_prices_are_refused_not_guessed() {
        let key = PriceKey::instance("t3.large", false);
        let err = choose(&key, &[item("Hrs", "0.0832"), item("Hrs", "0.1")]).unwrap_err();
        assert!(err.contains("2 matching prices"), "{err}");
        assert!(choose(&key, &["not json".into()]).is_err());
    }

    #[test]
    fn queries_carry_facts_filters_and_the_region() {
        let q = query(&PriceKey::instance("t3.large", false), "us-west-2").unwrap();
        assert_eq!(q.service_code, "AmazonEC2");
        assert!(q.filters.contains(&("capacitystatus", "Used".into())));
        assert!(q.filters.contains(&("regionCode", "us-west-2".into())));
        assert!(query(&PriceKey::instance("t3.large", true), "us-west-2").is_none());
        let fsx = PriceKey::FsxLustre {
            deployment_type: "PERSISTENT_2".into(),
            throughput: Some(125),
        };
        let q = query(&fsx, "us-west-2").unwrap();
        assert!(
            q.filters
                .contains(&("deploymentOption", "Persistent".into()))
        );
        assert!(q.filters.contains(&("throughputCapacity", "125".into())));
        let scratch = PriceKey::FsxLustre {
            deployment_type: "SCRATCH_2".into(),
            throughput: None,
        };
        let q = query(&scratch, "us-west-2").unwrap();
        assert!(
            q.filters
                .contains(&("deploymentOption", "Single-AZ".into()))
        );
        let unknowable = PriceKey::FsxLustre {
            deployment_type: "PERSISTENT_2".into(),
            throughput: None,
        };
        assert!(query(&unknowable, "us-west-2").is_none());
    }
}
