//! `pcwiz sweep`: is anything still billing in the region? Every cluster with what it bills
//! now, and every leftover no cluster owns any more, with what it bills per month and one
//! total. `--remove` removes the ticked leftovers after the region's name is typed (or
//! given with `--confirm REGION`), through the same proof and executor as a clean-up.

use std::io::Write;

use serde::Serialize;

use super::cleanup::{confirmed, print_items, print_progress, print_summary, tick};
use crate::cleanup::sweep::{self, Sweep};
use crate::cleanup::{Outcome, Progress};
use crate::cli::args::SweepArgs;
use crate::cluster::price::{hourly, money};
use crate::context::Context;
use crate::pcluster::Pcluster;

#[derive(Serialize)]
struct Out<'a> {
    #[serde(flatten)]
    sweep: &'a Sweep,
    /// None unless --remove ran.
    results: Option<&'a [Progress]>,
}

pub async fn run(ctx: &Context, args: &SweepArgs) -> anyhow::Result<i32> {
    let session = ctx.session().await?;
    let mut found = sweep::sweep(&session, &ctx.dirs).await;
    tick(&mut found.leftovers, &args.keep, true)?;
    tick(&mut found.leftovers, &args.also, false)?;
    if !args.remove {
        if args.json {
            super::print_json(&Out {
                sweep: &found,
                results: None,
            })?;
        } else {
            print_sweep(&found)?;
        }
        return Ok(0);
    }
    if !args.json {
        print_sweep(&found)?;
    }
    let region = found.region.clone();
    if found.leftovers.selected().next().is_none() {
        eprintln!("Nothing is ticked to remove.");
        return Ok(0);
    }
    match &args.confirm {
        Some(given) if given == &region => {}
        Some(given) => {
            eprintln!(
                "--confirm {given} does not name this region ({region}). Nothing was touched."
            );
            return Ok(1);
        }
        None if !confirmed(&region)? => {
            eprintln!("Nothing was touched.");
            return Ok(1);
        }
        None => {}
    }
    eprintln!("Acting as {}.", found.acting_as);
    let pcluster = Pcluster::locate(&ctx.search_path());
    let json = args.json;
    let results = crate::cleanup::execute::run(
        &session,
        &ctx.dirs,
        pcluster.as_ref(),
        &found.leftovers,
        |p| {
            if !json {
                print_progress(&p);
            }
        },
    )
    .await;
    let failed = results
        .iter()
        .filter(|p| matches!(p.outcome, Some(Outcome::Failed { .. })))
        .count();
    if json {
        super::print_json(&Out {
            sweep: &found,
            results: Some(&results),
        })?;
    } else {
        print_summary(&found.leftovers, &results);
    }
    Ok(if failed == 0 { 0 } else { 1 })
}

fn print_sweep(found: &Sweep) -> anyhow::Result<()> {
    let mut w = std::io::stdout().lock();
    writeln!(
        w,
        "Anything still billing in {}? (as {})",
        found.region, found.acting_as
    )?;
    let live: Vec<_> = found.clusters.iter().filter(|c| !c.deleted()).collect();
    if live.is_empty() {
        writeln!(w, "Clusters: none.")?;
    } else {
        writeln!(w, "Clusters:")?;
        for cluster in live {
            let bill = match cluster.usd_per_hour {
                Some(usd) => format!(
                    "{}/h now ({}/month at this rate)",
                    hourly(usd),
                    money(usd * crate::cluster::price::HOURS_PER_MONTH)
                ),
                None => "price unknown".into(),
            };
            writeln!(w, "  {:<24} {:<18} {bill}", cluster.name, cluster.status)?;
        }
    }
    if found.leftovers.items.is_empty() {
        writeln!(w, "Left behind: nothing that no cluster owns.")?;
    } else {
        writeln!(w, "Left behind, owned by no cluster:")?;
    }
    drop(w);
    print_items(&found.leftovers)?;
    let mut w = std::io::stdout().lock();
    writeln!(
        w,
        "In all: {}/month{}.",
        money(found.usd_per_month),
        if found.unpriced > 0 {
            format!(" and {} part(s) not priced", found.unpriced)
        } else {
            String::new()
        }
    )?;
    if found.leftovers.selected().next().is_some() {
        writeln!(
            w,
            "Remove the ticked leftovers: pcwiz sweep --remove (you will type {}), or --remove --confirm {} in a script.",
            found.region, found.region
        )?;
    }
    Ok(())
}
