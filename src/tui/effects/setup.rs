//! Check my setup's background work: installing pcluster (each step reported as it
//! happens) and writing pasted IAM keys once STS has accepted them.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use super::{AWS_LIMIT, CommandEnv, too_long};
use crate::cluster::access_keys::AccessKeys;
use crate::credentials::{SsoSetup, sso_login};
use crate::pcluster::install;
use crate::tui::action::Action;

/// pip on a slow line can take minutes; past this, the install is said to have stalled.
const INSTALL_LIMIT: Duration = Duration::from_secs(20 * 60);

pub async fn install_pcluster(env: &CommandEnv, tx: &UnboundedSender<Action>) {
    let venv = env.dirs.managed_venv();
    let progress = |event| {
        let _ = tx.send(Action::InstallProgress(event));
    };
    let installing = install::install_pcluster(&venv, &env.doctor.search, progress);
    let result = match tokio::time::timeout(INSTALL_LIMIT, installing).await {
        Ok(Ok(version)) => Ok(version),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!(
            "Installing pcluster took longer than {} minutes and was stopped; press i to try again.",
            INSTALL_LIMIT.as_secs() / 60
        )),
    };
    let _ = tx.send(Action::PclusterInstalled(result));
}

/// The SSO profile written by the same code as `pcwiz credentials sso`, then the AWS CLI's
/// login with its output shown as it comes; without the AWS CLI, how to log in.
pub async fn add_sso(env: &CommandEnv, sso: &SsoSetup, tx: &UnboundedSender<Action>) {
    let written = crate::credentials::add_sso(&env.doctor.env, &env.dirs.cache, sso).map(|w| {
        // Its next step, the login, is what follows on the screen.
        format!(
            "✔ SSO profile `{}` written to {} ({}).",
            w.profile,
            w.files
                .first()
                .map(|f| f.display().to_string())
                .unwrap_or_default(),
            match w.backups.len() {
                0 => "nothing to back up".to_string(),
                n => format!("{n} earlier version(s) kept beside it"),
            },
        )
    });
    let ok = written.is_ok();
    let _ = tx.send(Action::SsoWritten {
        profile: sso.profile.clone(),
        result: written,
    });
    if !ok {
        return;
    }
    let result = match sso_login::aws_cli(&env.doctor.search, &sso.profile) {
        Ok(aws) => {
            let line = |text: String| {
                let _ = tx.send(Action::SsoLoginLine(text));
            };
            sso_login::login(&aws, &sso.profile, line).await
        }
        Err(how) => Err(how),
    };
    let _ = tx.send(Action::SsoLoggedIn(result));
}

pub async fn add_keys(env: &CommandEnv, profile: &str, keys: &AccessKeys, region: &str) -> Action {
    let writing =
        crate::credentials::add_keys(&env.doctor.env, &env.dirs.cache, profile, keys, region);
    let result = match tokio::time::timeout(AWS_LIMIT, writing).await {
        Ok(Ok(written)) => Ok(format!(
            "✔ {} written as profile `{}` ({} kept beside the files); {}.",
            written.who.unwrap_or_default(),
            written.profile,
            match written.backups.len() {
                0 => "nothing to back up".to_string(),
                n => format!("{n} earlier version(s)"),
            },
            written.next
        )),
        Ok(Err(why)) => Err(why),
        Err(_) => Err(too_long("Checking the keys with AWS")),
    };
    Action::KeysWritten(result)
}
