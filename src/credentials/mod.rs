//! Setting credentials up from inside pcwiz (issue 20): a newcomer has no AWS CLI, so
//! "run `aws configure`" is no next step. Pasted IAM user keys are checked (shape, then
//! STS with them alone) before a byte is written; then the named profile goes into
//! `~/.aws/credentials` and `~/.aws/config` the way the AWS CLI writes it, nothing else in
//! those files touched, each backed up first and written 0600. An SSO profile and its
//! sso-session are written the same way, and the next step is the login. Remembered price
//! failures are forgotten: new credentials deserve a fresh try.

mod sso;
pub mod sso_login;

pub use sso::{SsoSetup, add_sso};

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::aws::credential_source::{ChosenBy, ProfileChoice};
use crate::aws::environment::AwsEnvironment;
use crate::aws::identity::{self, PrincipalKind};
use crate::aws::price_engine::PriceEngine;
use crate::aws::profile_write;
use crate::aws::session::AwsSession;
use crate::cluster::access_keys::AccessKeys;

/// What was written, and what to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Written {
    pub profile: String,
    /// "IAM user `alice` in 123456789012", when STS was asked.
    pub who: Option<String>,
    pub files: Vec<PathBuf>,
    /// Earlier versions of the files, kept beside them.
    pub backups: Vec<PathBuf>,
    /// A command to run, or what to pass to pcwiz, to use the profile.
    pub next: String,
}

/// A profile name the AWS CLI reads back as written.
pub fn check_profile_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    match ok {
        true => Ok(()),
        false => Err(format!(
            "`{name}` cannot be a profile name: use letters, digits, -, _ or . (e.g. lab)."
        )),
    }
}

/// The `~/.aws/config` header of a profile: `[default]` or `[profile NAME]`.
fn config_header(profile: &str) -> String {
    match profile {
        "default" => "default".into(),
        name => format!("profile {name}"),
    }
}

/// Checks `keys` with STS, then writes them as `profile` (with `region`).
pub async fn add_keys(
    env: &AwsEnvironment,
    cache_dir: &Path,
    profile: &str,
    keys: &AccessKeys,
    region: &str,
) -> Result<Written, String> {
    check_profile_name(profile)?;
    // Region and endpoints as configured; the keys, not any profile, sign the call.
    let default = ProfileChoice {
        name: "default".into(),
        chosen_by: ChosenBy::Default,
    };
    let session = AwsSession::new(env, &default, region).await;
    let who = identity::whose_keys(&session.config, &session.endpoint("sts"), keys)
        .await
        .map_err(|e| {
            format!(
                "AWS did not accept the keys {}, so nothing was written. {}",
                keys.masked(),
                e.explained()
            )
        })?;
    let who = match who.kind {
        PrincipalKind::IamUser => format!("IAM user `{}` in {}", who.principal_name, who.account),
        PrincipalKind::Root => {
            return Err("These are the account's root keys: nothing was written. Root keys can do anything, and should not sit on a laptop: create an IAM user (IAM console → Users → Create user) and paste its keys.".into());
        }
        other => {
            return Err(format!(
                "These keys belong to a {} principal, not an IAM user: nothing was written.",
                other.as_str()
            ));
        }
    };
    let credentials = (
        env.credentials_file()
            .ok_or("no home directory to keep ~/.aws/credentials in")?,
        profile.to_string(),
        vec![
            ("aws_access_key_id", keys.id()),
            ("aws_secret_access_key", keys.secret()),
        ],
        // Left over from temporary keys, it would spoil the new ones.
        vec!["aws_session_token"],
    );
    let config = (
        env.config_file()
            .ok_or("no home directory to keep ~/.aws/config in")?,
        config_header(profile),
        vec![("region", region)],
        vec![],
    );
    let mut written = write_all(&[credentials, config])?;
    forget_price_failures(cache_dir);
    tracing::info!("wrote profile {profile} for keys {}", keys.masked());
    written.profile = profile.to_string();
    written.who = Some(who);
    written.next = use_it(profile);
    Ok(written)
}

/// One file's edit: its path, the section header, the settings, the keys to drop.
type Edit<'a> = (PathBuf, String, Vec<(&'a str, &'a str)>, Vec<&'a str>);

/// The edits, each file read once, edited, backed up (when it changes) and written once.
fn write_all(edits: &[Edit]) -> Result<Written, String> {
    let now = chrono::Utc::now();
    let mut written = Written {
        profile: String::new(),
        who: None,
        files: vec![],
        backups: vec![],
        next: String::new(),
    };
    let mut paths: Vec<&PathBuf> = edits.iter().map(|(path, ..)| path).collect();
    paths.dedup();
    for path in paths {
        let mut text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(format!("could not read {}: {e}", path.display())),
        };
        for (_, header, set, remove) in edits.iter().filter(|(p, ..)| p == path) {
            text = profile_write::upsert(&text, header, set, remove);
        }
        let backup = profile_write::write_with_backup(path, &text, now)
            .map_err(|e| format!("could not write {}: {e}", path.display()))?;
        written.files.push(path.clone());
        written.backups.extend(backup);
    }
    Ok(written)
}

fn forget_price_failures(cache_dir: &Path) {
    if let Err(e) = PriceEngine::in_dir(cache_dir).forget_outages() {
        tracing::warn!("could not forget the remembered price failures: {e}");
    }
}

/// How to use the profile from now on.
fn use_it(profile: &str) -> String {
    match profile {
        "default" => "pcwiz uses it from now on (it is the default profile)".into(),
        name => format!("use it with `export AWS_PROFILE={name}` (or `pcwiz --profile {name}`)"),
    }
}
