//! `pcwiz size` end to end, offline: the real binary with a fresh home, dummy credentials
//! and every AWS endpoint on a closed port of 127.0.0.1. `--offline` must make no AWS call
//! at all: the test that leaves it out shows what a failed call would have added.

use std::process::Output;

use crate::common::Home;
use serde_json::Value;

/// The example: 200 sites took 9 min on 3.9 cores with 6 GiB, a million sites,
/// 24 hours.
const TYPED: [&str; 12] = [
    "size",
    "--unit-seconds",
    "540",
    "--unit-cores",
    "3.9",
    "--unit-mem-gib",
    "6",
    "--sites-per-unit",
    "200",
    "--sites",
    "1000000",
    "--offline",
];

fn pcwiz(home: &Home, args: &[&str]) -> Output {
    home.pcwiz(args)
        .env("AWS_ACCESS_KEY_ID", "AKIDUMMYDUMMYDUMMY00")
        .env("AWS_SECRET_ACCESS_KEY", "dummy")
        .env("AWS_REGION", "us-west-2")
        .output()
        .expect("run pcwiz")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn candidate<'a>(report: &'a Value, instance_type: &str) -> &'a Value {
    report["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["instance_type"] == instance_type)
        .unwrap_or_else(|| panic!("no {instance_type} in {report:#}"))
}

fn args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    TYPED.iter().copied().chain(extra.iter().copied()).collect()
}

#[test]
fn a_typed_unit_gives_a_plan_per_type_and_the_settings_of_the_cheapest() {
    let home = Home::new();
    let output = pcwiz(&home, &args(&["--deadline", "24", "--json"]));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json(&output);
    assert_eq!(
        report["job"]["units"], 5000,
        "a million sites in units of 200"
    );
    assert_eq!(report["candidates"].as_array().unwrap().len(), 24);

    // c6a.12xlarge, worked by hand: 1.5 GiB workers, 96 GiB × 0.7 → 44 per node; 20,000
    // worker tasks of 9 min in 24 h → 3 nodes, 152 waves, 22.9 h, 69.3 node-hours at
    // $1.836 = $127.23, shown as 130 (two significant figures).
    let c6a = candidate(&report, "c6a.12xlarge");
    assert_eq!(c6a["workers_per_node"], 44);
    assert_eq!(c6a["limited_by"], "memory");
    assert_eq!(
        (c6a["nodes"].as_u64(), c6a["waves"].as_u64()),
        (Some(3), Some(152))
    );
    assert_eq!(c6a["hours"], 23.0);
    assert_eq!(c6a["node_hours"], 69.0);
    assert_eq!(c6a["usd"], 130.0);
    assert_eq!(c6a["price_source"], "offline snapshot 2023-08");
    assert_eq!(c6a["meets_deadline"], true);

    // The cheapest is picked and its settings filled in.
    let cheapest = report["cheapest"].as_str().unwrap();
    assert_eq!(report["pick"]["instance_type"], cheapest);
    assert_eq!(report["pick"]["why"], "cheapest");
    let control = &report["pick"]["execution_control"];
    assert_eq!(control["sites_per_worker"], 50);
    assert_eq!(control["memory_utilization_limit"], 0.7);
    assert_eq!(
        control["feature"], "--exclusive",
        "ParallelCluster shares nodes by default"
    );
    assert_eq!(
        control["nodes"],
        candidate(&report, cheapest)["nodes"],
        "reV's nodes are the plan's"
    );
    assert_eq!(report["pick"]["max_count"], control["nodes"]);
    // Every big node runs more than 25 workers: more than HSDS's default 100 in flight.
    assert!(
        report["pick"]["warning"]
            .as_str()
            .unwrap()
            .contains("HSDS 503 risk")
    );

    let keys: Vec<&str> = report["assumptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["key"].as_str().unwrap())
        .collect();
    for key in [
        "linear-scaling",
        "startup",
        "io",
        "vcpus",
        "memory-headroom",
        "precision",
    ] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    // --offline asked AWS nothing: no failed look-up left a note.
    assert_eq!(report["left_out"], Value::Array(vec![]));
    assert!(report.get("price_problem").is_none());
}

#[test]
fn the_text_table_marks_the_ends_and_prints_the_assumptions() {
    let home = Home::new();
    let output = pcwiz(&home, &args(&["--deadline", "24"]));
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("Sizing 5,000 units of 200 sites"),
        "{text}"
    );
    let picked = text
        .lines()
        .find(|l| l.starts_with('›'))
        .expect("a picked row");
    assert!(picked.contains("cheapest"), "{picked}");
    assert!(text.lines().any(|l| l.contains("fastest")), "{text}");
    assert!(text.contains("Prices (on-demand): offline snapshot 2023-08 (24 types)"));
    assert!(text.contains("\"feature\": \"--exclusive\""), "{text}");
    assert!(text.contains("! HSDS 503 risk"));
    assert!(text.contains("Assumptions:\n  - Linear scaling per core"));
    assert!(text.contains("I/O is not modelled"));
}

