//! The update itself, once the user said yes: the compute fleet stopped first when pcluster
//! needs it (the wait park uses, until pcluster records it STOPPED), `pcluster
//! update-cluster`, the configs before and after kept and recorded the moment pcluster
//! accepts, the stack followed as a launch is, and the fleet started again if pcwiz stopped
//! it, whether the update worked or not.
//!
//! Dropping the future (Ctrl-C, a closed screen) loses nothing in AWS: the update goes on
//! and the history says it started. Only a fleet pcwiz stopped stays stopped; the front end
//! says so.

use chrono::Utc;
use serde::Serialize;

use super::current::Current;
use super::preview::Preview;
use crate::aws::error::AwsError;
use crate::aws::session::AwsSession;
use crate::cleanup::fleet_stop::{self, Waiting};
use crate::cluster::launch::{LaunchStatus, PollSchedule};
use crate::cluster::update::change::UpdateAnswer;
use crate::cluster::update::outcome::{self, UpdateEnd};
use crate::cluster::update::plan::Plan;
use crate::launch::follow;
use crate::pcluster::Pcluster;
use crate::store::config_copies::ConfigCopies;
use crate::store::dirs::Dirs;
use crate::store::history::{History, UpdateRecord};

/// What an update goes through, as it happens: the front ends show each.
#[derive(Debug, Clone)]
pub enum Step {
    StoppingFleet,
    /// A look while waiting for the compute instances to end.
    Waiting(String),
    FleetStopped(Vec<String>),
    /// pcluster update-cluster is running (it builds the template first).
    Updating,
    /// CloudFormation has the update; the history has it (or says why not).
    Started {
        stack_status: String,
        history_problem: Option<String>,
    },
    /// One look at the stack (four AWS calls so far per look).
    Look(Result<Box<LaunchStatus>, String>),
    StartingFleet,
    FleetStarted(Result<String, String>),
}

impl Step {
    /// The step in one line, as both front ends print it; None for a look at the stack,
    /// which each shows its own way (new events, a progress bar).
    pub fn line(&self) -> Option<String> {
        Some(match self {
            Self::StoppingFleet => "Stopping the compute fleet…".into(),
            Self::Waiting(line) => format!("… {line}"),
            Self::FleetStopped(done) => format!("✔ {}", done.join(" · ")),
            Self::Updating => {
                "Running pcluster update-cluster (it builds the new template first: a minute or two)…"
                    .into()
            }
            Self::Started {
                stack_status,
                history_problem,
            } => match history_problem {
                None => format!(
                    "✔ CloudFormation has the update ({stack_status}); pcwiz's history has the configs before and after."
                ),
                Some(problem) => {
                    format!("✔ CloudFormation has the update ({stack_status}). ! {problem}")
                }
            },
            Self::Look(Ok(_)) => return None,
            Self::Look(Err(why)) => format!("! could not look at the stack: {why}"),
            Self::StartingFleet => "Starting the compute fleet again…".into(),
            Self::FleetStarted(Ok(status)) => format!("✔ compute fleet: {status}"),
            Self::FleetStarted(Err(why)) => format!(
                "✖ could not start the compute fleet again: {why}. Start it with f on the dashboard."
            ),
        })
    }
}

/// Where the update ended.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Applied {
    /// pcluster refused the update itself (the cluster changed since the preview): its answer.
    pub refused: Option<UpdateAnswer>,
    /// How the stack's update ended; None when it did not start, or pcwiz lost sight of it.
    pub end: Option<UpdateEnd>,
    pub stack_status: Option<String>,
    /// Why the stack could not be followed to the end, if it could not.
    pub lost_sight: Option<String>,
    /// The fleet stop pcwiz made first, and whether it finished.
    pub fleet_stop: Vec<String>,
    /// The fleet started again: its status, or why it could not be.
    pub fleet_restart: Option<Result<String, String>>,
    pub before_file: Option<std::path::PathBuf>,
    pub after_file: Option<std::path::PathBuf>,
    pub history_problem: Option<String>,
    /// AWS calls made while following.
    pub calls: u32,
}

impl Applied {
    pub fn succeeded(&self) -> bool {
        self.end.as_ref().is_some_and(UpdateEnd::succeeded)
    }
}

