//! The SSH key step's choices, from what is in `~/.ssh` and what is in the region.
//! Matching is by public key material, so the user sees "this key pair is your
//! ~/.ssh/id_ed25519" whatever either is called.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cluster::local_keys::{LocalKey, SshDir};
use crate::cluster::os::Os;
use crate::cluster::ssh_key::{KeyKind, RemoteKeyPair, refusal};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "how", rename_all = "kebab-case")]
pub enum KeyAction {
    /// A key pair already in the region whose private key is here.
    UseExisting {
        pair: String,
        private_key: PathBuf,
        kind: KeyKind,
    },
    /// Import a local public key under a new name.
    Import {
        public_key: PathBuf,
        suggested_name: String,
        kind: KeyKind,
    },
    /// Make a new ed25519 key with ssh-keygen, then import it.
    Generate { suggested_name: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyRow {
    pub title: String,
    pub detail: String,
    /// None: shown for information, not selectable (a key pair whose private key is not here).
    pub action: Option<KeyAction>,
    /// Why this row cannot be used with the chosen OS (RSA on Ubuntu).
    pub refused: Option<String>,
    pub warnings: Vec<String>,
}

impl KeyRow {
    pub fn selectable(&self) -> bool {
        self.action.is_some() && self.refused.is_none()
    }
}

/// `~/.ssh/id_ed25519` rather than `/home/jane/.ssh/id_ed25519`.
pub fn display_path(path: &Path, home: Option<&Path>) -> String {
    match home.and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

/// The rows in order: key pairs usable from here, other key pairs, local keys to import,
/// then "generate".
pub fn rows(
    local: &SshDir,
    remote: &[RemoteKeyPair],
    os: Os,
    home: Option<&Path>,
    region: &str,
) -> Vec<KeyRow> {
    let mut usable = Vec::new();
    let mut elsewhere = Vec::new();
    for pair in remote {
        let mine = local
            .keys
            .iter()
            .find(|l| pair.blob.as_deref().is_some_and(|b| l.key.same_key(b)));
        match mine {
            Some(local_key) => usable.push(existing_row(pair, local_key, os, home)),
            None => elsewhere.push(KeyRow {
                title: format!("Key pair `{}` ({})", pair.name, pair.kind.label()),
                detail: "its private key is not on this machine, so you could not log in with it"
                    .into(),
                action: None,
                refused: None,
                warnings: vec![],
            }),
        }
    }
    let imports = local
        .keys
        .iter()
        .filter(|l| {
            !remote
                .iter()
                .any(|r| r.blob.as_deref().is_some_and(|b| l.key.same_key(b)))
        })
        .map(|l| import_row(l, os, home, region));
    usable
        .into_iter()
        .chain(elsewhere)
        .chain(imports)
        .chain(std::iter::once(generate_row(local, region)))
        .collect()
}

fn existing_row(pair: &RemoteKeyPair, local: &LocalKey, os: Os, home: Option<&Path>) -> KeyRow {
    let private = local.private_path.as_ref();
    let mut warnings = warnings_for(local, home);
    if pair.kind != KeyKind::Other && pair.kind != local.key.kind {
        warnings.push("AWS reports a different key type than the file says".into());
    }
    KeyRow {
        title: format!("Use key pair `{}`", pair.name),
        detail: format!(
            "this key pair is your {} ({}, {})",
            display_path(private.unwrap_or(&local.public_path), home),
            local.key.kind.label(),
            local.key.fingerprint
        ),
        action: private.map(|p| KeyAction::UseExisting {
            pair: pair.name.clone(),
            private_key: p.clone(),
            kind: local.key.kind,
        }),
        refused: refusal(local.key.kind, os),
        warnings,
    }
}

fn import_row(local: &LocalKey, os: Os, home: Option<&Path>, region: &str) -> KeyRow {
    let stem = local
        .public_path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("key");
    KeyRow {
        title: format!("Import {}", display_path(&local.public_path, home)),
        detail: format!(
            "{}{}, {}; only the public key is sent to {region}",
            local.key.kind.label(),
            local
                .key
                .bits
                .map(|b| format!(" {b}-bit"))
                .unwrap_or_default(),
            if local.key.comment.is_empty() {
                "no comment"
            } else {
                &local.key.comment
            },
        ),
        action: Some(KeyAction::Import {
            public_key: local.public_path.clone(),
            suggested_name: format!("{stem}-pcwiz"),
            kind: local.key.kind,
        }),
        refused: refusal(local.key.kind, os),
        warnings: warnings_for(local, home),
    }
}

fn generate_row(local: &SshDir, region: &str) -> KeyRow {
    // A name that is not taken by a file in ~/.ssh yet.
    let taken = |name: &str| {
        local
            .keys
            .iter()
            .any(|k| k.public_path.file_stem().and_then(|s| s.to_str()) == Some(name))
    };
    let base = format!("pcwiz-{region}");
    let name = (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|n| !taken(n))
        .unwrap_or(base);
    KeyRow {
        title: "Generate a new ed25519 key".into(),
        detail: format!(
            "ssh-keygen writes ~/.ssh/{name} (mode 0600), then pcwiz imports its public half"
        ),
        action: Some(KeyAction::Generate {
            suggested_name: name,
        }),
        refused: None,
        warnings: vec![],
    }
}

fn warnings_for(local: &LocalKey, home: Option<&Path>) -> Vec<String> {
    let mut warnings = vec![];
    match (&local.private_path, local.private_mode) {
        (None, _) => warnings.push(format!(
            "no private key beside {}: you could not log in with this key from here",
            display_path(&local.public_path, home)
        )),
        (Some(path), Some(mode)) if local.private_key_exposed() => warnings.push(format!(
            "{} is readable by others (mode {mode:o}); ssh will refuse it: chmod 600 {}",
            display_path(path, home),
            display_path(path, home)
        )),
        _ => {}
    }
    warnings
}

/// The row to preselect: the first usable one (an existing ed25519 pair, then an import).
pub fn default_row(rows: &[KeyRow]) -> usize {
    rows.iter()
        .position(|r| r.selectable() && r.warnings.is_empty())
        .or_else(|| rows.iter().position(KeyRow::selectable))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::ssh_key::PublicKey;

    // A real key from `ssh-keygen -t ed25519`.
    const ED: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL6E0DzZfUck+UMbn15vmNCMgjJ12D+JVVexhlaDKi9i jane@laptop";

    fn local(name: &str, text: &str, private_mode: Option<u32>) -> LocalKey {
        let public_path = PathBuf::from(format!("/home/jane/.ssh/{name}.pub"));
        LocalKey {
            key: PublicKey::parse(text).unwrap(),
            private_path: private_mode.map(|_| public_path.with_extension("")),
            private_mode,
            public_path,
        }
    }

    fn remote(name: &str, blob: Option<&str>) -> RemoteKeyPair {
        RemoteKeyPair {
            name: name.into(),
            id: "key-1".into(),
            kind: KeyKind::Ed25519,
            created: None,
            blob: blob.map(str::to_string),
            imported_by_pcwiz: false,
        }
    }

    fn home() -> Option<&'static Path> {
        Some(Path::new("/home/jane"))
    }

    #[test]
    fn a_remote_pair_with_the_same_blob_is_matched_to_the_local_file() {
        let key = local("id_ed25519", ED, Some(0o600));
        let blob = key.key.blob.clone();
        let dir = SshDir {
            keys: vec![key],
            unreadable: vec![],
        };
        let rows = rows(
            &dir,
            &[remote("laptop", Some(&blob))],
            Os::Ubuntu2404,
            home(),
            "us-west-2",
        );
        assert_eq!(rows[0].title, "Use key pair `laptop`");
        assert!(
            rows[0]
                .detail
                .starts_with("this key pair is your ~/.ssh/id_ed25519"),
            "{}",
            rows[0].detail
        );
        assert!(rows[0].selectable());
        // Not offered for import again; generate is always last.
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].title, "Generate a new ed25519 key");
        assert_eq!(default_row(&rows), 0);
    }

