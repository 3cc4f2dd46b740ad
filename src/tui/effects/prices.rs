//! Prices for the wizard's cost panel and pickers: cached and snapshot prices at once, then
//! live ones batch by batch, each batch an answer of its own.

use tokio::sync::mpsc::UnboundedSender;

use super::{AWS_LIMIT, CommandEnv};
use crate::aws::error::AwsError;
use crate::aws::price_engine::{PriceEngine, Refreshed, outage_of};
use crate::cluster::price_book::{PriceBook, PriceKey};
use crate::cluster::price_outage::PriceOutage;
use crate::tui::action::Action;

/// Cached and snapshot prices at once, then live ones batch by batch. A batch that fails
/// ends the request: the next batch would fail the same way, slower. `offline` (no
/// account): the cache and the snapshot only.
pub async fn load(
    env: &CommandEnv,
    region: &str,
    batches: [Vec<PriceKey>; 2],
    zone: Option<&str>,
    offline: bool,
    tx: &UnboundedSender<Action>,
) {
    let engine = PriceEngine::in_dir(&env.dirs.cache);
    let all: Vec<PriceKey> = batches.iter().flatten().cloned().collect();
    if !prices_loaded(tx, region, engine.known(region, &all), None, offline) || offline {
        return;
    }
    let session = env.session(region).await;
    let count = batches.len();
    for (n, batch) in batches.into_iter().enumerate() {
        let refreshed = tokio::time::timeout(
            AWS_LIMIT,
            engine.refresh(&session, region, &batch, zone, chrono::Utc::now()),
        )
        .await
        .unwrap_or_else(|_| Refreshed {
            book: PriceBook::new(region),
            problem: Some(outage_of(
                &AwsError::TimedOut {
                    endpoint: session.endpoint("pricing"),
                },
                chrono::Utc::now(),
            )),
        });
        let problem = refreshed.problem;
        let last = n + 1 == count || problem.is_some();
        if !prices_loaded(tx, region, refreshed.book, problem, last) || last {
            return;
        }
    }
}

fn prices_loaded(
    tx: &UnboundedSender<Action>,
    region: &str,
    book: PriceBook,
    problem: Option<PriceOutage>,
    finished: bool,
) -> bool {
    tx.send(Action::PricesLoaded {
        region: region.to_string(),
        book: Box::new(book),
        problem,
        finished,
    })
    .is_ok()
}
