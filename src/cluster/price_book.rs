//! The prices one region's estimates are made from: what was asked for, and what is known.
//! Filled by the price engine (`aws::price_engine`) from live answers, the disk cache and
//! the bundled snapshot; read by the cost model and the pickers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::price::Price;

/// One thing with a price.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PriceKey {
    /// Linux, shared tenancy, per hour.
    OnDemand { instance_type: String },
    /// The latest spot price, per hour.
    Spot { instance_type: String },
    /// Per GB-month, by deployment type (and MB/s/TiB for the PERSISTENT ones).
    FsxLustre {
        deployment_type: String,
        throughput: Option<u32>,
    },
    /// Per GB-month, by volume type (gp3 unless the config says otherwise).
    Ebs { volume_type: String },
    /// Per GB-month stored, Standard class.
    EfsStandard,
    /// Per hour the gateway exists.
    NatGatewayHour,
    /// Per hour a public IPv4 address exists, in use or idle (since 2024-02-01).
    PublicIpv4Hour,
}

impl PriceKey {
    pub fn instance(instance_type: &str, spot: bool) -> Self {
        let instance_type = instance_type.to_string();
        if spot {
            PriceKey::Spot { instance_type }
        } else {
            PriceKey::OnDemand { instance_type }
        }
    }

    /// The instance type, for instance prices.
    pub fn instance_type(&self) -> Option<&str> {
        match self {
            PriceKey::OnDemand { instance_type } | PriceKey::Spot { instance_type } => {
                Some(instance_type)
            }
            _ => None,
        }
    }

    /// A stable text form for the disk cache: "on-demand/t3.large", "fsx-lustre/SCRATCH_2".
    pub fn cache_id(&self) -> String {
        match self {
            PriceKey::OnDemand { instance_type } => format!("on-demand/{instance_type}"),
            PriceKey::Spot { instance_type } => format!("spot/{instance_type}"),
            PriceKey::FsxLustre {
                deployment_type,
                throughput: Some(t),
            } => format!("fsx-lustre/{deployment_type}/{t}"),
            PriceKey::FsxLustre {
                deployment_type,
                throughput: None,
            } => format!("fsx-lustre/{deployment_type}"),
            PriceKey::Ebs { volume_type } => format!("ebs/{volume_type}"),
            PriceKey::EfsStandard => "efs/standard".into(),
            PriceKey::NatGatewayHour => "nat-gateway/hourly".into(),
            PriceKey::PublicIpv4Hour => "public-ipv4/hourly".into(),
        }
    }
}

/// Known prices for one region.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PriceBook {
    pub region: String,
    prices: BTreeMap<PriceKey, Price>,
}

impl PriceBook {
    pub fn new(region: &str) -> Self {
        Self {
            region: region.to_string(),
            prices: BTreeMap::new(),
        }
    }

    pub fn get(&self, key: &PriceKey) -> Option<Price> {
        self.prices.get(key).cloned()
    }

    pub fn insert(&mut self, key: PriceKey, price: Price) {
        self.prices.insert(key, price);
    }

    /// Adds `other`'s prices, keeping the better of two for the same key: a live answer
    /// over a cached one over the snapshot.
    pub fn merge(&mut self, other: PriceBook) {
        for (key, price) in other.prices {
            match self.prices.get(&key) {
                Some(old) if old.source.rank() > price.source.rank() => {}
                _ => {
                    self.prices.insert(key, price);
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.prices.len()
    }

    pub fn is_empty(&self) -> bool {
        self.prices.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&PriceKey, &Price)> {
        self.prices.iter()
    }
}
