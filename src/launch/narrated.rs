//! A launch told line by line, for the front ends that print as they go (`pcwiz launch`,
//! `pcwiz --plain`): the checks, pcluster's dry run, the creation and each look at the
//! stack become sentences handed to `say` the moment they are known. Nothing here prints
//! or asks: the confirmation between the checks and the dry run is the front end's.

use crate::aws::error::AwsError;
use crate::aws::session::AwsSession;
use crate::cluster::cost_text;
use crate::cluster::findings::Severity;
use crate::cluster::launch::{self, LaunchStatus, Phase, PollSchedule};
use crate::cluster::launch_failure::FailureContext;
use crate::cluster::stack_lines;
use crate::launch::follow as following;
use crate::launch::preflight::Preflight;
use crate::launch::start::{self, LaunchRequest};
use crate::launch::upkeep::{self, Upkeep, UpkeepDone};
use crate::pcluster::{DryRunVerdict, Pcluster, ValidationProblem};
use crate::store::dirs::Dirs;
use crate::store::history::History;

/// The preflight's answer in lines: who acts, each finding with its fix, the idle and
/// full-scale cost.
pub fn check_lines(checked: &Preflight) -> Vec<String> {
    let mut lines = vec![format!(
        "  Acting as {}.",
        checked.scope.describe(checked.account.as_deref())
    )];
    for check in &checked.checks {
        let mark = match check.severity {
            Severity::Error => "✖",
            Severity::Warning => "!",
        };
        lines.push(format!("  {mark} {}", check.message));
        lines.push(format!("    Fix: {}", check.fix));
    }
    if checked.checks.is_empty() {
        lines.push("  ✔ credentials, config, pcluster and name: all fine".into());
    }
    if let Some(estimate) = &checked.estimate {
        let sources = cost_text::sources(&estimate.full_scale, chrono::Utc::now())
            .unwrap_or_else(|| "no prices known".into());
        lines.push(format!(
            "  Cost: idle {}, full scale {} ({sources})",
            cost_text::total(&estimate.idle),
            cost_text::total(&estimate.full_scale),
        ));
    }
    lines
}

/// How far `dry_run_then_create` got.
pub struct Created {
    pub dry_run: Option<DryRunVerdict>,
    /// The history file, once pcluster accepted the creation.
    pub history_file: Option<String>,
}

/// pcluster's dry run, then (unless `dry_run_only`) the creation, recorded in the history.
/// Err when pcluster itself did not run; a refusal is said and leaves `history_file` None.
pub async fn dry_run_then_create(
    pcluster: &Pcluster,
    request: &LaunchRequest,
    dirs: &Dirs,
    dry_run_only: bool,
    say: &dyn Fn(&str),
) -> Result<Created, String> {
    say("Asking pcluster for a dry run (about a minute)…");
    let verdict = start::dry_run(pcluster, request)
        .await
        .map_err(|e| format!("pcluster's dry run did not run: {e}"))?;
    say_problems(&verdict.problems, "pcluster ", say);
    let would_succeed = verdict.would_succeed;
    say(&if would_succeed {
        "✔ pcluster: the request would succeed.".to_string()
    } else {
        format!("✖ pcluster refused: {}", verdict.message)
    });
    let mut created = Created {
        dry_run: Some(verdict),
        history_file: None,
    };
    if !would_succeed || dry_run_only {
        return Ok(created);
    }

    say("Creating (pcluster builds the template and hands it to CloudFormation)…");
    let history = History::in_dir(&dirs.data);
    let accepted = match start::create(pcluster, request, &history)
        .await
        .map_err(|e| format!("pcluster create-cluster did not run: {e}"))?
    {
        Ok(accepted) => accepted,
        Err(refused) => {
            say(&format!(
                "✖ pcluster refused to create it: {}",
                refused.message
            ));
            say_problems(&refused.problems, "", say);
            return Ok(created);
        }
    };
    say(&format!(
        "✔ CloudFormation has it ({}). Recorded in {}: closing this terminal does not stop the creation; `pcwiz follow {}` picks it up.",
        accepted.accepted.status,
        history.path().display(),
        request.name
    ));
    if let Some(problem) = &accepted.history_problem {
        say(&format!("! {problem}"));
    }
    created.history_file = Some(history.path().display().to_string());
    Ok(created)
}