pub async fn apply(
    session: &AwsSession,
    dirs: &Dirs,
    pcluster: &Pcluster,
    current: &Current,
    preview: &Preview,
    waiting: Waiting,
    mut hear: impl FnMut(Step),
) -> Result<Applied, String> {
    if !preview.plan.applicable() {
        return Err(format!("nothing to apply: {}", preview.plan.verdict()));
    }
    let name = preview.name.as_str();
    let scope = session.scope();
    let mut applied = Applied::default();
    let stop_first = preview.plan == Plan::StopFleetFirst;
    if stop_first {
        hear(Step::StoppingFleet);
        let stopped =
            fleet_stop::stop_and_wait(session, dirs, pcluster, name, waiting, true, |line| {
                hear(Step::Waiting(line))
            })
            .await?;
        applied.fleet_stop = stopped.done.clone();
        if !stopped.finished() {
            applied.fleet_stop.push(format!(
                "after {} the fleet is not stopped ({}): the update was not run",
                fleet_stop::said(stopped.waited),
                if stopped.still_running.is_empty() {
                    format!(
                        "pcluster says {}",
                        stopped.recorded.as_deref().unwrap_or("?")
                    )
                } else {
                    fleet_stop::listed(&stopped.still_running).join(", ") + " still run"
                }
            ));
            applied.fleet_restart = Some(restart(pcluster, name, &scope, &mut hear).await);
            return Ok(applied);
        }
        hear(Step::FleetStopped(stopped.done));
    }

    hear(Step::Updating);
    let answer = pcluster
        .update_cluster(
            name,
            &preview.new_file,
            &scope,
            &preview.suppress_validators,
            false,
        )
        .await;
    let stack_status = match answer {
        Ok(UpdateAnswer::Started { stack_status, .. }) => stack_status,
        other => {
            applied.refused = Some(other.unwrap_or_else(|e| UpdateAnswer::Failed {
                message: format!("pcluster update-cluster did not run: {e}"),
            }));
            if stop_first {
                applied.fleet_restart = Some(restart(pcluster, name, &scope, &mut hear).await);
            }
            return Ok(applied);
        }
    };
    let started_at = Utc::now();
    let new_text = std::fs::read_to_string(&preview.new_file).unwrap_or_default();
    keep_and_record(
        dirs,
        preview,
        current,
        &new_text,
        started_at,
        stop_first,
        &mut applied,
    );
    hear(Step::Started {
        stack_status,
        history_problem: applied.history_problem.clone(),
    });

    let mut calls = 0;
    let last: Result<LaunchStatus, AwsError> =
        follow::follow(session, name, PollSchedule::default(), |look, so_far| {
            calls = so_far;
            hear(Step::Look(
                look.clone().map(Box::new).map_err(|e| e.explained()),
            ));
            true
        })
        .await;
    applied.calls = calls;
    match last {
        Ok(status) => {
            let end = outcome::end_of(&status.stack, name, &preview.region);
            applied.stack_status = Some(status.stack.status.clone());
            record_end(
                dirs,
                preview,
                started_at,
                &status.stack.status,
                &end,
                &mut applied,
            );
            applied.end = Some(end);
        }
        Err(e) => applied.lost_sight = Some(e.explained()),
    }
    if stop_first {
        applied.fleet_restart = Some(restart(pcluster, name, &scope, &mut hear).await);
    }
    Ok(applied)
}

async fn restart(
    pcluster: &Pcluster,
    name: &str,
    scope: &crate::cluster::aws_scope::AwsScope,
    hear: &mut impl FnMut(Step),
) -> Result<String, String> {
    hear(Step::StartingFleet);
    let started = pcluster
        .set_fleet(name, scope, true)
        .await
        .map_err(|e| e.to_string());
    hear(Step::FleetStarted(started.clone()));
    started
}

/// The configs before and after, copied under the data dir, and the update in the
/// history's record of the cluster (when it has one).
fn keep_and_record(
    dirs: &Dirs,
    preview: &Preview,
    current: &Current,
    new_text: &str,
    at: chrono::DateTime<Utc>,
    stopped_fleet: bool,
    applied: &mut Applied,
) {
    let copies = ConfigCopies::in_dir(&dirs.data);
    let kept = copies
        .keep(&preview.region, &preview.name, at, "before", &current.text)
        .and_then(|before| {
            copies
                .keep(&preview.region, &preview.name, at, "after", new_text)
                .map(|after| (before, after))
        });
    let (before, after) = match kept {
        Ok(files) => files,
        Err(e) => {
            applied.history_problem = Some(format!(
                "the update is running, but pcwiz could not keep the configs before and after: {e}"
            ));
            return;
        }
    };
    applied.before_file = Some(before.clone());
    applied.after_file = Some(after.clone());
    let history = History::in_dir(&dirs.data);
    let mut found = false;
    let result = history.update(&preview.name, &preview.region, None, |record| {
        found = true;
        record.updates.push(UpdateRecord {
            started_at: at,
            before,
            after,
            stopped_fleet,
            ended: None,
            ended_at: None,
        });
    });
    applied.history_problem = match result {
        Err(e) => Some(format!(
            "the update is running, but pcwiz could not record it in {}: {e}",
            history.path().display()
        )),
        Ok(loaded) => loaded.problem.or_else(|| {
            (!found).then(|| {
                format!(
                    "pcwiz's history has no record of {} (not launched from here): the configs are kept in {}",
                    preview.name,
                    applied
                        .before_file
                        .as_ref()
                        .and_then(|p| p.parent())
                        .map(|p| p.display().to_string())
                        .unwrap_or_default()
                )
            })
        }),
    };
}

/// How the update ended, in the history; after a successful one the record's config is
/// the new one (what prices and defaults are read from).
fn record_end(
    dirs: &Dirs,
    preview: &Preview,
    started_at: chrono::DateTime<Utc>,
    status: &str,
    end: &UpdateEnd,
    applied: &mut Applied,
) {
    let after = applied.after_file.clone();
    let result =
        History::in_dir(&dirs.data).update(&preview.name, &preview.region, None, |record| {
            if let Some(update) = record
                .updates
                .iter_mut()
                .find(|u| u.started_at == started_at)
            {
                update.ended = Some(status.to_string());
                update.ended_at = Some(Utc::now());
            }
            if end.succeeded()
                && let Some(after) = after
            {
                record.config_file = after;
            }
        });
    if let Err(e) = result {
        applied.history_problem = Some(format!("could not record how the update ended: {e}"));
    }
}
