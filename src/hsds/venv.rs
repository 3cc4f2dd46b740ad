//! HSDS itself on the cluster, for the pip launcher: installed once with pip, at the
//! pinned version, into a venv in the login user's home on the head node, which the
//! compute nodes share (assets/remote/install_hsds.sh, over the dashboard's ssh
//! connection). A second set-up finds it in place and changes nothing.

use std::time::Duration;

use serde::Serialize;

use crate::cluster::hsds_files::package_manager;
use crate::cluster::hsds_package::{self, VENV_DIR};
use crate::cluster::pip_source::PipSource;
use crate::remote::{SshTarget, run_script, shell_quote};

/// The installer, run with `bash -s -- ARGS` (`installer_args`) and itself on stdin.
pub const INSTALLER: &str = include_str!("../../assets/remote/install_hsds.sh");
/// pip from PyPI takes a minute or two on a fresh head node; a slow index, longer.
const INSTALL_LIMIT: Duration = Duration::from_secs(15 * 60);

/// What became of HSDS's install.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "outcome")]
pub enum HsdsVenv {
    Installed {
        version: String,
        python: String,
        from: String,
    },
    Unchanged {
        version: String,
        python: String,
    },
    Failed {
        reason: String,
    },
}

impl HsdsVenv {
    /// One line: "HSDS 1.0.2 installed in ~/.hsds/venv with pip from PyPI (Python 3.12.3)".
    pub fn describe(&self) -> String {
        match self {
            HsdsVenv::Installed {
                version,
                python,
                from,
            } => {
                format!("HSDS {version} installed in ~/{VENV_DIR} with pip from {from} ({python})")
            }
            HsdsVenv::Unchanged { version, python } => {
                format!("HSDS {version} already in ~/{VENV_DIR} ({python})")
            }
            HsdsVenv::Failed { reason } => format!("HSDS NOT installed in ~/{VENV_DIR}: {reason}"),
        }
    }

    pub fn failed(&self) -> bool {
        matches!(self, HsdsVenv::Failed { .. })
    }
}

/// Reads the installer's line; without one, the last thing it said on stderr is why.
pub fn parse(stdout: &str, stderr: &str, source: &PipSource) -> HsdsVenv {
    let line = stdout.lines().find_map(|l| l.strip_prefix("pcwiz-hsds "));
    let version = hsds_package::hsds_version().to_string();
    let python = |rest: &str| {
        rest.split_once(" | ")
            .map(|(_, p)| p.trim().to_string())
            .unwrap_or_default()
    };
    match line.and_then(|l| l.split_once(' ')) {
        Some(("installed", rest)) => HsdsVenv::Installed {
            version,
            python: python(rest),
            from: source.describe(),
        },
        Some(("unchanged", rest)) => HsdsVenv::Unchanged {
            version,
            python: python(rest),
        },
        Some(("failed", reason)) => HsdsVenv::Failed {
            reason: reason.to_string(),
        },
        _ => HsdsVenv::Failed {
            reason: match stderr.trim().lines().last() {
                Some(said) => format!("the head node's installer stopped: {said}"),
                None => "the head node's installer gave no answer".into(),
            },
        },
    }
}

/// The installer's arguments: the venv, the OS's package manager, the pinned
/// requirements, then pip's options for the source.
pub fn installer_args(source: &PipSource, os: &str) -> Vec<String> {
    let mut args = vec![VENV_DIR.to_string(), package_manager(os).to_string()];
    args.extend(hsds_package::requirements().into_iter().map(str::to_string));
    args.push("--".into());
    args.extend(source.pip_options());
    args
}

pub async fn install(target: &SshTarget, source: &PipSource, os: &str) -> Result<HsdsVenv, String> {
    let mut args = vec!["bash".to_string(), "-s".to_string(), "--".to_string()];
    args.extend(installer_args(source, os).iter().map(|a| shell_quote(a)));
    let output = run_script(target, &args, INSTALLER, INSTALL_LIMIT)
        .await
        .map_err(|e| e.message)?;
    Ok(parse(
        &String::from_utf8_lossy(&output.stdout),
        &String::from_utf8_lossy(&output.stderr),
        source,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_installers_line_says_what_happened_and_silence_is_a_failure() {
        let wheels = PipSource::Wheelhouse("~/wheels".into());
        let installed = parse(
            "pcwiz-hsds installed hsds==1.0.2 h5pyd==1.0.0 | Python 3.12.3\n",
            "",
            &wheels,
        );
        assert_eq!(
            installed.describe(),
            "HSDS 1.0.2 installed in ~/.hsds/venv with pip from the wheelhouse ~/wheels (Python 3.12.3)"
        );
        let again = parse(
            "pcwiz-hsds unchanged hsds==1.0.2 h5pyd==1.0.0 | Python 3.12.3\n",
            "",
            &wheels,
        );
        assert_eq!(
            again.describe(),
            "HSDS 1.0.2 already in ~/.hsds/venv (Python 3.12.3)"
        );
        let refused = parse(
            "pcwiz-hsds failed pip could not install hsds==1.0.2: ERROR: No matching distribution found for hsds==1.0.2\n",
            "",
            &PipSource::Pypi,
        );
        assert!(refused.failed());
        assert!(refused.describe().contains("No matching distribution"));
        let silent = parse(
            "",
            "bash: line 3: flock: command not found\n",
            &PipSource::Pypi,
        );
        assert_eq!(
            silent.describe(),
            "HSDS NOT installed in ~/.hsds/venv: the head node's installer stopped: bash: line 3: flock: command not found"
        );
    }
}