    #[test]
    fn unmatched_pairs_are_shown_but_not_selectable() {
        let rows = rows(
            &SshDir::default(),
            &[remote("old", None)],
            Os::Ubuntu2404,
            home(),
            "us-west-2",
        );
        assert!(!rows[0].selectable());
        assert!(rows[0].detail.contains("not on this machine"));
        assert_eq!(default_row(&rows), 1, "generate is preselected");
    }

    #[test]
    fn missing_and_exposed_private_keys_are_warned_about() {
        let dir = SshDir {
            keys: vec![local("a", ED, None), local("b", ED, Some(0o644))],
            unreadable: vec![],
        };
        let rows = rows(&dir, &[], Os::Alinux2023, home(), "us-west-2");
        assert!(rows[0].warnings[0].contains("no private key"));
        assert!(
            rows[1].warnings[0].contains("chmod 600 ~/.ssh/b"),
            "{:?}",
            rows[1].warnings
        );
    }

    #[test]
    fn generate_picks_a_name_not_already_in_ssh_dir() {
        let dir = SshDir {
            keys: vec![local("pcwiz-us-west-2", ED, Some(0o600))],
            unreadable: vec![],
        };
        let rows = rows(&dir, &[], Os::Ubuntu2404, home(), "us-west-2");
        let Some(KeyAction::Generate { suggested_name }) = &rows.last().unwrap().action else {
            panic!()
        };
        assert_eq!(suggested_name, "pcwiz-us-west-2-2");
    }
}
