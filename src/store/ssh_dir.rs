//! The user's `~/.ssh`: which public keys are there, and whether each private key is beside
//! its public key and safe (not readable by others). Nothing here reads a private key's
//! contents; only its metadata.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

pub use crate::cluster::local_keys::{LocalKey, SshDir, Unreadable};
use crate::cluster::ssh_key::{KeyParseError, PublicKey};

/// Scan `dir` (normally `~/.ssh`) for `*.pub` files. A missing directory is simply empty.
pub fn scan(dir: &Path) -> SshDir {
    let mut found = SshDir::default();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pub"))
        .collect();
    paths.sort();
    for public_path in paths {
        match read_key(&public_path) {
            Ok(key) => {
                let private = public_path.with_extension("");
                let mode = std::fs::metadata(&private)
                    .ok()
                    .map(|m| m.permissions().mode() & 0o777);
                found.keys.push(LocalKey {
                    private_path: mode.map(|_| private),
                    private_mode: mode,
                    public_path,
                    key,
                });
            }
            Err(reason) => found.unreadable.push(Unreadable {
                path: public_path,
                reason,
            }),
        }
    }
    found
}

/// Read one public key file, with the reason in words when it is not one.
pub fn read_key(path: &Path) -> Result<PublicKey, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
    PublicKey::parse(&text).map_err(|e: KeyParseError| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn keygen(dir: &Path, name: &str, kind: &str) {
        let status = Command::new("ssh-keygen")
            .args(["-q", "-t", kind, "-N", "", "-C", name, "-f"])
            .arg(dir.join(name))
            .status()
            .unwrap();
        assert!(status.success());
    }

    #[test]
    fn finds_keys_their_private_halves_and_bad_modes() {
        let dir = tempfile::tempdir().unwrap();
        keygen(dir.path(), "id_ed25519", "ed25519");
        keygen(dir.path(), "old_rsa", "rsa");
        std::fs::set_permissions(
            dir.path().join("old_rsa"),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        keygen(dir.path(), "orphan", "ed25519");
        std::fs::remove_file(dir.path().join("orphan")).unwrap();
        std::fs::write(dir.path().join("junk.pub"), "not a key").unwrap();

        let found = scan(dir.path());
        let names: Vec<_> = found
            .keys
            .iter()
            .map(|k| k.public_path.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, ["id_ed25519.pub", "old_rsa.pub", "orphan.pub"]);
        assert_eq!(found.keys[0].private_mode, Some(0o600));
        assert!(!found.keys[0].private_key_exposed());
        assert!(found.keys[1].private_key_exposed());
        assert!(found.keys[2].private_path.is_none());
        assert_eq!(found.unreadable.len(), 1);
        assert!(
            found.unreadable[0]
                .reason
                .contains("not an OpenSSH public key")
        );
    }
}
