//! What a cluster has cost since it was created, as far as can be known from what runs
//! now. Pure.
//!
//! EC2 tells each running instance's launch time, and the stack its creation time; an
//! instance that came and went is gone from EC2 and cannot be counted, and a stopped and
//! started instance reports its latest launch only. So this is a floor, and says so; AWS
//! Cost Explorer has the bill, a day late.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cluster::cluster_instance::ClusterInstance;
use crate::cluster::price_book::{PriceBook, PriceKey};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spent {
    /// At least this much, in USD.
    pub usd: f64,
    pub since: DateTime<Utc>,
    /// Instances running now whose price is unknown: not in the floor.
    pub unpriced: usize,
}

/// `storage_usd_per_hour`: what the cluster's storage bills per hour since creation.
pub fn since_created(
    created: DateTime<Utc>,
    instances: &[ClusterInstance],
    book: &PriceBook,
    storage_usd_per_hour: f64,
    now: DateTime<Utc>,
) -> Spent {
    let hours =
        |from: DateTime<Utc>| (now - from.max(created)).num_seconds().max(0) as f64 / 3600.0;
    let mut usd = storage_usd_per_hour * hours(created);
    let mut unpriced = 0;
    for i in instances
        .iter()
        .filter(|i| matches!(i.state.as_str(), "pending" | "running"))
    {
        match (
            book.get(&PriceKey::instance(&i.instance_type, i.spot)),
            i.launched,
        ) {
            (Some(price), Some(launched)) => usd += price.usd * hours(launched),
            _ => unpriced += 1,
        }
    }
    Spent {
        usd,
        since: created,
        unpriced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::price::{Price, PriceSource};

    fn instance(kind: &str, launched: DateTime<Utc>, state: &str) -> ClusterInstance {
        ClusterInstance {
            cluster: "rev".into(),
            node_type: kind.into(),
            instance_id: format!("i-{kind}"),
            instance_type: "t3.large".into(),
            state: state.into(),
            spot: false,
            public_ip: None,
            private_ip: None,
            launched: Some(launched),
            key_name: None,
            ..Default::default()
        }
    }

    #[test]
    fn running_instances_count_from_their_launch_and_storage_from_creation() {
        let created: DateTime<Utc> = "2026-11-20T10:00:00Z".parse().unwrap();
        let now: DateTime<Utc> = "2026-11-21T10:00:00Z".parse().unwrap();
        let mut book = PriceBook::new("us-west-2");
        book.insert(
            PriceKey::instance("t3.large", false),
            Price::hourly(
                0.0832,
                PriceSource::Snapshot {
                    as_of: "2023-08".into(),
                },
            ),
        );
        let instances = [
            // The head node since creation: 24 h.
            instance("HeadNode", created, "running"),
            // A compute node up for the last 2 h.
            instance(
                "Compute",
                "2026-11-21T08:00:00Z".parse().unwrap(),
                "running",
            ),
            // A stopped one bills no instance hours.
            instance("Compute", created, "stopped"),
        ];
        let spent = since_created(created, &instances, &book, 0.05, now);
        // 24 h × $0.0832 + 2 h × $0.0832 + 24 h × $0.05 storage
        let expected = 24.0 * 0.0832 + 2.0 * 0.0832 + 24.0 * 0.05;
        assert!((spent.usd - expected).abs() < 1e-9, "{}", spent.usd);
        assert_eq!(spent.unpriced, 0);
        let no_prices = since_created(created, &instances, &PriceBook::new("us-west-2"), 0.0, now);
        assert_eq!(no_prices.unpriced, 2);
    }
}