#[test]
fn smt_off_and_an_exclusive_queue_change_the_fit_and_the_flags() {
    let home = Home::new();
    let output = pcwiz(
        &home,
        &args(&[
            "--deadline",
            "24",
            "--no-smt",
            "--exclusive-queue",
            "--hsds-max-task-count",
            "400",
            "--pick",
            "m6a.12xlarge",
            "--json",
        ]),
    );
    assert!(output.status.success());
    let report = json(&output);
    // 48 vCPUs, SMT off: 24 cores, 24 workers of ≤ 1 core.
    let m6a = candidate(&report, "m6a.12xlarge");
    assert_eq!(m6a["workers_by_cores"], 24);
    assert_eq!(report["pick"]["why"], "asked");
    assert_eq!(report["pick"]["instance_type"], "m6a.12xlarge");
    assert!(report["pick"]["execution_control"].get("feature").is_none());
    assert_eq!(report["pick"]["execution_control"]["max_workers"], 24);
    // 24 workers × 4 = 96 in flight, under the override's 400: no warning.
    assert!(report["pick"].get("warning").is_none());
}

#[test]
fn a_deadline_no_type_can_meet_says_so_and_fails() {
    let home = Home::new();
    // 8 min start-up + 9 min unit > 15 min: no number of nodes helps.
    let output = pcwiz(&home, &args(&["--deadline", "0.25", "--json"]));
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    assert!(report["pick"].is_null());
    assert!(
        candidate(&report, "c6a.12xlarge")["note"]
            .as_str()
            .unwrap()
            .contains("past the deadline")
    );
    let why = String::from_utf8_lossy(&output.stderr);
    assert!(why.contains("no candidate can run this job"), "{why}");
}

#[test]
fn a_pick_that_is_not_a_candidate_is_named() {
    let home = Home::new();
    let output = pcwiz(&home, &args(&["--pick", "t3.nano"]));
    assert!(!output.status.success());
    let why = String::from_utf8_lossy(&output.stderr);
    assert!(
        why.contains("--pick t3.nano: not among the candidates"),
        "{why}"
    );
}

#[test]
fn outside_the_snapshots_regions_offline_times_stay_and_costs_are_unknown() {
    let home = Home::new();
    let output = pcwiz(
        &home,
        &args(&[
            "--region",
            "eu-west-1",
            "--instance-type",
            "c6a.12xlarge",
            "--json",
        ]),
    );
    assert!(output.status.success());
    let report = json(&output);
    let c6a = candidate(&report, "c6a.12xlarge");
    assert!(c6a["usd"].is_null());
    assert_eq!(c6a["price_source"], "unknown offline");
    assert!(c6a["hours"].as_f64().unwrap() > 0.0);
    assert_eq!(report["pick"]["why"], "fastest-unpriced");
}

