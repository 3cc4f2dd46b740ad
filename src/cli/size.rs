//! `pcwiz size`: which instance type and how many nodes, from one unit of work typed in or
//! measured here or on a cluster's head node (`--measure [--cluster NAME] -- CMD…`): a plan
//! per candidate type, the cost/time frontier, and the queue and reV `execution_control` of
//! the cheapest point (or `--pick TYPE`), with every assumption printed; `--write-config`
//! puts the picked queue into a ParallelCluster config.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context as _;
use chrono::Utc;
use serde::Serialize;

use super::price::{region_or_rev, unknown_word, warn_about};
use crate::aws::price_engine::PriceEngine;
use crate::aws::session::AwsSession;
use crate::aws::sizing_catalog::{self, PricedCandidates};
use crate::cli::args::SizeArgs;
use crate::cluster::config::ClusterConfig;
use crate::cluster::sizing::apply::apply_pick;
use crate::cluster::sizing::precision::rounded;
use crate::cluster::sizing::rows::{Row, headline, rows};
use crate::cluster::sizing::{
    Assumption, Job, Knobs, MeasuredUnit, Pick, Sizing, candidates, size,
};
use crate::context::Context;
use crate::measure::remote::{self, REMOTE_INTERVAL};
use crate::measure::{self, Measurement, Output, measure_in_background};
use crate::remote::SshTarget;
use crate::store::atomic;

pub async fn run(ctx: &Context, args: &SizeArgs) -> anyhow::Result<i32> {
    let measurement = if args.measure {
        let measured = measure_unit(ctx, args).await?;
        if !measured.succeeded() {
            eprintln!(
                "pcwiz: the unit did not finish ({}): a failed run is no measurement. Fix it and run `pcwiz size --measure` again.",
                measured.outcome()
            );
            return Ok(1);
        }
        Some(measured)
    } else {
        None
    };
    let unit = match &measurement {
        Some(m) => m.unit(args.sites_per_unit, args.unit_workers),
        None => typed_unit(args)?,
    };
    let job = job(args)?;
    let knobs = knobs(args);
    let region = region_or_rev(ctx);
    let priced = priced_candidates(ctx, args, &region).await;
    let sizing = size(&unit, &job, &knobs, &priced.candidates)?;
    let picked = match &args.pick {
        Some(name) => Some(sizing.index_of(name).with_context(|| {
            format!("--pick {name}: not among the candidates (see the table, or add --instance-type {name})")
        })?),
        None => sizing.suggested(),
    };
    let pick = picked.and_then(|i| sizing.pick(i));
    let written = match (&args.write_config, &pick) {
        (Some(path), Some(pick)) => Some(write_config(path, args.queue.as_deref(), pick, &knobs)?),
        _ => None,
    };
    let unknown = unknown_word(args.offline, priced.problem.is_some());
    let table = rows(&sizing, Utc::now(), &unknown);
    let view = View {
        region: &region,
        market: if args.spot { "spot" } else { "on-demand" },
        measurement: measurement.as_ref(),
        measured_on: args.cluster.as_deref(),
        sizing: &sizing,
        table: &table,
        picked,
        pick: pick.as_ref(),
        asked: args.pick.is_some(),
        left_out: &priced.left_out,
        price_problem: priced.problem.as_ref().map(|p| p.sentence(Utc::now())),
        written: written.as_ref(),
    };
    if args.json {
        super::print_json(&report(&view))?;
    } else {
        print_text(&view)?;
    }
    if pick.is_none() {
        eprintln!(
            "pcwiz: no candidate can run this job as asked: see the notes in the table (a longer --deadline, a larger --max-count or other --instance-type may help)."
        );
        if let Some(path) = &args.write_config {
            eprintln!("pcwiz: nothing was written to {}.", path.display());
        }
        return Ok(1);
    }
    Ok(0)
}

fn typed_unit(args: &SizeArgs) -> anyhow::Result<MeasuredUnit> {
    let missing = || {
        anyhow::anyhow!(
            "give --unit-seconds, --unit-cores and --unit-mem-gib, or --measure -- CMD to measure one unit"
        )
    };
    Ok(MeasuredUnit {
        wall_seconds: args.unit_seconds.ok_or_else(missing)?,
        cores_used: args.unit_cores.ok_or_else(missing)?,
        peak_memory_gib: args.unit_mem_gib.ok_or_else(missing)?,
        sites: args.sites_per_unit,
        workers: args.unit_workers,
    })
}

