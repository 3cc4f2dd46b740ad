//! Making a new ed25519 key pair with the user's own `ssh-keygen`.
//!
//! The passphrase never goes on ssh-keygen's command line (`-N`), where `ps` shows it to
//! every user of the machine. ssh-keygen asks for it twice through SSH_ASKPASS when its
//! stdin is not a terminal (SSH_ASKPASS_REQUIRE=force, OpenSSH 8.4+); the askpass program
//! is a two-line script of pcwiz's own, in a private directory, that reads one line from
//! the stdin it shares with ssh-keygen and prints it. pcwiz writes the passphrase twice
//! into that pipe. It is never logged, stored, or put in an environment variable.

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
    #[error("a passphrase cannot contain a line break")]
    LineBreak,
}

/// The askpass program: one line from stdin, printed back.
const ASKPASS: &str = "#!/bin/sh\nIFS= read -r line && printf '%s\\n' \"$line\"\n";

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
    if passphrase.contains(['\n', '\r']) {
        return Err(KeygenError::LineBreak);
    }
    let mut command = Command::new(program);
    command.args(["-q", "-t", "ed25519", "-C", &format!("pcwiz {name}"), "-f"]);
    command.arg(&private);
    let made = if passphrase.is_empty() {
        // No secret to hide: the usual way to say "none".
        command.args(["-N", ""]);
        probe::run(command, Duration::from_secs(30)).await
    } else {
        let askpass = Askpass::new().map_err(|e| KeygenError::Failed(e.to_string()))?;
        command
            .env("SSH_ASKPASS", &askpass.program)
            .env("SSH_ASKPASS_REQUIRE", "force");
        let twice = format!("{passphrase}\n{passphrase}\n").into_bytes();
        probe::run_feeding(command, twice, Duration::from_secs(30)).await
    };
    made.map_err(|e| KeygenError::Failed(e.to_string()))?;
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| KeygenError::Failed(e.to_string()))?;
    Ok(private.with_extension("pub"))
}

/// The askpass script in a directory only this user can enter, removed when dropped.
struct Askpass {
    dir: PathBuf,
    program: PathBuf,
}

impl Askpass {
    fn new() -> std::io::Result<Self> {
        use std::os::unix::fs::DirBuilderExt;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir =
            std::env::temp_dir().join(format!("pcwiz-askpass-{}-{stamp}", std::process::id()));
        std::fs::DirBuilder::new().mode(0o700).create(&dir)?;
        let program = dir.join("askpass");
        std::fs::write(&program, ASKPASS)?;
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o700))?;
        Ok(Self { dir, program })
    }
}

impl Drop for Askpass {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
