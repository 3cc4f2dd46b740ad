//! Changing a running cluster (the update screen): its config read, pcluster's dry run said
//! in words, and the update itself, whose steps are sent as they happen.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use super::{CommandEnv, no_pcluster};
use crate::cleanup::fleet_stop::Waiting;
use crate::cluster::config::ClusterConfig;
use crate::pcluster::Pcluster;
use crate::store::history::History;
use crate::tui::action::{Action, ConfigRead};
use crate::update::current::{self, Current};
use crate::update::preview::{self, Preview};
use crate::update::{apply, preview::Request};

/// A fleet stop (up to 15 min) and the update itself: the whole thing, with room.
const APPLY_LIMIT: Duration = Duration::from_secs(90 * 60);
/// describe-cluster, then the dry run (the validators, then S3): a few seconds each.
const LOOK_LIMIT: Duration = Duration::from_secs(5 * 60);

fn record(
    env: &CommandEnv,
    name: &str,
    region: &str,
) -> Option<crate::store::history::ClusterRecord> {
    History::in_dir(&env.dirs.data).load().ok().and_then(|l| {
        l.clusters
            .into_iter()
            .find(|c| c.name == name && c.region == region)
    })
}

pub async fn read_config(env: &CommandEnv, name: String, region: &str) -> Action {
    let result = async {
        let pcluster = Pcluster::locate(&env.doctor.search).ok_or_else(no_pcluster)?;
        let session = env.session(region).await;
        let record = record(env, &name, region);
        let current = current::read(&pcluster, &session.scope(), &name, record.as_ref()).await?;
        let zone = match ClusterConfig::from_yaml(&current.text) {
            Ok(config) => current::compute_zone(&session, &config).await,
            Err(e) => return Err(format!("{name}'s config is {e}")),
        };
        Ok(Box::new(ConfigRead { current, zone }))
    };
    let result = tokio::time::timeout(LOOK_LIMIT, result)
        .await
        .unwrap_or_else(|_| {
            Err(format!(
                "reading {name}'s config took longer than 5 minutes"
            ))
        });
    Action::ClusterConfigRead { name, result }
}

pub async fn preview(
    env: &CommandEnv,
    name: String,
    region: &str,
    current: &Current,
    new_text: &str,
    suppress_validators: &[String],
) -> Action {
    let result = async {
        let pcluster = Pcluster::locate(&env.doctor.search).ok_or_else(no_pcluster)?;
        let session = env.session(region).await;
        let record = record(env, &name, region);
        let request = Request {
            name: &name,
            new_text,
            suppress_validators,
            record: record.as_ref(),
            ssh_config: env.ssh_config.clone(),
        };
        preview::preview(&session, &env.dirs, &pcluster, current, &request)
            .await
            .map(Box::new)
    };
    let result = tokio::time::timeout(LOOK_LIMIT, result)
        .await
        .unwrap_or_else(|_| Err("pcluster's dry run took longer than 5 minutes".into()));
    Action::UpdatePreviewed { name, result }
}

pub async fn apply(
    env: &CommandEnv,
    name: String,
    region: &str,
    current: &Current,
    preview: &Preview,
    tx: &UnboundedSender<Action>,
) -> Action {
    let result = async {
        let pcluster = Pcluster::locate(&env.doctor.search).ok_or_else(no_pcluster)?;
        let session = env.session(region).await;
        apply::apply(
            &session,
            &env.dirs,
            &pcluster,
            current,
            preview,
            Waiting::default(),
            |step| {
                let _ = tx.send(Action::UpdateStep {
                    name: name.clone(),
                    step: Box::new(step),
                });
            },
        )
        .await
        .map(Box::new)
    };
    let result = tokio::time::timeout(APPLY_LIMIT, result)
        .await
        .unwrap_or_else(|_| {
            Err("the update took longer than 90 minutes to follow; it goes on in AWS: the dashboard shows how it ends".into())
        });
    Action::UpdateApplied { name, result }
}
