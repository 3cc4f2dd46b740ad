//! A run's outputs copied home over the dashboard's ssh connection, each with progress,
//! into a local directory (made if missing); a local file of the same name is kept as
//! `NAME.pcwiz-backup-STAMP`, never overwritten silently.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::remote::SshTarget;
use crate::remote::transfer::fetch_file;

/// Generous: an output of a national run is gigabytes.
const FETCH_LIMIT: Duration = Duration::from_secs(6 * 3600);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fetched {
    pub remote: String,
    pub local: PathBuf,
    pub bytes: u64,
    /// The local file it replaced, kept.
    pub backup: Option<PathBuf>,
}

/// Copies each `(remote path, size)` into `into`; `progress(file index, received, size)`.
pub async fn fetch(
    target: &SshTarget,
    outputs: &[(String, u64)],
    into: &Path,
    mut progress: impl FnMut(usize, u64, u64),
) -> Result<Vec<Fetched>, String> {
    std::fs::create_dir_all(into).map_err(|e| format!("cannot make {}: {e}", into.display()))?;
    let mut fetched = vec![];
    for (index, (remote, size)) in outputs.iter().enumerate() {
        let name = remote.rsplit('/').next().unwrap_or(remote);
        let local = into.join(name);
        let backup = if local.exists() {
            let kept = into.join(format!(
                "{name}.pcwiz-backup-{}",
                chrono::Utc::now().format("%Y%m%dT%H%M%SZ")
            ));
            std::fs::rename(&local, &kept)
                .map_err(|e| format!("cannot keep the old {}: {e}", local.display()))?;
            Some(kept)
        } else {
            None
        };
        let bytes = fetch_file(target, remote, *size, &local, FETCH_LIMIT, |got, of| {
            progress(index, got, of)
        })
        .await
        .map_err(|e| e.message)?;
        fetched.push(Fetched {
            remote: remote.clone(),
            local,
            bytes,
            backup,
        });
    }
    Ok(fetched)
}
