//! First contact with a head node: the key it presents, learnt through ssh itself (so the
//! user's ssh config, jump hosts included, applies as for every other connection). ssh
//! records the key as soon as the key exchange has verified that the host holds it, before
//! any login, so this works even where the login itself would be refused.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use super::args::first_contact_args;
use super::failure::SshFailure;
use super::target::SshTarget;
use crate::cluster::host_keys;
use crate::cluster::ssh_key::PublicKey;

const LIMIT: Duration = Duration::from_secs(30);

/// The keys the host presents, recorded through `scratch` (a file of pcwiz's own, replaced
/// and removed here). Err when no key was learnt (the host could not be reached).
pub async fn presented_keys(
    target: &SshTarget,
    scratch: &Path,
) -> Result<Vec<PublicKey>, SshFailure> {
    if let Some(dir) = scratch.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| SshFailure::other(format!("{}: {e}", dir.display())))?;
    }
    let _ = std::fs::remove_file(scratch);
    let output = tokio::process::Command::new("ssh")
        .args(first_contact_args(target, scratch))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(LIMIT, output).await;
    let text = std::fs::read_to_string(scratch).unwrap_or_default();
    let _ = std::fs::remove_file(scratch);
    let keys = host_keys::keys_in_known_hosts(&text, &target.host_key.alias);
    if !keys.is_empty() {
        return Ok(keys);
    }
    match output {
        Err(_) => Err(SshFailure::other(format!(
            "{} did not answer within {} s",
            target.host,
            LIMIT.as_secs()
        ))),
        Ok(Err(e)) => Err(SshFailure::other(format!("could not run ssh: {e}"))),
        Ok(Ok(output)) => Err(SshFailure::from_stderr(
            target,
            &String::from_utf8_lossy(&output.stderr),
        )),
    }
}
