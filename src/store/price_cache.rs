//! Live prices kept on disk (`<cache dir>/prices.json`) with the time they were fetched, so
//! a second run shows prices at once and asks AWS only for what is stale.
//!
//! On-demand and storage list prices change a few times a year: reused for 7 days. Spot
//! prices move by the hour: reused for one. Older entries are still served (labelled with
//! their age) when AWS cannot be asked; they are only "stale" for the decision to refetch.
//! A damaged file is treated as empty: a cache never stops pcwiz.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::atomic;
use crate::cluster::price::{Per, Price, PriceSource};
use crate::cluster::price_book::{PriceBook, PriceKey};

pub const LIST_PRICE_MAX_AGE: Duration = Duration::days(7);
pub const SPOT_MAX_AGE: Duration = Duration::hours(1);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Entry {
    usd: f64,
    per: Per,
    fetched_at: DateTime<Utc>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    /// "us-west-2 on-demand/t3.large" → entry.
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone)]
pub struct PriceCache {
    path: PathBuf,
}

fn entry_id(region: &str, key: &PriceKey) -> String {
    format!("{region} {}", key.cache_id())
}

pub fn max_age(key: &PriceKey) -> Duration {
    match key {
        PriceKey::Spot { .. } => SPOT_MAX_AGE,
        _ => LIST_PRICE_MAX_AGE,
    }
}

impl PriceCache {
    pub fn in_dir(cache_dir: &Path) -> Self {
        Self {
            path: cache_dir.join("prices.json"),
        }
    }

    fn read(&self) -> File {
        std::fs::read(&self.path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Every cached price for `keys` in `region`, labelled "cached …", however old.
    pub fn lookup(&self, region: &str, keys: &[PriceKey]) -> PriceBook {
        let file = self.read();
        let mut book = PriceBook::new(region);
        for key in keys {
            if let Some(e) = file.entries.get(&entry_id(region, key)) {
                book.insert(
                    key.clone(),
                    Price {
                        usd: e.usd,
                        per: e.per,
                        source: PriceSource::Cached {
                            fetched_at: e.fetched_at,
                        },
                    },
                );
            }
        }
        book
    }

    /// Which of `keys` need asking AWS: not cached, or older than their max age.
    pub fn stale(&self, region: &str, keys: &[PriceKey], now: DateTime<Utc>) -> Vec<PriceKey> {
        let file = self.read();
        keys.iter()
            .filter(|key| match file.entries.get(&entry_id(region, key)) {
                Some(e) => now - e.fetched_at > max_age(key),
                None => true,
            })
            .cloned()
            .collect()
    }

    /// Adds the live prices in `book`. Read-modify-write of a small file; the rename is
    /// atomic, so a concurrent pcwiz at worst loses the other's newest entries, never the file.
    pub fn store(&self, book: &PriceBook) -> std::io::Result<()> {
        let mut file = self.read();
        for (key, price) in book.iter() {
            if let PriceSource::Live { fetched_at } = price.source {
                file.entries.insert(
                    entry_id(&book.region, key),
                    Entry {
                        usd: price.usd,
                        per: price.per,
                        fetched_at,
                    },
                );
            }
        }
        let text = serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?;
        atomic::write(&self.path, &text, 0o644)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn fresh_entries_are_reused_stale_ones_refetched_but_still_shown() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PriceCache::in_dir(dir.path());
        let t3 = PriceKey::instance("t3.large", false);
        let spot = PriceKey::instance("c6a.12xlarge", true);
        let mut book = PriceBook::new("us-west-2");
        let fetched_at = at("2026-11-01T00:00:00Z");
        book.insert(
            t3.clone(),
            Price::hourly(0.0832, PriceSource::Live { fetched_at }),
        );
        book.insert(
            spot.clone(),
            Price::hourly(0.7, PriceSource::Live { fetched_at }),
        );
        cache.store(&book).unwrap();
        let keys = [t3.clone(), spot.clone()];

        // An hour and a half later: the list price is fresh, the spot price is not.
        let stale = cache.stale("us-west-2", &keys, at("2026-11-01T01:30:00Z"));
        assert_eq!(stale, std::slice::from_ref(&spot));
        // Eight days later both are refetched…
        let stale = cache.stale("us-west-2", &keys, at("2026-11-09T00:00:00Z"));
        assert_eq!(stale.len(), 2);
        // …but still served, labelled by age, until a live answer replaces them.
        let served = cache.lookup("us-west-2", &keys);
        assert_eq!(
            served
                .get(&t3)
                .unwrap()
                .source
                .label(at("2026-11-09T00:00:00Z")),
            "cached 8 days ago"
        );
        // Other regions are other prices.
        assert!(cache.lookup("eu-west-1", &keys).is_empty());
        assert_eq!(cache.stale("eu-west-1", &keys, fetched_at).len(), 2);
    }

    #[test]
    fn a_damaged_cache_is_empty_and_gets_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("prices.json"), "{not json").unwrap();
        let cache = PriceCache::in_dir(dir.path());
        let key = PriceKey::NatGatewayHour;
        assert!(
            cache
                .lookup("us-west-2", std::slice::from_ref(&key))
                .is_empty()
        );
        let mut book = PriceBook::new("us-west-2");
        let fetched_at = at("2026-11-01T00:00:00Z");
        book.insert(
            key.clone(),
            Price::hourly(0.045, PriceSource::Live { fetched_at }),
        );
        cache.store(&book).unwrap();
        assert_eq!(cache.lookup("us-west-2", &[key]).len(), 1);
    }
}
