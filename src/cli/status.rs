//! `pcwiz status NAME`: one dashboard refresh, printed once: the stack, the instances, and
//! from the head node Slurm's nodes and jobs, each compute node's HSDS and the reV
//! pipeline, with what each node and the whole cluster cost.

use std::io::Write;

use serde::Serialize;

use crate::aws::session::AwsSession;
use crate::cli::args::StatusArgs;
use crate::cluster::node_billing::{self, Billing};
use crate::cluster::price::{hourly, money};
use crate::cluster::probe_report::HsdsNode;
use crate::cluster::rev_status::RevPipeline;
use crate::cluster::slurm::{Job, Node, describe_node};
use crate::cluster::spent::{self, Spent};
use crate::context::Context;
use crate::monitor::priced;
use crate::monitor::status::{HSDS_PORT, StackState};
use crate::store::watch_settings::WatchSettings;

#[derive(Serialize)]
struct Out<'a> {
    name: &'a str,
    region: &'a str,
    stack: Option<&'a StackState>,
    stack_error: Option<&'a str>,
    instances: Vec<&'a crate::cluster::cluster_instance::ClusterInstance>,
    usd_per_hour: Option<f64>,
    storage_usd_per_hour: Option<f64>,
    spent: Option<Spent>,
    nodes: Option<&'a [Node]>,
    nodes_error: Option<&'a str>,
    billing: Option<Billing>,
    jobs: Option<&'a [Job]>,
    jobs_error: Option<&'a str>,
    hsds: Option<&'a [HsdsNode]>,
    rev_dir: Option<&'a str>,
    rev: Option<&'a RevPipeline>,
    rev_error: Option<&'a str>,
    probe_error: Option<&'a str>,
    /// What kind of ssh failure the probe error is (`host-key-changed`, …), if it is one.
    probe_error_kind: Option<crate::remote::SshFailureKind>,
    /// The head node's host key as pinned: whether AWS verified it, and its fingerprints.
    host_key: Option<&'a crate::cluster::host_keys::HostPin>,
    /// The idle guard's state file on the head node; null when not installed or unread.
    guard: Option<&'a crate::cluster::guard::GuardState>,
    /// "idle guard: stops the head node at 03:40 unless a job starts".
    guard_sentence: Option<String>,
    refresh_ms: u128,
    ssh_ms: Option<u128>,
}

pub async fn run(ctx: &Context, args: &StatusArgs) -> anyhow::Result<i32> {
    let region = super::cluster_arg::find_cluster(ctx, &args.name)?.region;
    if let Some(dir) = &args.rev_dir {
        let store = WatchSettings::in_dir(&ctx.dirs.data);
        let mut settings = store.get(&region, &args.name);
        settings.rev_dir = Some(dir.clone()).filter(|d| !d.trim().is_empty());
        store.set(&region, &args.name, settings)?;
    }
    let session = AwsSession::new(&ctx.aws_env, &ctx.profile(), &region).await;
    let ssh_config = std::env::var_os("PCWIZ_SSH_CONFIG").map(std::path::PathBuf::from);
    let hsds_port = args
        .hsds_port
        .or_else(|| std::env::var("PCWIZ_HSDS_PORT").ok()?.parse().ok())
        .unwrap_or(HSDS_PORT);
    let priced = priced::refresh(
        &session,
        &ctx.dirs,
        &args.name,
        ssh_config.as_deref(),
        hsds_port,
        None,
        None,
    )
    .await;
    let refresh = &priced.refresh;
    let report = refresh.probe.as_ref().and_then(|p| p.as_ref().ok());
    let instances = refresh.instances.as_deref().unwrap_or(&[]);
    let nodes = report.and_then(|r| r.nodes.as_ref().ok());
    let rev = report.and_then(|r| r.rev.as_ref());
    let out = Out {
        name: &args.name,
        region: &region,
        stack: refresh.stack.as_ref().ok(),
        stack_error: refresh.stack.as_ref().err().map(String::as_str),
        instances: instances.iter().collect(),
        usd_per_hour: priced.usd_per_hour,
        storage_usd_per_hour: priced.storage_usd_per_hour,
        spent: refresh
            .stack
            .as_ref()
            .ok()
            .and_then(|s| s.created)
            .filter(|_| refresh.instances.is_ok())
            .map(|created| {
                spent::since_created(
                    created,
                    instances,
                    &priced.book,
                    priced.storage_usd_per_hour.unwrap_or(0.0),
                    chrono::Utc::now(),
                )
            }),
        nodes: nodes.map(|a| a.items.as_slice()),
        nodes_error: report
            .and_then(|r| r.nodes.as_ref().err())
            .map(String::as_str),
        billing: nodes.map(|a| {
            node_billing::match_nodes(
                &a.items,
                instances,
                &priced.book,
                report.map(|r| r.time),
                priced.scaledown_minutes,
            )
        }),
        jobs: report
            .and_then(|r| r.jobs.as_ref().ok())
            .map(|a| a.items.as_slice()),
        jobs_error: report
            .and_then(|r| r.jobs.as_ref().err())
            .map(String::as_str),
        hsds: report.map(|r| r.hsds.as_slice()),
        rev_dir: priced.rev_dir.as_deref(),
        rev: rev.and_then(|r| r.as_ref().ok()),
        rev_error: rev.and_then(|r| r.as_ref().err()).map(String::as_str),
        probe_error: match &refresh.probe {
            Some(Err(why)) => Some(why.message.as_str()),
            None => Some("no running head node to ask"),
            Some(Ok(_)) => None,
        },
        probe_error_kind: refresh
            .probe
            .as_ref()
            .and_then(|p| p.as_ref().err())
            .map(|e| e.kind),
        host_key: refresh.host_key.as_ref(),
        guard: report.and_then(|r| match &r.guard {
            crate::cluster::guard::GuardSeen::State(state) => Some(state),
            _ => None,
        }),
        guard_sentence: report
            .map(|r| crate::cluster::guard::sentence(&r.guard, r.time, &chrono::Local)),
        refresh_ms: refresh.took.as_millis(),
        ssh_ms: refresh.ssh_took.map(|d| d.as_millis()),
    };
    if args.json {
        super::print_json(&out)?;
    } else {
        print_text(&out)?;
    }
    let refused = out.probe_error_kind == Some(crate::remote::SshFailureKind::HostKeyChanged);
    Ok(if out.stack.is_some() && !refused {
        0
    } else {
        1
    })
}

