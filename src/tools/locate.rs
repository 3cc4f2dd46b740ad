//! Finding programs on PATH, plus pcwiz's own managed install as a last resort.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The directories searched for programs, in order.
#[derive(Debug, Clone, Default)]
pub struct SearchPath {
    dirs: Vec<PathBuf>,
    /// The managed venv's `bin`, searched after PATH: a user's own install always wins.
    managed_bin: Option<PathBuf>,
}

/// Where a program was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub path: PathBuf,
    /// True when it came from pcwiz's managed venv rather than the user's PATH.
    pub managed: bool,
}

impl SearchPath {
    pub fn new(path_var: Option<OsString>, managed_bin: Option<PathBuf>) -> Self {
        let dirs = path_var
            .map(|p| std::env::split_paths(&p).collect())
            .unwrap_or_default();
        Self { dirs, managed_bin }
    }

    pub fn from_process(managed_bin: Option<PathBuf>) -> Self {
        Self::new(std::env::var_os("PATH"), managed_bin)
    }

    pub fn find(&self, program: &str) -> Option<Located> {
        let on_path = self.dirs.iter().map(|d| (d, false));
        let managed = self.managed_bin.iter().map(|d| (d, true));
        on_path.chain(managed).find_map(|(dir, managed)| {
            let candidate = dir.join(program);
            is_executable(&candidate).then_some(Located {
                path: candidate,
                managed,
            })
        })
    }

    pub fn managed_bin(&self) -> Option<&Path> {
        self.managed_bin.as_deref()
    }
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn program(dir: &Path, name: &str, mode: u32) {
        let path = dir.join(name);
        std::fs::write(&path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn path_wins_over_the_managed_venv_and_non_executables_are_skipped() {
        let user = tempfile::tempdir().unwrap();
        let managed = tempfile::tempdir().unwrap();
        program(user.path(), "pcluster", 0o644); // not executable: ignored
        program(managed.path(), "pcluster", 0o755);
        program(user.path(), "node", 0o755);
        program(managed.path(), "node", 0o755);
        let search = SearchPath::new(
            Some(user.path().as_os_str().to_owned()),
            Some(managed.path().into()),
        );
        let pcluster = search.find("pcluster").unwrap();
        assert!(pcluster.managed);
        let node = search.find("node").unwrap();
        assert!(!node.managed);
        assert!(search.find("nothing-here").is_none());
    }
}
