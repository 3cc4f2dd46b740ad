//! The "Set up HSDS" screen's background work: the keys (typed, or the keyring's), who
//! they belong to (STS), kept in the keyring when typed, then install and check. Progress
//! goes to the screen as it happens; it always ends with one `HsdsSetupDone`.

use tokio::sync::mpsc::UnboundedSender;

use super::CommandEnv;
use crate::hsds::keys::HsdsKeys;
use crate::hsds::setup::{self, Defaults, SetupRequest, SetupResult};
use crate::hsds::{key_check, keyring_store};
use crate::store::history::History;
use crate::tui::action::{Action, HsdsChoices};

pub async fn set_up(
    env: &CommandEnv,
    name: &str,
    region: &str,
    choices: HsdsChoices,
    tx: &UnboundedSender<Action>,
) {
    let say = |line: &str| {
        let _ = tx.send(Action::HsdsSetupProgress {
            name: name.to_string(),
            line: line.to_string(),
        });
    };
    let result = run(env, name, region, choices, &say).await;
    let _ = tx.send(Action::HsdsSetupDone {
        name: name.to_string(),
        result: Box::new(result),
    });
}

async fn run(
    env: &CommandEnv,
    name: &str,
    region: &str,
    choices: HsdsChoices,
    say: &impl Fn(&str),
) -> Result<(SetupResult, Vec<String>), String> {
    let mut notes = vec![];
    let keys = if choices.source.needs_keys() {
        let session = env.session(region).await;
        let bucket = choices.source.bucket().to_string();
        let keys = match choices.keys.clone() {
            Some(typed) => {
                say(&format!("Asking AWS whose keys {} are…", typed.masked()));
                let owner = key_check::check(&session, &typed).await?;
                notes.push(format!("Keys {} of {owner}.", typed.masked()));
                notes.push(match keyring_store::save(&bucket, &typed).await {
                    Ok(()) => format!(
                        "Kept in the OS keyring for {bucket}: next time leave the key fields empty."
                    ),
                    Err(no) => no.explained(),
                });
                typed
            }
            None => kept_keys(&bucket).await?,
        };
        Some(keys)
    } else {
        None
    };
    let config = History::in_dir(&env.dirs.data)
        .load()
        .ok()
        .and_then(|l| {
            l.clusters
                .into_iter()
                .find(|c| c.name == name && c.region == region)
        })
        .and_then(|r| r.recorded_config());
    let defaults = Defaults::for_cluster(config.as_ref(), &choices.nodes, None);
    let request = SetupRequest::new(
        &defaults,
        choices.source,
        keys,
        choices.dataset,
        choices.max_workers,
    )?;
    let result = setup::run(&choices.target, &request, say).await?;
    Ok((result, notes))
}

/// The keys the keyring keeps for `bucket`, or why there are none to use.
async fn kept_keys(bucket: &str) -> Result<HsdsKeys, String> {
    match keyring_store::load(bucket).await {
        Ok(Some(keys)) => Ok(keys),
        Ok(None) => Err(format!(
            "The OS keyring keeps no keys for {bucket}: type the IAM user's access key id and secret."
        )),
        Err(no) => Err(format!("{} Type them in the form.", no.explained())),
    }
}
