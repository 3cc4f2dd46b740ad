//! `pcwiz status NAME`: one refresh of a cluster, against the harness's real Slurm and HSDS
//! reached through its real sshd. The cluster's stack and head node are a cluster-shaped
//! stack in moto (tests/harness/cluster_stack.py); its head node's address is a loopback
//! Elastic IP, and an ssh config in the test's home sends every host to the harness's sshd,
//! so nothing leaves 127.0.0.1.

mod common;

use std::process::Command;

use common::cluster_stacks::ClusterStacks;
use common::{Harness, Home, safe_env};

const REGION: &str = "us-west-2";

/// A home whose ssh config points every host at the harness's sshd, as its user.
fn home_with_ssh_config(harness: &Harness, port: u16) -> Home {
    let home = Home::new();
    home.write(
        ".ssh/config",
        &format!(
            "Host *\n  HostName 127.0.0.1\n  Port {port}\n  IdentityFile {}\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n",
            harness.ssh_key.display()
        ),
    );
    home
}

fn status(home: &Home, harness: &Harness, name: &str, hsds_port: &str) -> (i32, serde_json::Value) {
    let output = home
        .pcwiz(&["status", name, "--json", "--hsds-port", hsds_port])
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        // ssh reads the passwd home's config, not $HOME's: point it at the test's.
        .env("PCWIZ_SSH_CONFIG", home.path().join(".ssh/config"))
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), json)
}

/// Runs a command on the harness's cluster, as its user, over its sshd.
fn on_cluster(harness: &Harness, command: &str) -> String {
    let output = Command::new("ssh")
        .args(["-p", &harness.ssh_port.to_string(), "-i"])
        .arg(&harness.ssh_key)
        .args([
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "BatchMode=yes",
        ])
        .arg(format!("{}@127.0.0.1", harness.ssh_user))
        .arg(command)
        .env_clear()
        .envs(safe_env())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn one_refresh_reads_slurm_and_hsds_over_one_ssh_round_trip() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create(
        "status-rev",
        "complete",
        &["--cluster-user", &harness.ssh_user],
    );
    // A failed job (finished jobs stay in squeue for a while), then a running job and a
    // pending one behind it: the harness has one node.
    let failed = on_cluster(
        &harness,
        "sbatch --parsable -p bigmem -J rev-bad -o /dev/null --wrap 'exit 3'",
    );
    std::thread::sleep(std::time::Duration::from_secs(3));
    let running = on_cluster(
        &harness,
        "sbatch --parsable -p standard -J rev-gen -o /dev/null --exclusive --wrap 'sleep 300'",
    );
    let pending = on_cluster(
        &harness,
        "sbatch --parsable -p standard -J rev-collect -o /dev/null --exclusive --wrap 'sleep 5'",
    );
    std::thread::sleep(std::time::Duration::from_secs(2));

    let home = home_with_ssh_config(&harness, harness.ssh_port);
    let hsds_port = harness.hsds_url.rsplit(':').next().unwrap().to_string();
    let (code, out) = status(&home, &harness, "status-rev", &hsds_port);
    assert_eq!(code, 0, "{out:#}");
    assert_eq!(out["stack"]["status"], "CREATE_COMPLETE");
    assert_eq!(out["stack"]["user"], harness.ssh_user.as_str());
    assert!(out["probe_error"].is_null(), "{out:#}");
    let jobs = out["jobs"].as_array().unwrap();
    let job = |id: &str| {
        jobs.iter()
            .find(|j| j["id"] == id.trim())
            .unwrap_or_else(|| panic!("no job {id} in {jobs:#?}"))
    };
    assert_eq!(job(&running)["state"], "RUNNING");
    assert_eq!(job(&running)["name"], "rev-gen");
    assert_eq!(job(&pending)["state"], "PENDING");
    assert!(
        !job(&pending)["reason"].as_str().unwrap().is_empty(),
        "why it waits"
    );
    assert_eq!(job(&failed)["state"], "FAILED");
    assert_eq!(job(&failed)["exit_code"], 3);
    let nodes = out["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["name"], "localhost");
    assert_eq!(
        nodes[0]["partitions"],
        serde_json::json!(["standard", "bigmem"])
    );
    let hsds = out["hsds"].as_array().unwrap();
    assert_eq!(hsds[0]["state"], "READY", "{out:#}");
    assert!(out["ssh_ms"].as_u64().unwrap() <= out["refresh_ms"].as_u64().unwrap());

    // HSDS down (nothing on that port): said per node, the rest still there.
    let (_, out) = status(&home, &harness, "status-rev", "9");
    assert_eq!(
        out["hsds"][0]["problem"],
        "HSDS did not answer (not running?)"
    );
    assert!(out["jobs"].is_array());

    // An unreachable head node: the stack is still shown, the probe says why.
    let unreachable = home_with_ssh_config(&harness, 9);
    let (code, out) = status(&unreachable, &harness, "status-rev", &hsds_port);
    assert_eq!(code, 0);
    assert_eq!(out["stack"]["status"], "CREATE_COMPLETE");
    assert!(
        out["probe_error"]
            .as_str()
            .unwrap()
            .starts_with("could not reach the head node"),
        "{out:#}"
    );
    on_cluster(
        &harness,
        &format!("scancel {} {}", running.trim(), pending.trim()),
    );
}