fn job(args: &SizeArgs) -> anyhow::Result<Job> {
    let units = match (args.units, args.sites, args.sites_per_unit) {
        (Some(units), _, _) => units,
        (None, Some(sites), Some(per_unit)) => Job::from_sites(sites, per_unit),
        _ => anyhow::bail!(
            "say how big the whole job is: --units N, or --sites N with --sites-per-unit K"
        ),
    };
    Ok(Job {
        units,
        deadline_hours: args.deadline,
        max_count: args.max_count,
    })
}

fn knobs(args: &SizeArgs) -> Knobs {
    Knobs {
        memory_limit: args.memory_limit,
        startup_minutes: args.startup_minutes,
        scaledown_minutes: args.scaledown_minutes,
        smt: !args.no_smt,
        hsds_max_task_count: args.hsds_max_task_count,
        shared_nodes: !args.exclusive_queue,
    }
}

/// The candidate types with their prices (`aws::sizing_catalog`, as the TUI sizes), with
/// a warning when live prices are missing.
async fn priced_candidates(ctx: &Context, args: &SizeArgs, region: &str) -> PricedCandidates {
    let names = if args.instance_types.is_empty() {
        candidates::default_names()
    } else {
        args.instance_types.clone()
    };
    let session = match args.offline {
        true => None,
        false => Some(AwsSession::new(&ctx.aws_env, &ctx.profile(), region).await),
    };
    let priced = sizing_catalog::priced_candidates(
        session.as_ref(),
        PriceEngine::in_dir(&ctx.dirs.cache),
        region,
        &names,
        args.zone.as_deref(),
        args.spot,
    )
    .await;
    warn_about(priced.problem.as_ref());
    priced
}

/// Runs the command (here, or on `--cluster`'s head node) with its output on stderr, a
/// progress line every 5 s, and Ctrl-C passed on to it (it runs in its own process group).
async fn measure_unit(ctx: &Context, args: &SizeArgs) -> anyhow::Result<Measurement> {
    let stop = Arc::new(AtomicBool::new(false));
    let options = measure::Options {
        output: Output::Stderr,
        stop: Some(stop.clone()),
        ..measure::Options::default()
    };
    let command = args.command.clone();
    let (samples, mut received) = tokio::sync::mpsc::unbounded_channel();
    let running = match &args.cluster {
        None => {
            eprintln!("pcwiz: measuring one unit: {}", command.join(" "));
            tokio::spawn(async move {
                anyhow::Ok(measure_in_background(command, options, samples).await?)
            })
        }
        Some(name) => {
            let target = head_node(ctx, name).await?;
            eprintln!(
                "pcwiz: measuring one unit on {name}'s head node ({}@{}): {}",
                target.user,
                target.host,
                command.join(" ")
            );
            let options = measure::Options {
                interval: REMOTE_INTERVAL,
                ..options
            };
            tokio::spawn(async move {
                let measured =
                    remote::measure_on_head_node(&target, command, options, samples).await?;
                anyhow::Ok(measured)
            })
        }
    };
    let progress = tokio::spawn(async move {
        let mut shown = 0.0;
        while let Some(sample) = received.recv().await {
            if sample.elapsed_seconds - shown >= 5.0 {
                eprintln!("pcwiz: {}", sample.summary());
                shown = sample.elapsed_seconds;
            }
        }
    });
    let interrupt = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            stop.store(true, Ordering::Relaxed);
        }
    });
    let measured = running.await.context("the measurement stopped")??;
    interrupt.abort();
    let _ = progress.await;
    eprintln!("pcwiz: measured {}", measured.summary());
    Ok(measured)
}

/// The cluster's running head node, found as the dashboard and `pcwiz hsds` find it. The
/// refresh's probe also opens the shared ssh connection the measurement then reuses; its
/// own answer is not needed here (the measurement says if ssh fails).
async fn head_node(ctx: &Context, name: &str) -> anyhow::Result<SshTarget> {
    let found = super::cluster_arg::find_cluster(ctx, name)?;
    let session = ctx.session_in(&found.region).await;
    let (target, _) = super::head_node::find(ctx, &session, &found, "to measure on").await?;
    Ok(target)
}

