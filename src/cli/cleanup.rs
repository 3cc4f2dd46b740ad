//! `pcwiz cleanup NAME`: the plan first (what goes, why it is the cluster's, what it costs
//! if left), then the cluster's name typed to confirm (or `--yes`), then each item's
//! progress and result. `pcwiz park NAME` / `pcwiz resume NAME`: the minimal state.

use std::io::{BufRead, Write};

use anyhow::Context as _;
use serde::Serialize;

use crate::cleanup::{self, Kind, Outcome, Plan, Progress};
use crate::cli::args::{CleanupArgs, ParkArgs};
use crate::cluster::price::money;
use crate::context::Context;
use crate::pcluster::Pcluster;

#[derive(Serialize)]
struct Out<'a> {
    plan: &'a Plan,
    /// None with --dry-run (nothing was touched).
    results: Option<&'a [Progress]>,
}

pub async fn run(ctx: &Context, args: &CleanupArgs) -> anyhow::Result<i32> {
    let mut found = super::cluster_arg::find_cluster(ctx, &args.name)?;
    let session = ctx.session_in(&found.region).await;
    found.acting_as(&session).await?;
    let mut plan = cleanup::discover::plan(&session, &ctx.dirs, &args.name).await;
    tick(&mut plan, &args.keep, true)?;
    tick(&mut plan, &args.also, false)?;
    if plan.items.is_empty() {
        if args.json {
            super::print_json(&Out {
                plan: &plan,
                results: Some(&[]),
            })?;
        } else {
            print_plan(&plan)?;
            println!("Nothing of {} is left to remove.", args.name);
        }
        return Ok(if plan.problems.is_empty() { 0 } else { 1 });
    }
    if args.dry_run {
        if args.json {
            super::print_json(&Out {
                plan: &plan,
                results: None,
            })?;
        } else {
            print_plan(&plan)?;
        }
        return Ok(0);
    }
    if !args.json {
        print_plan(&plan)?;
    }
    match &args.confirm {
        Some(given) if given == &args.name => {}
        Some(given) => {
            eprintln!(
                "--confirm {given} does not name this cluster ({}). Nothing was touched.",
                args.name
            );
            return Ok(1);
        }
        None if !confirmed(&args.name)? => {
            eprintln!("Nothing was touched.");
            return Ok(1);
        }
        None => {}
    }
    let pcluster = Pcluster::locate(&ctx.search_path());
    let json = args.json;
    let results = cleanup::execute::run(&session, &ctx.dirs, pcluster.as_ref(), &plan, |p| {
        if !json {
            print_progress(&p);
        }
    })
    .await;
    let failed = results
        .iter()
        .filter(|p| matches!(p.outcome, Some(Outcome::Failed { .. })))
        .count();
    if args.json {
        super::print_json(&Out {
            plan: &plan,
            results: Some(&results),
        })?;
    } else {
        print_summary(&plan, &results);
    }
    Ok(if failed == 0 { 0 } else { 1 })
}

/// `--keep KIND` unticks, `--also KIND` ticks; an unknown kind is an error naming the
/// known ones.
pub(super) fn tick(plan: &mut Plan, kinds: &[String], keep: bool) -> anyhow::Result<()> {
    for name in kinds {
        let kind: Kind = serde_json::from_value(serde_json::Value::String(name.clone()))
            .ok()
            .with_context(|| {
                format!(
                    "unknown kind {name}: use compute-instance, cluster-stack, ebs-volume, ebs-snapshot, efs-file-system, fsx-file-system, log-group, network-stack, key-pair, local-file or private-key"
                )
            })?;
        // What is in use stays, whatever is asked.
        for item in plan.items.iter_mut().filter(|i| i.kind == kind) {
            item.selected = !keep && item.blocked_by.is_none();
        }
    }
    Ok(())
}

/// Asks for `name` to be typed (the cluster's, or the region's for a sweep).
pub(super) fn confirmed(name: &str) -> anyhow::Result<bool> {
    eprint!("Type {name} to remove the ticked items: ");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    if line.trim() == name {
        return Ok(true);
    }
    eprintln!("That is not {name}.");
    Ok(false)
}

fn print_plan(plan: &Plan) -> anyhow::Result<()> {
    writeln!(
        std::io::stdout().lock(),
        "Clean-up plan for {} in {}:",
        plan.cluster,
        plan.region
    )?;
    print_items(plan)
}

