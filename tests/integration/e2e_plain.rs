//! `pcwiz --plain` driven through a pty (tmux) against moto: the whole wizard as prompts,
//! from who you are to a saved config that matches the reV tutorial's cluster, with the
//! prices (from the Price List stand-in, labelled), the estimate after the head node, the
//! HSDS data question and the review's cost breakdown on the way, `<` and an empty answer
//! going back a step, then the launch: the checks with its cost, the name typed, pcluster's
//! real dry run, the creation (the harness's pcluster stand-in) followed to ready and the
//! ssh command (issue 20).

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use crate::common::tmux::{TmuxSession, terminal_is_sane};
use crate::common::{Harness, Home, safe_env};

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn plain_wizard_from_credentials_to_a_launched_rev_cluster() {
    let harness = Harness::get();
    let region = "us-west-2";
    harness.make_default_vpc_like_aws(region);
    // moto cannot run pcluster's real create-cluster: the stand-in makes a cluster-shaped
    // stack for it and hands every other command (the dry run too) to the real pcluster.
    let stacks = crate::common::cluster_stacks::ClusterStacks::start(&harness);
    let standin =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/pcluster-standin");
    let path = format!("{}:{}", standin.display(), harness.path_with_tools());
    let real = harness.venv_bin.join("pcluster");
    let python = harness.venv_bin.join("python");
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
        (
            "AWS_ENDPOINT_URL_CLOUDFORMATION",
            stacks.overlay_url.as_str(),
        ),
        ("PATH", path.as_str()),
        ("PCLUSTER_REAL", real.to_str().unwrap()),
        ("STANDIN_PYTHON", python.to_str().unwrap()),
        ("STANDIN_CLUSTER_USER", harness.ssh_user.as_str()),
        (
            "PCWIZ_SUPPRESS_VALIDATORS",
            "type:HeadNodeLaunchTemplateValidator type:ComputeResourceLaunchTemplateValidator",
        ),
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
    // `<` in a list goes back one step: the preset is asked again.
    answer("? Operating system", &["<", "Enter"]);
    let back = tmux.wait_for("? Preset");
    assert!(back.contains("↩ Back to Preset."), "{back}");
    tmux.keys(&["Enter"]);
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
    // `<` typed as an answer goes back too: to the storage step, then on again.
    answer("? org tag", &["<", "Enter"]);
    let back = tmux.wait_for("Keep /scratch and its data");
    assert!(back.contains("↩ Back to Shared storage."), "{back}");
    tmux.keys(&["Enter"]);
    answer("? org tag", &["nrel", "Enter"]);
    answer("? billingId tag", &["grant-7", "Enter"]);
    answer("? Idle minutes", &["Enter"]);
    answer("? Keep the cluster's logs", &["Enter"]);
    answer("? More tags", &["project=wind", "Enter"]);
    answer("? An extra IAM policy ARN", &["Enter"]);
    answer("? Delete the logs", &["Enter"]);
    // No idle guard: arming it needs a root login on the head node, which e2e_tmux has.
    answer("? Stop the head node after", &["0", "Enter"]);
    answer("? Where reV's data comes from", &["Enter"]); // NREL's public data
    // A budget, as the full-screen wizard asks it: an address AWS would refuse is said,
    // then the amount suggested from the estimate (the idle month plus 25 %).
    answer(
        "? Email for a monthly budget's alerts",
        &["jane@lab", "Enter"],
    );
    tmux.wait_for("✖ 'jane@lab' is not an email address: AWS would not send alerts there.");
    answer(
        "? Email for a monthly budget's alerts",
        &["jane@lab.org", "Enter"],
    );
    let amount = tmux.wait_for("? Monthly budget in US dollars");
    assert!(
        amount.contains("($300: the idle month ($235.19) plus 25%"),
        "{amount}"
    );
    tmux.keys(&["Enter"]);
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
    let saved = tmux.wait_for("? Launch it now?");
    assert!(saved.contains("Saved "), "{saved}");
    tmux.keys(&["y", "Enter"]);
    answer("? Cluster name", &["plainrev", "Enter"]);
    let checked = tmux.wait_for_within("? Type plainrev to launch it", Duration::from_secs(60));
    assert!(
        checked.contains("Cost: idle $0.3222/h · $235.19/month"),
        "the same checks and cost as the full-screen launch: {checked}"
    );
    // An empty answer goes back to the review, as the prompt says; then on again.
    tmux.keys(&["Enter"]);
    tmux.wait_for("? Save the config to");
    tmux.keys(&["Enter"]);
    answer("? Launch it now?", &["y", "Enter"]);
    answer("? Cluster name", &["plainrev", "Enter"]);
    tmux.wait_for_within("? Type plainrev to launch it", Duration::from_secs(60));
    tmux.keys(&["plainrv", "Enter"]);
    tmux.wait_for("`plainrv` is not plainrev; nothing was launched.");
    tmux.keys(&["plainrev", "Enter"]);
    tmux.wait_for_within("CREATE_IN_PROGRESS", Duration::from_secs(180));
    // The stack's events may have scrolled the dry run's verdict off the screen by now.
    let following = tmux.scrollback();
    assert!(
        following.contains("✔ pcluster: the request would succeed."),
        "{following}"
    );
    assert!(following.contains("pcwiz follow plainrev"), "{following}");
    let history =
        std::fs::read_to_string(home.path().join(".local/share/pcwiz/history.json")).unwrap();
    assert!(history.contains("\"name\": \"plainrev\""), "{history}");
    // The head node "finishes bootstrapping".
    stacks.run(&["signal", "plainrev", "--status", "SUCCESS"]);
    let (status, stty) = tmux.wait_for_exit();
    let screen = tmux.screen();
    assert!(screen.contains("✔ plainrev is ready."), "{screen}");
    assert!(
        screen.contains(&format!(
            "Connect: ssh -i ~/.ssh/pcwiz-us-west-2 {}@",
            harness.ssh_user
        )),
        "ending with the ssh command: {screen}"
    );
    assert_eq!(status, 0, "ready: {screen}");
    assert!(terminal_is_sane(&stty));
    // The budget asked for was made once the cluster was ready.
    let told = tmux.scrollback();
    assert!(told.contains("✔ Budget "), "{told}");
    assert!(told.contains("made: $300 a month."), "{told}");

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
