//! `pcwiz launch` and `pcwiz follow` against moto and the real `pcluster`.
//!
//! The preflight and pcluster's dry run are real. A real `pcluster create-cluster` cannot
//! succeed against moto (its S3 bucket policy and its template are beyond moto), so the
//! creation's own path is tested where moto refuses it, and following a creation uses the
//! harness's cluster-shaped stacks (`tests/harness/cluster_stack.py`), named as such, with
//! its CloudFormation overlay for the events and failed states moto never produces.

use std::process::Output;

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::{Harness, Home, OwnMoto, json_of as json, stderr_of as stderr};

const REGION: &str = "us-west-2";
/// moto's RunInstances dry run rejects pcluster's block-device mappings (FACTS.md).
const MOTO_SUPPRESS: [&str; 2] = [
    "type:HeadNodeLaunchTemplateValidator",
    "type:ComputeResourceLaunchTemplateValidator",
];

fn pcwiz(
    home: &Home,
    harness: &Harness,
    moto: &str,
    args: &[&str],
    extra: &[(&str, &str)],
) -> Output {
    home.pcwiz(args)
        .env("AWS_ENDPOINT_URL", moto)
        .env("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .env("PATH", harness.path_with_tools())
        .envs(extra.iter().copied())
        .output()
        .expect("run pcwiz")
}

/// `pcwiz launch FILE --name NAME FLAG --json` with moto's two suppressions.
fn launch_with_moto_suppressions<'a>(
    file: &'a std::path::Path,
    name: &'a str,
    flag: &'a str,
) -> Vec<&'a str> {
    let mut args = vec![
        "launch",
        file.to_str().unwrap(),
        "--name",
        name,
        flag,
        "--json",
        "--suppress-validators",
    ];
    args.extend(MOTO_SUPPRESS);
    args
}

