//! Everything said before anything happens: pcluster's dry run of the new config against the
//! cluster's stored one, each change in words for the cluster as it is now (its fleet, the
//! jobs running on it, read in one ssh round trip), what pcwiz would do, and the cost per
//! hour idle and at full scale before → after.

use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

use super::current::Current;
use crate::aws::price_engine::PriceEngine;
use crate::aws::session::AwsSession;
use crate::cluster::config::ClusterConfig;
use crate::cluster::cost::{self, Surroundings};
use crate::cluster::cost_text;
use crate::cluster::update::change::UpdateAnswer;
use crate::cluster::update::cost_change::{self, CostChange};
use crate::cluster::update::explain::{self, Explained, RunningJob, Situation};
use crate::cluster::update::plan::{self, Plan};
use crate::monitor::status::{self as monitor, SshSetup};
use crate::pcluster::Pcluster;
use crate::remote::probe::ProbeOptions;
use crate::store::config_copies::ConfigCopies;
use crate::store::dirs::Dirs;
use crate::store::history::ClusterRecord;

/// What is asked: the new config for a cluster, and how to reach it.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub name: &'a str,
    pub new_text: &'a str,
    /// Handed to pcluster unchanged; pcwiz suppresses nothing by itself.
    pub suppress_validators: &'a [String],
    pub record: Option<&'a ClusterRecord>,
    /// The ssh config to use instead of ~/.ssh/config (PCWIZ_SSH_CONFIG).
    pub ssh_config: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    pub name: String,
    pub region: String,
    /// The new config as pcluster was given it (pcwiz's copy, 0600).
    pub new_file: PathBuf,
    pub situation: Situation,
    pub answer: UpdateAnswer,
    pub changes: Vec<Explained>,
    pub plan: Plan,
    /// None when one of the configs is not one pcwiz can price.
    pub cost: Option<CostChange>,
    /// Where the prices came from ("live, 2 min ago"…).
    pub prices_from: Option<String>,
    pub dry_run_seconds: f64,
    /// Handed to pcluster again for the update itself.
    #[serde(skip)]
    pub suppress_validators: Vec<String>,
}

pub async fn preview(
    session: &AwsSession,
    dirs: &Dirs,
    pcluster: &Pcluster,
    current: &Current,
    request: &Request<'_>,
) -> Result<Preview, String> {
    let region = session.region.clone();
    let new_file = ConfigCopies::in_dir(&dirs.data)
        .stage(&region, request.name, request.new_text)
        .map_err(|e| format!("could not write the new config for pcluster: {e}"))?;
    let scope = session.scope();
    let started = Instant::now();
    let (answer, jobs, fleet, cost) = tokio::join!(
        async {
            let answer = pcluster
                .update_cluster(
                    request.name,
                    &new_file,
                    &scope,
                    request.suppress_validators,
                    true,
                )
                .await;
            (answer, started.elapsed())
        },
        running_jobs(session, dirs, request),
        async {
            match current
                .described
                .as_ref()
                .and_then(|d| d.fleet_status.clone())
            {
                Some(status) => Some(status),
                None => pcluster.fleet_status(request.name, &scope).await.ok(),
            }
        },
        cost_before_after(session, dirs, &current.text, request.new_text),
    );
    let (answer, took) = answer;
    let answer = answer.map_err(|e| format!("pcluster's dry run did not run: {e}"))?;
    let situation = Situation {
        fleet,
        running_jobs: jobs,
        queue_update_strategy: ClusterConfig::from_yaml(request.new_text)
            .ok()
            .and_then(|c| queue_update_strategy(&c)),
    };
    let changes = explain::explain(&answer, &situation);
    let plan = plan::plan(&answer, &changes);
    let (cost, prices_from) = cost.unzip();
    Ok(Preview {
        name: request.name.to_string(),
        region,
        new_file,
        situation,
        answer,
        changes,
        plan,
        cost,
        prices_from: prices_from.flatten(),
        dry_run_seconds: took.as_secs_f64(),
        suppress_validators: request.suppress_validators.to_vec(),
    })
}

impl Preview {
    /// "Cost per hour (live · 2 min ago):", over the before → after figures.
    pub fn cost_heading(&self) -> String {
        format!(
            "Cost per hour{}:",
            self.prices_from
                .as_ref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default()
        )
    }
}

/// Scheduling.SlurmSettings.QueueUpdateStrategy, which decides what a queue change does.
fn queue_update_strategy(config: &ClusterConfig) -> Option<String> {
    config
        .scheduling
        .slurm_settings
        .as_ref()?
        .extra
        .get("QueueUpdateStrategy")?
        .as_str()
        .map(str::to_string)
}

/// The jobs running now, from the head node in the dashboard's one ssh round trip.
async fn running_jobs(
    session: &AwsSession,
    dirs: &Dirs,
    request: &Request<'_>,
) -> Result<Vec<RunningJob>, String> {
    let setup = SshSetup::new(&dirs.state, request.ssh_config.clone());
    let options = ProbeOptions {
        hsds_port: monitor::HSDS_PORT,
        rev_dir: None,
        nodes_up_since: None,
    };
    let refresh = monitor::refresh(
        session,
        request.name,
        request.record,
        &setup,
        &options,
        None,
    )
    .await;
    let report = match refresh.probe {
        None => return Err("the head node is not running".into()),
        // The first clause says it ("could not reach the head node ubuntu@…"); the rest
        // (what ssh said, the usual causes) is the dashboard's to show.
        Some(Err(failure)) => {
            let first = failure.message.split(" (").next().unwrap_or_default();
            return Err(first.trim_end_matches(':').to_string());
        }
        Some(Ok(report)) => report,
    };
    let jobs = report.jobs?;
    Ok(jobs
        .items
        .into_iter()
        .filter(|j| j.state == "RUNNING")
        .map(|j| RunningJob {
            id: j.id,
            name: j.name,
        })
        .collect())
}

/// Both configs through the wizard's cost model, with one price lookup for both.
async fn cost_before_after(
    session: &AwsSession,
    dirs: &Dirs,
    before: &str,
    after: &str,
) -> Option<(CostChange, Option<String>)> {
    let (before, after) = (
        ClusterConfig::from_yaml(before).ok()?,
        ClusterConfig::from_yaml(after).ok()?,
    );
    let surroundings = Surroundings { nat_gateways: None };
    let mut keys = cost::price_keys(&before, surroundings);
    keys.extend(cost::price_keys(&after, surroundings));
    keys.sort();
    keys.dedup();
    let book = PriceEngine::in_dir(&dirs.cache).book(session, &keys).await;
    let (before, after) = (
        cost::estimate(&before, &book, surroundings),
        cost::estimate(&after, &book, surroundings),
    );
    Some((
        cost_change::compare(&before, &after),
        cost_text::sources(&after.full_scale, chrono::Utc::now()),
    ))
}
