//! `pcwiz launch FILE --name NAME` and `pcwiz follow NAME`: create a cluster through the
//! real `pcluster`, then follow it until the head node is ready or the creation failed.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context as _;
use serde::Serialize;

use crate::aws::error::AwsError;
use crate::aws::session::AwsSession;
use crate::cli::args::{FollowArgs, LaunchArgs};
use crate::cluster::config::ClusterConfig;
use crate::cluster::cost_text;
use crate::cluster::findings::Severity;
use crate::cluster::launch::{self, LaunchStatus, Phase, PollSchedule};
use crate::cluster::launch_failure::FailureContext;
use crate::cluster::os::Os;
use crate::context::Context;
use crate::guard::budget::BudgetRequest;
use crate::launch::preflight::{self, Preflight};
use crate::launch::upkeep::{self, Upkeep, UpkeepDone};
use crate::launch::{follow as following, start};
use crate::store::dirs::Dirs;
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
    print_checks(&checked, &say);
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

    // 2. Dry run.
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
    say("Asking pcluster for a dry run (about a minute)…");
    let verdict = start::dry_run(&pcluster, &request)
        .await
        .map_err(|e| anyhow::anyhow!("pcluster's dry run did not run: {e}"))?;
    for problem in &verdict.problems {
        say(&format!(
            "  {} pcluster {}: {}",
            mark(&problem.level),
            problem.validator,
            problem.message
        ));
    }
    let would_succeed = verdict.would_succeed;
    say(&if would_succeed {
        "✔ pcluster: the request would succeed.".to_string()
    } else {
        format!("✖ pcluster refused: {}", verdict.message)
    });
    outcome.dry_run = Some(verdict);
    if !would_succeed {
        return finish(args.json, &outcome, 1);
    }
    if args.dry_run {
        return finish(args.json, &outcome, 0);
    }

    // 3. Create, recorded at once.
    say("Creating (pcluster builds the template and hands it to CloudFormation)…");
    let history = History::in_dir(&ctx.dirs.data);
    let created = match start::create(&pcluster, &request, &history)
        .await
        .map_err(|e| anyhow::anyhow!("pcluster create-cluster did not run: {e}"))?
    {
        Ok(created) => created,
        Err(refused) => {
            say(&format!(
                "✖ pcluster refused to create it: {}",
                refused.message
            ));
            for p in &refused.problems {
                say(&format!(
                    "  {} {}: {}",
                    mark(&p.level),
                    p.validator,
                    p.message
                ));
            }
            return finish(args.json, &outcome, 1);
        }
    };
    outcome.history_file = Some(history.path().display().to_string());
    say(&format!(
        "✔ CloudFormation has it ({}). Recorded in {}: closing this terminal does not stop the creation; `pcwiz follow {}` picks it up.",
        created.accepted.status,
        history.path().display(),
        args.name
    ));
    if let Some(problem) = &created.history_problem {
        say(&format!("! {problem}"));
    }

    // 4. Follow.
    let session = AwsSession::new(&ctx.aws_env, &ctx.profile(), &region).await;
    let context = FailureContext {
        head_instance_type: Some(config.head_node.instance_type.clone()),
        key_name: request.key_name.clone(),
        head_route: None,
        has_on_node_configured: text.contains("OnNodeConfigured"),
    };
    let user = Os::from_config_name(&config.image.os).map_or("ec2-user", Os::default_user);
    let key = request.key_file.as_ref().map(|k| k.display().to_string());
    let upkeep = Upkeep {
        idle_guard_minutes: Some(args.idle_guard).filter(|m| *m > 0),
        budget: args
            .budget
            .zip(args.budget_email.clone())
            .map(|(monthly_usd, email)| BudgetRequest { monthly_usd, email }),
    };
    follow_to_the_end(
        &session,
        &mut outcome,
        &context,
        key.as_deref(),
        user,
        args.json,
        &say,
        Some((&ctx.dirs, &upkeep)),
    )
    .await
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
    follow_to_the_end(
        &session,
        &mut outcome,
        &context,
        key.as_deref(),
        "ec2-user",
        args.json,
        &say,
        None,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn follow_to_the_end(
    session: &AwsSession,
    outcome: &mut Outcome<'_>,
    context: &FailureContext,
    key_file: Option<&str>,
    fallback_user: &str,
    json: bool,
    say: &dyn Fn(&str),
    after_ready: Option<(&Dirs, &Upkeep)>,
) -> anyhow::Result<i32> {
    let started = chrono::Utc::now();
    let mut shown_events = 0;
    let mut total_calls = 0;
    let name = outcome.name.to_string();
    let watching = following::follow(session, &name, PollSchedule::default(), |look, calls| {
        match look {
            Ok(status) => {
                for line in super::stack_events::unseen(&status.stack, &mut shown_events) {
                    say(&line);
                }
                say(&progress_line(status, started));
            }
            Err(e) => say(&format!("! could not look at the stack: {}", e.explained())),
        }
        total_calls = calls;
        true
    });
    let last: Result<LaunchStatus, AwsError> = tokio::select! {
        last = watching => last,
        _ = tokio::signal::ctrl_c() => {
            say(&format!("Stopped following. {name} keeps being created in AWS and is in pcwiz's history: `pcwiz follow {name}` picks it up again."));
            return finish(json, outcome, 130);
        }
    };
    outcome.calls = total_calls;
    let status = match last {
        Ok(status) => status,
        Err(e) => {
            say(&format!("✖ Lost sight of the stack: {}", e.explained()));
            return finish(json, outcome, 1);
        }
    };
    outcome.stack_status = Some(status.stack.status.clone());
    let phase = status.phase(context, key_file, fallback_user);
    let code = match &phase {
        Phase::Ready { ssh } => {
            say(&format!("✔ {name} is ready."));
            if let Some(ssh) = ssh {
                say(&format!("  Connect: {ssh}   (or: pcwiz ssh {name})"));
            }
            if let Some((dirs, upkeep)) = after_ready {
                say("Setting up what looks after the cluster while nobody watches…");
                let done = upkeep::after_ready(
                    session,
                    dirs,
                    &name,
                    super::cluster_arg::ssh_config(),
                    upkeep,
                )
                .await;
                for line in done.lines(&name) {
                    say(&line);
                }
                outcome.upkeep = Some(done);
            }
            0
        }
        Phase::Failed(d) => {
            say(&format!("✖ {name} was not created: {}", d.cause));
            say(&format!("  Next: {}", d.next));
            say(&format!("  AWS said: {}", d.detail));
            say(&format!(
                "  The failed stack still exists. Delete it: pcluster delete-cluster --cluster-name {name} --region {}",
                outcome.region
            ));
            1
        }
        Phase::Creating => 1,
    };
    outcome.phase = Some(phase);
    finish(json, outcome, code)
}

fn progress_line(status: &LaunchStatus, started: chrono::DateTime<chrono::Utc>) -> String {
    let head = status
        .head_node
        .as_ref()
        .map(|h| format!("head node {}", h.state))
        .unwrap_or_else(|| "head node not launched yet".into());
    format!(
        "[{}] {} · {}/{} resources · {} · {}",
        chrono::Utc::now().format("%H:%M:%S"),
        status.stack.status,
        status.stack.resources_done,
        status.stack.resources_total,
        head,
        launch::elapsed(started, chrono::Utc::now())
    )
}

fn print_checks(checked: &Preflight, say: &dyn Fn(&str)) {
    say(&format!(
        "  Acting as {}.",
        checked.scope.describe(checked.account.as_deref())
    ));
    for check in &checked.checks {
        let mark = match check.severity {
            Severity::Error => "✖",
            Severity::Warning => "!",
        };
        say(&format!("  {mark} {}", check.message));
        say(&format!("    Fix: {}", check.fix));
    }
    if checked.checks.is_empty() {
        say("  ✔ credentials, config, pcluster and name: all fine");
    }
    if let Some(estimate) = &checked.estimate {
        let sources = cost_text::sources(&estimate.full_scale, chrono::Utc::now())
            .unwrap_or_else(|| "no prices known".into());
        say(&format!(
            "  Cost: idle {}, full scale {} ({sources})",
            cost_text::total(&estimate.idle),
            cost_text::total(&estimate.full_scale),
        ));
    }
}

fn mark(level: &str) -> &'static str {
    if level == "ERROR" { "✖" } else { "!" }
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
