//! `pcwiz guard NAME [--idle MINUTES | --off] [--json]`: the idle guard on a cluster's head
//! node, shown, armed (or its window changed) or removed. Works on any cluster pcwiz can
//! reach, launched from here or not.

use serde::Serialize;

use crate::cli::args::GuardArgs;
use crate::cluster::guard::{self, GuardSeen, GuardState};
use crate::context::Context;
use crate::guard::idle;
use crate::remote::guard::GuardStep;
use crate::remote::probe;

#[derive(Serialize)]
struct Out<'a> {
    name: &'a str,
    /// "shown", "armed" or "removed".
    action: &'static str,
    steps: &'a [GuardStep],
    /// The guard's state file as the head node has it now; null when not installed.
    state: Option<&'a GuardState>,
    sentence: String,
}

pub async fn run(ctx: &Context, args: &GuardArgs) -> anyhow::Result<i32> {
    let mut found = super::cluster_arg::find_cluster(ctx, &args.name)?;
    let session = ctx.session_in(&found.region).await;
    found.acting_as(&session).await?;
    let to_do = match (args.idle, args.off) {
        (Some(_), _) => "to arm the idle guard on",
        (None, true) => "to remove the idle guard from",
        (None, false) => "to ask",
    };
    let (target, refresh) = super::head_node::find(ctx, &session, &found, to_do).await?;
    let head = refresh
        .head_node()
        .map(|h| h.instance_id.clone())
        .unwrap_or_default();
    let (action, steps) = match (args.idle, args.off) {
        (Some(minutes), _) => {
            let armed = idle::arm(&session, &target, &head, minutes)
                .await
                .map_err(|e| anyhow::anyhow!(e))?;
            ("armed", armed.steps)
        }
        (None, true) => (
            "removed",
            idle::disarm(&target)
                .await
                .map_err(|e| anyhow::anyhow!(e))?,
        ),
        (None, false) => ("shown", vec![]),
    };
    // What the guard says now: the refresh's look, or a new one after a change.
    let report = match action {
        "shown" => refresh.probe.clone(),
        _ => Some(probe::probe(&target, &super::head_node::probe_options()).await),
    };
    let (seen, now) = match report {
        Some(Ok(report)) => (report.guard, report.time),
        Some(Err(e)) => anyhow::bail!("{e}"),
        None => anyhow::bail!("{} has no running head node to ask", args.name),
    };
    let sentence = guard::sentence(&seen, now, &chrono::Local);
    let state = match &seen {
        GuardSeen::State(state) => Some(state),
        _ => None,
    };
    let failed = steps.iter().any(GuardStep::failed);
    if args.json {
        super::print_json(&Out {
            name: &args.name,
            action,
            steps: &steps,
            state,
            sentence,
        })?;
    } else {
        for step in &steps {
            println!("  {}", step.describe());
        }
        println!("{}: {sentence}", args.name);
        if let Some(state) = state
            && let Some(action) = &state.last_action
        {
            println!("  last: {action}");
        }
        if action == "shown" && matches!(seen, GuardSeen::NotInstalled) {
            println!("  Arm it: pcwiz guard {} --idle 60", args.name);
        }
    }
    Ok(if failed { 1 } else { 0 })
}
