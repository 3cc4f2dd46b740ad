//! One smoke test per service: each is real and reachable, the way later tests will use it.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;

use crate::common::{Harness, safe_env};

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn moto_answers_sts() {
    let harness = Harness::get();
    let identity = harness.aws(&["sts", "get-caller-identity"]);
    assert_eq!(identity["Account"], "123456789012", "{identity}");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn slurm_over_ssh_lists_a_job_we_submitted() {
    let harness = Harness::get();
    let name = format!("pcwiz-smoke-{}", std::process::id());
    let submit = harness.ssh(&format!(
        "sbatch --parsable -J {name} -p standard --wrap 'sleep 120'"
    ));
    assert!(
        submit.status.success(),
        "sbatch failed: {}",
        String::from_utf8_lossy(&submit.stderr)
    );
    let job_id = String::from_utf8_lossy(&submit.stdout).trim().to_string();

    let listed = harness.ssh("squeue --json");
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&listed.stdout).expect("squeue --json is JSON");
    let job = json["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["name"] == name.as_str())
        .unwrap_or_else(|| panic!("job {name} not in squeue: {json:#}"));
    assert_eq!(job["job_id"].to_string(), job_id);
    assert_eq!(job["partition"], "standard");
    // Debian 12 ships Slurm 22.05: job_state is a plain string there (FACTS.md).
    assert!(job["job_state"].is_string(), "{job:#}");

    let cancel = harness.ssh(&format!("scancel {job_id}"));
    assert!(cancel.status.success());
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn hsds_about_says_ready() {
    let harness = Harness::get();
    let address = harness.hsds_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect to HSDS");
    write!(stream, "GET /about HTTP/1.0\r\nHost: {address}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let body = response.split("\r\n\r\n").nth(1).expect("an HTTP body");
    let about: serde_json::Value = serde_json::from_str(body).expect("JSON from /about");
    assert_eq!(about["state"], "READY", "{about:#}");
    assert_eq!(about["node_count"], 1);
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn pcluster_runs() {
    let harness = Harness::get();
    let output = Command::new(harness.venv_bin.join("pcluster"))
        .arg("version")
        .env_clear()
        .envs(safe_env())
        .output()
        .expect("run pcluster");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let version: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        version["version"].as_str().unwrap().starts_with("3."),
        "{version}"
    );
}
