//! Installs a cluster's HSDS files in the login user's home on the head node, which the
//! compute nodes share, over the dashboard's ssh connection. Contents travel on ssh's
//! stdin (base64 in a here-document), so keys are never on a command line; existing files
//! that differ are backed up first (`NAME.pcwiz-backup-STAMP`).

use std::time::Duration;

use super::keys::HsdsKeys;
use crate::cluster::hsds_files::{CREDENTIALS_FILE, HsdsOnCluster, OVERRIDE_FILE, RevSnippet};
pub use crate::remote::put_files::{InstallFile, Installed};
use crate::remote::put_files::{parse, script};
use crate::remote::{SshTarget, run_script};
const INSTALL_LIMIT: Duration = Duration::from_secs(60);
/// Where the reV snippet goes beside the other files, for the user to merge into their
/// reV config.
pub const REV_SNIPPET_FILE: &str = ".hsds/rev_execution_control.json";

/// Every file a cluster's HSDS needs; the credentials file only with keys.
pub fn bundle(
    on: &HsdsOnCluster,
    keys: Option<&HsdsKeys>,
    snippet: &RevSnippet,
) -> Vec<InstallFile> {
    let mut files = vec![
        InstallFile {
            path: "start_hsds.sh",
            mode: "755",
            contents: on.start_hsds(),
        },
        InstallFile {
            path: ".hscfg",
            mode: "644",
            contents: on.hscfg(),
        },
        InstallFile {
            path: OVERRIDE_FILE,
            mode: "644",
            contents: on.override_yml(),
        },
        InstallFile {
            path: REV_SNIPPET_FILE,
            mode: "644",
            contents: snippet.to_json() + "\n",
        },
    ];
    if let Some(keys) = keys {
        files.push(InstallFile {
            path: CREDENTIALS_FILE,
            mode: "600",
            contents: keys.credentials_file(),
        });
    }
    files
}

pub async fn install(target: &SshTarget, files: &[InstallFile]) -> Result<Vec<Installed>, String> {
    let args = vec!["bash".to_string(), "-s".to_string()];
    let output = run_script(target, &args, &script(files), INSTALL_LIMIT)
        .await
        .map_err(|e| e.message)?;
    let results = parse(&String::from_utf8_lossy(&output.stdout), files);
    if results.iter().all(Installed::failed) {
        let said = String::from_utf8_lossy(&output.stderr);
        if let Some(line) = said.trim().lines().last() {
            return Err(format!("the head node could not install the files: {line}"));
        }
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::hsds_files::{DataSource, HSDS_PORT, Launcher, execution_control};

    fn cluster() -> HsdsOnCluster {
        HsdsOnCluster {
            os: "ubuntu2404".into(),
            source: DataSource::NrelPublic,
            port: HSDS_PORT,
            launcher: Launcher::Docker,
            max_workers: 8,
        }
    }

    fn snippet() -> RevSnippet {
        RevSnippet {
            execution_control: execution_control(2, 8, false),
            resource_file: "/nrel/wtk/conus/wtk_conus_{}.h5".into(),
        }
    }

    #[test]
    fn the_installer_runs_locally_backs_up_what_differs_and_keeps_the_keys_private() {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join(".hscfg"), "mine\n").unwrap();
        let keys = HsdsKeys::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        )
        .unwrap();
        let files = bundle(&cluster(), Some(&keys), &snippet());
        let text = script(&files);
        assert!(
            !text.contains("wJalrXUtnFEMI"),
            "the secret travels encoded"
        );
        let run = || {
            let output = std::process::Command::new("bash")
                .arg("-c")
                .arg(&text)
                .env("HOME", home.path())
                .output()
                .unwrap();
            parse(&String::from_utf8_lossy(&output.stdout), &files)
        };
        let first = run();
        assert!(first.iter().all(|r| !r.failed()), "{first:?}");
        let hscfg = first
            .iter()
            .find(|r| matches!(r, Installed::Installed { path, .. } if path == ".hscfg"));
        let Some(Installed::Installed {
            backup: Some(backup),
            ..
        }) = hscfg
        else {
            panic!("the user's own .hscfg is backed up: {first:?}");
        };
        assert_eq!(
            std::fs::read_to_string(home.path().join(backup)).unwrap(),
            "mine\n"
        );
        let credentials = home.path().join(CREDENTIALS_FILE);
        let mode = std::fs::metadata(&credentials)
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
        assert!(
            std::fs::read_to_string(&credentials)
                .unwrap()
                .contains("wJalrXUtnFEMI")
        );
        let script_mode = std::fs::metadata(home.path().join("start_hsds.sh"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(script_mode & 0o777, 0o755);
        // Again: nothing changed, so nothing is backed up twice.
        let second = run();
        assert!(
            second
                .iter()
                .all(|r| matches!(r, Installed::Unchanged { .. })),
            "{second:?}"
        );
    }
}
