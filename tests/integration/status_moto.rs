//! `pcwiz status NAME`: one refresh of a cluster, against the harness's real Slurm and HSDS
//! reached through its real sshd. The cluster's stack and head node are a cluster-shaped
//! stack in moto (tests/harness/cluster_stack.py); its head node's address is a loopback
//! Elastic IP, and an ssh config in the test's home sends every host to the harness's sshd,
//! so nothing leaves 127.0.0.1.

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::own_hsds::OwnHsds;
use crate::common::{Harness, Home, harness_node_instance_in_use, wait_until};

const REGION: &str = "us-west-2";

/// Waits until Slurm reports job `id` in `state` (squeue keeps finished jobs a while).
fn wait_for_job(harness: &Harness, id: &str, state: &str) {
    wait_until(
        &format!("job {} to be {state}", id.trim()),
        std::time::Duration::from_secs(90),
        || {
            let now = harness.on_cluster(&format!("squeue -h -t all -j {} -o %T", id.trim()));
            now.lines().any(|l| l.trim() == state).then_some(())
        },
    );
}

fn status(home: &Home, harness: &Harness, name: &str, hsds_port: &str) -> (i32, serde_json::Value) {
    status_with(
        home,
        harness,
        &["status", name, "--json", "--hsds-port", hsds_port],
    )
}

fn status_with(home: &Home, harness: &Harness, args: &[&str]) -> (i32, serde_json::Value) {
    let output = home
        .pcwiz(args)
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url)
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
    // A failed job (finished jobs stay in squeue for a while), a running job, and a pending
    // one that waits for its begin time: pending whatever else the shared node runs.
    let failed =
        harness.on_cluster("sbatch --parsable -p bigmem -J rev-bad -o /dev/null --wrap 'exit 3'");
    let running = harness
        .on_cluster("sbatch --parsable -p standard -J rev-gen -o /dev/null --wrap 'sleep 300'");
    let pending = harness.on_cluster(
        "sbatch --parsable -p standard -J rev-collect -o /dev/null --begin=now+3600 --wrap 'sleep 5'",
    );
    wait_for_job(&harness, &failed, "FAILED");
    wait_for_job(&harness, &running, "RUNNING");
    wait_for_job(&harness, &pending, "PENDING");

    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    let hsds_port = harness.hsds_port().to_string();
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
    let unreachable = Home::with_ssh_to(&harness, 9);
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
    harness.on_cluster(&format!("scancel {} {}", running.trim(), pending.trim()));
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn nodes_meet_their_instances_hsds_refusals_are_counted_and_rev_is_read() {
    let _instance = harness_node_instance_in_use();
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create(
        "status-full",
        "complete",
        &["--cluster-user", &harness.ssh_user],
    );
    // The Slurm node's instance: at the node's address (127.0.0.1), tagged as a compute
    // node of this cluster; and a spot one that no Slurm node claims.
    let claimed = stacks.run(&["add-compute", "status-full"]);
    let stray = stacks.run(&[
        "add-compute",
        "status-full",
        "--private-ip",
        "127.0.0.77",
        "--spot",
    ]);
    // An HSDS that refuses every data request, and three requests it refuses.
    let hsds = OwnHsds::start(&harness, &[("MAX_TASK_COUNT", "1")]);
    for _ in 0..3 {
        assert_eq!(hsds.get("/?domain=/home", true).0, "503");
    }
    let rev_dir = crate::common::rev_project_on_cluster(&harness, "rev-status-full");
    // An array job: its running tasks and its pending rest are each a row.
    let array = harness.on_cluster(
        "sbatch --parsable -p standard -J rev-array -o /dev/null --array=0-5 --wrap 'sleep 120'",
    );
    wait_for_job(&harness, &format!("{}_0", array.trim()), "RUNNING");

    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    let port = hsds.port.to_string();
    let (code, out) = status_with(
        &home,
        &harness,
        &[
            "status",
            "status-full",
            "--json",
            "--hsds-port",
            &port,
            "--rev-dir",
            &rev_dir,
        ],
    );
    assert_eq!(code, 0, "{out:#}");

    // The node and its instance, priced from the Price List stand-in.
    let node = &out["billing"]["nodes"][0];
    assert_eq!(node["node"], "localhost", "{out:#}");
    assert_eq!(node["instance_id"], claimed["instance_id"], "{out:#}");
    assert_eq!(node["instance_type"], "c6a.12xlarge");
    assert!(node["usd_per_hour"].as_f64().unwrap() > 1.0, "{node}");
    let unclaimed = out["billing"]["unclaimed"].as_array().unwrap();
    assert!(
        unclaimed
            .iter()
            .any(|i| i["instance_id"] == stray["instance_id"] && i["spot"] == true),
        "{out:#}"
    );
    // Cost so far since the stack was created, from the running instances and storage.
    assert!(out["spent"]["usd"].as_f64().unwrap() >= 0.0, "{out:#}");

    // HSDS's refusals, counted from its own /metrics, with its limit.
    let answered = &out["hsds"][0];
    assert_eq!(answered["state"], "READY", "{out:#}");
    assert!(answered["refused_503"].as_u64().unwrap() >= 3, "{answered}");
    assert_eq!(answered["max_task_count"], 1);

    // The reV pipeline from gaps' own files: steps in order, the failed collect job, and
    // the job gaps thought running that Slurm no longer has, failed as `gaps status` says.
    let steps = out["rev"]["steps"].as_array().unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["generation", "collect", "multi-year"], "{out:#}");
    let job = |step: usize, n: usize| &steps[step]["jobs"][n];
    assert_eq!(job(0, 0)["status"], "successful");
    assert_eq!(job(0, 1)["status"], "failed", "job 102 is not in squeue");
    assert_eq!(job(1, 0)["status"], "failed");
    assert_eq!(steps[2]["jobs"].as_array().unwrap().len(), 0);
    // Remembered: the next status needs no --rev-dir.
    let (_, again) = status_with(
        &home,
        &harness,
        &["status", "status-full", "--json", "--hsds-port", &port],
    );
    assert_eq!(again["rev_dir"], rev_dir.as_str());

    // The array job's tasks.
    let ids: Vec<&str> = out["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_str().unwrap())
        .collect();
    let array = array.trim();
    assert!(
        ids.iter().any(|id| id.starts_with(&format!("{array}_"))),
        "{ids:?}"
    );

    // A directory that is not there: said, and the rest still shown.
    let (_, out) = status_with(
        &home,
        &harness,
        &[
            "status",
            "status-full",
            "--json",
            "--hsds-port",
            &port,
            "--rev-dir",
            "~/no-such-rev",
        ],
    );
    assert!(
        out["rev_error"]
            .as_str()
            .unwrap()
            .starts_with("no directory"),
        "{out:#}"
    );
    assert!(out["jobs"].is_array());
    harness.on_cluster(&format!("scancel {array}"));
}
