//! The generated `start_hsds.sh`, for real: it passes shellcheck as pcwiz fills it in for
//! each OS and data source, and its start / wait / lock / check / stop logic runs against
//! the real pip-installed HSDS (HSDS_LAUNCHER=pip: there is no Docker engine here). The
//! data node goes on a free port through tests/harness/hsds_second.py, because the
//! harness's own HSDS holds 6101.

use std::process::Command;

use crate::common::{Harness, safe_env};
use pcwiz::cluster::hsds_files::{DataSource, HSDS_PORT, HsdsOnCluster, Launcher};

fn private() -> DataSource {
    DataSource::Private {
        bucket: "my-rev-data".into(),
        region: "us-east-1".into(),
    }
}

fn start_hsds(os: &str, source: &DataSource, launcher: Launcher) -> String {
    HsdsOnCluster {
        os: os.into(),
        source: source.clone(),
        port: HSDS_PORT,
        launcher,
        max_workers: 36,
    }
    .start_hsds()
}

#[test]
#[ignore = "needs the harness (shellcheck is installed by tests/run.sh)"]
fn the_script_passes_shellcheck_for_every_os_and_data_source() {
    let dir = tempfile::tempdir().unwrap();
    for (os, source, launcher) in [
        ("ubuntu2404", DataSource::NrelPublic, Launcher::Docker),
        ("alinux2023", DataSource::NrelPublic, Launcher::Pip),
        ("rhel9", private(), Launcher::Docker),
    ] {
        let path = dir.path().join(format!("start_hsds_{os}.sh"));
        std::fs::write(&path, start_hsds(os, &source, launcher)).unwrap();
        let output = Command::new("shellcheck")
            .arg(&path)
            .output()
            .expect("run shellcheck");
        assert!(
            output.status.success(),
            "{os}: {}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn two_starts_on_one_node_start_one_hsds_that_check_sees_and_stop_ends() {
    let harness = Harness::get();
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("start_hsds.sh");
    std::fs::write(
        &script,
        start_hsds("ubuntu2404", &DataSource::NrelPublic, Launcher::Pip),
    )
    .unwrap();
    // The override pcwiz installs beside it: HSDS must take its max_task_count.
    std::fs::create_dir_all(home.path().join(".hsds")).unwrap();
    std::fs::write(
        home.path().join(".hsds/override.yml"),
        "max_task_count: 123\n",
    )
    .unwrap();
    // The launcher the script runs: HSDS's own, with its data node moved off 6101.
    let launcher = home.path().join("hsds-launcher");
    std::fs::write(
        &launcher,
        format!(
            "#!/bin/sh\nexec {} {} \"$@\"\n",
            harness.venv_bin.join("python").display(),
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/harness/hsds_second.py")
                .display()
        ),
    )
    .unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(&launcher)
        .status()
        .unwrap();
    let (port, data_port) = (crate::common::free_port(), crate::common::free_port());
    let run = |arg: Option<&str>| {
        let mut command = Command::new("bash");
        command.arg(&script);
        if let Some(arg) = arg {
            command.arg(arg);
        }
        command
            .env_clear()
            .envs(safe_env())
            .env("HOME", home.path())
            .env("HSDS_COMMAND", &launcher)
            .env("HSDS_PORT", port.to_string())
            .env("HSDS_DN_PORT", data_port.to_string())
            .env("HSDS_WAIT_SECONDS", "90");
        command
    };
    let first = run(None).spawn().unwrap();
    let second = run(None).spawn().unwrap();
    let (first, second) = (
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    );
    assert!(first.status.success() && second.status.success());
    let log_dir = home.path().join(".hsds");
    let log = std::fs::read_dir(&log_dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().ends_with(".log"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .unwrap();
    assert_eq!(log.matches("READY after").count(), 1, "one start: {log}");
    assert_eq!(log.matches("already READY").count(), 1, "one waited: {log}");

    let check = run(Some("--check")).output().unwrap();
    assert!(check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains("READY"));
    let metrics = Command::new("curl")
        .args(["-s", &format!("http://127.0.0.1:{port}/metrics")])
        .output()
        .unwrap();
    let metrics = String::from_utf8_lossy(&metrics.stdout);
    assert!(
        metrics.lines().any(|l| l.starts_with("hsds_tasks_max")
            && l.trim_end().ends_with(" 123.0")
            || l.starts_with("hsds_tasks_max") && l.trim_end().ends_with(" 123")),
        "the override's max_task_count reached HSDS: {metrics}"
    );

    let stop = run(Some("--stop")).output().unwrap();
    assert!(stop.status.success());
    let check = run(Some("--check")).output().unwrap();
    assert!(!check.status.success(), "HSDS stopped: --check fails");
    assert!(String::from_utf8_lossy(&check.stdout).contains("not running"));
}
