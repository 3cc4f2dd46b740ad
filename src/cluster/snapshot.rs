//! The offline price snapshot bundled in `assets/prices/`: EC2 Linux on-demand prices in
//! us-east-1 from ec2instances.info, committed 2023-08-30 (the file's header says exactly
//! where from). Used when there are no credentials or no network, and always labelled so.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::price::{Per, Price, PriceSource};
use super::price_book::PriceKey;

const TSV: &str = include_str!("../../assets/prices/ec2-prices-us-east-1-2023-08.tsv");
pub const AS_OF: &str = "2023-08";

/// Storage and NAT list prices, each row sourced in the file's header; sparse on purpose
/// (only what a stored AWS source states, per region).
const STORAGE_TSV: &str = include_str!("../../assets/prices/storage-prices.tsv");
pub const STORAGE_AS_OF: &str = "2026-11";
/// When AWS began charging for public IPv4 addresses (the storage table's "*" row).
const PUBLIC_IPV4_SINCE: &str = "2024-02-01";

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

/// The snapshot's price for any key: instances from the EC2 table, storage and NAT from the
/// storage table; spot prices are never in a snapshot.
pub fn lookup(key: &PriceKey, region: &str) -> Option<Price> {
    let (kind, variant) = match key {
        PriceKey::OnDemand { instance_type } => return on_demand(instance_type, region),
        PriceKey::Spot { .. } => return None,
        PriceKey::FsxLustre {
            deployment_type,
            throughput: Some(t),
        } => ("fsx-lustre", format!("{deployment_type}/{t}")),
        PriceKey::FsxLustre {
            deployment_type,
            throughput: None,
        } => ("fsx-lustre", deployment_type.clone()),
        PriceKey::Ebs { volume_type } => ("ebs", volume_type.clone()),
        PriceKey::EfsStandard => ("efs", "standard".into()),
        PriceKey::NatGatewayHour => ("nat-gateway", "hourly".into()),
        PriceKey::PublicIpv4Hour => ("public-ipv4", "hourly".into()),
    };
    STORAGE_TSV
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect::<Vec<_>>())
        // "*": one price in every region (the public IPv4 charge).
        .find(|f| {
            f.len() >= 5 && f[0] == kind && (f[1] == region || f[1] == "*") && f[2] == variant
        })
        .and_then(|f| {
            let usd = f[3].parse().ok()?;
            let per = match f[4] {
                "Hrs" => Per::Hour,
                "GB-Mo" => Per::GbMonth,
                _ => return None,
            };
            // A row for every region is a price AWS published once, not a snapshot of one.
            let source = match f[1] {
                "*" => PriceSource::Published {
                    since: PUBLIC_IPV4_SINCE.into(),
                },
                _ => PriceSource::Snapshot {
                    as_of: STORAGE_AS_OF.into(),
                },
            };
            Some(Price { usd, per, source })
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
    fn storage_rows_only_where_a_source_states_them() {
        let scratch = PriceKey::FsxLustre {
            deployment_type: "SCRATCH_2".into(),
            throughput: None,
        };
        let p = lookup(&scratch, "us-east-1").unwrap();
        assert_eq!((p.usd, p.per), (0.14, Per::GbMonth));
        assert_eq!(
            p.source.label(chrono::Utc::now()),
            "offline snapshot 2026-11"
        );
        assert!(lookup(&scratch, "us-west-2").is_none(), "no stated source");
        let nat = lookup(&PriceKey::NatGatewayHour, "us-east-2").unwrap();
        assert_eq!((nat.usd, nat.per), (0.045, Per::Hour));
        assert!(lookup(&PriceKey::instance("t3.large", true), "us-east-1").is_none());
        assert_eq!(
            lookup(&PriceKey::instance("t3.large", false), "us-west-2")
                .unwrap()
                .usd,
            0.0832
        );
    }

    #[test]
    fn outside_its_regions_or_types_the_snapshot_knows_nothing() {
        assert!(on_demand("t3.large", "eu-west-1").is_none());
        assert!(on_demand("x99.mega", "us-west-2").is_none());
        assert!(table().len() > 600, "the whole table is read");
    }
}