/// The plan's items, what they save and bill, and what was left alone or could not be seen.
pub(super) fn print_items(plan: &Plan) -> anyhow::Result<()> {
    let mut w = std::io::stdout().lock();
    for item in &plan.items {
        let cost = match (item.usd_per_month, &item.cost_note) {
            (Some(usd), _) if usd > 0.0 => format!("{}/month if left", money(usd)),
            (Some(_), _) => "free to leave".into(),
            (None, Some(note)) => note.clone(),
            (None, None) => "cost unknown".into(),
        };
        writeln!(
            w,
            "  [{}] {:<20} {}\n        {} · {} · {cost}",
            if item.selected { "x" } else { " " },
            item.kind.label(),
            item.id,
            item.detail,
            item.why
        )?;
        if let Some(user) = &item.blocked_by {
            writeln!(w, "        stays: in use by {user}")?;
        }
    }
    let (saved, unpriced) = plan.monthly_saving();
    let (left, _) = plan.monthly_left();
    writeln!(
        w,
        "Removing the ticked items saves {}/month{}; the unticked ones go on billing {}/month.",
        money(saved),
        if unpriced > 0 {
            format!(" (plus {unpriced} not priced)")
        } else {
            String::new()
        },
        money(left)
    )?;
    for note in &plan.left_alone {
        writeln!(w, "Left alone: {note}")?;
    }
    for problem in &plan.problems {
        writeln!(
            w,
            "! could not look: {problem} (the plan may be incomplete)"
        )?;
    }
    Ok(())
}

pub(super) fn print_progress(p: &Progress) {
    let label = p.kind.label();
    match (&p.outcome, &p.note) {
        (None, None) => println!("  … {label} {}", p.id),
        (None, Some(note)) => println!("  … {label} {}: {note}", p.id),
        (Some(Outcome::Deleted), _) => println!("  ✔ {label} {}: deleted", p.id),
        (Some(Outcome::AlreadyGone), _) => println!("  ✔ {label} {}: already gone", p.id),
        (Some(Outcome::Kept), _) => println!("  · {label} {}: kept", p.id),
        (Some(Outcome::Failed { reason, next }), _) => {
            println!("  ✖ {label} {}: {reason}\n      Next: {next}", p.id)
        }
    }
}

pub(super) fn print_summary(plan: &Plan, results: &[Progress]) {
    let count = |f: fn(&Outcome) -> bool| {
        results
            .iter()
            .filter(|p| p.outcome.as_ref().is_some_and(f))
            .count()
    };
    let failed = count(|o| matches!(o, Outcome::Failed { .. }));
    println!(
        "Removed {} · already gone {} · kept {} · failed {failed}.",
        count(|o| matches!(o, Outcome::Deleted)),
        count(|o| matches!(o, Outcome::AlreadyGone)),
        count(|o| matches!(o, Outcome::Kept)),
    );
    let (left, _) = plan.monthly_left();
    if left > 0.0 {
        println!("What you kept goes on billing {}/month.", money(left));
    }
    if failed > 0 {
        println!(
            "Run `pcwiz cleanup {}` again to finish: it picks up what is left.",
            plan.cluster
        );
    }
}

pub async fn park(ctx: &Context, args: &ParkArgs, resume: bool) -> anyhow::Result<i32> {
    let mut found = super::cluster_arg::find_cluster(ctx, &args.name)?;
    let session = ctx.session_in(&found.region).await;
    found.acting_as(&session).await?;
    let pcluster = Pcluster::locate(&ctx.search_path())
        .context("pcluster is not installed; `pcwiz doctor --install-pcluster` installs it")?;
    let report = if resume {
        cleanup::park::resume(&session, &ctx.dirs, &pcluster, &args.name).await
    } else {
        let waiting = cleanup::park::Waiting {
            limit: std::time::Duration::from_secs_f64(args.wait_minutes.max(0.0) * 60.0),
            ..Default::default()
        };
        cleanup::park::park(
            &session,
            &ctx.dirs,
            &pcluster,
            &args.name,
            waiting,
            |line| eprintln!("… {line}"),
        )
        .await
    };
    let report = match report {
        Ok(report) => report,
        Err(why) => {
            eprintln!("{why}");
            return Ok(1);
        }
    };
    let code = if report.finished { 0 } else { 1 };
    if args.json {
        super::print_json(&report)?;
        return Ok(code);
    }
    for line in &report.done {
        println!("✔ {line}");
    }
    if !report.finished {
        println!("✖ Not parked: {}", report.come_back);
        return Ok(code);
    }
    if let (Some(before), Some(after)) = (report.usd_per_hour_before, report.usd_per_hour_after) {
        println!(
            "Billing {}/h before, {}/h now.",
            crate::cluster::price::hourly(before),
            crate::cluster::price::hourly(after)
        );
    }
    if !report.still_bills.is_empty() {
        println!(
            "Still billing while parked{}:",
            report
                .still_bills_usd_per_month
                .map(|u| format!(" ({}/month)", money(u)))
                .unwrap_or_default()
        );
        for line in &report.still_bills {
            println!("  {line}");
        }
    }
    println!("{}", report.come_back);
    Ok(0)
}
