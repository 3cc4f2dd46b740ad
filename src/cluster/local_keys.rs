//! The public keys found in the user's `~/.ssh`, as data: each key, whether its private
//! key is beside it and safe, and the `.pub` files that could not be read. Reading the
//! directory is `store::ssh_dir`'s; deciding what each key is good for is the wizard's.

use std::path::PathBuf;

use serde::Serialize;

use super::ssh_key::PublicKey;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocalKey {
    pub public_path: PathBuf,
    pub key: PublicKey,
    /// The private key file beside it (`id_ed25519` for `id_ed25519.pub`), if present.
    pub private_path: Option<PathBuf>,
    /// The private key's permission bits, e.g. 0o600.
    pub private_mode: Option<u32>,
}

impl LocalKey {
    /// A private key that group or others can read: ssh itself refuses to use it.
    pub fn private_key_exposed(&self) -> bool {
        self.private_mode.is_some_and(|m| m & 0o077 != 0)
    }
}

/// A `.pub` file that could not be read as a key: shown, not silently skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    pub path: PathBuf,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SshDir {
    pub keys: Vec<LocalKey>,
    pub unreadable: Vec<Unreadable>,
}
