//! The offline price snapshot bundled in `assets/prices/`: EC2 Linux on-demand prices in
//! us-east-1 from ec2instances.info, committed 2023-08-30 (the file's header says exactly
//! where from). Used when there are no credentials or no network, and always labelled so.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::price::{Price, PriceSource};

const TSV: &str = include_str!("../../assets/prices/ec2-prices-us-east-1-2023-08.tsv");
pub const AS_OF: &str = "2023-08";

/// The regions whose on-demand Linux prices equal us-east-1's for almost every type (the
/// data's own note). Anywhere else the snapshot says nothing: "unknown offline".
pub const REGIONS: [&str; 3] = ["us-east-1", "us-east-2", "us-west-2"];

fn table() -> &'static HashMap<&'static str, f64> {
    static TABLE: OnceLock<HashMap<&'static str, f64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        TSV.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("instance_type"))
            .filter_map(|l| {
                let mut fields = l.split('\t');
                let name = fields.next()?;
                let on_demand: f64 = fields.nth(3)?.parse().ok()?;
                Some((name, on_demand))
            })
            .collect()
    })
}

/// The snapshot's on-demand price, or None ("unknown offline") for a type it lacks or a
/// region it does not cover.
pub fn on_demand(instance_type: &str, region: &str) -> Option<Price> {
    if !REGIONS.contains(&region) {
        return None;
    }
    table().get(instance_type).map(|&usd| {
        Price::hourly(
            usd,
            PriceSource::Snapshot {
                as_of: AS_OF.into(),
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_us_west_2_prices_from_facts() {
        // FACTS.md's cross-check prices for us-west-2 Linux on-demand.
        for (t, usd) in [
            ("t3.large", 0.0832),
            ("t3.medium", 0.0416),
            ("c6a.12xlarge", 1.836),
            ("m6a.12xlarge", 2.0736),
            ("t3a.2xlarge", 0.3008),
        ] {
            assert_eq!(on_demand(t, "us-west-2").unwrap().usd, usd, "{t}");
        }
    }

    #[test]
    fn outside_its_regions_or_types_the_snapshot_knows_nothing() {
        assert!(on_demand("t3.large", "eu-west-1").is_none());
        assert!(on_demand("x99.mega", "us-west-2").is_none());
        assert!(table().len() > 600, "the whole table is read");
    }
}
