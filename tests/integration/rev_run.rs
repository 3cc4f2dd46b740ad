//! reV for real on the harness's "cluster" (its sshd as the head node, its Slurm as the
//! scheduler, its HSDS holding NREL's NSRDB sample, loaded with hsload): `pcwiz rev`
//! installs reV and h5pyd from a wheelhouse prepared outside the network namespace, writes a
//! PVWatts project from its form, submits the pipeline, which gaps runs through sbatch with
//! start_hsds.sh as its sh_script, reading the resource through HSDS; the outputs come home
//! and match a direct reV run on the .h5 file; a failing run is explained.

use std::process::Output;

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::tmux::TmuxSession;
use crate::common::{
    Harness, Home, harness_home_in_use, harness_node_instance_in_use, json_of, stderr_of,
};

const REGION: &str = "us-west-2";
/// The venv these tests install and run reV from (the default, as a user would).
const VENV: &str = "~/envs/rev";

/// `pcwiz ARGS` against the harness's moto, reaching its head node, with the harness's
/// HSDS as the nodes' HSDS (pip-launched, no Docker).
fn pcwiz(home: &Home, harness: &Harness, args: &[&str]) -> Output {
    home.pcwiz_reaching_head_nodes(harness, args)
        .env("PCWIZ_HSDS_PORT", harness.hsds_port().to_string())
        .env("PCWIZ_HSDS_LAUNCHER", "pip")
        .env("AWS_REGION", REGION)
        .output()
        .unwrap()
}

/// `pcwiz rev NAME --install --wheelhouse DIR` and `extra`.
fn install_from(home: &Home, harness: &Harness, name: &str, dir: &str, extra: &[&str]) -> Output {
    let mut args = vec!["rev", name, "--install", "--wheelhouse", dir];
    args.extend_from_slice(extra);
    pcwiz(home, harness, &args)
}

fn wheelhouse() -> String {
    std::env::var("PCWIZ_TEST_REV_WHEELHOUSE").expect(
        "PCWIZ_TEST_REV_WHEELHOUSE: tests/harness/install.sh builds it, services.sh exports it",
    )
}

/// The cluster in moto whose head node is the harness's sshd, with the harness's user.
fn cluster(harness: &Harness, name: &str) -> ClusterStacks {
    let stacks = ClusterStacks::start(harness);
    stacks.create(name, "complete", &["--cluster-user", &harness.ssh_user]);
    stacks
}

