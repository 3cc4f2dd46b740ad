//! `pcwiz launch FILE --name NAME` and `pcwiz follow NAME`: create a cluster through the
//! real `pcluster`, then follow it until the head node is ready or the creation failed.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context as _;
use serde::Serialize;

use crate::aws::session::AwsSession;
use crate::cli::args::{FollowArgs, LaunchArgs};
use crate::cluster::config::ClusterConfig;
use crate::cluster::launch::Phase;
use crate::cluster::launch_failure::FailureContext;
use crate::cluster::os::Os;
use crate::context::Context;
use crate::guard::budget::BudgetRequest;
use crate::launch::upkeep::{Upkeep, UpkeepDone};
use crate::launch::{narrated, preflight, start};
use crate::store::history::{CreatedByPcwiz, History};

/// `--json`'s answer: where the launch ended.
#[derive(Serialize)]
struct Outcome<'a> {
    name: &'a str,
    region: &'a str,
    #[serde(flatten)]
    phase: Option<Phase>,
    stack_status: Option<String>,
    checks: Vec<crate::cluster::findings::ConfigFinding>,
    dry_run: Option<crate::pcluster::DryRunVerdict>,
    history_file: Option<String>,
    /// AWS calls made while following, and the looks they took.
    calls: u32,
    /// The idle guard and the budget, set up once the cluster was ready.
    #[serde(skip_serializing_if = "Option::is_none")]
    upkeep: Option<UpkeepDone>,
}

impl<'a> Outcome<'a> {
    fn new(name: &'a str, region: &'a str) -> Self {
        Self {
            name,
            region,
            phase: None,
            stack_status: None,
            checks: vec![],
            dry_run: None,
            history_file: None,
            calls: 0,
            upkeep: None,
        }
    }
}

