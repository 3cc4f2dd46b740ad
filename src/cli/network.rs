//! `pcwiz network list | create`: the region's subnets with what can run where, and the
//! network stack pcwiz makes when none fits.

use std::io::Write;
use std::time::Duration;

use serde::Serialize;

use crate::aws::network;
use crate::aws::network_stack::{self, Layout};
use crate::cli::args::{NetworkCommand, NetworkCreateArgs, NetworkListArgs};
use crate::cluster::network::{NAT_PRICE_SOURCE, Verdict};
use crate::context::Context;
use crate::wizard::draft::REV_INSTANCE_TYPES;
use crate::wizard::network_step::{self, SubnetRow};

pub async fn run(ctx: &Context, command: &NetworkCommand) -> anyhow::Result<i32> {
    match command {
        NetworkCommand::List(args) => list(ctx, args).await,
        NetworkCommand::Create(args) => create(ctx, args).await,
    }
}

/// The types to check subnets against: the user's, or the reV preset's.
fn planned_types(given: &[String]) -> Vec<String> {
    if given.is_empty() {
        REV_INSTANCE_TYPES.iter().map(|t| t.to_string()).collect()
    } else {
        given.to_vec()
    }
}

#[derive(Serialize)]
struct Listing {
    region: String,
    instance_types: Vec<String>,
    subnets: Vec<SubnetRow>,
    zones_for_new_network: Vec<String>,
}

async fn list(ctx: &Context, args: &NetworkListArgs) -> anyhow::Result<i32> {
    let session = ctx.session().await?;
    let types = planned_types(&args.instance_type);
    let inventory = network::inventory(&session, &types)
        .await
        .map_err(with_next_step)?;
    let listing = Listing {
        region: session.region.clone(),
        subnets: network_step::rows(&inventory, &types),
        zones_for_new_network: network_step::zones_for_new_network(&inventory, &types),
        instance_types: types,
    };
    if args.json {
        super::print_json(&listing)?;
        return Ok(0);
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Subnets in {} (checked against {}):",
        listing.region,
        listing.instance_types.join(", ")
    )?;
    for row in &listing.subnets {
        let s = &row.subnet;
        let (mark, note) = match &row.verdict {
            Verdict::Usable => ("✔", String::new()),
            Verdict::Caution(why) => ("!", format!(": {why}")),
            Verdict::Unusable(why) => ("✖", format!(": {why}")),
        };
        writeln!(
            out,
            "  {mark} {} {} {} {:<18} {:>5} free  {}{note}",
            s.id,
            s.availability_zone,
            row.vpc_label,
            s.cidr,
            s.free_addresses,
            s.name.as_deref().unwrap_or("")
        )?;
    }
    if !listing.subnets.iter().any(|r| r.verdict.is_usable()) {
        writeln!(
            out,
            "\nNo subnet here can hold the cluster. pcwiz can make one: pcwiz network create --az {}",
            listing
                .zones_for_new_network
                .first()
                .map_or("<zone>", String::as_str)
        )?;
    }
    Ok(0)
}

async fn create(ctx: &Context, args: &NetworkCreateArgs) -> anyhow::Result<i32> {
    let session = ctx.session().await?;
    let layout = if args.private_compute {
        Layout::PublicPrivate
    } else {
        Layout::Public
    };
    let mut err = std::io::stderr().lock();
    if layout == Layout::PublicPrivate {
        writeln!(
            err,
            "This layout has a NAT gateway: about ${:.2} a month ({NAT_PRICE_SOURCE}) plus $0.045 per GB, for as long as it exists.",
            network_step::nat_monthly_usd()
        )?;
        if !args.yes {
            anyhow::bail!("add --yes to create it anyway");
        }
    }
    let name = crate::launch::network::create(&session, &ctx.dirs, layout, &args.az)
        .await
        .map_err(anyhow::Error::msg)?;
    writeln!(err, "Creating stack {name} in {}…", session.region)?;
    let progress = loop {
        let progress = network_stack::progress(&session, &name)
            .await
            .map_err(with_next_step)?;
        writeln!(
            err,
            "  {} ({}/{} resources)",
            progress.status, progress.resources_done, progress.resources_total
        )?;
        if progress.finished() {
            break progress;
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
    };
    let mut out = std::io::stdout().lock();
    if !progress.succeeded() {
        writeln!(
            out,
            "Creating {name} failed: {}",
            progress
                .failure()
                .unwrap_or_else(|| progress.status.clone())
        )?;
        return Ok(1);
    }
    if args.json {
        super::print_json(&progress)?;
    } else {
        writeln!(out, "Created {name}:")?;
        for (key, value) in &progress.outputs {
            writeln!(out, "  {key}: {value}")?;
        }
    }
    Ok(0)
}

fn with_next_step(error: crate::aws::error::AwsError) -> anyhow::Error {
    anyhow::Error::msg(error.explained())
}