/// What `--write-config` did.
#[derive(Serialize)]
struct Written {
    file: PathBuf,
    /// The old file, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    backup: Option<PathBuf>,
    changed: String,
    /// The old file had comments, which the rewritten one cannot keep.
    comments_dropped: bool,
}

/// Applies the pick to the config at `path`: the old file to `FILE.bak`, then the new one
/// in its place, both atomically and with the old file's mode. Untouched when nothing
/// changes.
fn write_config(
    path: &Path,
    queue: Option<&str>,
    pick: &Pick,
    knobs: &Knobs,
) -> anyhow::Result<Written> {
    let old = std::fs::read_to_string(path)
        .with_context(|| format!("--write-config: could not read {}", path.display()))?;
    let mut config = ClusterConfig::from_yaml(&old)
        .map_err(|e| anyhow::anyhow!("--write-config {}: {e}", path.display()))?;
    let before = config.clone();
    let changed = apply_pick(&mut config, queue, pick, knobs)
        .map_err(|e| anyhow::anyhow!("--write-config {}: {e}", path.display()))?;
    let mut written = Written {
        file: path.to_path_buf(),
        backup: None,
        changed,
        comments_dropped: false,
    };
    if config == before {
        return Ok(written);
    }
    let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
    let mut backup = path.as_os_str().to_owned();
    backup.push(".bak");
    let backup = PathBuf::from(backup);
    atomic::write(&backup, old.as_bytes(), mode)
        .with_context(|| format!("could not keep the old config as {}", backup.display()))?;
    atomic::write(path, config.to_yaml().as_bytes(), mode)
        .with_context(|| format!("could not write {}", path.display()))?;
    written.backup = Some(backup);
    written.comments_dropped = old.lines().any(|l| l.trim_start().starts_with('#'));
    Ok(written)
}

/// Everything both outputs show.
struct View<'a> {
    region: &'a str,
    market: &'static str,
    measurement: Option<&'a Measurement>,
    /// The cluster whose head node ran the measurement (`None`: here).
    measured_on: Option<&'a str>,
    sizing: &'a Sizing,
    table: &'a [Row],
    picked: Option<usize>,
    pick: Option<&'a Pick>,
    /// `--pick` chose it, rather than "the cheapest".
    asked: bool,
    left_out: &'a [String],
    /// Why live prices are missing, if they are.
    price_problem: Option<String>,
    written: Option<&'a Written>,
}

#[derive(Serialize)]
struct Report<'a> {
    region: &'a str,
    market: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    measurement: Option<&'a Measurement>,
    /// The cluster whose head node ran the measurement.
    #[serde(skip_serializing_if = "Option::is_none")]
    measured_on: Option<&'a str>,
    unit: &'a MeasuredUnit,
    /// One worker's share of the unit, rounded.
    worker: WorkerReport,
    job: &'a Job,
    knobs: &'a Knobs,
    candidates: Vec<CandidateReport>,
    /// Instance types on the cost/time frontier, fastest first.
    frontier: Vec<String>,
    cheapest: Option<String>,
    fastest: Option<String>,
    pick: Option<PickReport<'a>>,
    assumptions: &'a [Assumption],
    left_out: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    price_problem: Option<String>,
    /// What `--write-config` changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<&'a Written>,
}

#[derive(Serialize)]
struct WorkerReport {
    cores: f64,
    memory_gib: f64,
    seconds: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    sites: Option<u32>,
}

