//! The private directory for ssh's shared-connection sockets. Not the state dir: on macOS
//! that is `~/Library/Application Support/pcwiz`, whose space breaks ssh's option parsing
//! and whose length leaves no room under the 104 bytes a socket path may have. A short
//! directory of pcwiz's own instead: `$XDG_RUNTIME_DIR/pcwiz` where that is short, else
//! `/tmp/pcwiz-<uid>`, created 0700 and refused if anyone else owns it.

use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The longest directory that leaves room for a socket name (16 hex), ssh's temporary
/// suffix (17) and the separator under macOS's 104-byte limit (Linux allows 108).
const LONGEST_DIR: usize = 104 - 16 - 17 - 2;

/// The directory to use, created if needed; Err says why none is safe.
pub fn control_dir() -> Result<PathBuf, String> {
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from);
    // SAFETY: geteuid has no preconditions and cannot fail.
    let uid = unsafe { libc::geteuid() };
    let dir = choose(runtime.as_deref(), uid);
    ensure_private(&dir, uid)?;
    Ok(dir)
}

fn choose(runtime: Option<&Path>, uid: u32) -> PathBuf {
    runtime
        .filter(|r| r.is_absolute() && r.is_dir())
        .map(|r| r.join("pcwiz"))
        .filter(|d| d.as_os_str().len() <= LONGEST_DIR && !has_space(d))
        .unwrap_or_else(|| PathBuf::from(format!("/tmp/pcwiz-{uid}")))
}

fn has_space(path: &Path) -> bool {
    path.to_string_lossy().chars().any(char::is_whitespace)
}

/// Creates `dir` 0700, or checks that the existing one is a real directory of ours that
/// nobody else can enter (a socket there is a logged-in session to a head node).
fn ensure_private(dir: &Path, uid: u32) -> Result<(), String> {
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(format!("could not create {}: {e}", dir.display())),
    }
    let meta = std::fs::symlink_metadata(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if !meta.file_type().is_dir() {
        return Err(format!(
            "{} is not a directory (a symlink or a file): pcwiz will not keep ssh connections there; remove it and try again",
            dir.display()
        ));
    }
    if meta.uid() != uid {
        return Err(format!(
            "{} belongs to another user (uid {}): pcwiz will not keep ssh connections there; remove it and try again",
            dir.display(),
            meta.uid()
        ));
    }
    if meta.mode() & 0o077 != 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| format!("could not make {} private: {e}", dir.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_runtime_dir_is_used_and_a_long_or_spaced_one_is_not() {
        let short = tempfile::tempdir().unwrap();
        assert_eq!(choose(Some(short.path()), 501), short.path().join("pcwiz"));
        let long = tempfile::tempdir().unwrap();
        let deep = long.path().join("x".repeat(80));
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(choose(Some(&deep), 501), PathBuf::from("/tmp/pcwiz-501"));
        let spaced = long.path().join("Application Support");
        std::fs::create_dir_all(&spaced).unwrap();
        assert_eq!(choose(Some(&spaced), 501), PathBuf::from("/tmp/pcwiz-501"));
        assert_eq!(choose(None, 501), PathBuf::from("/tmp/pcwiz-501"));
    }

    #[test]
    fn the_directory_is_made_private_and_a_symlink_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let uid = unsafe { libc::geteuid() };
        let dir = root.path().join("pcwiz");
        ensure_private(&dir, uid).unwrap();
        assert_eq!(std::fs::metadata(&dir).unwrap().mode() & 0o777, 0o700);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        ensure_private(&dir, uid).unwrap();
        assert_eq!(std::fs::metadata(&dir).unwrap().mode() & 0o777, 0o700);
        let link = root.path().join("link");
        std::os::unix::fs::symlink(&dir, &link).unwrap();
        assert!(ensure_private(&link, uid).unwrap_err().contains("symlink"));
        assert!(
            ensure_private(&dir, uid + 1)
                .unwrap_err()
                .contains("another user")
        );
    }
}
