//! `pcwiz size --measure --cluster NAME`, for real: a cluster-shaped stack in moto whose head
//! node is the harness's sshd, found as the dashboard finds it, and the unit measured there
//! by `assets/remote/measure_unit.sh` over pcwiz's shared ssh connection. The programs are
//! those of `measure_programs.rs`, with the same tolerances:
//! - CPU time within 10 % of the program's own account plus 0.3 s of Python's start-up;
//! - wall time at least the program's own, and at most 2 s more (ssh's start and the
//!   script's 0.5 s samples);
//! - peak memory at least what is held, at most 40 MiB more per process.

use std::os::unix::fs::PermissionsExt;
use std::process::Output;

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::unit_programs::{CPU_BOUND, MEMORY_HUNGRY, own_account, python};
use crate::common::{Harness, Home};
use serde_json::Value;

const REGION: &str = "us-west-2";
const MIB: f64 = 1024.0 * 1024.0;

/// `pcwiz size --measure --cluster NAME --units 100 --offline --json -- COMMAND`.
fn measure_on(home: &Home, harness: &Harness, cluster: &str, command: &[String]) -> Output {
    let mut args: Vec<&str> = vec![
        "size",
        "--measure",
        "--cluster",
        cluster,
        "--units",
        "100",
        "--offline",
        "--json",
        "--",
    ];
    args.extend(command.iter().map(String::as_str));
    home.pcwiz(&args)
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .env("PCWIZ_SSH_CONFIG", home.path().join(".ssh/config"))
        .output()
        .expect("run pcwiz")
}

fn report(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// One stack for each test (they run in parallel; each its own name).
fn cluster(harness: &Harness, name: &str) -> ClusterStacks {
    let stacks = ClusterStacks::start(harness);
    stacks.create(name, "complete", &["--cluster-user", &harness.ssh_user]);
    stacks
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_cpu_bound_unit_on_the_head_node_shows_its_cpu_time_and_cores() {
    let harness = Harness::get();
    let _stacks = cluster(&harness, "size-remote-cpu");
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    // The head node is this machine as the harness's ssh user: it writes its own account
    // in a directory both can use.
    let shared = tempfile::tempdir_in("/tmp").unwrap();
    std::fs::set_permissions(shared.path(), PermissionsExt::from_mode(0o777)).unwrap();
    let account = shared.path().join("account.json");
    let output = measure_on(
        &home,
        &harness,
        "size-remote-cpu",
        &python(CPU_BOUND, &["2", "1.5", account.to_str().unwrap()]),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let report = report(&output);
    assert_eq!(report["measured_on"], "size-remote-cpu");
    assert!(
        stderr.contains("pcwiz: measuring one unit on size-remote-cpu's head node"),
        "{stderr}"
    );
    let m = &report["measurement"];
    assert_eq!(m["exit_code"], 0, "{m:#}");
    let written = std::fs::read_to_string(&account).expect("the program wrote its account");
    let (own_wall, own_cpu) = own_account(&written).expect("its wall and CPU time");
    let cpu = m["cpu_seconds"].as_f64().unwrap();
    let wall = m["wall_seconds"].as_f64().unwrap();
    assert!(
        (3.0 * 0.9..=3.0 * 1.1 + 0.3).contains(&cpu),
        "CPU time {cpu} s for 2 × 1.5 s"
    );
    assert!(
        (cpu - own_cpu).abs() <= 0.1 * own_cpu + 0.3,
        "{cpu} vs {own_cpu}"
    );
    assert!(
        wall >= own_wall && wall <= own_wall + 2.0,
        "{wall} vs {own_wall}"
    );
    let cores = m["cores_used"].as_f64().unwrap();
    assert!((cores - cpu / wall).abs() < 1e-9);
    assert!(m["peak_processes"].as_u64().unwrap() >= 3, "{m:#}");
    assert!(
        m["samples"].as_u64().unwrap() >= 2,
        "sampled while it ran: {m:#}"
    );
    assert_eq!(m["interval_ms"], 500);
    // The plan is made from what was measured there.
    assert_eq!(report["unit"]["wall_seconds"], m["wall_seconds"]);
    assert_eq!(report["unit"]["cores_used"], m["cores_used"]);
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn memory_split_over_two_processes_on_the_head_node_is_summed() {
    let harness = Harness::get();
    let _stacks = cluster(&harness, "size-remote-mem");
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    let output = measure_on(
        &home,
        &harness,
        "size-remote-mem",
        &python(MEMORY_HUNGRY, &["2", "200", "2"]),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let m = &report(&output)["measurement"];
    let peak_mib = m["peak_memory_bytes"].as_f64().unwrap() / MIB;
    assert!(
        (400.0..=400.0 + 3.0 * 40.0).contains(&peak_mib),
        "peak {peak_mib:.0} MiB for 2 × 200 MiB: {m:#}"
    );
    assert!(
        m["cores_used"].as_f64().unwrap() < 1.5,
        "mostly asleep: {m:#}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_command_missing_on_the_head_node_says_to_activate_its_environment() {
    let harness = Harness::get();
    let _stacks = cluster(&harness, "size-remote-missing");
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    let output = measure_on(
        &home,
        &harness,
        "size-remote-missing",
        &["pcwiz-no-such-program".to_string(), "--flag".to_string()],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "no plan printed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`pcwiz-no-such-program` is not on the head node's PATH")
            && stderr.contains("activate"),
        "{stderr}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_cluster_with_no_stack_is_named_before_anything_runs() {
    let harness = Harness::get();
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    let output = measure_on(&home, &harness, "size-remote-none", &python("pass", &[]));
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("size-remote-none has no running head node to measure on"),
        "{stderr}"
    );
}
