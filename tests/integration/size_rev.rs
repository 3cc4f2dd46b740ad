//! A real reV unit: `pcwiz size --measure` runs a real reV generation (PVWatts v8, 100 sites
//! on NREL's Brazil NSRDB test file, `tests/fixtures/rev-generation/`) from the `.venv/rev`
//! venv, and the plan it makes for 1,000,000 sites must follow from what it measured.
//!
//! "Follows from" means, for every candidate type that can run it:
//! - the workers per node are the measured worker's fit: vCPUs / max(1, cores used) by
//!   cores, 70 % of the node's memory / peak memory by memory;
//! - the node-hours are at least the pure compute (sites / 100 units × unit seconds /
//!   workers per node) and at most that plus the model's stated overheads: each node's
//!   start-up and scale-down, and one part-filled last wave; within 5 % (the two
//!   significant figures the report rounds to);
//! - the cost is those node-hours at the type's hourly price, within 10 % (both rounded).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::Home;
use serde_json::Value;

const SITES: u64 = 1_000_000;
const SITES_PER_UNIT: u64 = 100;

fn rev_bin() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/rev/bin")
}

/// The fixture's config and the resource file in a fresh directory: reV writes beside them.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rev-generation");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    // The resource file is among the fixtures (a copy of the shared data's, so a clean
    // checkout anywhere has it).
    assert!(dir.path().join("nsrdb-brazil_solar.h5").exists());
    dir
}

fn f(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {value}"))
}

#[test]
#[ignore = "needs .venv/rev: run tests/run.sh"]
fn a_real_rev_generation_unit_plans_a_million_sites_consistently() {
    assert!(
        rev_bin().join("reV").exists(),
        "no reV in {}: tests/harness/install.sh makes the venv",
        rev_bin().display()
    );
    let home = Home::new();
    let project = project();
    let path = format!("{}:/usr/local/bin:/usr/bin:/bin", rev_bin().display());
    let output = home
        .pcwiz(&[
            "size",
            "--measure",
            "--sites",
            &SITES.to_string(),
            "--sites-per-unit",
            &SITES_PER_UNIT.to_string(),
            "--unit-workers",
            "1",
            "--deadline",
            "24",
            "--offline",
            "--json",
            "--",
            "reV",
            "generation",
            "-c",
            "config_gen.json",
        ])
        .current_dir(project.path())
        // gaps runs the job as `python -c …`: the venv's python must come first.
        .env("PATH", path)
        .env("AWS_REGION", "us-west-2")
        .env("AWS_ACCESS_KEY_ID", "AKIDUMMYDUMMYDUMMY00")
        .env("AWS_SECRET_ACCESS_KEY", "dummy")
        .env("MPLBACKEND", "Agg")
        .output()
        .expect("run pcwiz");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "pcwiz size failed:\n{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();

    // reV really ran the unit: 100 sites of capacity factors in its output file.
    let outputs: Vec<PathBuf> = std::fs::read_dir(project.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.contains("_generation_") && name.ends_with(".h5")
        })
        .collect();
    assert_eq!(outputs.len(), 1, "reV's output file: {stderr}");
    let shape = Command::new(rev_bin().join("python"))
        .args([
            "-c",
            "import h5py, sys; f = h5py.File(sys.argv[1]); print(f['cf_mean'].shape[0], float(f['cf_mean'][:].mean()))",
        ])
        .arg(&outputs[0])
        .output()
        .unwrap();
    let shape = String::from_utf8_lossy(&shape.stdout);
    let mut fields = shape.split_whitespace();
    assert_eq!(fields.next(), Some("100"), "cf_mean for 100 sites: {shape}");
    let cf: f64 = fields.next().unwrap().parse().unwrap();
    assert!((0.05..0.35).contains(&cf), "a solar capacity factor: {cf}");

    // What was measured: a real run, one reV worker, a Python process tree's memory.
    let unit = &report["unit"];
    let seconds = f(&unit["wall_seconds"]);
    let cores = f(&unit["cores_used"]);
    let peak_gib = f(&unit["peak_memory_gib"]);
    let cpus = std::thread::available_parallelism().unwrap().get() as f64;
    assert!(
        seconds > 2.0,
        "100 sites of PVWatts take seconds: {seconds}"
    );
    assert!(cores > 0.2 && cores <= cpus + 0.2, "cores used {cores}");
    assert!((0.1..4.0).contains(&peak_gib), "peak {peak_gib} GiB");
    assert_eq!(report["measurement"]["exit_code"], 0);
    assert_eq!(report["job"]["units"], SITES / SITES_PER_UNIT);
    assert_eq!(report["worker"]["sites"], SITES_PER_UNIT);

    let knobs = &report["knobs"];
    let overhead_hours = (f(&knobs["startup_minutes"]) + f(&knobs["scaledown_minutes"])) / 60.0;
    let memory_limit = f(&knobs["memory_limit"]);
    let units = (SITES / SITES_PER_UNIT) as f64;
    let mut planned = 0;
    for c in report["candidates"].as_array().unwrap() {
        let name = c["instance_type"].as_str().unwrap();
        let vcpus = f(&c["vcpus"]);
        assert_eq!(
            f(&c["workers_by_cores"]),
            (vcpus / cores.max(1.0) + 1e-9).floor(),
            "{name}: by cores"
        );
        assert_eq!(
            f(&c["workers_by_memory"]),
            (f(&c["memory_gib"]) * memory_limit / peak_gib + 1e-9).floor(),
            "{name}: by memory"
        );
        let Some(nodes) = c["nodes"].as_f64() else {
            continue;
        };
        planned += 1;
        let workers = f(&c["workers_per_node"]);
        let compute = units * seconds / workers / 3600.0;
        let most = compute + nodes * (overhead_hours + seconds / 3600.0);
        let node_hours = f(&c["node_hours"]);
        assert!(
            node_hours >= compute * 0.95 && node_hours <= most * 1.05,
            "{name}: {node_hours} node-hours, compute alone {compute:.1}, with overheads {most:.1}"
        );
        let usd = f(&c["usd"]);
        let expected = node_hours * f(&c["usd_per_hour"]);
        assert!(
            (usd - expected).abs() <= 0.1 * expected,
            "{name}: ${usd} for {node_hours} node-hours"
        );
        assert!(f(&c["hours"]) <= 24.0, "{name} meets the 24 h deadline");
    }
    assert!(planned >= 20, "most default types can run it: {planned}");

    // The picked plan's reV settings are that plan's.
    let pick = &report["pick"];
    let cheapest = report["cheapest"].as_str().unwrap();
    assert_eq!(pick["instance_type"], cheapest);
    let plan = report["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["instance_type"] == cheapest)
        .unwrap();
    assert_eq!(pick["execution_control"]["nodes"], plan["nodes"]);
    assert_eq!(
        pick["execution_control"]["max_workers"],
        plan["workers_per_node"]
    );
    assert_eq!(
        pick["execution_control"]["sites_per_worker"],
        SITES_PER_UNIT
    );
    eprintln!(
        "measured: {seconds:.1} s, {cores:.2} cores, {peak_gib:.3} GiB for {SITES_PER_UNIT} sites; \
         1,000,000 sites on {cheapest}: {} nodes × {} workers, ≈ {} h, ≈ {} node-hours, ≈ ${}",
        plan["nodes"], plan["workers_per_node"], plan["hours"], plan["node_hours"], plan["usd"]
    );
}
