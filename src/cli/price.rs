//! `pcwiz price TYPE…`: what an instance type costs per hour and per month, and where that
//! number comes from. For now the bundled snapshot (us-east-1 list prices, 2023-08, valid
//! for us-east-1/us-east-2/us-west-2); other regions say "unknown offline", never a guess.

use std::io::Write;

use serde::Serialize;

use crate::cli::args::PriceArgs;
use crate::cluster::price::{HOURS_PER_MONTH, PriceSource, hourly, money};
use crate::cluster::snapshot;
use crate::context::Context;

#[derive(Serialize)]
struct Line {
    instance_type: String,
    region: String,
    usd_per_hour: Option<f64>,
    source: String,
    as_of: Option<String>,
}

pub fn run(ctx: &Context, args: &PriceArgs) -> anyhow::Result<i32> {
    let region = ctx
        .region()
        .map(|r| r.name)
        .unwrap_or_else(|| crate::cluster::regions::REV_DATA_REGION.to_string());
    let now = chrono::Utc::now();
    let lines: Vec<Line> = args
        .instance_types
        .iter()
        .map(|t| match snapshot::on_demand(t, &region) {
            Some(price) => Line {
                instance_type: t.clone(),
                region: region.clone(),
                usd_per_hour: Some(price.usd),
                source: price.source.label(now),
                as_of: match price.source {
                    PriceSource::Snapshot { as_of } => Some(as_of),
                    _ => None,
                },
            },
            None => Line {
                instance_type: t.clone(),
                region: region.clone(),
                usd_per_hour: None,
                source: "unknown offline".into(),
                as_of: None,
            },
        })
        .collect();
    if args.json {
        super::print_json(&lines)?;
    } else {
        let mut out = std::io::stdout().lock();
        for line in &lines {
            match line.usd_per_hour {
                Some(usd) => writeln!(
                    out,
                    "{:<16} {:>10}/h {:>10}/month  {} ({})",
                    line.instance_type,
                    hourly(usd),
                    money(usd * HOURS_PER_MONTH),
                    line.region,
                    line.source
                )?,
                None => writeln!(
                    out,
                    "{:<16} unknown offline in {} (the snapshot covers {} only)",
                    line.instance_type,
                    line.region,
                    snapshot::REGIONS.join(", ")
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