fn print_text(out: &Out) -> anyhow::Result<()> {
    let mut w = std::io::stdout().lock();
    match (out.stack, out.stack_error) {
        (Some(s), _) => writeln!(w, "{} in {}: {}", out.name, out.region, s.status)?,
        (None, why) => writeln!(
            w,
            "{} in {}: stack unknown ({})",
            out.name,
            out.region,
            why.unwrap_or("")
        )?,
    }
    match (out.usd_per_hour, &out.spent) {
        (Some(now), Some(spent)) => writeln!(
            w,
            "Cost: {}/h now · at least {} since created",
            hourly(now),
            money(spent.usd)
        )?,
        (Some(now), None) => writeln!(w, "Cost: {}/h now", hourly(now))?,
        _ => {}
    }
    for i in &out.instances {
        writeln!(
            w,
            "  {:<9} {:<12} {:<19} {}",
            i.node_type, i.instance_type, i.instance_id, i.state
        )?;
    }
    if let Some(pin) = out.host_key {
        writeln!(w, "Head node: {}", pin.describe())?;
    }
    if let Some(why) = out.probe_error {
        writeln!(w, "Head node: {why}")?;
    }
    if let Some(sentence) = &out.guard_sentence {
        writeln!(w, "{}{}", sentence[..1].to_uppercase(), &sentence[1..])?;
    }
    match (out.nodes, out.nodes_error) {
        (Some(nodes), _) => {
            writeln!(w, "Slurm nodes:")?;
            let billing = out
                .billing
                .as_ref()
                .map(|b| b.nodes.as_slice())
                .unwrap_or(&[]);
            for (n, bill) in nodes
                .iter()
                .zip(billing.iter().map(Some).chain(std::iter::repeat(None)))
            {
                let (state, words) = describe_node(n);
                let extra = bill
                    .map(|b| {
                        let mut parts = vec![];
                        if let Some(t) = &b.instance_type {
                            parts.push(t.clone());
                        }
                        if let Some(usd) = b.usd_per_hour.filter(|u| *u > 0.0) {
                            parts.push(format!("{}/h", hourly(usd)));
                        }
                        if let Some(m) = b.idle_billing_minutes {
                            parts.push(format!("idle {m} min past scale-down, still billing"));
                        }
                        if let Some(e) = &b.launch_error {
                            parts.push(e.clone());
                        }
                        parts.join(" · ")
                    })
                    .unwrap_or_default();
                writeln!(w, "  {:<28} {:<12} {words}  {extra}", n.name, state)?;
            }
        }
        (None, Some(why)) => writeln!(w, "Slurm nodes: {why}")?,
        _ => {}
    }
    match (out.jobs, out.jobs_error) {
        (Some(jobs), _) => {
            writeln!(w, "Jobs: {}", jobs.len())?;
            for j in jobs {
                writeln!(
                    w,
                    "  {:<12} {:<10} {:<16} {:<10} {}",
                    j.id, j.state, j.name, j.partition, j.reason
                )?;
            }
        }
        (None, Some(why)) => writeln!(w, "Jobs: {why}")?,
        _ => {}
    }
    if let Some(hsds) = out.hsds {
        for h in hsds {
            let refused = h
                .refused_503
                .map(|n| format!(" · {n} requests refused (503)"))
                .unwrap_or_default();
            writeln!(
                w,
                "HSDS on {}: {}{refused}",
                h.node,
                h.problem
                    .clone()
                    .unwrap_or_else(|| h.state.clone().unwrap_or_default())
            )?;
        }
    }
    match (out.rev, out.rev_error) {
        (Some(rev), _) => {
            writeln!(w, "reV in {}:", out.rev_dir.unwrap_or(""))?;
            for step in &rev.steps {
                writeln!(w, "  {:<14} {}", step.name, step.step_status())?;
                for job in &step.jobs {
                    writeln!(
                        w,
                        "    {:<28} {:<14} {}",
                        job.name,
                        job.status,
                        job.runtime_minutes
                            .map(|m| format!("{m:.1} min"))
                            .unwrap_or_default()
                    )?;
                }
            }
        }
        (None, Some(why)) => writeln!(w, "reV: {why}")?,
        _ => {}
    }
    Ok(())
}
