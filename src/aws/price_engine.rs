//! Where a price comes from, in order: a fresh cache entry; else AWS, live; else the
//! cache however old; else the bundled snapshot; else nothing ("unknown offline"). Every
//! answer says which it was, so the UI can label it.
//!
//! Split in two so no keypress waits on the network: `known` reads only the disk and is
//! instant; `refresh` asks AWS for what is stale and runs in the background.
//!
//! Prices never hold anything up: a failed Price List call is remembered on disk
//! (`store::price_outage`) and not repeated while it holds, and a command that waits for
//! prices waits at most `PRICE_WAIT`, then answers from the cache or the snapshot.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::error::AwsError;
use super::pricing;
use super::session::AwsSession;
use crate::cluster::price_book::{PriceBook, PriceKey};
use crate::cluster::price_outage::{OutageKind, PriceOutage};
use crate::cluster::snapshot;
use crate::store::price_cache::PriceCache;
use crate::store::price_outage::OutageMemory;

/// The longest any command waits for live prices before answering without them.
pub const PRICE_WAIT: Duration = Duration::from_secs(4);

#[derive(Debug, Clone)]
pub struct PriceEngine {
    cache: PriceCache,
    memory: OutageMemory,
}

/// What a refresh brought: the live prices, and why some are missing.
#[derive(Debug, Default)]
pub struct Refreshed {
    pub book: PriceBook,
    pub problem: Option<PriceOutage>,
}

impl PriceEngine {
    /// The engine over the cache in `cache_dir` (prices and remembered failures).
    pub fn in_dir(cache_dir: &std::path::Path) -> Self {
        Self {
            cache: PriceCache::in_dir(cache_dir),
            memory: OutageMemory::in_dir(cache_dir),
        }
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

    /// Asks AWS for the stale ones among `keys` and caches the answers, unless a failure
    /// to ask is remembered for this endpoint and principal: then that failure is the answer.
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
        let asker = session.price_asker();
        if let Some(outage) = self.memory.recall(&asker, now) {
            tracing::info!("live prices not asked: {}", outage.detail);
            return Refreshed {
                book: PriceBook::new(region),
                problem: Some(outage),
            };
        }
        let fetched = pricing::fetch(session, region, &stale, zone, now).await;
        if !fetched.book.is_empty() {
            // A cache that cannot be written costs a refetch next time, nothing more.
            if let Err(e) = self.cache.store(&fetched.book) {
                tracing::warn!("could not write the price cache: {e}");
            }
        }
        // Only the Price List's own failures are remembered: a spot price refused by EC2
        // says nothing about the list prices.
        let remembered = match &fetched.problem {
            Some(e) => self.memory.remember(&asker, &outage_of(e, now)),
            None => self.memory.forget(&asker),
        };
        if let Err(e) = remembered {
            tracing::warn!("could not write the price outage memory: {e}");
        }
        Refreshed {
            book: fetched.book,
            problem: fetched
                .problem
                .or(fetched.spot_problem)
                .map(|e| outage_of(&e, now)),
        }
    }

    /// The answer when AWS took longer than `PRICE_WAIT`: a failure, remembered like one.
    fn too_slow(&self, session: &AwsSession, region: &str, now: DateTime<Utc>) -> Refreshed {
        let outage = PriceOutage::new(
            OutageKind::TooSlow,
            format!(
                "{} did not answer within {} s",
                session.endpoint("pricing"),
                PRICE_WAIT.as_secs()
            ),
            now,
        );
        if let Err(e) = self.memory.remember(&session.price_asker(), &outage) {
            tracing::warn!("could not write the price outage memory: {e}");
        }
        Refreshed {
            book: PriceBook::new(region),
            problem: Some(outage),
        }
    }

    /// `prices` for `keys` in the session's own region, now: what the cluster views ask.
    pub async fn in_session(&self, session: &AwsSession, keys: &[PriceKey]) -> Refreshed {
        let now = Utc::now();
        self.prices(Some(session), &session.region, keys, None, now)
            .await
    }

    /// Forgets every remembered failure: new credentials deserve a fresh try.
    pub fn forget_outages(&self) -> std::io::Result<()> {
        self.memory.forget_all()
    }

    /// `known`, then `refresh` within `PRICE_WAIT`, merged: for whoever waits for prices.
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
            // Never longer than PRICE_WAIT: then the caller goes on with what it knows.
            let asking = self.refresh(session, region, keys, zone, now);
            let refreshed = tokio::time::timeout(PRICE_WAIT, asking)
                .await
                .unwrap_or_else(|_| self.too_slow(session, region, now));
            book.merge(refreshed.book);
            problem = refreshed.problem;
        }
        Refreshed { book, problem }
    }

    /// The prices of `keys` in the session's region, now: the book alone, for callers
    /// that label what is missing themselves.
    pub async fn book(&self, session: &AwsSession, keys: &[PriceKey]) -> PriceBook {
        self.in_session(session, keys).await.book
    }
}

/// The kind of failure an AWS error is, for how long it is remembered and how it is said.
pub fn outage_of(error: &AwsError, now: DateTime<Utc>) -> PriceOutage {
    let kind = match error {
        AwsError::AccessDenied { .. } => OutageKind::Denied,
        AwsError::Unreachable { .. } => OutageKind::Unreachable,
        AwsError::TimedOut { .. } => OutageKind::TooSlow,
        AwsError::Throttled(_) => OutageKind::Throttled,
        AwsError::NoCredentials(_)
        | AwsError::CredentialsFailed(_)
        | AwsError::InvalidCredentials { .. }
        | AwsError::Expired(_) => OutageKind::Credentials,
        AwsError::Service { .. } | AwsError::Other(_) | AwsError::Failed { .. } => {
            OutageKind::Other
        }
    };
    PriceOutage::new(kind, error.to_string(), now)
}
