//! `pcwiz cleanup`, `park` and `resume` against moto. The cluster is a cluster-shaped stack
//! (tests/harness/cluster_stack.py: pcluster's tags and parameters, a head node), with what
//! a real one leaves behind made beside it: a running compute instance, a retained EBS
//! volume, a log group, a network stack and an imported key pair recorded in pcwiz's
//! history, and the config on disk. Look-alikes that are not this cluster's must survive.
//! The stack goes through the real `pcluster delete-cluster`, the fleet through the real
//! `pcluster update-compute-fleet`.

use std::process::Command;

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::{Harness, Home, json_of, safe_env, stderr_of};

const REGION: &str = "us-west-2";

fn pcwiz(home: &Home, harness: &Harness, args: &[&str]) -> std::process::Output {
    home.pcwiz(args)
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .env("PATH", harness.path_with_tools())
        .output()
        .unwrap()
}

/// Whether the AWS CLI call succeeds (a describe of something deleted fails).
fn aws_ok(harness: &Harness, args: &[&str]) -> bool {
    Command::new(harness.venv_bin.join("aws"))
        .args(args)
        .args(["--region", REGION])
        .env_clear()
        .envs(safe_env())
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .output()
        .unwrap()
        .status
        .success()
}

fn tagged_volume(harness: &Harness, cluster: Option<&str>) -> String {
    let mut args = vec![
        "ec2",
        "create-volume",
        "--region",
        REGION,
        "--availability-zone",
        "us-west-2a",
        "--size",
        "100",
        "--volume-type",
        "gp3",
    ];
    let spec;
    if let Some(cluster) = cluster {
        spec = format!(
            "ResourceType=volume,Tags=[{{Key=parallelcluster:cluster-name,Value={cluster}}}]"
        );
        args.extend(["--tag-specifications", &spec]);
    }
    harness.aws(&args)["VolumeId"].as_str().unwrap().to_string()
}

fn volume_exists(harness: &Harness, id: &str) -> bool {
    aws_ok(harness, &["ec2", "describe-volumes", "--volume-ids", id])
}

fn log_group_exists(harness: &Harness, name: &str) -> bool {
    let answer = harness.aws(&[
        "logs",
        "describe-log-groups",
        "--region",
        REGION,
        "--log-group-name-prefix",
        name,
    ]);
    answer["logGroups"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["logGroupName"] == name)
}

fn instance_state(harness: &Harness, id: &str) -> String {
    let answer = harness.aws(&[
        "ec2",
        "describe-instances",
        "--region",
        REGION,
        "--instance-ids",
        id,
    ]);
    answer["Reservations"][0]["Instances"][0]["State"]["Name"]
        .as_str()
        .unwrap()
        .to_string()
}

