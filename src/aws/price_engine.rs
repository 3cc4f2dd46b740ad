//! Where a price comes from, in order: a fresh cache entry; else AWS, live; else the
//! cache however old; else the bundled snapshot; else nothing ("unknown offline"). Every
//! answer says which it was, so the UI can label it.
//!
//! Split in two so no keypress waits on the network: `known` reads only the disk and is
//! instant; `refresh` asks AWS for what is stale and runs in the background.

use chrono::{DateTime, Utc};

use super::error::AwsError;
use super::pricing;
use super::session::AwsSession;
use crate::cluster::price_book::{PriceBook, PriceKey};
use crate::cluster::snapshot;
use crate::store::price_cache::PriceCache;

#[derive(Debug, Clone)]
pub struct PriceEngine {
    cache: PriceCache,
}

/// What a refresh brought: the live prices, and why some are missing.
#[derive(Debug, Default)]
pub struct Refreshed {
    pub book: PriceBook,
    pub problem: Option<AwsError>,
}

impl PriceEngine {
    pub fn new(cache: PriceCache) -> Self {
        Self { cache }
    }

    /// Everything known without the network: cached (any age), then the snapshot.
    pub fn known(&self, region: &str, keys: &[PriceKey]) -> PriceBook {
        let mut book = PriceBook::new(region);
        for key in keys {
            if let Some(price) = snapshot::lookup(key, region) {
                book.insert(key.clone(), price);
            }
        }
        book.merge(self.cache.lookup(region, keys));
        book
    }

    /// The keys a refresh would ask AWS about.
    pub fn stale(&self, region: &str, keys: &[PriceKey], now: DateTime<Utc>) -> Vec<PriceKey> {
        self.cache.stale(region, keys, now)
    }

    /// Asks AWS for the stale ones among `keys` and caches the answers.
    pub async fn refresh(
        &self,
        session: &AwsSession,
        region: &str,
        keys: &[PriceKey],
        zone: Option<&str>,
        now: DateTime<Utc>,
    ) -> Refreshed {
        let stale = self.stale(region, keys, now);
        if stale.is_empty() {
            return Refreshed {
                book: PriceBook::new(region),
                problem: None,
            };
        }
        let fetched = pricing::fetch(session, region, &stale, zone, now).await;
        if !fetched.book.is_empty() {
            // A cache that cannot be written costs a refetch next time, nothing more.
            if let Err(e) = self.cache.store(&fetched.book) {
                tracing::warn!("could not write the price cache: {e}");
            }
        }
        Refreshed {
            book: fetched.book,
            problem: fetched.problem,
        }
    }

    /// `known`, then `refresh`, merged: for the CLI, which may wait.
    pub async fn prices(
        &self,
        session: Option<&AwsSession>,
        region: &str,
        keys: &[PriceKey],
        zone: Option<&str>,
        now: DateTime<Utc>,
    ) -> Refreshed {
        let mut book = self.known(region, keys);
        let mut problem = None;
        if let Some(session) = session {
            let refreshed = self.refresh(session, region, keys, zone, now).await;
            book.merge(refreshed.book);
            problem = refreshed.problem;
        }
        Refreshed { book, problem }
    }

    /// The prices of `keys` in the session's region, now: the book alone, for callers
    /// that label what is missing themselves.
    pub async fn book(&self, session: &AwsSession, keys: &[PriceKey]) -> PriceBook {
        self.prices(Some(session), &session.region, keys, None, Utc::now())
            .await
            .book
    }
}