pub async fn run(ctx: &Context, args: &LaunchArgs) -> anyhow::Result<i32> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("could not read {}", args.file.display()))?;
    let config = ClusterConfig::from_yaml(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let region = match (config.region.clone(), ctx.explicit_region()) {
        (Some(ours), Some(asked)) if ours != asked => anyhow::bail!(
            "{} says Region: {ours}, but {asked} was asked for (--region or AWS_REGION): pcwiz will not guess which you meant. Change the file's Region, or ask for {ours}.",
            args.file.display()
        ),
        (Some(region), _) => region,
        (None, _) => ctx
            .region()
            .map(|r| r.name)
            .context("the config has no Region and none is set: pass --region")?,
    };
    let file = std::fs::canonicalize(&args.file).unwrap_or_else(|_| args.file.clone());
    let mut outcome = Outcome::new(&args.name, &region);
    let say = |line: &str| {
        if args.json {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };

    // 1. Preflight.
    say(&format!(
        "Checking {} before launching {} in {region}…",
        args.file.display(),
        args.name
    ));
    let checked = preflight::run(
        &ctx.doctor_inputs(),
        &ctx.dirs,
        &config,
        &args.name,
        &region,
    )
    .await;
    narrated::check_lines(&checked).iter().for_each(|l| say(l));
    outcome.checks = checked.checks.clone();
    if checked.blocked() {
        say("✖ Fix the errors above, then launch again. Nothing was created.");
        return finish(args.json, &outcome, 1);
    }
    let Some(pcluster) = checked.pcluster.clone() else {
        unreachable!("a missing pcluster is an error, which stopped us above");
    };
    if !args.dry_run && !args.yes && !confirm(&args.name)? {
        say("Not launched: the name typed did not match.");
        return finish(args.json, &outcome, 1);
    }

    // 2. Dry run, then the creation, recorded at once.
    let request = start::LaunchRequest {
        name: args.name.clone(),
        scope: checked.scope.clone(),
        account: checked.account.clone(),
        config_file: file,
        suppress_validators: args.suppress_validators.clone(),
        key_name: config.head_node.ssh.as_ref().map(|s| s.key_name.clone()),
        key_file: key_file(ctx, &config),
        created_by_pcwiz: created_by_pcwiz(ctx, &config, &region).await,
        credential_kind: checked.credential_kind.clone(),
        hsds_data: None,
    };
    let created = narrated::dry_run_then_create(&pcluster, &request, &ctx.dirs, args.dry_run, &say)
        .await
        .map_err(anyhow::Error::msg)?;
    let would_succeed = created.dry_run.as_ref().is_some_and(|v| v.would_succeed);
    outcome.dry_run = created.dry_run;
    outcome.history_file = created.history_file;
    if args.dry_run {
        return finish(args.json, &outcome, if would_succeed { 0 } else { 1 });
    }
    if outcome.history_file.is_none() {
        return finish(args.json, &outcome, 1);
    }

    // 3. Follow.
    let session = AwsSession::new(&ctx.aws_env, &ctx.profile(), &region).await;
    let context = FailureContext::of(&config, None);
    let user = Os::from_config_name(&config.image.os).map_or("ec2-user", Os::default_user);
    let key = request.key_file.as_ref().map(|k| k.display().to_string());
    let upkeep = Upkeep {
        idle_guard_minutes: Some(args.idle_guard).filter(|m| *m > 0),
        budget: args
            .budget
            .zip(args.budget_email.clone())
            .map(|(monthly_usd, email)| BudgetRequest { monthly_usd, email }),
    };
    let how = narrated::Following {
        name: &args.name,
        region: &region,
        context: &context,
        key_file: key.as_deref(),
        fallback_user: user,
        after_ready: Some((&ctx.dirs, &upkeep)),
        ssh_config: super::cluster_arg::ssh_config(),
    };
    let followed = narrated::follow_to_the_end(&session, how, &say).await;
    finish_followed(args.json, &mut outcome, followed)
}

pub async fn follow(ctx: &Context, args: &FollowArgs) -> anyhow::Result<i32> {
    let found = super::cluster_arg::find_cluster(ctx, &args.name)?;
    let (record, region) = (found.record.as_ref(), found.region.clone());
    let session = AwsSession::new(&ctx.aws_env, &ctx.profile(), &region).await;
    let mut outcome = Outcome::new(&args.name, &region);
    outcome.history_file = Some(History::in_dir(&ctx.dirs.data).path().display().to_string());
    let say = |line: &str| {
        if args.json {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    let context = FailureContext {
        key_name: record.and_then(|r| r.key_name.clone()),
        ..FailureContext::default()
    };
    let key = record
        .and_then(|r| r.key_file.as_ref())
        .map(|k| k.display().to_string());
    let how = narrated::Following {
        name: &args.name,
        region: &region,
        context: &context,
        key_file: key.as_deref(),
        fallback_user: "ec2-user",
        after_ready: None,
        ssh_config: None,
    };
    let followed = narrated::follow_to_the_end(&session, how, &say).await;
    finish_followed(args.json, &mut outcome, followed)
}

/// Where following ended, into `--json`'s answer.
fn finish_followed(
    json: bool,
    outcome: &mut Outcome,
    followed: narrated::Followed,
) -> anyhow::Result<i32> {
    outcome.calls = followed.calls;
    outcome.stack_status = followed.stack_status;
    outcome.phase = followed.phase;
    outcome.upkeep = followed.upkeep;
    finish(json, outcome, followed.code)
}

/// "Type the cluster name to confirm": a launch costs money, a typo should not start one.
fn confirm(name: &str) -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "not a terminal, so pcwiz cannot ask you to confirm: pass --yes to launch from a script"
        );
    }
    let mut err = std::io::stderr().lock();
    write!(err, "Type the cluster name ({name}) to launch it: ")?;
    err.flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim() == name)
}

/// The private key for the config's key pair, if `~/.ssh/<name>` is there.
fn key_file(ctx: &Context, config: &ClusterConfig) -> Option<std::path::PathBuf> {
    let name = &config.head_node.ssh.as_ref()?.key_name;
    let path = ctx.ssh_dir().join(name);
    path.is_file().then_some(path)
}

/// The key pair counts as pcwiz's when it carries pcwiz's tag.
async fn created_by_pcwiz(ctx: &Context, config: &ClusterConfig, region: &str) -> CreatedByPcwiz {
    let Some(name) = config.head_node.ssh.as_ref().map(|s| s.key_name.clone()) else {
        return CreatedByPcwiz::default();
    };
    let session = AwsSession::new(&ctx.aws_env, &ctx.profile(), region).await;
    let pairs = crate::aws::keypairs::list(&session)
        .await
        .unwrap_or_default();
    CreatedByPcwiz {
        key_pair: pairs.iter().any(|p| p.name == name && p.imported_by_pcwiz),
        network_stack: None,
    }
}

fn finish(json: bool, outcome: &Outcome, code: i32) -> anyhow::Result<i32> {
    if json {
        super::print_json(outcome)?;
    }
    Ok(code)
}
