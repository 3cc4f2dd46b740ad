//! Removing a file on this machine.

use std::path::Path;

use crate::cluster::cleanup_plan::Outcome;

/// A file on this machine (a private key takes its `.pub` with it).
pub fn local_file(path: &str) -> Outcome {
    let path = Path::new(path);
    let public = path.with_extension(match path.extension() {
        Some(ext) => format!("{}.pub", ext.to_string_lossy()),
        None => "pub".into(),
    });
    let result = std::fs::remove_file(path);
    if public.exists() && path.extension().is_none() {
        let _ = std::fs::remove_file(&public);
    }
    match result {
        Ok(()) => Outcome::Deleted,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Outcome::AlreadyGone,
        Err(e) => Outcome::Failed {
            reason: format!("{}: {e}", path.display()),
            next: "Check the file's permissions, then run clean-up again".into(),
        },
    }
}
