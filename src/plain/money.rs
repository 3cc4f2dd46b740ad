//! What `pcwiz --plain` says about money, as the full-screen wizard shows it: each
//! instance type's price in the picker (live, cached or the offline snapshot, labelled),
//! the estimate once the head node is chosen and after each edit, and the full breakdown
//! at the review. Prices wait at most `PRICE_WAIT`; a failure is said in one sentence.

use tokio::runtime::Handle;

use crate::aws::price_engine::PriceEngine;
use crate::aws::session::AwsSession;
use crate::cluster::config::ClusterConfig;
use crate::cluster::cost::{self, Estimate, Surroundings};
use crate::cluster::cost_text;
use crate::cluster::instance::InstanceInfo;
use crate::cluster::price::{HOURS_PER_MONTH, hourly, money};
use crate::cluster::price_book::{PriceBook, PriceKey};
use crate::context::Context;

/// The prices of `types` (on demand) and of everything `config` bills for.
pub fn look_up(
    ctx: &Context,
    rt: &Handle,
    session: &AwsSession,
    types: &[InstanceInfo],
    config: Option<&ClusterConfig>,
    surroundings: Surroundings,
) -> PriceBook {
    let mut keys: Vec<PriceKey> = types
        .iter()
        .map(|t| PriceKey::instance(&t.name, false))
        .collect();
    if let Some(config) = config {
        keys.extend(cost::price_keys(config, surroundings));
    }
    keys.sort();
    keys.dedup();
    let engine = PriceEngine::in_dir(&ctx.dirs.cache);
    let now = chrono::Utc::now();
    let found = rt.block_on(engine.prices(Some(session), &session.region, &keys, None, now));
    if let Some(problem) = &found.problem {
        println!("! {}", problem.sentence(now));
    }
    found.book
}

/// A picker row: the type, its size, and its price with where it came from.
pub fn type_label(t: &InstanceInfo, book: &PriceBook) -> String {
    let now = chrono::Utc::now();
    let price = match book.get(&PriceKey::instance(&t.name, false)) {
        Some(p) => format!(
            "{}/h {}/month ({})",
            hourly(p.usd),
            money(p.usd * HOURS_PER_MONTH),
            p.source.label(now)
        ),
        None => "no price known".into(),
    };
    format!(
        "{:<16} {:>3} vCPU {:>6.1} GiB {:<7} {price}",
        t.name,
        t.vcpus,
        t.memory_gib(),
        t.architecture()
    )
}

/// "Estimate: idle $0.3222/h · $235.19/month; at full scale …", and what dominates.
/// `surroundings`: whether the compute subnet goes out through a NAT gateway.
pub fn summary(
    config: &ClusterConfig,
    book: &PriceBook,
    surroundings: Surroundings,
) -> Vec<String> {
    let estimate = cost::estimate(config, book, surroundings);
    let mut lines = vec![format!(
        "Estimate (list prices, not a bill): idle {}; at full scale {}.",
        cost_text::total(&estimate.idle),
        cost_text::total(&estimate.full_scale)
    )];
    lines.extend(cost_text::dominant(&estimate.idle));
    lines
}

/// The review's full breakdown.
pub fn breakdown(
    config: &ClusterConfig,
    book: &PriceBook,
    surroundings: Surroundings,
) -> Vec<String> {
    let estimate: Estimate = cost::estimate(config, book, surroundings);
    cost_text::table(&estimate, chrono::Utc::now(), "unknown")
}