/// One candidate's plan; times, node-hours and costs rounded as on screen.
#[derive(Serialize)]
struct CandidateReport {
    instance_type: String,
    vcpus: u32,
    memory_gib: f64,
    workers_per_node: u32,
    workers_by_cores: u32,
    workers_by_memory: u32,
    limited_by: &'static str,
    nodes: Option<u32>,
    waves: Option<u64>,
    hours: Option<f64>,
    node_hours: Option<f64>,
    usd: Option<f64>,
    usd_per_unit: Option<f64>,
    usd_per_hour: Option<f64>,
    price_source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    meets_deadline: Option<bool>,
    marks: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

#[derive(Serialize)]
struct PickReport<'a> {
    /// "cheapest" (pcwiz's suggestion), "fastest-unpriced" (its suggestion when no price
    /// is known) or "asked" (`--pick`).
    why: &'static str,
    #[serde(flatten)]
    pick: &'a Pick,
    #[serde(skip_serializing_if = "Option::is_none")]
    warning: Option<String>,
}

fn report<'a>(view: &View<'a>) -> Report<'a> {
    let sizing = view.sizing;
    let name = |i: usize| sizing.plans[i].instance.name.clone();
    let worker = sizing.worker;
    Report {
        region: view.region,
        market: view.market,
        measurement: view.measurement,
        measured_on: view.measured_on,
        unit: &sizing.unit,
        worker: WorkerReport {
            cores: rounded(worker.cores),
            memory_gib: rounded(worker.memory_gib),
            seconds: rounded(worker.seconds),
            sites: worker.sites,
        },
        job: &sizing.job,
        knobs: &sizing.knobs,
        candidates: sizing
            .plans
            .iter()
            .zip(view.table)
            .enumerate()
            .map(|(i, (plan, row))| {
                let schedule = plan.schedule.as_ref().ok();
                CandidateReport {
                    instance_type: plan.instance.name.clone(),
                    vcpus: plan.instance.vcpus,
                    memory_gib: plan.instance.memory_gib(),
                    workers_per_node: plan.fit.workers(),
                    workers_by_cores: plan.fit.by_cores,
                    workers_by_memory: plan.fit.by_memory,
                    limited_by: plan.fit.limit().word(),
                    nodes: schedule.map(|s| s.nodes),
                    waves: schedule.map(|s| s.waves),
                    hours: schedule.map(|s| rounded(s.hours)),
                    node_hours: schedule.map(|s| rounded(s.node_hours)),
                    usd: plan.usd().map(rounded),
                    usd_per_unit: sizing.usd_per_unit(i).map(rounded),
                    usd_per_hour: plan.price.as_ref().map(|p| p.per_hour()),
                    price_source: row.source.clone(),
                    meets_deadline: schedule.and_then(|s| s.meets_deadline),
                    marks: row.marks.clone(),
                    note: row.note.clone(),
                }
            })
            .collect(),
        frontier: sizing.frontier.pareto.iter().map(|&i| name(i)).collect(),
        cheapest: sizing.frontier.cheapest.map(name),
        fastest: sizing.frontier.fastest.map(name),
        pick: view.pick.map(|pick| PickReport {
            why: why_picked(view).0,
            pick,
            warning: pick.warning(),
        }),
        assumptions: &sizing.assumptions,
        left_out: view.left_out,
        price_problem: view.price_problem.clone(),
        config: view.written,
    }
}

fn print_text(view: &View) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let sizing = view.sizing;
    writeln!(
        out,
        "{}",
        headline(sizing, view.measurement.is_some(), view.region)
    )?;
    writeln!(out)?;
    print_table(&mut out, view)?;
    writeln!(out)?;
    print_notes(&mut out, view)?;
    writeln!(out)?;
    print_pick(&mut out, view)?;
    if let Some(written) = view.written {
        print_written(&mut out, written)?;
    }
    writeln!(out, "Assumptions:")?;
    for assumption in &sizing.assumptions {
        writeln!(out, "  - {}", assumption.text)?;
    }
    Ok(())
}

/// One line per candidate, the picked one marked "›".
fn print_table(out: &mut impl Write, view: &View) -> std::io::Result<()> {
    let header = [
        "",
        "TYPE",
        "WORKERS/NODE",
        "NODES",
        "TIME",
        "NODE-HOURS",
        "COST",
        "PER UNIT",
        "PRICE",
        "",
    ];
    let mut lines = vec![header.map(String::from)];
    for (i, row) in view.table.iter().enumerate() {
        let [kind, workers, nodes, time, node_hours, cost, per_unit] = row.cells();
        let marker = if Some(i) == view.picked { "›" } else { "" };
        lines.push([
            marker.into(),
            kind,
            workers,
            nodes,
            time,
            node_hours,
            cost,
            per_unit,
            row.price.clone(),
            row.remark(),
        ]);
    }
    write_columns(out, &lines)
}

