//! `pcwiz update NAME FILE|--edit|--current`: change a running cluster. The cluster's
//! config as pcluster stored it, pcluster's dry run said in words (what each change stops,
//! kills or needs), the cost before → after, one question, then the update with the fleet
//! stopped around it when pcluster needs that, followed until the stack says how it ended.

use std::cell::Cell;
use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context as _;
use serde::Serialize;

use crate::cli::args::UpdateArgs;
use crate::cluster::config::ClusterConfig;
use crate::cluster::update::explain::{Effect, Explained};
use crate::cluster::update::outcome::UpdateEnd;
use crate::context::Context;
use crate::pcluster::Pcluster;
use crate::tools::editor;
use crate::update::apply::{self, Applied, Step};
use crate::update::current::{self, Current, Source};
use crate::update::preview::{self, Preview};

/// `--json`'s answer: the change set and, once applied, how it ended.
#[derive(Serialize)]
struct Outcome<'a> {
    name: &'a str,
    region: &'a str,
    current_config: Option<&'a Source>,
    preview: Option<&'a Preview>,
    applied: Option<&'a Applied>,
}

pub async fn run(ctx: &Context, args: &UpdateArgs) -> anyhow::Result<i32> {
    let mut found = super::cluster_arg::find_cluster(ctx, &args.name)?;
    let region = found.region.clone();
    let session = ctx.session_in(&region).await;
    found.acting_as(&session).await?;
    let pcluster = Pcluster::locate(&ctx.search_path()).context(
        "pcluster is not installed (nor on PATH): `pcwiz doctor --install-pcluster` installs it",
    )?;
    let say = |line: &str| {
        if args.json {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    let mut outcome = Outcome {
        name: &args.name,
        region: &region,
        current_config: None,
        preview: None,
        applied: None,
    };

    // 1. What the cluster runs with.
    if !args.current {
        say(&format!("Reading {}'s config…", args.name));
    }
    let current = current::read(
        &pcluster,
        &session.scope(),
        &args.name,
        found.record.as_ref(),
    )
    .await
    .map_err(anyhow::Error::msg)?;
    if args.current {
        if !matches!(current.source, Source::Pcluster) {
            eprintln!("! {}", current.source.label());
        }
        print!("{}", current.text);
        return Ok(0);
    }
    say(&format!("  from {}.", current.source.label()));
    outcome.current_config = Some(&current.source);

    // 2. What it should run with.
    let new_text = new_config(ctx, args, &current)?;
    check_region(&new_text, &region)?;

    // 3. pcluster's change set, in words.
    say("Asking pcluster what would change (its dry run: the validators, then its stored config)…");
    let request = preview::Request {
        name: &args.name,
        new_text: &new_text,
        suppress_validators: &args.suppress_validators,
        record: found.record.as_ref(),
        ssh_config: super::cluster_arg::ssh_config(),
    };
    let preview = preview::preview(&session, &ctx.dirs, &pcluster, &current, &request)
        .await
        .map_err(anyhow::Error::msg)?;
    print_preview(&preview, &say);
    outcome.preview = Some(&preview);
    let applicable = preview.plan.applicable();
    if !applicable || args.dry_run {
        let nothing = preview.plan == crate::cluster::update::plan::Plan::Nothing;
        return finish(
            args.json,
            &outcome,
            if applicable || nothing { 0 } else { 1 },
        );
    }

    // 4. Asked once, then applied and followed.
    if !args.yes && !confirm(&args.name)? {
        say("Not updated: the name typed did not match.");
        return finish(args.json, &outcome, 1);
    }
    let fleet_stopped = Cell::new(false);
    let waiting = crate::cleanup::fleet_stop::Waiting {
        limit: std::time::Duration::from_secs_f64(args.wait_minutes.max(0.0) * 60.0),
        ..Default::default()
    };
    let mut shown_events = None;
    let applying = apply::apply(
        &session,
        &ctx.dirs,
        &pcluster,
        &current,
        &preview,
        waiting,
        |step| {
            match &step {
                Step::FleetStopped(_) => fleet_stopped.set(true),
                Step::FleetStarted(Ok(_)) => fleet_stopped.set(false),
                _ => {}
            }
            for line in step_lines(&step, &mut shown_events) {
                say(&line);
            }
        },
    );
    let applied = tokio::select! {
        applied = applying => applied.map_err(anyhow::Error::msg)?,
        _ = tokio::signal::ctrl_c() => {
            say(&format!("Stopped following. The update goes on in AWS; the dashboard (or `pcwiz status {}`) shows how it ends.", args.name));
            if fleet_stopped.get() {
                say(&format!("! pcwiz stopped the compute fleet for this update and has not started it again: once the update has ended, start it with f on the dashboard or `pcluster update-compute-fleet --cluster-name {} --region {region} --status START_REQUESTED`.", args.name));
            }
            return finish(args.json, &outcome, 130);
        }
    };
    print_applied(&applied, &args.name, &say);
    let code = if applied.succeeded() { 0 } else { 1 };
    outcome.applied = Some(&applied);
    finish(args.json, &outcome, code)
}

/// The file given, or the current config edited in the user's editor.
fn new_config(ctx: &Context, args: &UpdateArgs, current: &Current) -> anyhow::Result<String> {
    match &args.file {
        Some(file) => std::fs::read_to_string(file)
            .with_context(|| format!("could not read {}", file.display())),
        None => {
            let scratch =
                ctx.dirs
                    .state
                    .join(format!("update-{}-{}.yaml", args.name, std::process::id()));
            editor::edit(&current.text, &scratch).map_err(anyhow::Error::msg)
        }
    }
}

/// pcluster refuses a config whose Region is not the cluster's; say it in pcwiz's words first.
fn check_region(text: &str, region: &str) -> anyhow::Result<()> {
    let config =
        ClusterConfig::from_yaml(text).map_err(|e| anyhow::anyhow!("the new config is {e}"))?;
    match config.region {
        Some(theirs) if theirs != region => anyhow::bail!(
            "the new config says Region: {theirs}, but the cluster is in {region}: a cluster cannot move region (put Region back to {region})"
        ),
        _ => Ok(()),
    }
}

fn mark(change: &Explained) -> &'static str {
    match change.effect {
        Effect::InPlace => "✔",
        Effect::NodesReplaced | Effect::FleetStop => "!",
        Effect::NewCluster | Effect::Refused => "✖",
    }
}

fn print_preview(preview: &Preview, say: &dyn Fn(&str)) {
    if !preview.changes.is_empty() {
        say(&format!(
            "What changes (pcluster's change set, {:.1} s):",
            preview.dry_run_seconds
        ));
    }
    for change in &preview.changes {
        say(&format!(
            "  {} {}: {} → {}",
            mark(change),
            change.label,
            change.old,
            change.new
        ));
        say(&format!("      {}", change.words));
        if let Some(said) = &change.pcluster_said {
            say(&format!("      pcluster: {said}"));
        }
    }
    for problem in preview.answer.problems() {
        say(&format!("  {}", problem.line()));
    }
    if let Some(cost) = &preview.cost
        && !preview.changes.is_empty()
    {
        say(&preview.cost_heading());
        say(&format!("  idle        {}", cost.idle.text()));
        say(&format!("  full scale  {}", cost.full_scale.text()));
    }
    say(&preview.plan.verdict());
    let steps = preview.plan.steps();
    if !steps.is_empty() {
        say("pcwiz will:");
        for (n, step) in steps.iter().enumerate() {
            say(&format!("  {}. {step}", n + 1));
        }
    }
}

/// What one step of the update prints. `shown` counts the stack events already printed
/// (None until the first look, which prints only the update's own).
fn step_lines(step: &Step, shown: &mut Option<usize>) -> Vec<String> {
    match step {
        Step::Look(Ok(status)) => {
            let shown = shown.get_or_insert_with(|| older_than_the_update(&status.stack));
            let mut lines = crate::cluster::stack_lines::unseen(&status.stack, shown);
            lines.push(format!(
                "[{}] {}",
                chrono::Utc::now().format("%H:%M:%S"),
                status.stack.status
            ));
            lines
        }
        other => other.line().into_iter().collect(),
    }
}

/// The events from before the update began (newest first, so: all after the newest
/// UPDATE_IN_PROGRESS of the stack itself).
fn older_than_the_update(stack: &crate::cluster::stack::StackProgress) -> usize {
    stack
        .events
        .iter()
        .position(|e| e.logical_id == stack.name && e.status == "UPDATE_IN_PROGRESS")
        .map_or(stack.events.len(), |newest| stack.events.len() - newest - 1)
}

fn print_applied(applied: &Applied, name: &str, say: &dyn Fn(&str)) {
    for line in &applied.fleet_stop {
        if line.starts_with("after ") {
            say(&format!("✖ {line}"));
        }
    }
    if let Some(refused) = &applied.refused {
        let plan = crate::cluster::update::plan::plan(refused, &[]);
        say(&format!("✖ pcluster did not update: {}", plan.verdict()));
        for problem in refused.problems() {
            say(&format!("  {}", problem.line()));
        }
        for blocked in refused.blocked() {
            say(&format!("  ✖ {}: {}", blocked.parameter, blocked.message));
        }
    }
    if let Some(lost) = &applied.lost_sight {
        say(&format!(
            "! Lost sight of the stack: {lost}. The update goes on in AWS; the dashboard shows how it ends."
        ));
    }
    if let Some(end) = &applied.end {
        say(&end.sentence(name));
        if let UpdateEnd::RolledBack { next, .. } | UpdateEnd::Stuck { next, .. } = end {
            say(&format!("  Next: {next}"));
        }
    }
    if let (Some(before), Some(after)) = (&applied.before_file, &applied.after_file) {
        say(&format!(
            "  Configs kept: before {}, after {}",
            before.display(),
            after.display()
        ));
    }
}

/// "Type the cluster name to confirm": an update may stop the fleet and kill jobs.
fn confirm(name: &str) -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "not a terminal, so pcwiz cannot ask you to confirm: pass --yes to update from a script"
        );
    }
    let mut err = std::io::stderr().lock();
    write!(err, "Type the cluster name ({name}) to update it: ")?;
    err.flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim() == name)
}

fn finish(json: bool, outcome: &Outcome, code: i32) -> anyhow::Result<i32> {
    if json {
        super::print_json(outcome)?;
    }
    Ok(code)
}