/// A reV config on the default subnet with an imported ed25519 key, in `moto`.
fn rev_config(home: &Home, harness: &Harness, moto: &str) -> std::path::PathBuf {
    crate::common::rev_config_in_moto(home, harness, moto, REGION).file
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn the_dry_run_passes_with_moto_s_suppressions_and_fails_without() {
    let harness = Harness::get();
    harness.make_default_vpc_like_aws(REGION);
    let home = Home::new();
    let file = rev_config(&home, &harness, &harness.moto_url);
    let args = launch_with_moto_suppressions(&file, "dry-rev", "--dry-run");
    let output = pcwiz(&home, &harness, &harness.moto_url, &args, &[]);
    let outcome = json(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{outcome:#}\n{}",
        stderr(&output)
    );
    assert_eq!(outcome["dry_run"]["would_succeed"], true);
    assert!(
        outcome["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["severity"] != "error"),
        "{outcome:#}"
    );
    assert!(
        stderr(&output).contains("Cost: idle"),
        "the idle cost is shown: {}",
        stderr(&output)
    );
    assert!(
        !home.path().join(".local/share/pcwiz/history.json").exists(),
        "a dry run records nothing"
    );

    // Without them, pcluster's own validator against moto refuses, and pcwiz says so.
    let output = pcwiz(
        &home,
        &harness,
        &harness.moto_url,
        &[
            "launch",
            file.to_str().unwrap(),
            "--name",
            "dry-rev",
            "--dry-run",
            "--json",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    let outcome = json(&output);
    assert_eq!(outcome["dry_run"]["would_succeed"], false);
    assert!(
        outcome["dry_run"]["problems"]
            .to_string()
            .contains("LaunchTemplateValidator"),
        "{outcome:#}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn checks_stop_a_launch_before_pcluster_is_asked() {
    let harness = Harness::get();
    harness.make_default_vpc_like_aws(REGION);
    let stacks = ClusterStacks::start(&harness);
    stacks.create("taken-rev", "complete", &[]);
    let home = Home::new();
    let file = rev_config(&home, &harness, &harness.moto_url);
    for (name, id) in [("2bad", "launch.name"), ("taken-rev", "launch.name-taken")] {
        let output = pcwiz(
            &home,
            &harness,
            &harness.moto_url,
            &[
                "launch",
                file.to_str().unwrap(),
                "--name",
                name,
                "--yes",
                "--json",
            ],
            &[],
        );
        assert_eq!(output.status.code(), Some(1), "{name}");
        let outcome = json(&output);
        assert!(
            outcome["checks"].to_string().contains(id),
            "{name}: {outcome:#}"
        );
        assert!(
            outcome["dry_run"].is_null(),
            "pcluster was not asked: {outcome:#}"
        );
    }
    // Without pcluster (nor node) on PATH.
    let output = pcwiz(
        &home,
        &harness,
        &harness.moto_url,
        &[
            "launch",
            file.to_str().unwrap(),
            "--name",
            "fine-rev",
            "--yes",
            "--json",
        ],
        &[("PATH", "/usr/bin:/bin")],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        json(&output)["checks"]
            .to_string()
            .contains("launch.pcluster")
    );
    // Without a terminal and without --yes, nothing is launched and pcwiz says why.
    let output = pcwiz(
        &home,
        &harness,
        &harness.moto_url,
        &["launch", file.to_str().unwrap(), "--name", "fine-rev"],
        &[],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("pass --yes"),
        "{}",
        stderr(&output)
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_creation_pcluster_refuses_is_reported_and_not_recorded() {
    // Its own moto: pcluster's create leaves a bucket and log groups behind (moto cannot go
    // further: it enforces the bucket's TLS-only policy on plain HTTP).
    let harness = Harness::get();
    let amis = std::env::var("PCWIZ_TEST_AMIS_PATH").expect("the harness's ParallelCluster AMIs");
    let moto = OwnMoto::start(
        &harness,
        &[
            ("MOTO_IAM_LOAD_MANAGED_POLICIES", "true"),
            ("MOTO_AMIS_PATH", &amis),
        ],
    );
    let own = Harness {
        moto_url: moto.url.clone(),
        ..Harness::get()
    };
    own.make_default_vpc_like_aws(REGION);
    let home = Home::new();
    let file = rev_config(&home, &harness, &moto.url);
    let args = launch_with_moto_suppressions(&file, "refused-rev", "--yes");
    let output = pcwiz(&home, &harness, &moto.url, &args, &[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("✔ pcluster: the request would succeed."),
        "{err}"
    );
    assert!(err.contains("pcluster refused to create it:"), "{err}");
    let outcome = json(&output);
    assert!(outcome["history_file"].is_null(), "{outcome:#}");
    assert!(
        !home.path().join(".local/share/pcwiz/history.json").exists(),
        "nothing was created, so nothing is recorded"
    );
}

/// `pcwiz follow NAME --json` through the overlay.
fn follow(
    home: &Home,
    harness: &Harness,
    stacks: &ClusterStacks,
    name: &str,
) -> (i32, serde_json::Value, String) {
    let output = pcwiz(
        home,
        harness,
        &harness.moto_url,
        &["follow", name, "--json"],
        &[("AWS_ENDPOINT_URL_CLOUDFORMATION", &stacks.overlay_url)],
    );
    (
        output.status.code().unwrap_or(-1),
        json(&output),
        stderr(&output),
    )
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn following_ends_ready_with_the_ssh_command() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    let made = stacks.create("ready-rev", "complete", &[]);
    let home = Home::new();
    let (code, outcome, err) = follow(&home, &harness, &stacks, "ready-rev");
    assert_eq!(code, 0, "{outcome:#}\n{err}");
    assert_eq!(outcome["phase"], "ready");
    let ip = made["public_ip"].as_str().unwrap();
    assert_eq!(
        outcome["ssh"],
        format!("ssh ubuntu@{ip}"),
        "the stack's ClusterUser and the head node's IP"
    );
    assert_eq!(outcome["stack_status"], "CREATE_COMPLETE");
    assert_eq!(
        outcome["calls"], 4,
        "one look: three CloudFormation calls and one EC2"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn following_a_creation_in_progress_until_it_completes() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create("slow-rev", "in-progress", &[]);
    let home = Home::new();
    let mut following = home
        .pcwiz(&["follow", "slow-rev", "--json"])
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ENDPOINT_URL_CLOUDFORMATION", &stacks.overlay_url)
        .env("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The creation completes once the follower has looked twice and seen it in progress.
    use std::io::BufRead;
    let is_look = |line: &str| line.starts_with('[') && line.contains(" resources · ");
    let mut err = String::new();
    let mut looks = 0;
    let mut lines = std::io::BufReader::new(following.stderr.take().unwrap()).lines();
    while looks < 2 {
        let line = lines.next().expect("the follower went quiet").unwrap();
        assert!(!line.contains("is ready"), "{err}{line}");
        looks += usize::from(is_look(&line) && line.contains("CREATE_IN_PROGRESS"));
        err.push_str(&line);
        err.push('\n');
    }
    stacks.run(&["signal", "slow-rev", "--status", "SUCCESS"]);
    for line in lines {
        let line = line.unwrap();
        looks += usize::from(is_look(&line));
        err.push_str(&line);
        err.push('\n');
    }
    let output = following.wait_with_output().unwrap();
    let outcome = json(&output);
    assert_eq!(output.status.code(), Some(0), "{outcome:#}\n{err}");
    assert_eq!(outcome["phase"], "ready");
    assert!(err.contains("of the usual 15–25"), "{err}");
    let calls = outcome["calls"].as_u64().unwrap();
    assert_eq!(
        calls,
        4 * looks as u64,
        "each look is three CloudFormation calls and one EC2: {err}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn failed_creations_are_explained() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    let home = Home::new();
    for (name, scenario, cause) in [
        ("timeout-rev", "head-node-timeout", "never reported in"),
        (
            "script-rev",
            "on-node-configured",
            "OnNodeConfigured script failed",
        ),
        ("capacity-rev", "capacity", "no spare capacity for t3.large"),
    ] {
        stacks.create(name, scenario, &[]);
        let (code, outcome, err) = follow(&home, &harness, &stacks, name);
        assert_eq!(code, 1, "{name}: {outcome:#}\n{err}");
        assert_eq!(outcome["phase"], "failed", "{name}");
        assert!(
            outcome["cause"].as_str().unwrap().contains(cause),
            "{name}: {outcome:#}"
        );
        assert!(
            err.contains("Delete it: pcluster delete-cluster --cluster-name"),
            "{name}: {err}"
        );
        assert!(
            err.contains("CREATE_FAILED"),
            "the failing event is shown: {err}"
        );
    }
}