/// Where the prices came from, the frontier, and what was left out.
fn print_notes(out: &mut impl Write, view: &View) -> std::io::Result<()> {
    writeln!(out, "Prices ({}): {}", view.market, sources(view.table))?;
    let frontier: Vec<String> = view
        .sizing
        .frontier
        .pareto
        .iter()
        .map(|&i| {
            let row = &view.table[i];
            format!("{} {} {}", row.instance_type, row.time, row.cost)
        })
        .collect();
    if !frontier.is_empty() {
        writeln!(
            out,
            "Frontier (each cheaper only by being slower): {}",
            frontier.join(" → ")
        )?;
    }
    for line in view.left_out {
        writeln!(out, "Left out: {line}")?;
    }
    Ok(())
}

/// The picked point: the queue, reV's block, and the HSDS check.
fn print_pick(out: &mut impl Write, view: &View) -> anyhow::Result<()> {
    let (Some(pick), Some(i)) = (view.pick, view.picked) else {
        return Ok(());
    };
    writeln!(
        out,
        "Picked {} ({}):",
        view.table[i].instance_type,
        why_picked(view).1
    )?;
    writeln!(
        out,
        "  Queue: InstanceType {}, MaxCount {}",
        pick.instance_type, pick.max_count
    )?;
    writeln!(out, "  reV execution_control:")?;
    let block = serde_json::to_string_pretty(&pick.execution_control)?;
    for line in block.lines() {
        writeln!(out, "    {line}")?;
    }
    match pick.warning() {
        Some(warning) => writeln!(out, "  ! {warning}")?,
        None => writeln!(
            out,
            "  HSDS: {} requests in flight per node, within max_task_count {}.",
            pick.hsds_503.requests_in_flight, pick.hsds_503.max_task_count
        )?,
    }
    writeln!(out)?;
    Ok(())
}

/// The config file's changes, and where the old one went.
fn print_written(out: &mut impl Write, written: &Written) -> std::io::Result<()> {
    let file = written.file.display();
    match &written.backup {
        Some(backup) => {
            writeln!(out, "Wrote {file} (the old one is {}):", backup.display())?;
            writeln!(out, "  {}", written.changed)?;
            if written.comments_dropped {
                writeln!(
                    out,
                    "  Its comments could not be kept: they are in {}.",
                    backup.display()
                )?;
            }
        }
        None => writeln!(out, "{file} left as it was: {}", written.changed)?,
    }
    writeln!(out)
}

/// Why this point: a key for `--json` and the words for the text.
fn why_picked(view: &View) -> (&'static str, &'static str) {
    let priced = view
        .picked
        .is_some_and(|i| view.sizing.plans[i].usd().is_some());
    match (view.asked, priced) {
        (true, _) => ("asked", "as asked"),
        (false, true) => (
            "cheapest",
            "the cheapest that meets the deadline; --pick TYPE for another",
        ),
        (false, false) => (
            "fastest-unpriced",
            "the fastest that meets the deadline, as no price is known; --pick TYPE for another",
        ),
    }
}

/// "offline snapshot 2023-08 (24 types)", each source once with its count.
fn sources(table: &[Row]) -> String {
    let mut counted: Vec<(String, usize)> = Vec::new();
    for row in table {
        match counted.iter_mut().find(|(s, _)| *s == row.source) {
            Some((_, n)) => *n += 1,
            None => counted.push((row.source.clone(), 1)),
        }
    }
    counted
        .iter()
        .map(|(source, n)| format!("{source} ({n} type{})", if *n == 1 { "" } else { "s" }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Left-aligned columns two spaces apart, widths by characters (the "≈" is one).
fn write_columns<const N: usize>(
    out: &mut impl Write,
    lines: &[[String; N]],
) -> std::io::Result<()> {
    let widths: Vec<usize> = (0..N)
        .map(|c| {
            lines
                .iter()
                .map(|l| l[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for line in lines {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .map(|(cell, &width)| format!("{cell:<width$}"))
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}
