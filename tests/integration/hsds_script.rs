//! The generated `start_hsds.sh`, for real: it passes shellcheck as pcwiz fills it in for
//! each OS, data source and launcher, and its start / wait / lock / check / stop logic runs
//! against the real HSDS from pcwiz's venv, reading the harness's moto S3
//! (common/hsds_node.rs). How it fails is in hsds_s3.rs; Docker in hsds_docker.rs.

use std::process::Command;

use crate::common::Harness;
use crate::common::hsds_node::{HsdsNode, one_hsds_at_a_time, said};
use crate::common::moto_s3::nrel_bucket;
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
        ("ubuntu2204", private(), Launcher::Pip),
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
    let _one = one_hsds_at_a_time();
    let harness = Harness::get();
    nrel_bucket(&harness, &harness.moto_url);
    let mut node = HsdsNode::new(&harness, DataSource::NrelPublic, None, Launcher::Pip);
    node.set_env("AWS_S3_GATEWAY", &harness.moto_url);
    let first = node.script(None).spawn().unwrap();
    let second = node.script(None).spawn().unwrap();
    let (first, second) = (
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    );
    assert!(
        first.status.success() && second.status.success(),
        "{}\n{}\n{}",
        said(&first),
        said(&second),
        node.start_log()
    );
    let log = node.start_log();
    assert_eq!(log.matches("READY after").count(), 1, "one start: {log}");
    assert_eq!(log.matches("already READY").count(), 1, "one waited: {log}");

    let check = node.run(Some("--check"));
    assert!(check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains("READY"));
    let metrics = Command::new("curl")
        .args(["-s", &format!("http://127.0.0.1:{}/metrics", node.port)])
        .output()
        .unwrap();
    let metrics = String::from_utf8_lossy(&metrics.stdout);
    assert!(
        metrics.lines().any(|l| l.starts_with("hsds_tasks_max")
            && (l.trim_end().ends_with(" 164.0") || l.trim_end().ends_with(" 164"))),
        "pcwiz's override.yml reached HSDS (max_task_count 164 for 36 workers): {metrics}"
    );

    let stop = node.run(Some("--stop"));
    assert!(stop.status.success());
    assert!(
        node.start_log().trim_end().ends_with("stopped"),
        "SIGINT ended HSDS: {}",
        node.start_log()
    );
    let check = node.run(Some("--check"));
    assert!(!check.status.success(), "HSDS stopped: --check fails");
    assert!(String::from_utf8_lossy(&check.stdout).contains("not running"));
}
