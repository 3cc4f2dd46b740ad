//! `pcwiz price TYPE…`: what instance types cost per hour and per month, and where each
//! number comes from: live from AWS, the disk cache, or the bundled snapshot (labelled).

use std::io::Write;

use serde::Serialize;

use crate::aws::price_engine::{PriceEngine, Refreshed};
use crate::aws::session::AwsSession;
use crate::cli::args::PriceArgs;
use crate::cluster::price::{HOURS_PER_MONTH, PriceSource, hourly, money};
use crate::cluster::price_book::PriceKey;
use crate::cluster::price_outage::PriceOutage;
use crate::context::Context;

#[derive(Serialize)]
struct Line {
    instance_type: String,
    region: String,
    usd_per_hour: Option<f64>,
    /// "live · just now", "cached 3 days ago", "offline snapshot 2023-08", "unknown offline".
    source: String,
    /// When the price was fetched (RFC 3339), or the snapshot's month.
    as_of: Option<String>,
}

pub async fn run(ctx: &Context, args: &PriceArgs) -> anyhow::Result<i32> {
    let region = region_or_rev(ctx);
    let keys: Vec<PriceKey> = args
        .instance_types
        .iter()
        .map(|t| PriceKey::instance(t, args.spot))
        .collect();
    let now = chrono::Utc::now();
    let found = look_up(ctx, &region, &keys, None, args.offline).await;
    warn_about(found.problem.as_ref());
    let lines: Vec<Line> = keys
        .iter()
        .zip(&args.instance_types)
        .map(|(key, t)| {
            let price = found.book.get(key);
            Line {
                instance_type: t.clone(),
                region: region.clone(),
                usd_per_hour: price.as_ref().map(|p| p.usd),
                source: price
                    .as_ref()
                    .map(|p| p.source.label(now))
                    .unwrap_or_else(|| unknown_word(args.offline, found.problem.is_some())),
                as_of: price.map(|p| match p.source {
                    PriceSource::Live { fetched_at } | PriceSource::Cached { fetched_at } => {
                        fetched_at.to_rfc3339()
                    }
                    PriceSource::Snapshot { as_of } => as_of,
                    PriceSource::Published { since } => since,
                }),
            }
        })
        .collect();
    if args.json {
        super::print_json(&lines)?;
    } else {
        let mut out = std::io::stdout().lock();
        let market = if args.spot { "spot" } else { "on demand" };
        for line in &lines {
            match line.usd_per_hour {
                Some(usd) => writeln!(
                    out,
                    "{:<16} {:>10}/h {:>10}/month  {market} in {} ({})",
                    line.instance_type,
                    hourly(usd),
                    money(usd * HOURS_PER_MONTH),
                    line.region,
                    line.source
                )?,
                None => writeln!(
                    out,
                    "{:<16} {} in {}",
                    line.instance_type, line.source, line.region
                )?,
            }
        }
    }
    Ok(if lines.iter().all(|l| l.usd_per_hour.is_some()) {
        0
    } else {
        1
    })
}

/// The region asked for, else reV's (us-west-2, beside NREL's data).
pub(super) fn region_or_rev(ctx: &Context) -> String {
    ctx.region()
        .map(|r| r.name)
        .unwrap_or_else(|| crate::cluster::regions::REV_DATA_REGION.to_string())
}

/// Prices for `keys`: cached and snapshot ones at once, then AWS for what is stale, unless
/// `offline`.
pub(super) async fn look_up(
    ctx: &Context,
    region: &str,
    keys: &[PriceKey],
    zone: Option<&str>,
    offline: bool,
) -> Refreshed {
    let engine = PriceEngine::in_dir(&ctx.dirs.cache);
    let session = if offline {
        None
    } else {
        Some(AwsSession::new(&ctx.aws_env, &ctx.profile(), region).await)
    };
    engine
        .prices(session.as_ref(), region, keys, zone, chrono::Utc::now())
        .await
}

/// Why there is no price: AWS was not asked, could not be asked, or has none.
pub(super) fn unknown_word(offline: bool, had_problem: bool) -> String {
    if offline || had_problem {
        "unknown offline".into()
    } else {
        "unknown: AWS lists no price for it here".into()
    }
}

/// Live prices failed (now, or remembered from a recent run): say why on stderr in one
/// sentence, with the next step; AWS's own words go to the log.
pub fn warn_about(problem: Option<&PriceOutage>) {
    let Some(problem) = problem else { return };
    tracing::info!("live prices: {}", problem.detail);
    eprintln!("warning: {}", problem.with_next_step(chrono::Utc::now()));
}