#[test]
fn without_offline_a_failed_look_up_is_said_and_the_plan_still_made() {
    // The endpoint is a closed port on 127.0.0.1: the EC2 and pricing calls fail at once.
    let home = Home::new();
    let typed: Vec<&str> = TYPED
        .iter()
        .copied()
        .filter(|a| *a != "--offline")
        .collect();
    let output = home
        .pcwiz(&typed)
        .args(["--instance-type", "c6a.12xlarge", "--json"])
        .env("AWS_ACCESS_KEY_ID", "AKIDUMMYDUMMYDUMMY00")
        .env("AWS_SECRET_ACCESS_KEY", "dummy")
        .env("AWS_REGION", "us-west-2")
        .env("AWS_MAX_ATTEMPTS", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json(&output);
    let left_out = report["left_out"].to_string();
    assert!(
        left_out.contains("Every type is shown: pcwiz could not check which ones us-west-2 offers. pcwiz could not reach http://127.0.0.1:9."),
        "one sentence each, no SDK chain: {left_out}"
    );
    assert!(!left_out.contains("dispatch failure"), "{left_out}");
    assert_eq!(
        candidate(&report, "c6a.12xlarge")["price_source"],
        "offline snapshot 2023-08"
    );
}

#[test]
fn measuring_a_command_keeps_its_output_off_the_json_and_uses_what_it_measured() {
    let home = Home::new();
    // Prints to stdout, holds 150 MiB for half a second.
    let script =
        "import time; print('unit says hello'); data = b'x' * (150 << 20); time.sleep(0.5)";
    let output = pcwiz(
        &home,
        &[
            "size",
            "--measure",
            "--units",
            "1000",
            "--offline",
            "--instance-type",
            "c6a.12xlarge",
            "--json",
            "--",
            "python3",
            "-c",
            script,
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json(&output);
    let measured = &report["measurement"];
    assert_eq!(measured["exit_code"], 0);
    assert!(measured["wall_seconds"].as_f64().unwrap() >= 0.5);
    let peak_gib = report["unit"]["peak_memory_gib"].as_f64().unwrap();
    assert!(
        (150.0 / 1024.0..=(150.0 + 40.0) / 1024.0).contains(&peak_gib),
        "peak {peak_gib} GiB for 150 MiB held"
    );
    assert_eq!(report["unit"]["wall_seconds"], measured["wall_seconds"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unit says hello"),
        "the command's output: {stderr}"
    );
    assert!(stderr.contains("pcwiz: measured "), "{stderr}");
}

#[test]
fn a_unit_that_fails_is_not_planned_from() {
    let home = Home::new();
    let output = pcwiz(
        &home,
        &[
            "size",
            "--measure",
            "--units",
            "10",
            "--offline",
            "--",
            "sh",
            "-c",
            "exit 3",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "no plan printed");
    let why = String::from_utf8_lossy(&output.stderr);
    assert!(why.contains("the unit did not finish (exit 3)"), "{why}");
}

/// A rev-conus config as `pcwiz config new` writes it: queues `standard` (c6a.12xlarge)
/// and `bigmem` (m6a.12xlarge), both MaxCount 10 with SMT off.
fn rev_conus_config(home: &Home) -> std::path::PathBuf {
    let path = home.path().join("cluster.yaml");
    let made = home
        .pcwiz(&[
            "config",
            "new",
            "--preset",
            "rev-conus",
            "--key-name",
            "k",
            "--subnet",
            "subnet-1",
            "-o",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    path
}

fn queue<'a>(config: &'a serde_yaml::Value, name: &str) -> &'a serde_yaml::Value {
    config["Scheduling"]["SlurmQueues"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|q| q["Name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no queue {name}"))
}

fn read_yaml(path: &std::path::Path) -> serde_yaml::Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_pick_fills_in_the_first_queue_of_a_config_and_keeps_the_old_file() {
    let home = Home::new();
    let path = rev_conus_config(&home);
    let original = std::fs::read_to_string(&path).unwrap();
    let file = path.to_str().unwrap();
    let output = pcwiz(
        &home,
        &args(&["--deadline", "24", "--write-config", file, "--json"]),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json(&output);
    let picked = report["pick"]["instance_type"].as_str().unwrap();
    let nodes = report["pick"]["max_count"].as_u64().unwrap();

    let config = read_yaml(&path);
    let standard = &queue(&config, "standard")["ComputeResources"][0];
    assert_eq!(standard["InstanceType"].as_str(), Some(picked));
    assert_eq!(standard["MaxCount"].as_u64(), Some(nodes));
    assert_eq!(
        standard["DisableSimultaneousMultithreading"].as_bool(),
        Some(false),
        "sized with SMT on (no --no-smt): every vCPU a worker, as counted"
    );
    // Everything else as it was: the other queue, storage, tags, the head node.
    let before: serde_yaml::Value = serde_yaml::from_str(&original).unwrap();
    assert_eq!(queue(&config, "bigmem"), queue(&before, "bigmem"));
    for key in ["HeadNode", "SharedStorage", "Tags", "Image", "Region"] {
        assert_eq!(config[key], before[key], "{key}");
    }
    assert_eq!(
        queue(&config, "standard")["Networking"],
        queue(&before, "standard")["Networking"]
    );
    // The old file beside it, byte for byte.
    let backup = format!("{file}.bak");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), original);
    let written = &report["config"];
    assert_eq!(written["backup"], backup.as_str());
    assert!(
        written["changed"]
            .as_str()
            .unwrap()
            .contains(&format!("MaxCount 10 → {nodes}")),
        "{written}"
    );
}

#[test]
fn a_picked_type_goes_to_the_named_queue_and_the_text_says_what_changed() {
    let home = Home::new();
    let path = rev_conus_config(&home);
    let file = path.to_str().unwrap();
    // r6a.12xlarge onto bigmem, sized with SMT off.
    let onto_bigmem = args(&[
        "--deadline",
        "24",
        "--no-smt",
        "--pick",
        "r6a.12xlarge",
        "--write-config",
        file,
        "--queue",
        "bigmem",
    ]);
    let output = pcwiz(&home, &onto_bigmem);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let config = read_yaml(&path);
    let bigmem = &queue(&config, "bigmem")["ComputeResources"][0];
    assert_eq!(bigmem["InstanceType"], "r6a.12xlarge");
    assert_eq!(
        bigmem["DisableSimultaneousMultithreading"].as_bool(),
        Some(true),
        "SMT stays off, as sized"
    );
    assert_eq!(
        queue(&config, "standard")["ComputeResources"][0]["InstanceType"],
        "c6a.12xlarge"
    );
    let max_count = bigmem["MaxCount"].as_u64().unwrap();
    assert!(
        stdout.contains(&format!("Wrote {file} (the old one is {file}.bak):"))
            && stdout.contains(&format!(
                "Queue bigmem (compute resource bigmem): InstanceType m6a.12xlarge → r6a.12xlarge, MaxCount 10 → {max_count}."
            )),
        "{stdout}"
    );

    // The same again: nothing to change, nothing rewritten.
    let backup = format!("{file}.bak");
    std::fs::remove_file(&backup).unwrap();
    let again = pcwiz(&home, &onto_bigmem);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("nothing changed"), "{stdout}");
    assert!(!std::path::Path::new(&backup).exists());
}

#[test]
fn an_unknown_queue_writes_nothing_and_names_the_queues() {
    let home = Home::new();
    let path = rev_conus_config(&home);
    let original = std::fs::read_to_string(&path).unwrap();
    let output = pcwiz(
        &home,
        &args(&["--write-config", path.to_str().unwrap(), "--queue", "gpu"]),
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no queue `gpu` in the config; it has: standard, bigmem"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    assert!(!home.path().join("cluster.yaml.bak").exists());
}