/// Where following ended.
#[derive(Default)]
pub struct Followed {
    /// The process's exit status: 0 ready, 1 failed or lost, 130 stopped by Ctrl-C.
    pub code: i32,
    pub phase: Option<Phase>,
    pub stack_status: Option<String>,
    /// AWS calls made while following.
    pub calls: u32,
    pub upkeep: Option<UpkeepDone>,
}

/// What following needs besides the stack: how to explain a failure and how to log in.
pub struct Following<'a> {
    pub name: &'a str,
    pub region: &'a str,
    pub context: &'a FailureContext,
    pub key_file: Option<&'a str>,
    pub fallback_user: &'a str,
    /// Set up once ready (the idle guard, the budget), when the launch asked for it.
    pub after_ready: Option<(&'a Dirs, &'a Upkeep)>,
    /// The ssh config the idle guard is armed through (PCWIZ_SSH_CONFIG), if not ~/.ssh's.
    pub ssh_config: Option<std::path::PathBuf>,
}

/// Each look at the stack as a line until it is finished, then the verdict: the ssh
/// command once ready, or the cause and what to do. Ctrl-C stops following, never the
/// creation.
pub async fn follow_to_the_end(
    session: &AwsSession,
    how: Following<'_>,
    say: &dyn Fn(&str),
) -> Followed {
    let started = chrono::Utc::now();
    let mut shown_events = 0;
    let mut total_calls = 0;
    let name = how.name;
    let watching = following::follow(session, name, PollSchedule::default(), |look, calls| {
        match look {
            Ok(status) => {
                for line in stack_lines::unseen(&status.stack, &mut shown_events) {
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
            return Followed { code: 130, calls: total_calls, ..Followed::default() };
        }
    };
    let mut followed = Followed {
        calls: total_calls,
        ..Followed::default()
    };
    let status = match last {
        Ok(status) => status,
        Err(e) => {
            say(&format!("✖ Lost sight of the stack: {}", e.explained()));
            followed.code = 1;
            return followed;
        }
    };
    followed.stack_status = Some(status.stack.status.clone());
    let phase = status.phase(how.context, how.key_file, how.fallback_user);
    followed.code = match &phase {
        Phase::Ready { ssh } => {
            say(&format!("✔ {name} is ready."));
            if let Some(ssh) = ssh {
                say(&format!("  Connect: {ssh}   (or: pcwiz ssh {name})"));
            }
            if let Some((dirs, upkeep)) = how.after_ready {
                say("Setting up what looks after the cluster while nobody watches…");
                let ssh_config = how.ssh_config.clone();
                let done = upkeep::after_ready(session, dirs, name, ssh_config, upkeep).await;
                for line in done.lines(name) {
                    say(&line);
                }
                followed.upkeep = Some(done);
            }
            0
        }
        Phase::Failed(d) => {
            say(&format!("✖ {name} was not created: {}", d.cause));
            say(&format!("  Next: {}", d.next));
            say(&format!("  AWS said: {}", d.detail));
            say(&format!(
                "  The failed stack still exists. Delete it: pcluster delete-cluster --cluster-name {name} --region {}",
                how.region
            ));
            1
        }
        Phase::Creating => 1,
    };
    followed.phase = Some(phase);
    followed
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

/// pcluster's validators' findings, one line each: "  ✖ pcluster KeyPairValidator: …".
fn say_problems(problems: &[ValidationProblem], prefix: &str, say: &dyn Fn(&str)) {
    for p in problems {
        let mark = if p.level == "ERROR" { "✖" } else { "!" };
        say(&format!("  {mark} {prefix}{}: {}", p.validator, p.message));
    }
}
