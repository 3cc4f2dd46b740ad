//! `pcwiz status NAME`: one dashboard refresh, printed once: the stack, the instances, and
//! from the head node Slurm's nodes and jobs and each compute node's HSDS.

use std::io::Write;

use serde::Serialize;

use crate::aws::session::AwsSession;
use crate::cli::args::StatusArgs;
use crate::cluster::slurm::{Job, Node, describe_node};
use crate::context::Context;
use crate::monitor::report::HsdsNode;
use crate::monitor::status::{self, HSDS_PORT, StackState};

#[derive(Serialize)]
struct Out<'a> {
    name: &'a str,
    region: &'a str,
    stack: Option<&'a StackState>,
    stack_error: Option<&'a str>,
    instances: Vec<&'a crate::aws::cluster_list::ClusterInstance>,
    nodes: Option<&'a [Node]>,
    nodes_error: Option<&'a str>,
    jobs: Option<&'a [Job]>,
    jobs_error: Option<&'a str>,
    hsds: Option<&'a [HsdsNode]>,
    probe_error: Option<&'a str>,
    refresh_ms: u128,
    ssh_ms: Option<u128>,
}

pub async fn run(ctx: &Context, args: &StatusArgs) -> anyhow::Result<i32> {
    let (record, region) = super::launch::find_cluster(ctx, &args.name)?;
    let session = AwsSession::new(&ctx.aws_env, &ctx.profile(), &region).await;
    let refresh = status::refresh(
        &session,
        &args.name,
        record.as_ref(),
        &ctx.dirs.state,
        std::env::var_os("PCWIZ_SSH_CONFIG")
            .map(std::path::PathBuf::from)
            .as_deref(),
        args.hsds_port.unwrap_or(HSDS_PORT),
        None,
    )
    .await;
    let report = refresh.probe.as_ref().and_then(|p| p.as_ref().ok());
    let out = Out {
        name: &args.name,
        region: &region,
        stack: refresh.stack.as_ref().ok(),
        stack_error: refresh.stack.as_ref().err().map(String::as_str),
        instances: refresh
            .instances
            .as_ref()
            .map(|v| v.iter().collect())
            .unwrap_or_default(),
        nodes: report
            .and_then(|r| r.nodes.as_ref().ok())
            .map(|a| a.items.as_slice()),
        nodes_error: report
            .and_then(|r| r.nodes.as_ref().err())
            .map(String::as_str),
        jobs: report
            .and_then(|r| r.jobs.as_ref().ok())
            .map(|a| a.items.as_slice()),
        jobs_error: report
            .and_then(|r| r.jobs.as_ref().err())
            .map(String::as_str),
        hsds: report.map(|r| r.hsds.as_slice()),
        probe_error: match &refresh.probe {
            Some(Err(why)) => Some(why.as_str()),
            None => Some("no running head node to ask"),
            Some(Ok(_)) => None,
        },
        refresh_ms: refresh.took.as_millis(),
        ssh_ms: refresh.ssh_took.map(|d| d.as_millis()),
    };
    if args.json {
        super::print_json(&out)?;
    } else {
        print_text(&out)?;
    }
    Ok(if out.stack.is_some() { 0 } else { 1 })
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
    for i in &out.instances {
        writeln!(
            w,
            "  {:<9} {:<12} {:<19} {}",
            i.node_type, i.instance_type, i.instance_id, i.state
        )?;
    }
    if let Some(why) = out.probe_error {
        writeln!(w, "Head node: {why}")?;
    }
    match (out.nodes, out.nodes_error) {
        (Some(nodes), _) => {
            writeln!(w, "Slurm nodes:")?;
            for n in nodes {
                let (state, words) = describe_node(n);
                writeln!(w, "  {:<28} {:<12} {words}", n.name, state)?;
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
            writeln!(
                w,
                "HSDS on {}: {}",
                h.node,
                h.problem
                    .clone()
                    .unwrap_or_else(|| h.state.clone().unwrap_or_default())
            )?;
        }
    }
    Ok(())
}
