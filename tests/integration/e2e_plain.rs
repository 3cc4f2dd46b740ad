//! `pcwiz --plain` driven through a pty (tmux) against moto: the whole wizard as prompts,
//! from who you are to a saved config that matches the reV tutorial's cluster, with the
//! prices (from the Price List stand-in, labelled), the estimate after the head node, the
//! HSDS data question and the review's cost breakdown on the way (issue 20).

use std::os::unix::fs::PermissionsExt;

use crate::common::tmux::{TmuxSession, terminal_is_sane};
use crate::common::{Harness, Home, safe_env};

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn plain_wizard_from_credentials_to_a_saved_rev_config() {
    let harness = Harness::get();
    let region = "us-west-2";
    harness.make_default_vpc_like_aws(region);
    let home = Home::new();
    let mut env: Vec<(String, String)> = safe_env()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    for (k, v) in [
        ("HOME", home.path().to_str().unwrap()),
        ("AWS_ENDPOINT_URL", harness.moto_url.as_str()),
        ("AWS_ENDPOINT_URL_PRICING", harness.pricing_url.as_str()),
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_REGION", region),
    ] {
        env.push((k.into(), v.into()));
    }
    let tmux = TmuxSession::start(&env, &format!("{} --plain", env!("CARGO_BIN_EXE_pcwiz")));
    let answer = |prompt: &str, keys: &[&str]| {
        tmux.wait_for(prompt);
        tmux.keys(keys);
    };
    answer("? Region", &["Enter"]); // the configured region is preselected
    answer("? SSH key", &["Enter"]); // an empty ~/.ssh: "Generate a new ed25519 key"
    answer("? Key pair name", &["Enter"]); // pcwiz-us-west-2 (plain)
    answer("? Passphrase", &["Enter"]);
    answer("? Subnet", &["Enter"]);
    answer("? Preset", &["Enter"]); // rev-conus
    answer("? Operating system", &["Enter"]); // ubuntu2404
    let picker = tmux.wait_for("? Head node type");
    assert!(
        picker.contains("$0.0832/h $60.74/month (live · just now)"),
        "each type priced, its source said:\n{picker}"
    );
    assert!(!picker.contains("price pending"), "{picker}");
    tmux.keys(&["Enter"]); // t3.large
    let estimate = tmux.wait_for("Estimate (list prices, not a bill): idle");
    assert!(estimate.contains("at full scale"), "{estimate}");
    answer("queue `standard` whole nodes", &["Enter"]);
    answer("Most nodes queue `standard`", &["Enter"]);
    answer("queue `bigmem` whole nodes", &["Enter"]);
    answer("Most nodes queue `bigmem`", &["Enter"]);
    answer("Keep /scratch and its data", &["Enter"]);
    answer("? org tag", &["nrel", "Enter"]);
    answer("? billingId tag", &["grant-7", "Enter"]);
    answer("? Idle minutes", &["Enter"]);
    answer("? Keep the cluster's logs", &["Enter"]);
    answer("? More tags", &["project=wind", "Enter"]);
    answer("? An extra IAM policy ARN", &["Enter"]);
    answer("? Delete the logs", &["Enter"]);
    answer("? Where reV's data comes from", &["Enter"]); // NREL's public data
    let review = tmux.wait_for("? Save the config to");
    assert!(
        review.contains("Full scale: every queue at MaxCount"),
        "{review}"
    );
    assert!(
        review.contains("Total: $0.3222/h · $235.19/month"),
        "{review}"
    );
    assert!(!review.contains("NAT gateway"), "a public subnet: {review}");
    tmux.keys(&["Enter"]);
    let (status, stty) = tmux.wait_for_exit();
    let screen = tmux.screen();
    assert!(screen.contains("Saved "), "{screen}");
    assert_eq!(status, 0, "no errors in the checks: {screen}");
    assert!(terminal_is_sane(&stty));

    let path = home
        .path()
        .join(".local/share/pcwiz/configs/rev-conus-us-west-2.yaml");
    let config = std::fs::read_to_string(&path).expect("saved where the prompt said");
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    for expected in [
        "Os: ubuntu2404",
        "InstanceType: t3.large",
        "InstanceType: c6a.12xlarge",
        "InstanceType: m6a.12xlarge",
        "StorageCapacity: 1200",
        "KeyName: pcwiz-us-west-2",
        "Value: grant-7",
        "Key: project",
    ] {
        assert!(
            config.contains(expected),
            "{expected} missing from:\n{config}"
        );
    }
    assert_eq!(config.matches("JobExclusiveAllocation: true").count(), 2);
    // And pcluster's own dry run accepts it (moto's launch-template gap aside).
    let check = home
        .pcwiz(&[
            "config",
            "check",
            path.to_str().unwrap(),
            "--pcluster",
            "--json",
            "--suppress-validators",
            "type:HeadNodeLaunchTemplateValidator",
            "type:ComputeResourceLaunchTemplateValidator",
        ])
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("PATH", harness.path_with_tools())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["pcluster"]["would_succeed"], true, "{report:#}");
    // The generated key is in moto and on disk, private.
    let pairs = harness.aws(&[
        "ec2",
        "describe-key-pairs",
        "--region",
        region,
        "--key-names",
        "pcwiz-us-west-2",
    ]);
    assert_eq!(pairs["KeyPairs"][0]["KeyType"], "ed25519");
    let private = home.path().join(".ssh/pcwiz-us-west-2");
    assert_eq!(
        std::fs::metadata(private).unwrap().permissions().mode() & 0o777,
        0o600
    );
}