fn ids_of(plan: &serde_json::Value, kind: &str) -> Vec<String> {
    plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == kind)
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn cleanup_removes_what_the_cluster_leaves_and_nothing_else_and_finishes_when_run_again() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create("clean-rev", "complete", &[]);
    let compute = stacks.run(&["add-compute", "clean-rev", "--private-ip", "127.0.0.61"]);
    let compute = compute["instance_id"].as_str().unwrap().to_string();
    let volume = tagged_volume(&harness, Some("clean-rev"));
    let snapshot = harness.aws(&[
        "ec2",
        "create-snapshot",
        "--region",
        REGION,
        "--volume-id",
        &volume,
        "--tag-specifications",
        "ResourceType=snapshot,Tags=[{Key=parallelcluster:cluster-name,Value=clean-rev}]",
    ])["SnapshotId"]
        .as_str()
        .unwrap()
        .to_string();
    let efs = harness.aws(&[
        "efs",
        "create-file-system",
        "--region",
        REGION,
        "--tags",
        "Key=parallelcluster:cluster-name,Value=clean-rev",
    ])["FileSystemId"]
        .as_str()
        .unwrap()
        .to_string();
    let log_group = "/aws/parallelcluster/clean-rev-202611211200";
    harness.aws(&[
        "logs",
        "create-log-group",
        "--region",
        REGION,
        "--log-group-name",
        log_group,
        "--tags",
        "parallelcluster:cluster-name=clean-rev",
    ]);
    // The network pcwiz made for it, and the key pair it imported: in the history.
    let network = "pcwiz-network-clean-rev";
    harness.aws(&[
        "cloudformation",
        "create-stack",
        "--region",
        REGION,
        "--stack-name",
        network,
        "--template-body",
        r#"{"Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.77.0.0/16"}}}}"#,
    ]);
    let home = Home::new();
    let key = home.path().join(".ssh/clean-rev.pub");
    std::fs::create_dir_all(key.parent().unwrap()).unwrap();
    let keygen = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(home.path().join(".ssh/clean-rev"))
        .status()
        .unwrap();
    assert!(keygen.success());
    harness.aws(&[
        "ec2",
        "import-key-pair",
        "--region",
        REGION,
        "--key-name",
        "clean-rev-key",
        "--public-key-material",
        &format!("fileb://{}", key.display()),
    ]);
    let config = home.write(
        ".local/share/pcwiz/configs/clean-rev.yaml",
        "Region: us-west-2\n",
    );
    home.write(
        ".local/share/pcwiz/history.json",
        &serde_json::json!({"format": 1, "clusters": [{
            "name": "clean-rev", "region": REGION, "config_file": config,
            "key_name": "clean-rev-key", "key_file": home.path().join(".ssh/clean-rev"),
            "created_by_pcwiz": {"key_pair": true, "network_stack": network},
            "created_at": "2026-11-21T10:00:00Z", "pcluster_version": "3.16.1"}]})
        .to_string(),
    );
    // Look-alikes: another cluster's volume, and a log group named like this cluster's
    // without its tag.
    let other_volume = tagged_volume(&harness, Some("clean-rev-other"));
    let untagged_group = "/aws/parallelcluster/clean-rev-202601010000";
    harness.aws(&[
        "logs",
        "create-log-group",
        "--region",
        REGION,
        "--log-group-name",
        untagged_group,
    ]);

    // The plan: every item, why it is this cluster's, the look-alikes not in it.
    let output = pcwiz(
        &home,
        &harness,
        &["cleanup", "clean-rev", "--dry-run", "--json"],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    let plan = json_of(&output)["plan"].clone();
    assert_eq!(
        ids_of(&plan, "compute-instance"),
        std::slice::from_ref(&compute),
        "{plan:#}"
    );
    assert_eq!(ids_of(&plan, "cluster-stack"), ["clean-rev"]);
    assert_eq!(
        ids_of(&plan, "ebs-volume"),
        std::slice::from_ref(&volume),
        "not {other_volume}"
    );
    assert_eq!(ids_of(&plan, "log-group"), [log_group]);
    assert_eq!(
        ids_of(&plan, "ebs-snapshot"),
        std::slice::from_ref(&snapshot)
    );
    assert_eq!(ids_of(&plan, "efs-file-system"), std::slice::from_ref(&efs));
    assert_eq!(ids_of(&plan, "network-stack"), [network]);
    assert_eq!(ids_of(&plan, "key-pair"), ["clean-rev-key"]);
    let files = ids_of(&plan, "local-file");
    assert!(files.contains(&config.display().to_string()), "{files:?}");
    let item = |id: &str| {
        plan["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        item(&volume)["why"],
        "tagged parallelcluster:cluster-name=clean-rev"
    );
    assert_eq!(
        item(&volume)["selected"],
        false,
        "data is kept unless ticked"
    );
    assert!(item(&volume)["usd_per_month"].as_f64().unwrap() > 0.0);
    assert_eq!(item(&compute)["selected"], true);
    assert!(
        item(&compute)["usd_per_month"].as_f64().unwrap() > 100.0,
        "{plan:#}"
    );
    let private_key = home.path().join(".ssh/clean-rev").display().to_string();
    assert_eq!(item(&private_key)["kind"], "private-key");
    assert_eq!(
        item(&private_key)["selected"],
        false,
        "a private key is never ticked for you"
    );
    let left_alone = plan["left_alone"].to_string();
    assert!(left_alone.contains(untagged_group), "{left_alone}");
    assert!(left_alone.contains("do-not-delete"), "{left_alone}");
    // Nothing was touched by the dry run.
    assert_eq!(instance_state(&harness, &compute), "running");

    // A first run that stops early (as if interrupted): the instances and the stack only.
    let output = pcwiz(
        &home,
        &harness,
        &[
            "cleanup",
            "clean-rev",
            "--confirm",
            "clean-rev",
            "--json",
            "--keep",
            "log-group",
            "--keep",
            "network-stack",
            "--keep",
            "key-pair",
            "--keep",
            "local-file",
        ],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    let first = json_of(&output);
    let result = |run: &serde_json::Value, id: &str| {
        run["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .map(|p| p["outcome"]["result"].as_str().unwrap().to_string())
            .unwrap_or_else(|| "not in the plan".into())
    };
    assert_eq!(result(&first, &compute), "deleted", "{first:#}");
    assert_eq!(result(&first, "clean-rev"), "deleted", "{first:#}");
    assert_eq!(result(&first, log_group), "kept");
    assert_eq!(instance_state(&harness, &compute), "terminated");
    assert!(!aws_ok(
        &harness,
        &[
            "cloudformation",
            "describe-stacks",
            "--stack-name",
            "clean-rev"
        ]
    ));
    assert!(log_group_exists(&harness, log_group));

    // Run again: it finishes the job, and what the first run removed is not in its plan.
    let output = pcwiz(
        &home,
        &harness,
        &[
            "cleanup",
            "clean-rev",
            "--confirm",
            "clean-rev",
            "--json",
            "--also",
            "ebs-volume",
            "--also",
            "ebs-snapshot",
            "--also",
            "efs-file-system",
            "--also",
            "local-file",
        ],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    let second = json_of(&output);
    assert_eq!(
        result(&second, &compute),
        "not in the plan",
        "nothing deleted twice"
    );
    assert_eq!(result(&second, "clean-rev"), "not in the plan");
    for id in [
        volume.as_str(),
        snapshot.as_str(),
        efs.as_str(),
        log_group,
        network,
        "clean-rev-key",
    ] {
        assert_eq!(result(&second, id), "deleted", "{id}: {second:#}");
    }
    assert!(!volume_exists(&harness, &volume));
    assert!(!aws_ok(
        &harness,
        &["ec2", "describe-snapshots", "--snapshot-ids", &snapshot]
    ));
    assert!(!aws_ok(
        &harness,
        &["efs", "describe-file-systems", "--file-system-id", &efs]
    ));
    assert!(!log_group_exists(&harness, log_group));
    assert!(!aws_ok(
        &harness,
        &["cloudformation", "describe-stacks", "--stack-name", network]
    ));
    assert!(!aws_ok(
        &harness,
        &["ec2", "describe-key-pairs", "--key-names", "clean-rev-key"]
    ));
    assert!(!config.exists());
    assert!(
        home.path().join(".ssh/clean-rev").exists(),
        "the private key stays unless ticked"
    );
    // The look-alikes survive.
    assert!(volume_exists(&harness, &other_volume));
    assert!(log_group_exists(&harness, untagged_group));

    // The history keeps the cluster, marked deleted, with what went.
    let history: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(home.path().join(".local/share/pcwiz/history.json")).unwrap(),
    )
    .unwrap();
    let record = &history["clusters"][0];
    assert!(record["deleted_at"].is_string(), "{record:#}");
    let removed = record["removed"].to_string();
    for id in [
        compute.as_str(),
        "clean-rev",
        volume.as_str(),
        log_group,
        network,
    ] {
        assert!(removed.contains(id), "{id} in {removed}");
    }

    // A third run finds only what was kept on purpose, and removes nothing.
    let output = pcwiz(
        &home,
        &harness,
        &["cleanup", "clean-rev", "--confirm", "clean-rev", "--json"],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    let third = json_of(&output);
    let kinds: Vec<&str> = third["plan"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["private-key"], "{third:#}");
    assert_eq!(result(&third, &private_key), "kept");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn park_and_resume_change_the_fleet_and_the_head_node() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    let created = stacks.create("park-rev", "complete", &[]);
    let head = created["head_node_instance_id"]
        .as_str()
        .unwrap()
        .to_string();
    let home = Home::new();
    let fleet = || harness.fleet_status("park-rev", REGION);
    assert_eq!(fleet(), "RUNNING");

    let output = pcwiz(&home, &harness, &["park", "park-rev", "--json"]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let report = json_of(&output);
    assert_eq!(fleet(), "STOP_REQUESTED");
    assert!(matches!(
        instance_state(&harness, &head).as_str(),
        "stopping" | "stopped"
    ));
    assert!(
        report["come_back"]
            .as_str()
            .unwrap()
            .contains("pcwiz resume park-rev"),
        "{report:#}"
    );
    // Parking again is harmless: it says the head node is already stopped.
    let again = pcwiz(&home, &harness, &["park", "park-rev"]);
    assert!(again.status.success(), "{}", stderr_of(&again));
    assert!(String::from_utf8_lossy(&again.stdout).contains("already"));

    let output = pcwiz(&home, &harness, &["resume", "park-rev"]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(fleet(), "START_REQUESTED");
    assert!(matches!(
        instance_state(&harness, &head).as_str(),
        "pending" | "running"
    ));

    // A cluster that is not there: said, nothing else done.
    let output = pcwiz(&home, &harness, &["park", "no-such-cluster"]);
    assert!(!output.status.success());
    assert!(
        stderr_of(&output).contains("no-such-cluster"),
        "{}",
        stderr_of(&output)
    );
}
