//! `pcwiz list`: the region's clusters with their status, version, age, head node, nodes up
//! and what they cost per hour now; clusters launched from here and since deleted say so.
//! A parked cluster (its head node stopped, by the idle guard or `pcwiz park`) says what
//! still bills and how to resume it.

use std::io::Write;

use crate::cli::args::ListArgs;
use crate::cluster::cluster_row::age;
use crate::cluster::price::hourly;
use crate::context::Context;
use crate::monitor::list;

pub async fn run(ctx: &Context, args: &ListArgs) -> anyhow::Result<i32> {
    let session = ctx.session().await?;
    let listed = list::list(&session, &ctx.dirs)
        .await
        .map_err(|e| anyhow::anyhow!(e.explained()))?;
    if let Some(problem) = &listed.history_problem {
        eprintln!("warning: {problem}");
    }
    super::price::warn_about(listed.price_problem.as_ref());
    if args.json {
        super::print_json(&listed.rows)?;
        return Ok(0);
    }
    let mut out = std::io::stdout().lock();
    if listed.rows.is_empty() {
        writeln!(out, "No clusters in {}.", session.region)?;
        return Ok(0);
    }
    writeln!(
        out,
        "{:<24} {:<20} {:<8} {:>8} {:<22} {:>5} {:>9}",
        "name", "status", "version", "age", "head node", "nodes", "$/h now"
    )?;
    let now = chrono::Utc::now();
    for row in &listed.rows {
        let head = row
            .head_node
            .as_ref()
            .map(|h| format!("{} {}", h.state, h.instance_type))
            .unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "{:<24} {:<20} {:<8} {:>8} {:<22} {:>5} {:>9}",
            row.name,
            row.status,
            row.version.as_deref().unwrap_or("?"),
            age(row.created, now),
            head,
            row.nodes_up,
            row.usd_per_hour
                .map(hourly)
                .unwrap_or_else(|| "unknown".into())
        )?;
    }
    for row in &listed.rows {
        let Some(parked) = row.parked_and_billing(&chrono::Local) else {
            continue;
        };
        writeln!(
            out,
            "{}: {parked} · to start it again: pcwiz resume {}",
            row.name, row.name
        )?;
    }
    Ok(0)
}