/// Every file under the venv changed since `marker` was made (on the head node).
fn changed_since(harness: &Harness, marker: &str) -> String {
    harness.on_cluster(&format!(
        "find ~/envs/rev -newer {marker} -not -path '*/__pycache__*' | head -5"
    ))
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn rev_installs_from_a_wheelhouse_pinned_checked_and_a_second_time_changes_nothing() {
    let _files = harness_home_in_use();
    let harness = Harness::get();
    let _stacks = cluster(&harness, "rev-install");
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    harness.on_cluster("rm -rf ~/envs/rev ~/.pcwiz");

    // A wheelhouse with no wheels is refused before anything is sent.
    let empty = tempfile::tempdir().unwrap();
    let output = install_from(
        &home,
        &harness,
        "rev-install",
        empty.path().to_str().unwrap(),
        &[],
    );
    assert!(!output.status.success());
    assert!(
        stderr_of(&output).contains("has no wheels"),
        "{}",
        stderr_of(&output)
    );

    let started = std::time::Instant::now();
    let output = install_from(&home, &harness, "rev-install", &wheelhouse(), &["--json"]);
    let out = json_of(&output);
    assert!(output.status.success(), "{}", stderr_of(&output));
    eprintln!(
        "installed from the wheelhouse in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let installed = &out["install"];
    assert_eq!(installed["changed"], true, "{out:#}");
    assert_eq!(installed["rev"], "reV, version 0.14.5");
    assert_eq!(installed["venv"], VENV);
    let versions: Vec<(String, String)> = installed["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v[0].as_str().unwrap().into(),
                v[1].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    for (name, version) in [
        ("NREL-reV", "0.14.5"),
        ("NREL-gaps", "0.8.11"),
        ("NREL-rex", "0.4.3"),
        ("h5pyd", "1.0.0"),
    ] {
        assert!(
            versions.contains(&(name.to_string(), version.to_string())),
            "{name} {version}: {versions:?}"
        );
    }
    // pip's own lines drove the bar (not a TTY: one line per tenth, up to 100 %).
    let stderr = stderr_of(&output);
    assert!(stderr.contains("sending the wheelhouse"), "{stderr}");
    assert!(stderr.contains("100% pip: installed"), "{stderr}");
    // The copy was for this install only.
    assert_eq!(
        harness
            .on_cluster("ls -d ~/.pcwiz/wheelhouse-* 2>/dev/null | wc -l")
            .trim(),
        "0"
    );
    // A compute node runs the same reV: the venv is in the shared home.
    let on_node = harness.on_cluster("srun -p standard -N1 ~/envs/rev/bin/reV --version");
    assert_eq!(on_node.trim(), "reV, version 0.14.5");

    // Again: nothing sent, nothing installed, nothing in the venv touched.
    harness.on_cluster("touch ~/.pcwiz-marker");
    let output = install_from(&home, &harness, "rev-install", &wheelhouse(), &[]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("already installed, nothing changed"),
        "{text}"
    );
    assert!(
        !stderr_of(&output).contains("sending"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(changed_since(&harness, "~/.pcwiz-marker"), "");
    harness.on_cluster("rm -f ~/.pcwiz-marker");
}

/// reV installed (from the wheelhouse; nothing happens when it already is) and the
/// harness's HSDS set up as the nodes' (`pcwiz hsds`): start_hsds.sh and ~/.hscfg, reading
/// NREL's bucket with the NSRDB sample.
fn rev_ready(home: &Home, harness: &Harness, name: &str) {
    let output = pcwiz(
        home,
        harness,
        &["hsds", name, "--dataset", "nsrdb", "--no-verify", "--json"],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    let output = install_from(home, harness, name, &wheelhouse(), &[]);
    assert!(output.status.success(), "{}", stderr_of(&output));
}

/// The 48-site NSRDB file on the harness's HSDS (services.sh loads it with hsload).
const TILED: &str = "/nrel/nsrdb/test/nsrdb_tiled48_2019.h5";
/// 24 of its sites (4 rows × 6 columns of its 6 × 8 grid).
const BOX: [&str; 4] = ["-7.0", "-56.23", "-6.85", "-56.0"];

/// `pcwiz rev NAME --new --dir DIR` for the box's sites of the tiled file, in the standard
/// queue, then `extra`.
fn new_in_box(home: &Home, harness: &Harness, name: &str, dir: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "rev",
        name,
        "--new",
        "--dir",
        dir,
        "--resource",
        TILED,
        "--bbox",
        BOX[0],
        BOX[1],
        BOX[2],
        BOX[3],
        "--queue",
        "standard",
    ];
    args.extend_from_slice(extra);
    pcwiz(home, harness, &args)
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_project_from_the_form_counts_its_box_on_a_node_and_backs_up_what_it_replaces() {
    let _files = harness_home_in_use();
    let harness = Harness::get();
    let _stacks = cluster(&harness, "rev-project");
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    rev_ready(&home, &harness, "rev-project");
    harness.on_cluster(
        "rm -rf ~/rev-form && mkdir -p ~/rev-form && echo 'gid\n0' > ~/rev-form/project_points.csv",
    );

    let new = |extra: &[&str]| {
        let mut args = vec!["--tech", "pvwatts", "--year", "2019"];
        args.extend_from_slice(extra);
        new_in_box(&home, &harness, "rev-project", "~/rev-form", &args)
    };
    let output = new(&["--json"]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let out = json_of(&output);
    let project = &out["project"];
    assert_eq!(project["sites"]["selected"], 24, "{out:#}");
    assert_eq!(project["sites"]["of"], 48);
    let backup = project["sites"]["backup"]
        .as_str()
        .expect("the user's points kept");
    assert_eq!(
        harness.on_cluster(&format!("cat ~/rev-form/{backup}")),
        "gid\n0\n"
    );
    // The points are the box's, chosen from the resource's coordinates through HSDS.
    let points = harness.on_cluster("cat ~/rev-form/project_points.csv");
    assert_eq!(points.lines().count(), 25, "{points}");
    assert!(
        points.starts_with("gid,config\n9,default\n10,default\n"),
        "{points}"
    );

    let config: serde_json::Value =
        serde_json::from_str(&harness.on_cluster("cat ~/rev-form/config_gen.json")).unwrap();
    assert_eq!(config["resource_file"], TILED);
    assert_eq!(config["technology"], "pvwattsv8");
    let control = &config["execution_control"];
    assert_eq!(control["option"], "awspc");
    assert_eq!(
        control["sh_script"],
        "source ~/envs/rev/bin/activate && bash ~/start_hsds.sh || exit 1"
    );
    // The queue asked for, whole nodes (no config says the queue gives them), one worker
    // per CPU of its nodes.
    assert_eq!(control["feature"], "--exclusive --partition=standard");
    let cpus: u64 = harness
        .on_cluster("sinfo -h -N -n localhost -o %c | head -1")
        .trim()
        .parse()
        .unwrap();
    assert_eq!(control["max_workers"], cpus);
    let sam: serde_json::Value =
        serde_json::from_str(&harness.on_cluster("cat ~/rev-form/sam_pvwattsv8.json")).unwrap();
    assert_eq!(sam["system_capacity"], 20000);

    // Written again with a change: the changed files backed up, the others untouched.
    let output = new(&["--sam", "system_capacity=50000", "--json"]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let out = json_of(&output);
    let files = out["project"]["files"].as_array().unwrap();
    let outcome = |path: &str| files.iter().find(|f| f["path"] == path).unwrap().clone();
    assert_eq!(outcome("config_gen.json")["outcome"], "unchanged");
    let sam_file = outcome("sam_pvwattsv8.json");
    assert_eq!(sam_file["outcome"], "installed");
    let old = harness.on_cluster(&format!(
        "cat ~/rev-form/{}",
        sam_file["backup"].as_str().unwrap()
    ));
    assert!(old.contains("\"system_capacity\": 20000"), "{old}");
    assert!(
        out["project"]["sites"]["backup"].is_null(),
        "the same points: no backup"
    );

    // A box with no site of the resource in it is said, and nothing is written.
    harness.on_cluster("rm -f ~/rev-form/config_gen.json");
    let output = pcwiz(
        &home,
        &harness,
        &[
            "rev",
            "rev-project",
            "--new",
            "--dir",
            "~/rev-form",
            "--resource",
            TILED,
            "--bbox",
            "40",
            "-105",
            "41",
            "-104",
        ],
    );
    assert!(!output.status.success());
    assert!(
        stderr_of(&output).contains("no site of the 48"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(
        harness
            .on_cluster("ls ~/rev-form/config_gen.json 2>/dev/null | wc -l")
            .trim(),
        "0"
    );
}

/// `pcwiz rev NAME --json`'s run, once it is over; the answers seen on the way.
fn wait_until_over(
    home: &Home,
    harness: &Harness,
    name: &str,
    seen: &mut Vec<String>,
) -> serde_json::Value {
    crate::common::wait_until(
        "the reV run to end",
        std::time::Duration::from_secs(900),
        || {
            let output = pcwiz(home, harness, &["rev", name, "--json"]);
            assert!(output.status.success(), "{}", stderr_of(&output));
            let out = json_of(&output);
            let run = out["run"].clone();
            let states: Vec<String> = run["steps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    format!(
                        "{}={}",
                        s["name"].as_str().unwrap(),
                        s["status"].as_str().unwrap()
                    )
                })
                .collect();
            let states = states.join(",");
            if seen.last() != Some(&states) {
                seen.push(states);
            }
            // A look whose EC2 call failed (moto busy with the other tests) cannot price
            // the jobs and says so: look again, as a user would.
            let ec2_silent = run["problems"].to_string().contains("EC2 did not list");
            (run["over"] == true && !ec2_silent).then_some(run)
        },
    )
}

/// cf_mean by resource gid (the meta's gid) of reV output files, with h5py.
const CF_MEAN_BY_GID: &str = r#"
import h5py, json, sys
out = {}
for path in sys.argv[1:]:
    with h5py.File(path, "r") as f:
        scale = f["cf_mean"].attrs.get("scale_factor", 1)
        for gid, value in zip(f["meta"]["gid"], f["cf_mean"][...]):
            out[int(gid)] = float(value) / float(scale)
print(json.dumps(out))
"#;

fn cf_mean_by_gid(files: &[std::path::PathBuf]) -> std::collections::BTreeMap<u64, f64> {
    let mut args: Vec<std::ffi::OsString> = vec!["-c".into(), CF_MEAN_BY_GID.into()];
    args.extend(files.iter().map(|f| f.clone().into_os_string()));
    let output = crate::common::rev_python(&args);
    let map: std::collections::BTreeMap<String, f64> = serde_json::from_slice(&output).unwrap();
    map.into_iter()
        .map(|(k, v)| (k.parse().unwrap(), v))
        .collect()
}

/// reV itself, here, on the resource .h5 file without HSDS (`option: local`), for the same
/// sites and SAM file as the cluster's project: the reference the cluster's run must match.
fn direct_rev_run(harness: &Harness, project: &str) -> std::path::PathBuf {
    let dir = tempfile::tempdir().unwrap().keep().join("direct");
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["project_points.csv", "sam_pvwattsv8.json"] {
        std::fs::write(
            dir.join(file),
            harness.on_cluster(&format!("cat {project}/{file}")),
        )
        .unwrap();
    }
    let resource = std::env::var("PCWIZ_TEST_NSRDB_TILED").expect("services.sh exports it");
    let config = serde_json::json!({
        "execution_control": {"option": "local", "max_workers": 1},
        "log_directory": "./logs",
        "technology": "pvwattsv8",
        "project_points": "./project_points.csv",
        "sam_files": {"default": "./sam_pvwattsv8.json"},
        "resource_file": resource,
        "output_request": ["cf_mean", "cf_profile"],
    });
    std::fs::write(dir.join("config_gen.json"), config.to_string()).unwrap();
    let bin = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/rev/bin");
    let output = std::process::Command::new(bin.join("reV"))
        .args(["generation", "-c", "config_gen.json"])
        .current_dir(&dir)
        .env_clear()
        .envs(crate::common::safe_env())
        // gaps runs the job as `python -c …`: the venv's.
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir.join("direct_generation_2019.h5")
}

/// Within this of each other: the cluster read the same numbers through HSDS as the
/// direct run from the file (bit-identical when checked by hand, issue 21's notes), so any
/// difference beyond float32 rounding is a wrong site or a wrong read.
const CF_MEAN_TOLERANCE: f64 = 1e-6;

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_pvwatts_pipeline_runs_through_slurm_and_hsds_costs_its_node_hours_and_matches_rev_on_the_file()
{
    let _files = harness_home_in_use();
    let harness = Harness::get();
    let _instance = harness_node_instance_in_use();
    let stacks = cluster(&harness, "rev-run");
    // The "compute node" has an instance (at the harness node's address), priced.
    stacks.run(&["add-compute", "rev-run", "--private-ip", "127.0.0.1"]);
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    rev_ready(&home, &harness, "rev-run");
    harness.on_cluster("rm -rf ~/rev-e2e");

    // The run is held against a real sizing answer (`pcwiz size --json`, offline prices);
    // the flags then set the harness's own nodes, workers and a walltime Slurm will not hit.
    let sizing_dir = tempfile::tempdir().unwrap();
    let sizing = sizing_dir.path().join("size.json");
    let answer = pcwiz(
        &home,
        &harness,
        &[
            "size",
            "--unit-seconds",
            "60",
            "--unit-cores",
            "1",
            "--unit-mem-gib",
            "1",
            "--sites-per-unit",
            "12",
            "--sites",
            "24",
            "--instance-type",
            "c6a.12xlarge",
            "--offline",
            "--json",
        ],
    );
    assert!(answer.status.success(), "{}", stderr_of(&answer));
    std::fs::write(&sizing, &answer.stdout).unwrap();
    let estimate_hours = json_of(&answer)["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["instance_type"] == "c6a.12xlarge")
        .and_then(|c| c["hours"].as_f64())
        .expect("the sizing's hours for its pick");

    let output = new_in_box(
        &home,
        &harness,
        "rev-run",
        "~/rev-e2e",
        &[
            "--sizing",
            sizing.to_str().unwrap(),
            "--nodes",
            "2",
            "--max-workers",
            "2",
            "--walltime",
            "1",
            "--shared-nodes",
            "--json",
        ],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    let out = json_of(&output);
    assert_eq!(out["project"]["sites"]["selected"], 24);
    assert_eq!(out["project"]["jobs"], 2);

    let started = std::time::Instant::now();
    let output = pcwiz(&home, &harness, &["rev", "rev-run", "--submit", "--json"]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let out = json_of(&output);
    let pid = out["submitted"]["monitor_pid"]
        .as_u64()
        .expect("gaps' monitor PID");
    assert_eq!(out["submitted"]["already_running"], false);
    // The monitor outlives pcwiz and its ssh connection: it runs on the head node now.
    assert_eq!(
        harness
            .on_cluster(&format!(
                "ps -o comm= -p {pid} >/dev/null && echo alive || echo gone"
            ))
            .trim(),
        "alive"
    );

    let mut seen = vec![];
    let run = wait_until_over(&home, &harness, "rev-run", &mut seen);
    eprintln!(
        "states seen: {seen:?}; over in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let steps = run["steps"].as_array().unwrap();
    let names: Vec<_> = steps
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        [("generation", "successful"), ("collect", "successful")],
        "{run:#}"
    );
    assert_eq!(steps[0]["jobs"].as_array().unwrap().len(), 2);
    // Each job cost its node-hours at the compute instance's price.
    let usd = run["usd"].as_f64().unwrap();
    assert!(usd > 0.0, "{run:#}");
    for job in steps[0]["jobs"].as_array().unwrap() {
        let (minutes, job_usd) = (
            job["runtime_minutes"].as_f64().unwrap(),
            job["usd"].as_f64().unwrap(),
        );
        assert!(
            (job_usd - minutes / 60.0 * 1.836).abs() < 1e-6,
            "c6a.12xlarge at $1.836/h: {job:#}"
        );
    }
    eprintln!("cost so far: ${usd:.4}");
    // The run against the sizing's estimate: over, so the time from the first job's start
    // to the last one's end, beside the estimate's hours.
    let against = &run["estimate"];
    assert_eq!(against["finished"], true, "{run:#}");
    assert_eq!(against["estimate_hours"].as_f64(), Some(estimate_hours));
    let elapsed = against["elapsed_hours"].as_f64().unwrap();
    assert!(
        elapsed > 0.0 && elapsed < started.elapsed().as_secs_f64() / 3600.0 + 1.0 / 60.0,
        "{run:#}"
    );

    // Home over the same connection: the collected file.
    let home_dir = tempfile::tempdir().unwrap();
    let output = pcwiz(
        &home,
        &harness,
        &[
            "rev",
            "rev-run",
            "--fetch",
            home_dir.path().to_str().unwrap(),
            "--json",
        ],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    let fetched = json_of(&output)["fetched"].clone();
    let locals: Vec<std::path::PathBuf> = fetched
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["local"].as_str().unwrap().into())
        .collect();
    assert!(
        locals
            .iter()
            .any(|l| l.ends_with("rev-e2e_generation_2019.h5")),
        "{fetched:#}"
    );
    let collected: Vec<_> = locals
        .into_iter()
        .filter(|l| l.ends_with("rev-e2e_generation_2019.h5"))
        .collect();
    let on_cluster = cf_mean_by_gid(&collected);
    let direct = cf_mean_by_gid(&[direct_rev_run(&harness, "~/rev-e2e")]);
    assert_eq!(on_cluster.len(), 24);
    assert_eq!(
        on_cluster.keys().collect::<Vec<_>>(),
        direct.keys().collect::<Vec<_>>()
    );
    let worst = on_cluster
        .iter()
        .map(|(gid, v)| (v - direct[gid]).abs())
        .fold(0.0, f64::max);
    eprintln!("cf_mean: 24 sites, max |cluster - direct| = {worst:e}");
    assert!(worst <= CF_MEAN_TOLERANCE, "{on_cluster:?}\n{direct:?}");
    // The sites differ from one another (the tiled file scales each one's irradiance).
    let distinct: std::collections::BTreeSet<u64> =
        on_cluster.values().map(|v| (v * 1e6) as u64).collect();
    assert_eq!(distinct.len(), 24);
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_run_reading_a_dataset_hsds_does_not_have_is_explained_in_words() {
    let _files = harness_home_in_use();
    let harness = Harness::get();
    let _stacks = cluster(&harness, "rev-fail");
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    rev_ready(&home, &harness, "rev-fail");
    harness.on_cluster("rm -rf ~/rev-missing");
    // NREL's NSRDB path for 2019: real on NREL's HSDS, absent from the harness's.
    let output = pcwiz(
        &home,
        &harness,
        &[
            "rev",
            "rev-fail",
            "--new",
            "--dir",
            "~/rev-missing",
            "--gids",
            "0-5",
            "--year",
            "2019",
            "--queue",
            "standard",
            "--nodes",
            "1",
            "--max-workers",
            "1",
            "--shared-nodes",
            "--submit",
            "--json",
        ],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    let out = json_of(&output);
    assert_eq!(
        out["project"]["form"]["resource_file"],
        "/nrel/nsrdb/v3/nsrdb_{}.h5"
    );
    let mut seen = vec![];
    let run = wait_until_over(&home, &harness, "rev-fail", &mut seen);
    let job = &run["steps"][0]["jobs"][0];
    assert_eq!(job["status"], "failed", "{run:#}");
    let cause = &job["cause"];
    assert_eq!(cause["kind"], "no-such-dataset", "{run:#}");
    assert_eq!(
        cause["words"],
        "The dataset /nrel/nsrdb/v3/nsrdb_2019.h5 does not exist on HSDS (or the node's HSDS could not be reached)."
    );
    assert!(cause["fix"].as_str().unwrap().contains("resource_file"));
    assert!(
        job["tail"]
            .as_str()
            .unwrap()
            .contains("HSDS cannot be checked for a file"),
        "{job:#}"
    );
    // The text says it too.
    let output = pcwiz(&home, &harness, &["rev", "rev-fail"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("why: The dataset /nrel/nsrdb/v3/nsrdb_2019.h5 does not exist on HSDS"),
        "{text}"
    );
    assert!(text.contains("fix: Check resource_file"), "{text}");
}

/// The distinct states a tmux screen showed for `row`'s line, pressing `r` (refresh now)
/// until `last` shows; the deadline is the run's.
fn states_until(tmux: &TmuxSession, row: &str, last: &str, seen: &mut Vec<String>) -> String {
    crate::common::wait_until(
        &format!("{row} to be {last} on the reV tab"),
        std::time::Duration::from_secs(600),
        || {
            tmux.keys(&["r"]);
            let screen = tmux.screen();
            let state = screen
                .lines()
                .find(|l| l.contains(row))
                .and_then(|l| l.split_whitespace().nth(2).map(str::to_string));
            if let Some(state) = state
                && seen.last() != Some(&state)
            {
                seen.push(state);
            }
            (seen.last().map(String::as_str) == Some(last)).then_some(screen)
        },
    )
}

/// The reV tab's `n` form, from the directory field: sites and the resource typed in, jobs
/// sharing nodes (other tests' jobs hold some of the harness's one node's CPUs), 2 workers,
/// where reV comes from; the rest as it is; then Enter.
fn fill_new_run(tmux: &TmuxSession, sites: &str, resource: Option<&str>, wheelhouse: &str) {
    tmux.wait_for("New reV run");
    for _ in 0..3 {
        tmux.keys(&["Down"]);
    }
    tmux.keys(&["-l", sites]);
    tmux.keys(&["Down"]);
    if let Some(resource) = resource {
        for _ in 0.."/nrel/nsrdb/v3/nsrdb_{}.h5".len() {
            tmux.keys(&["BSpace"]);
        }
        tmux.keys(&["-l", resource]);
    }
    // SAM changes, queue, whole nodes: shared.
    tmux.keys(&["Down", "Down", "Down", "Space"]);
    // Node jobs, workers per node: 2.
    tmux.keys(&["Down", "Down"]);
    for _ in 0..4 {
        tmux.keys(&["BSpace"]);
    }
    tmux.keys(&["-l", "2"]);
    // Walltime, reV from.
    tmux.keys(&["Down", "Down"]);
    if !wheelhouse.is_empty() {
        tmux.keys(&["-l", wheelhouse]);
    }
    tmux.keys(&["Enter"]);
}

/// start_hsds.sh's lock on the node, held as another job starting HSDS there holds it: a
/// job that arrives meanwhile waits in its `sh_script`, before reV starts (gaps still says
/// "submitted"). Released when dropped.
struct HsdsStartLock {
    holder: std::process::Child,
}

impl HsdsStartLock {
    fn hold(harness: &Harness) -> Self {
        let path = harness
            .on_cluster("d=~/.hsds/$(hostname -s); mkdir -p $d && touch $d/start.lock && echo $d/start.lock")
            .trim()
            .to_string();
        // flock -o: the lock stays with flock itself; `cat` ends when its stdin closes.
        let mut holder = std::process::Command::new("flock")
            .args(["-o", &path, "sh", "-c", "echo held; exec cat"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        use std::io::BufRead;
        std::io::BufReader::new(holder.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "held");
        Self { holder }
    }
}

impl Drop for HsdsStartLock {
    fn drop(&mut self) {
        drop(self.holder.stdin.take());
        let _ = self.holder.wait();
    }
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn the_rev_tab_starts_a_run_follows_it_to_successful_fetches_it_and_explains_a_failure() {
    let _files = harness_home_in_use();
    let harness = Harness::get();
    let _instance = harness_node_instance_in_use();
    let stacks = cluster(&harness, "rev-tab");
    stacks.run(&["add-compute", "rev-tab", "--private-ip", "127.0.0.1"]);
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    rev_ready(&home, &harness, "rev-tab");
    harness.on_cluster("rm -rf ~/rev_runs/rev-tab-1 ~/rev_runs/rev-tab-missing");
    let path = harness.path_with_tools();
    let hsds_port = harness.hsds_port().to_string();
    let ssh_config = home.path().join(".ssh/config");
    let env = crate::e2e_tmux::environment(
        &home,
        &[
            ("AWS_ENDPOINT_URL", &harness.moto_url),
            ("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url),
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_REGION", REGION),
            ("PCWIZ_SSH_CONFIG", ssh_config.to_str().unwrap()),
            ("PCWIZ_HSDS_PORT", &hsds_port),
            ("PCWIZ_HSDS_LAUNCHER", "pip"),
            ("PATH", &path),
        ],
    );
    // Another job is starting HSDS on the node: reV's job waits for it, still "submitted".
    let starting = HsdsStartLock::hold(&harness);

    let tmux = TmuxSession::start(&env, env!("CARGO_BIN_EXE_pcwiz"));
    tmux.wait_for("3  Resume or monitor an existing cluster");
    tmux.keys(&["3"]);
    tmux.wait_for("rev-tab");
    tmux.select_row("rev-tab");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Nodes  █ busy");
    tmux.keys(&["5"]);
    tmux.wait_for("n starts a new reV run here");
    tmux.keys(&["n"]);
    fill_new_run(&tmux, "0-11", Some(TILED), &wheelhouse());
    let done = tmux.wait_for_within(
        "submitted: gaps' monitor",
        std::time::Duration::from_secs(300),
    );
    assert!(
        done.contains("~/rev_runs/rev-tab-1: 12 sites in 1 node jobs"),
        "{done}"
    );
    assert!(
        done.contains("already there"),
        "installed once, not again: {done}"
    );
    tmux.escape_until_gone("Esc / Enter: back to the reV tab");

    let mut seen = vec![];
    states_until(&tmux, "0. generation", "submitted", &mut seen);
    // HSDS is up: the job runs, then ends.
    drop(starting);
    let finished = states_until(&tmux, "0. generation", "successful", &mut seen);
    assert!(
        seen.ends_with(&[
            "submitted".to_string(),
            "running".to_string(),
            "successful".to_string()
        ]),
        "the step went submitted → running → successful: {seen:?}"
    );
    assert!(finished.contains("rev-tab-1_generation"), "{finished}");
    assert!(finished.contains("the run has ended"), "{finished}");
    assert!(finished.contains("F fetches them"), "{finished}");
    // Its cost: the job's node-hours at the compute instance's price.
    let job_line = finished
        .lines()
        .find(|l| l.contains("rev-tab-1_generation"))
        .unwrap();
    assert!(
        job_line.contains("localhost") && job_line.contains('$'),
        "{job_line}"
    );

    // F: the output comes home.
    let into = tempfile::tempdir().unwrap();
    tmux.keys(&["F"]);
    tmux.wait_for("Fetch reV outputs");
    for _ in 0.."./rev_outputs/rev-tab-1".len() {
        tmux.keys(&["BSpace"]);
    }
    tmux.keys(&["-l", into.path().to_str().unwrap()]);
    tmux.keys(&["Enter"]);
    tmux.wait_for_within("✔ ", std::time::Duration::from_secs(60));
    assert!(into.path().join("rev-tab-1_generation_2019.h5").is_file());
    tmux.escape_until_gone("Fetch reV outputs");

    // A second run reading a dataset HSDS does not have: explained on the tab.
    tmux.keys(&["n"]);
    tmux.wait_for("New reV run");
    for _ in 0.."rev-tab-1".len() {
        tmux.keys(&["BSpace"]);
    }
    tmux.keys(&["-l", "rev-tab-missing"]);
    fill_new_run(&tmux, "0-3", None, "");
    tmux.wait_for_within(
        "submitted: gaps' monitor",
        std::time::Duration::from_secs(120),
    );
    tmux.escape_until_gone("Esc / Enter: back to the reV tab");
    let mut seen = vec![];
    let failed = states_until(&tmux, "0. generation", "failed", &mut seen);
    assert!(
        failed.contains("The dataset /nrel/nsrdb/v3/nsrdb_2019.h5 does not exist on HSDS"),
        "{failed}"
    );
    assert!(failed.contains("fix: Check resource_file"), "{failed}");
    tmux.keys(&["q"]);
    tmux.wait_for_exit();
}
