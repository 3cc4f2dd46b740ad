//! Making a new ed25519 key pair with the user's own `ssh-keygen`.
//! The passphrase goes to ssh-keygen on its command line only as `-N`, which is how
//! ssh-keygen takes it non-interactively; it is never logged or stored by pcwiz.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::process::Command;

use super::locate::SearchPath;
use super::probe;

#[derive(Debug, thiserror::Error)]
pub enum KeygenError {
    #[error("ssh-keygen is not installed: sudo apt install openssh-client (Debian/Ubuntu)")]
    Missing,
    #[error("{0} already exists; pcwiz will not overwrite a key. Choose another name.")]
    Exists(PathBuf),
    #[error("ssh-keygen failed: {0}")]
    Failed(String),
}

/// Generate `dir/name` (private, mode 0600) and `dir/name.pub`. Returns the public key path.
pub async fn generate_ed25519(
    search: &SearchPath,
    dir: &Path,
    name: &str,
    passphrase: &str,
) -> Result<PathBuf, KeygenError> {
    let program = search.find("ssh-keygen").ok_or(KeygenError::Missing)?.path;
    let private = dir.join(name);
    if private.exists() || private.with_extension("pub").exists() {
        return Err(KeygenError::Exists(private));
    }
    std::fs::create_dir_all(dir).map_err(|e| KeygenError::Failed(e.to_string()))?;
    // ~/.ssh itself must not be open to others, or ssh complains.
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    let mut command = Command::new(program);
    command
        .args([
            "-q",
            "-t",
            "ed25519",
            "-C",
            &format!("pcwiz {name}"),
            "-N",
            passphrase,
            "-f",
        ])
        .arg(&private);
    probe::run(command, Duration::from_secs(30))
        .await
        .map_err(|e| KeygenError::Failed(e.to_string()))?;
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| KeygenError::Failed(e.to_string()))?;
    Ok(private.with_extension("pub"))
}
