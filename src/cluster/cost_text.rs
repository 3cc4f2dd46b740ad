//! A breakdown as rows of text, the same in the terminal UI and on the command line.

use chrono::{DateTime, Utc};

use super::cost::{Breakdown, LineItem};
use super::price::{HOURS_PER_MONTH, hourly, money};

/// One line item, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub what: String,
    pub quantity: String,
    /// "$0.0832", or "unknown" when no source has a price.
    pub per_hour: String,
    pub per_month: String,
    /// "73%" of the breakdown's known total, or "" for a line that costs nothing.
    pub share: String,
    /// Where the price came from, or why there is none.
    pub source: String,
    pub priced: bool,
}

pub fn rows(breakdown: &Breakdown, now: DateTime<Utc>, offline_word: &str) -> Vec<Row> {
    breakdown
        .lines
        .iter()
        .map(|line| row(breakdown, line, now, offline_word))
        .collect()
}

fn row(breakdown: &Breakdown, line: &LineItem, now: DateTime<Utc>, offline_word: &str) -> Row {
    let usd = line.usd_per_hour();
    let source = match (&line.price, &line.note) {
        (Some(p), Some(note)) => format!("{} · {note}", p.source.label(now)),
        (Some(p), None) => p.source.label(now),
        // Something that bills but has no price here: say so, then the note.
        (None, Some(note)) if line.units > 0.0 => format!("{offline_word} · {note}"),
        (None, Some(note)) => note.clone(),
        (None, None) => offline_word.to_string(),
    };
    Row {
        what: line.what.clone(),
        quantity: line.quantity.clone(),
        per_hour: usd.map(hourly).unwrap_or_else(|| "unknown".into()),
        per_month: usd
            .map(|u| money(u * HOURS_PER_MONTH))
            .unwrap_or_else(|| "unknown".into()),
        // A share of a total that misses lines would overstate the known ones.
        share: (breakdown.unpriced() == 0)
            .then(|| breakdown.share_percent(line))
            .flatten()
            .filter(|s| *s >= 0.5)
            .map(|s| format!("{s:.0}%"))
            .unwrap_or_default(),
        source,
        priced: line.price.is_some(),
    }
}

/// The whole estimate as plain lines, idle then full scale, each line item with its price
/// and source, the total and what dominates: `pcwiz config cost` and `pcwiz --plain` print
/// it as it is.
pub fn table(estimate: &super::cost::Estimate, now: DateTime<Utc>, unknown: &str) -> Vec<String> {
    let mut out = vec![];
    for (title, b) in [
        ("Idle: nothing running", &estimate.idle),
        ("Full scale: every queue at MaxCount", &estimate.full_scale),
    ] {
        out.push(format!(
            "{title:<59} {:>9} {:>11} {:>5}  source",
            "$/hour", "$/month", "share"
        ));
        for row in rows(b, now, unknown) {
            out.push(format!(
                "  {:<34} {:<22} {:>9} {:>11} {:>5}  {}",
                row.what, row.quantity, row.per_hour, row.per_month, row.share, row.source
            ));
        }
        out.push(format!("  Total: {}", total(b)));
        if let Some(d) = dominant(b) {
            out.push(format!("  {d}"));
        }
        out.push(String::new());
    }
    out
}

/// "$0.3133/h · $228.74/month", with "at least" when a line has no price.
pub fn total(breakdown: &Breakdown) -> String {
    let at_least = if breakdown.unpriced() > 0 {
        "at least "
    } else {
        ""
    };
    format!(
        "{at_least}{}/h · {}/month",
        hourly(breakdown.usd_per_hour()),
        money(breakdown.usd_per_month())
    )
}

/// "Most of it: FSx for Lustre /scratch (73%)", when one line clearly leads.
pub fn dominant(breakdown: &Breakdown) -> Option<String> {
    if breakdown.unpriced() > 0 {
        return None;
    }
    let line = breakdown.dominant()?;
    let share = breakdown.share_percent(line)?;
    // Against a single priced line "100%" would only hide the unpriced ones.
    let priced = breakdown
        .lines
        .iter()
        .filter(|l| l.usd_per_hour().unwrap_or(0.0) > 0.0);
    (priced.count() > 1).then(|| format!("Most of it: {} ({share:.0}%)", line.what))
}

/// Where the priced lines' prices came from, in a few words: one label when they agree,
/// else the least trustworthy one, said to be "some" ("some offline snapshot 2023-08").
pub fn sources(breakdown: &Breakdown, now: DateTime<Utc>) -> Option<String> {
    let all: Vec<_> = breakdown
        .lines
        .iter()
        .filter_map(|l| l.price.as_ref())
        .collect();
    // A price AWS published once (the public IPv4 charge) never goes stale: it is not what
    // a reader of this label should be warned about.
    let looked_up: Vec<_> = all
        .iter()
        .copied()
        .filter(|p| {
            !matches!(
                p.source,
                crate::cluster::price::PriceSource::Published { .. }
            )
        })
        .collect();
    let prices = if looked_up.is_empty() { all } else { looked_up };
    let weakest = prices.iter().min_by_key(|p| p.source.rank())?;
    let label = weakest.source.label(now);
    let all_alike = prices
        .iter()
        .all(|p| p.source.rank() == weakest.source.rank());
    Some(if all_alike {
        label
    } else {
        format!("some {label}")
    })
}
