//! `pcwiz list` against moto: the clusters the real `pcluster list-clusters` names, with
//! their head nodes, nodes up and $/hour, plus clusters launched from here and since
//! deleted. The clusters are the harness's cluster-shaped stacks (moto cannot run
//! pcluster's template; see tests/harness/cluster_stack.py).

use std::collections::BTreeSet;

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::{Harness, Home};

const REGION: &str = "us-west-2";

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn list_names_what_pcluster_names_and_remembers_deleted_ones() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create("list-ready", "complete", &[]);
    stacks.create("list-creating", "in-progress", &[]);
    // Look-alikes that are not clusters: no version tag, or an image build.
    let template = r#"{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}"#;
    harness.aws(&[
        "cloudformation",
        "create-stack",
        "--region",
        REGION,
        "--stack-name",
        "list-not-a-cluster",
        "--template-body",
        template,
    ]);
    harness.aws(&[
        "cloudformation",
        "create-stack",
        "--region",
        REGION,
        "--stack-name",
        "list-image-build",
        "--template-body",
        template,
        "--tags",
        "Key=parallelcluster:version,Value=3.16.1",
        "Key=parallelcluster:image_id,Value=my-image",
    ]);
    let home = Home::new();
    home.write(
        ".local/share/pcwiz/history.json",
        &serde_json::json!({"format": 1, "clusters": [{
            "name": "list-gone", "region": REGION, "config_file": "/nonexistent/rev.yaml",
            "created_at": "2026-11-20T12:00:00Z", "pcluster_version": "3.16.1"}]})
        .to_string(),
    );

    let output = home
        .pcwiz(&["list", "--json"])
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("no {name} in {rows:#?}"))
    };

    // The same clusters and statuses as pcluster's own list, on the same moto.
    let theirs = harness.pcluster(&["list-clusters", "--region", REGION]);
    // Only this test's clusters (`list-…`): other tests make and change clusters in the
    // same moto meanwhile, and one made between the two listings is in one and not the other.
    let this_tests = |name: &str| name.starts_with("list-");
    let theirs: BTreeSet<(String, String)> = theirs["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| this_tests(c["clusterName"].as_str().unwrap_or_default()))
        .map(|c| {
            (
                c["clusterName"].as_str().unwrap().into(),
                c["cloudformationStackStatus"].as_str().unwrap().into(),
            )
        })
        .collect();
    let ours: BTreeSet<(String, String)> = rows
        .iter()
        .filter(|r| r["status"] != "deleted" && this_tests(r["name"].as_str().unwrap_or_default()))
        .map(|r| {
            (
                r["name"].as_str().unwrap().into(),
                r["status"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(ours, theirs);
    assert!(theirs.contains(&("list-ready".into(), "CREATE_COMPLETE".into())));
    assert!(theirs.contains(&("list-creating".into(), "CREATE_IN_PROGRESS".into())));
    assert!(
        !ours
            .iter()
            .any(|(n, _)| n.starts_with("list-not") || n.starts_with("list-image"))
    );

    let ready = row("list-ready");
    assert_eq!(ready["version"], "3.16.1");
    assert_eq!(ready["region"], REGION);
    assert_eq!(ready["head_node"]["state"], "running");
    assert_eq!(ready["head_node"]["instance_type"], "t3.large");
    assert!(ready["head_node"]["public_ip"].is_string());
    assert_eq!(ready["nodes_up"], 0);
    assert_eq!(
        ready["usd_per_hour"].as_f64(),
        Some(0.0832 + 0.005),
        "the running head node, live price, and its public IPv4 address ($0.005/h)"
    );
    assert!(ready["created"].is_string());
    // Launched from here, gone from AWS: listed as deleted, not hidden.
    let gone = row("list-gone");
    assert_eq!(gone["status"], "deleted");
    assert!(gone["head_node"].is_null());

    for name in ["list-not-a-cluster", "list-image-build"] {
        harness.aws(&[
            "cloudformation",
            "delete-stack",
            "--region",
            REGION,
            "--stack-name",
            name,
        ]);
    }
}
