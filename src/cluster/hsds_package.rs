//! Which HSDS pcwiz installs on a cluster: the pinned versions of
//! `assets/hsds/requirements.txt` (the test harness fills its wheelhouse from the same
//! file), installed with pip into a venv in the login user's home, which ParallelCluster
//! shares with the compute nodes. Pure.

const REQUIREMENTS: &str = include_str!("../../assets/hsds/requirements.txt");

/// The venv, relative to the login user's home; start_hsds.sh runs its `hsds`.
pub const VENV_DIR: &str = ".hsds/venv";

/// HSDS's commit on GitHub whose runall.sh and docker-compose files the Docker launcher
/// uses: the one its test checked (tests/fixtures/hsds-docker). HSDS's image itself is
/// `hdfgroup/hsds` as its compose file names it.
pub const HSDS_GIT_COMMIT: &str = "bfa9f0c28a9981c586bf2b894d2208db4721413f";

/// pip's requirement lines: `hsds==1.0.2`, `h5pyd==1.0.0`.
pub fn requirements() -> Vec<&'static str> {
    REQUIREMENTS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// The pinned version of a package in the requirements.
pub fn pinned(package: &str) -> &'static str {
    requirements()
        .into_iter()
        .find_map(|line| {
            line.strip_prefix(package)
                .and_then(|rest| rest.strip_prefix("=="))
        })
        .unwrap_or("unknown")
}

/// HSDS's pinned version, shown wherever pcwiz says what it installs.
pub fn hsds_version() -> &'static str {
    pinned("hsds")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pins_are_read_from_the_requirements_file() {
        assert_eq!(requirements(), ["hsds==1.0.2", "h5pyd==1.0.0"]);
        assert_eq!(hsds_version(), "1.0.2");
        assert_eq!(pinned("h5pyd"), "1.0.0");
        assert_eq!(pinned("reV"), "unknown");
    }
}
