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
        PriceKey::OnDemand { instance_type } => {
            let mut filters = linux_on_demand();
            filters.insert(0, ("instanceType", instance_type.clone()));
            ("AmazonEC2", filters)
        }
        // One published price everywhere (the snapshot's row, with its source): not asked.
        PriceKey::Spot { .. } | PriceKey::PublicIpv4Hour => return None,
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

/// What one plain Linux on-demand instance hour is, apart from its type.
fn linux_on_demand() -> Vec<(&'static str, String)> {
    vec![
        ("operatingSystem", "Linux".into()),
        ("tenancy", "Shared".into()),
        ("preInstalledSw", "NA".into()),
        ("capacitystatus", "Used".into()),
        ("licenseModel", "No License required".into()),
        // Capacity Blocks are listed at $0 with everything else equal.
        ("marketoption", "OnDemand".into()),
    ]
}

/// Every instance type's Linux on-demand price in a region, in one paginated query:
/// a zone's whole catalog costs about ten calls instead of a thousand.
pub fn region_wide_instances(region: &str) -> Query {
    let mut filters = linux_on_demand();
    filters.push(("regionCode", region.to_string()));
    Query {
        service_code: "AmazonEC2",
        filters,
    }
}

/// The unit this key is priced in, as the Price List writes it.
fn wanted_unit(key: &PriceKey) -> (Per, &'static [&'static str]) {
    match key {
        PriceKey::OnDemand { .. }
        | PriceKey::Spot { .. }
        | PriceKey::NatGatewayHour
        | PriceKey::PublicIpv4Hour => (Per::Hour, &["Hrs", "Hours"]),
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
        found.extend(prices_in(&parse(item)?, units));
    }
    match single(found) {
        Ok(usd) => Ok(usd.map(|usd| (usd, per))),
        Err(many) => Err(format!(
            "{} matching prices for {} ({many}); not choosing one",
            many.split(", ").count(),
            key.cache_id(),
        )),
    }
}

/// The region-wide answer as type → $/hour. A type with two different prices is left
/// out (no price is better than a wrong one).
pub fn by_instance_type(
    items: &[String],
) -> Result<std::collections::BTreeMap<String, f64>, String> {
    let mut all: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    let (_, units) = wanted_unit(&PriceKey::instance("", false));
    for item in items {
        let doc = parse(item)?;
        if let Some(t) = doc
            .pointer("/product/attributes/instanceType")
            .and_then(Value::as_str)
        {
            all.entry(t.to_string())
                .or_default()
                .extend(prices_in(&doc, units));
        }
    }
    Ok(all
        .into_iter()
        .filter_map(|(t, prices)| Some((t, single(prices).ok()??)))
        .collect())
}

fn parse(item: &str) -> Result<Value, String> {
    serde_json::from_str(item).map_err(|e| format!("a PriceList item is not JSON: {e}"))
}

/// A document's on-demand prices in one of `units`, from the first tier.
fn prices_in(doc: &Value, units: &[&str]) -> Vec<f64> {
    let Some(on_demand) = doc.pointer("/terms/OnDemand").and_then(Value::as_object) else {
        return vec![];
    };
    on_demand
        .values()
        .filter_map(|term| term.get("priceDimensions").and_then(Value::as_object))
        .flat_map(|dimensions| dimensions.values())
        .filter(|d| units.contains(&d.get("unit").and_then(Value::as_str).unwrap_or("")))
        .filter(|d| {
            d.get("beginRange")
                .and_then(Value::as_str)
                .is_none_or(|b| b == "0")
        })
        .filter_map(|d| {
            d.pointer("/pricePerUnit/USD")?
                .as_str()?
                .parse::<f64>()
                .ok()
        })
        .collect()
}

/// The one distinct price, none, or (Err) the distinct prices listed.
fn single(mut prices: Vec<f64>) -> Result<Option<f64>, String> {
    prices.sort_by(|a, b| a.partial_cmp(b).unwrap());
    prices.dedup();
    match prices.as_slice() {
        [] => Ok(None),
        [usd] => Ok(Some(*usd)),
        many => Err(many
            .iter()
            .map(|u| u.to_string())
            .collect::<Vec<_>>()
            .join(", ")),
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
    fn the_region_wide_answer_prices_each_type_once() {
        let other = item("Hrs", "0.1664").replace("t3.large", "t3.xlarge");
        let items = [item("Hrs", "0.0832"), other.clone(), other];
        let prices = by_instance_type(&items).unwrap();
        assert_eq!(prices.get("t3.large"), Some(&0.0832));
        assert_eq!(prices.get("t3.xlarge"), Some(&0.1664), "duplicates agree");
        let clash = [item("Hrs", "0.0832"), item("Hrs", "0.09")];
        assert!(
            by_instance_type(&clash).unwrap().is_empty(),
            "two prices: none"
        );
        let q = region_wide_instances("us-west-2");
        assert!(!q.filters.iter().any(|(f, _)| *f == "instanceType"));
        assert!(q.filters.contains(&("marketoption", "OnDemand".into())));
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
