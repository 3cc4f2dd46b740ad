//! `pcwiz config cost FILE`: the cost model's breakdown for a config: idle, full scale, per
//! month, and optionally a run, every number labelled with where its price came from.

use std::io::Write;

use anyhow::Context as _;
use serde::Serialize;

use super::price::{look_up, region_or_rev, unknown_word, warn_about};
use crate::aws::network;
use crate::aws::session::AwsSession;
use crate::cli::args::ConfigCostArgs;
use crate::cluster::config::ClusterConfig;
use crate::cluster::cost::{self, Breakdown, Estimate, RunEstimate, Surroundings};
use crate::cluster::cost_text;
use crate::cluster::network::RouteOut;
use crate::context::Context;

#[derive(Serialize)]
struct Report<'a> {
    region: &'a str,
    idle: Section,
    full_scale: Section,
    #[serde(skip_serializing_if = "Option::is_none")]
    run: Option<RunReport>,
    /// Why live prices were not used, if they were not.
    #[serde(skip_serializing_if = "Option::is_none")]
    price_problem: Option<String>,
}

#[derive(Serialize)]
struct Section {
    usd_per_hour: f64,
    usd_per_month: f64,
    /// Lines with no known price: the totals are then a lower bound.
    unpriced: usize,
    lines: Vec<LineReport>,
}

#[derive(Serialize)]
struct LineReport {
    what: String,
    quantity: String,
    usd_per_hour: Option<f64>,
    usd_per_month: Option<f64>,
    unit_price: Option<String>,
    source: String,
}

#[derive(Serialize)]
struct RunReport {
    queue: String,
    instance_type: String,
    node_hours: f64,
    usd: Option<f64>,
    source: String,
}

pub async fn run(ctx: &Context, args: &ConfigCostArgs) -> anyhow::Result<i32> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("could not read {}", args.file.display()))?;
    let config = ClusterConfig::from_yaml(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let region = config.region.clone().unwrap_or_else(|| region_or_rev(ctx));
    let surroundings = if args.offline {
        Surroundings { nat_gateways: None }
    } else {
        nat_gateways(ctx, &config, &region).await
    };
    let keys = cost::price_keys(&config, surroundings);
    let found = look_up(ctx, &region, &keys, None, args.offline).await;
    warn_about(found.problem.as_ref());
    let estimate = cost::estimate(&config, &found.book, surroundings);
    let run = match args.node_hours {
        Some(hours) => {
            let queue = args.queue.clone().or_else(|| {
                config
                    .scheduling
                    .slurm_queues
                    .first()
                    .map(|q| q.name.clone())
            });
            let queue = queue.context("the config has no queue to run on")?;
            Some(
                cost::run(&config, &found.book, &queue, hours)
                    .with_context(|| format!("no queue named {queue} in the config"))?,
            )
        }
        None => None,
    };
    let unknown = unknown_word(args.offline, found.problem.is_some());
    if args.json {
        super::print_json(&report(
            &region,
            &estimate,
            run.as_ref(),
            found.problem.as_ref(),
            &unknown,
        ))?;
    } else {
        print_text(
            &args.file.display().to_string(),
            &region,
            &estimate,
            run.as_ref(),
            &unknown,
        )?;
    }
    Ok(0)
}

/// Whether the compute subnets go out through a NAT gateway (one gateway if any does).
async fn nat_gateways(ctx: &Context, config: &ClusterConfig, region: &str) -> Surroundings {
    let compute: Vec<&String> = config
        .scheduling
        .slurm_queues
        .iter()
        .flat_map(|q| &q.networking.subnet_ids)
        .collect();
    if compute.is_empty() {
        return Surroundings { nat_gateways: None };
    }
    let session = AwsSession::new(&ctx.aws_env, &ctx.profile(), region).await;
    match network::inventory(&session, &[]).await {
        Ok(inventory) => {
            let subnets: Vec<_> = inventory
                .subnets
                .iter()
                .filter(|s| compute.contains(&&s.id))
                .collect();
            if subnets.is_empty() {
                return Surroundings { nat_gateways: None };
            }
            let nat = subnets.iter().any(|s| s.route_out == RouteOut::NatGateway);
            Surroundings {
                nat_gateways: Some(u32::from(nat)),
            }
        }
        Err(_) => Surroundings { nat_gateways: None },
    }
}

fn report<'a>(
    region: &'a str,
    estimate: &Estimate,
    run: Option<&RunEstimate>,
    problem: Option<&crate::cluster::price_outage::PriceOutage>,
    unknown: &str,
) -> Report<'a> {
    let now = chrono::Utc::now();
    let section = |b: &Breakdown| Section {
        usd_per_hour: b.usd_per_hour(),
        usd_per_month: b.usd_per_month(),
        unpriced: b.unpriced(),
        lines: b
            .lines
            .iter()
            .zip(cost_text::rows(b, now, unknown))
            .map(|(line, row)| LineReport {
                what: line.what.clone(),
                quantity: line.quantity.clone(),
                usd_per_hour: line.usd_per_hour(),
                usd_per_month: line
                    .usd_per_hour()
                    .map(|u| u * crate::cluster::price::HOURS_PER_MONTH),
                unit_price: line.price.as_ref().map(|p| p.label()),
                source: row.source,
            })
            .collect(),
    };
    Report {
        region,
        idle: section(&estimate.idle),
        full_scale: section(&estimate.full_scale),
        run: run.map(|r| RunReport {
            queue: r.queue.clone(),
            instance_type: r.instance_type.clone(),
            node_hours: r.node_hours,
            usd: r.usd(),
            source: r
                .price
                .as_ref()
                .map(|p| p.source.label(now))
                .unwrap_or_else(|| unknown.to_string()),
        }),
        price_problem: problem.map(|p| p.sentence(now)),
    }
}

fn print_text(
    file: &str,
    region: &str,
    estimate: &Estimate,
    run: Option<&RunEstimate>,
    unknown: &str,
) -> anyhow::Result<()> {
    let now = chrono::Utc::now();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{file} in {region}: estimates from list prices, not a bill\n"
    )?;
    for line in cost_text::table(estimate, now, unknown) {
        writeln!(out, "{line}")?;
    }
    if let Some(r) = run {
        match r.usd() {
            Some(usd) => writeln!(
                out,
                "A run of {} node-hours on {} ({}): {}",
                r.node_hours,
                r.queue,
                r.instance_type,
                crate::cluster::price::money(usd)
            )?,
            None => writeln!(
                out,
                "A run of {} node-hours on {} ({}): {unknown}",
                r.node_hours, r.queue, r.instance_type
            )?,
        }
    }
    Ok(())
}
