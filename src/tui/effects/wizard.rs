//! The wizard's own background work: saving the draft and the reviewed config, the
//! account's side of the review's checks, and the instance types a zone offers.

use std::path::PathBuf;

use super::{AWS_LIMIT, CommandEnv, too_long};
use crate::aws::{catalog, surroundings};
use crate::cluster::config::ClusterConfig;
use crate::store::{atomic, drafts};
use crate::tui::action::Action;
use crate::wizard::Draft;

pub async fn save_draft(env: &CommandEnv, draft: Draft) -> Action {
    let dirs = env.dirs.clone();
    let result =
        tokio::task::spawn_blocking(move || drafts::save(&dirs, &draft).map_err(|e| e.to_string()))
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
    Action::DraftSaved(result)
}

/// Written atomically, mode 0600: a config holds account details.
pub async fn save_config(path: PathBuf, text: String) -> Action {
    let result = tokio::task::spawn_blocking(move || {
        atomic::write(&path, text.as_bytes(), 0o600)
            .map(|()| path.clone())
            .map_err(|e| format!("could not write {}: {e}", path.display()))
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()));
    Action::ConfigSaved(result)
}

pub async fn look_around(env: &CommandEnv, region: &str, config: &ClusterConfig) -> Action {
    let session = env.session(region).await;
    let result = tokio::time::timeout(AWS_LIMIT, surroundings::look_around(&session, config))
        .await
        .unwrap_or_else(|_| Err(too_long("Checking against AWS")));
    Action::ConfigLookedAround(result.map(Box::new))
}

pub async fn load_catalog(env: &CommandEnv, region: &str, zone: Option<String>) -> Action {
    let Some(zone) = zone else {
        // No account to ask: every type in the bundled catalog, labelled so on screen.
        let types = crate::cluster::sizing::snapshot_catalog::all();
        return Action::CatalogLoaded {
            zone: None,
            result: Ok(types),
        };
    };
    let session = env.session(region).await;
    let result =
        match tokio::time::timeout(AWS_LIMIT, catalog::offered_in_zone(&session, &zone)).await {
            Ok(Ok(types)) => Ok(types),
            Ok(Err(e)) => Err(e.explained()),
            Err(_) => Err(too_long("Listing instance types")),
        };
    Action::CatalogLoaded {
        zone: Some(zone),
        result,
    }
}
