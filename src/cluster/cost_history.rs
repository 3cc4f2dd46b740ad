//! What a cluster has cost since it was born, from the idle guard's log of compute nodes up
//! by instance type (`/var/lib/pcwiz/nodes-up.jsonl`, a line when the count changes and one
//! an hour): $/hour over the cluster's life and the spend per day by instance type, the
//! table seed 002's team kept by hand. The head node and storage bill all along; compute
//! bills while its nodes are up. Pure: the samples and prices come in, numbers go out.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::cluster::price_book::{PriceBook, PriceKey};

/// One line of the guard's log: at `t` (epoch s), this many nodes up per instance type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodesUp {
    pub t: i64,
    #[serde(default)]
    pub up: BTreeMap<String, u32>,
}

/// What bills besides the compute nodes, all the time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Baseline {
    /// The head node's instance and the storage, per hour.
    pub usd_per_hour: f64,
}

/// The compute nodes' $/hour in one sample; types with no price are left out and counted.
fn compute_usd(up: &BTreeMap<String, u32>, book: &PriceBook) -> (f64, u32) {
    up.iter().fold((0.0, 0), |(usd, unpriced), (kind, n)| {
        match book.get(&PriceKey::instance(kind, false)) {
            Some(price) => (usd + price.usd * f64::from(*n), unpriced),
            None => (usd, unpriced + n),
        }
    })
}

/// $/hour over `[from, to]` in `buckets` equal slices, each slice the mean of what billed in
/// it (a step function: each sample holds until the next). Before the first sample only the
/// baseline is known to have billed.
pub fn usd_per_hour_series(
    samples: &[NodesUp],
    baseline: Baseline,
    book: &PriceBook,
    from: i64,
    to: i64,
    buckets: usize,
) -> Vec<f64> {
    if buckets == 0 || to <= from {
        return vec![];
    }
    let span = (to - from) as f64 / buckets as f64;
    (0..buckets)
        .map(|b| {
            let start = from as f64 + span * b as f64;
            let end = start + span;
            let mut weighted = 0.0;
            for (i, sample) in samples.iter().enumerate() {
                let held_from = (sample.t as f64).max(start);
                let held_to = samples
                    .get(i + 1)
                    .map_or(to as f64, |next| next.t as f64)
                    .min(end);
                if held_to > held_from {
                    weighted += compute_usd(&sample.up, book).0 * (held_to - held_from);
                }
            }
            baseline.usd_per_hour + weighted / span
        })
        .collect()
}

/// Compute spend per UTC day and instance type, oldest day first: each sample's count
/// billed until the next sample (the last until `now`).
pub fn compute_spend_by_day(
    samples: &[NodesUp],
    book: &PriceBook,
    now: i64,
) -> Vec<(NaiveDate, BTreeMap<String, f64>)> {
    let mut days: BTreeMap<NaiveDate, BTreeMap<String, f64>> = BTreeMap::new();
    for (i, sample) in samples.iter().enumerate() {
        let end = samples.get(i + 1).map_or(now, |next| next.t);
        let mut at = sample.t;
        while at < end {
            let Some(moment) = DateTime::<Utc>::from_timestamp(at, 0) else {
                break;
            };
            let day = moment.date_naive();
            let next_midnight = day
                .succ_opt()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map_or(end, |m| m.and_utc().timestamp());
            let until = end.min(next_midnight);
            let hours = (until - at) as f64 / 3600.0;
            for (kind, n) in &sample.up {
                if let Some(price) = book.get(&PriceKey::instance(kind, false)) {
                    *days
                        .entry(day)
                        .or_default()
                        .entry(kind.clone())
                        .or_default() += price.usd * f64::from(*n) * hours;
                }
            }
            days.entry(day).or_default();
            at = until;
        }
    }
    days.into_iter().collect()
}

/// Instance types in the samples that no price covers (their hours are left out, and said).
pub fn unpriced_types(samples: &[NodesUp], book: &PriceBook) -> Vec<String> {
    let mut types: Vec<String> = samples
        .iter()
        .flat_map(|s| s.up.keys())
        .filter(|kind| book.get(&PriceKey::instance(kind, false)).is_none())
        .cloned()
        .collect();
    types.sort();
    types.dedup();
    types
}

/// Every instance type the samples name, to be priced.
pub fn instance_types(samples: &[NodesUp]) -> Vec<String> {
    let mut types: Vec<String> = samples.iter().flat_map(|s| s.up.keys().cloned()).collect();
    types.sort();
    types.dedup();
    types
}

/// `compute_usd` for the last sample: what the compute nodes bill now, by the guard's count.
pub fn latest_compute_usd(samples: &[NodesUp], book: &PriceBook) -> Option<f64> {
    samples.last().map(|s| compute_usd(&s.up, book).0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::price::{Price, PriceSource};

    fn book() -> PriceBook {
        let mut book = PriceBook::new("us-west-2");
        book.insert(
            PriceKey::instance("c6a.12xlarge", false),
            Price::hourly(
                1.836,
                PriceSource::Snapshot {
                    as_of: "2023-08".into(),
                },
            ),
        );
        book
    }

    fn sample(t: i64, up: &[(&str, u32)]) -> NodesUp {
        NodesUp {
            t,
            up: up.iter().map(|(k, n)| (k.to_string(), *n)).collect(),
        }
    }

    #[test]
    fn the_series_holds_each_count_until_the_next_and_adds_the_baseline() {
        // Two hours: none up in the first, two c6a.12xlarge in the second.
        let samples = [sample(0, &[]), sample(3600, &[("c6a.12xlarge", 2)])];
        let series = usd_per_hour_series(
            &samples,
            Baseline { usd_per_hour: 0.1 },
            &book(),
            0,
            7200,
            4,
        );
        let rounded: Vec<f64> = series
            .iter()
            .map(|u| (u * 1000.0).round() / 1000.0)
            .collect();
        assert_eq!(rounded, [0.1, 0.1, 3.772, 3.772]);
        // A slice that straddles the change is the mean of both.
        let halves = usd_per_hour_series(
            &samples,
            Baseline { usd_per_hour: 0.0 },
            &book(),
            0,
            7200,
            1,
        );
        assert!((halves[0] - 1.836).abs() < 1e-9, "{halves:?}");
    }

    #[test]
    fn spend_splits_at_midnight_by_type_and_leaves_unpriced_types_out() {
        // 23:00 to 01:00 UTC with one c6a.12xlarge and one unpriced type up.
        let t0 = "2026-11-20T23:00:00Z"
            .parse::<DateTime<Utc>>()
            .unwrap()
            .timestamp();
        let samples = [sample(t0, &[("c6a.12xlarge", 1), ("x9.odd", 3)])];
        let days = compute_spend_by_day(&samples, &book(), t0 + 7200);
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].0.to_string(), "2026-11-20");
        assert!((days[0].1["c6a.12xlarge"] - 1.836).abs() < 1e-9);
        assert!((days[1].1["c6a.12xlarge"] - 1.836).abs() < 1e-9);
        assert!(!days[0].1.contains_key("x9.odd"));
        assert_eq!(unpriced_types(&samples, &book()), ["x9.odd"]);
        assert_eq!(instance_types(&samples), ["c6a.12xlarge", "x9.odd"]);
    }
}
