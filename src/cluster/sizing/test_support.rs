//! Instance types and prices for the sizing model's unit tests.

use crate::cluster::instance::InstanceInfo;
use crate::cluster::price::{Price, PriceSource};

pub fn instance(name: &str, vcpus: u32, gib: u64, arch: &str) -> InstanceInfo {
    InstanceInfo {
        name: name.into(),
        vcpus,
        memory_mib: gib * 1024,
        architectures: vec![arch.into()],
        network: String::new(),
        burstable: false,
        efa: false,
        gpus: 0,
    }
}

pub fn snapshot_price(usd: f64) -> Price {
    Price::hourly(
        usd,
        PriceSource::Snapshot {
            as_of: "2023-08".into(),
        },
    )
}
