//! `pcwiz update` against the REAL `pcluster update-cluster` and moto. The cluster is a
//! cluster-shaped stack (tests/harness/cluster_stack.py) whose config is stored where
//! pcluster reads it (`--cluster-config`: the versioned bucket, `.bootstrapped`, and the
//! stack's ConfigVersion the object's real VersionId), so pcluster itself computes every
//! change set below. Only the step moto cannot take is stood in: a real (not dry) update
//! builds pcluster's CDK template, which moto's UpdateStack rejects ("instance of Fn::GetAtt
//! references undefined resource HeadNodeHealthAlarmB0807419": moto skips CloudWatch alarms)
//! and which leaves the stack answering every later call with that error; the harness's
//! pcluster stand-in hands the real pcluster the stand-in's own template instead
//! (DevSettings.ClusterTemplate) and lets it do the rest.
//!
//! Where moto is kinder than AWS: its UpdateStack completes at once (the overlay spaces
//! the update's events out as AWS would, and a head node's failed update is the overlay's
//! too), and no head node ends the compute instances after a fleet stop (the stand-in
//! does, a few seconds later, and records the fleet STOPPED as the head node's daemons do).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::{
    Harness, Home, OwnMoto, harness_node_instance_in_use, json_of, safe_env, stderr_of, wait_until,
};

const REGION: &str = "us-west-2";
/// moto's RunInstances dry run rejects pcluster's block-device mappings (FACTS.md).
const SUPPRESS: [&str; 3] = [
    "--suppress-validators",
    "type:HeadNodeLaunchTemplateValidator",
    "type:ComputeResourceLaunchTemplateValidator",
];

/// A config that matches the stand-in stack: its head node type, OS, subnet and key.
fn config(subnet: &str, key: &str, compute_type: &str, max: u32, head_type: &str) -> String {
    format!(
        "Region: {REGION}
Image:
  Os: ubuntu2404
HeadNode:
  InstanceType: {head_type}
  Networking:
    SubnetId: {subnet}
  Ssh:
    KeyName: {key}
Scheduling:
  Scheduler: slurm
  SlurmQueues:
    - Name: standard
      ComputeResources:
        - Name: c6a12xl
          InstanceType: {compute_type}
          MinCount: 0
          MaxCount: {max}
      Networking:
        SubnetIds:
          - {subnet}
"
    )
}

/// A cluster in moto whose stored config is `base`, with its key pair and subnet.
struct Cluster {
    name: String,
    subnet: String,
    key: String,
    base: PathBuf,
}

impl Cluster {
    fn create(harness: &Harness, stacks: &ClusterStacks, home: &Home, name: &str) -> Self {
        let key = format!("key-{name}");
        // A rerun against the same moto finds the last run's key pair: start afresh.
        harness.aws(&[
            "ec2",
            "delete-key-pair",
            "--key-name",
            &key,
            "--region",
            REGION,
        ]);
        harness.aws(&[
            "ec2",
            "create-key-pair",
            "--key-name",
            &key,
            "--key-type",
            "ed25519",
            "--region",
            REGION,
        ]);
        let subnets = harness.aws(&[
            "ec2",
            "describe-subnets",
            "--region",
            REGION,
            "--filters",
            "Name=availability-zone,Values=us-west-2a",
            "Name=default-for-az,Values=true",
        ]);
        let subnet = subnets["Subnets"][0]["SubnetId"]
            .as_str()
            .unwrap()
            .to_string();
        let cluster = Self {
            name: name.into(),
            subnet,
            key,
            base: home.path().join(format!("{name}.yaml")),
        };
        std::fs::write(
            &cluster.base,
            cluster.config("c6a.12xlarge", 10, "t3.large"),
        )
        .unwrap();
        stacks.create(
            name,
            "complete",
            &[
                "--key",
                &cluster.key,
                "--subnet",
                &cluster.subnet,
                "--cluster-user",
                &harness.ssh_user,
                "--cluster-config",
                cluster.base.to_str().unwrap(),
            ],
        );
        cluster
    }

    fn config(&self, compute_type: &str, max: u32, head_type: &str) -> String {
        config(&self.subnet, &self.key, compute_type, max, head_type)
    }

    /// A variant of the base config, written beside it.
    fn variant(&self, home: &Home, label: &str, text: String) -> PathBuf {
        home.write(&format!("{}-{label}.yaml", self.name), &text)
    }
}

/// pcwiz with the harness's pcluster stand-in first on PATH (the real pcluster behind it),
/// reaching head nodes through the home's ssh config, CloudFormation through `overlay`.
fn pcwiz(home: &Home, harness: &Harness, overlay: Option<&str>, args: &[&str]) -> Command {
    let standin = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/pcluster-standin");
    let mut command = home.pcwiz_reaching_head_nodes(harness, args);
    command
        .env(
            "PATH",
            format!("{}:{}", standin.display(), harness.path_with_tools()),
        )
        .env("PCLUSTER_REAL", harness.venv_bin.join("pcluster"))
        .env("STANDIN_PYTHON", harness.venv_bin.join("python"));
    if let Some(overlay) = overlay {
        command.env("AWS_ENDPOINT_URL_CLOUDFORMATION", overlay);
    }
    command
}

fn update(home: &Home, harness: &Harness, overlay: Option<&str>, args: &[&str]) -> Output {
    let mut all = vec!["update"];
    all.extend_from_slice(args);
    all.extend(SUPPRESS);
    pcwiz(home, harness, overlay, &all).output().unwrap()
}

fn dry_run(home: &Home, harness: &Harness, name: &str, file: &Path) -> (i32, serde_json::Value) {
    let output = update(
        home,
        harness,
        None,
        &[name, file.to_str().unwrap(), "--dry-run", "--json"],
    );
    (output.status.code().unwrap_or(-1), json_of(&output))
}

/// The real `pcluster describe-compute-fleet`'s status.
fn fleet(harness: &Harness, name: &str) -> String {
    let output = Command::new(harness.venv_bin.join("pcluster"))
        .args(["describe-compute-fleet", "-n", name, "-r", REGION])
        .env_clear()
        .envs(safe_env())
        .env("PATH", harness.path_with_tools())
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .output()
        .unwrap();
    json_of(&output)["status"].as_str().unwrap().to_string()
}

fn instance_state(harness: &Harness, id: &str) -> String {
    let found = harness.aws(&[
        "ec2",
        "describe-instances",
        "--region",
        REGION,
        "--instance-ids",
        id,
    ]);
    found["Reservations"][0]["Instances"][0]["State"]["Name"]
        .as_str()
        .unwrap()
        .to_string()
}

fn change<'a>(preview: &'a serde_json::Value, parameter_end: &str) -> &'a serde_json::Value {
    preview["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["parameter"].as_str().unwrap().ends_with(parameter_end))
        .unwrap_or_else(|| panic!("no change to {parameter_end} in {preview:#}"))
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn the_real_pcluster_computes_three_change_sets_and_pcwiz_says_what_each_means() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    let cluster = Cluster::create(&harness, &stacks, &home, "upd-words");

    // The config pcwiz reads is the one pcluster stored, byte for byte.
    let output = update(&home, &harness, None, &["upd-words", "--current"]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        std::fs::read_to_string(&cluster.base).unwrap()
    );

    // (a) MaxCount 10 → 20: made in place; 10 more nodes at full scale.
    let more = cluster.variant(
        &home,
        "more",
        cluster.config("c6a.12xlarge", 20, "t3.large"),
    );
    let (code, out) = dry_run(&home, &harness, "upd-words", &more);
    let preview = &out["preview"];
    assert_eq!(code, 0, "{out:#}");
    assert_eq!(out["current_config"]["from"], "pcluster");
    assert_eq!(preview["plan"]["plan"], "apply");
    let max = change(preview, "MaxCount");
    assert_eq!(
        (max["old"].as_str(), max["new"].as_str()),
        (Some("10"), Some("20"))
    );
    assert_eq!(max["effect"], "in-place");
    assert_eq!(max["policy"], "resize-on-remove");
    assert_eq!(
        max["words"],
        "made in place: more nodes may start, running jobs carry on"
    );
    // By hand: 10 × c6a.12xlarge ($1.836/h in us-west-2, FACTS.md) and their 35 GB gp3
    // root volumes ($0.08 per GB-month, 730 h a month); idle does not move.
    let cost = &preview["cost"];
    let added = cost["full_scale"]["after_usd_per_hour"].as_f64().unwrap()
        - cost["full_scale"]["before_usd_per_hour"].as_f64().unwrap();
    let by_hand = 10.0 * (1.836 + 35.0 * 0.08 / 730.0);
    assert!((added - by_hand).abs() < 0.001, "{added} vs {by_hand}");
    assert_eq!(
        cost["idle"]["after_usd_per_hour"],
        cost["idle"]["before_usd_per_hour"]
    );

    // (b) another compute instance type, with the fleet RUNNING: pcluster refuses it as
    // things stand; a fleet stop lifts that, so pcwiz plans one around the update.
    let bigger = cluster.variant(
        &home,
        "bigger",
        cluster.config("c6a.24xlarge", 10, "t3.large"),
    );
    let (code, out) = dry_run(&home, &harness, "upd-words", &bigger);
    let preview = &out["preview"];
    assert_eq!(code, 0, "{out:#}");
    assert_eq!(preview["situation"]["fleet"], "RUNNING");
    assert_eq!(preview["plan"]["plan"], "stop-fleet-first");
    let kind = change(preview, "InstanceType");
    assert_eq!(kind["effect"], "fleet-stop");
    assert!(
        kind["pcluster_said"]
            .as_str()
            .unwrap()
            .starts_with("All compute nodes must be stopped"),
        "{kind:#}"
    );
    assert!(
        kind["words"]
            .as_str()
            .unwrap()
            .starts_with("needs the compute fleet stopped: "),
        "{kind:#}"
    );

    // (c) the head node's type: pcluster forbids it on a running cluster.
    let head = cluster.variant(
        &home,
        "head",
        cluster.config("c6a.12xlarge", 10, "t3.xlarge"),
    );
    let output = update(
        &home,
        &harness,
        None,
        &["upd-words", head.to_str().unwrap(), "--dry-run"],
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("✖ head node · InstanceType (instance type): t3.large → t3.xlarge"),
        "{said}"
    );
    assert!(
        said.contains("cannot be changed on a running cluster: it needs a new cluster; put it back to t3.large"),
        "{said}"
    );
    assert!(
        said.contains("These changes cannot be made on this cluster"),
        "{said}"
    );
    assert!(!said.contains("pcwiz will:"), "{said}");

    // The config as it is: nothing to change.
    let (code, out) = dry_run(&home, &harness, "upd-words", &cluster.base);
    assert_eq!(code, 0, "{out:#}");
    assert_eq!(out["preview"]["plan"]["plan"], "nothing");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn an_update_that_needs_the_fleet_stopped_is_asked_then_applied_around_running_jobs() {
    let _instance = harness_node_instance_in_use();
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    let cluster = Cluster::create(&harness, &stacks, &home, "upd-fleet");
    // pcwiz launched it (as far as its history knows), from the base config.
    home.write(
        ".local/share/pcwiz/history.json",
        &serde_json::json!({"format": 1, "clusters": [{
            "name": "upd-fleet", "region": REGION, "account_id": "123456789012",
            "config_file": cluster.base, "key_name": cluster.key,
            "created_at": "2026-12-01T10:00:00Z"
        }]})
        .to_string(),
    );
    let compute =
        stacks.run(&["add-compute", "upd-fleet", "--compute-resource", "c6a12xl"])["instance_id"]
            .as_str()
            .unwrap()
            .to_string();
    let job = harness
        .on_cluster("sbatch --parsable -p standard -J rev-gen -o /dev/null --wrap 'sleep 300'");
    let job = job.trim().to_string();
    wait_until("the job to run", std::time::Duration::from_secs(90), || {
        let state = harness.on_cluster(&format!("squeue -h -j {job} -o %T"));
        (state.trim() == "RUNNING").then_some(())
    });
    let bigger = cluster.variant(
        &home,
        "bigger",
        cluster.config("c6a.24xlarge", 10, "t3.large"),
    );
    let file = bigger.to_str().unwrap();

    // Asked first: without a terminal to ask on, and without --yes, nothing happens.
    let output = update(
        &home,
        &harness,
        Some(&stacks.overlay_url),
        &["upd-fleet", file],
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        stderr_of(&output).contains("pass --yes to update from a script"),
        "{}",
        stderr_of(&output)
    );
    // What it would have done was said before the question, with the jobs it kills.
    assert!(
        said.contains("needs the compute fleet stopped: the "),
        "{said}"
    );
    assert!(said.contains(" killed"), "{said}");
    assert!(said.contains("4. start the compute fleet again"), "{said}");
    assert_eq!(fleet(&harness, "upd-fleet"), "RUNNING");
    assert_eq!(instance_state(&harness, &compute), "running");

    // Said yes: the fleet stopped (its instance ended, STOPPED recorded), the update run
    // and followed, the fleet started again.
    let output = update(
        &home,
        &harness,
        Some(&stacks.overlay_url),
        &["upd-fleet", file, "--yes", "--json"],
    );
    let _ = harness.ssh(&format!("scancel {job}"));
    let out = json_of(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{out:#}\n{}",
        stderr_of(&output)
    );
    // The head node's Slurm was asked (one ssh round trip): our job is among those named
    // as killed (the shared Slurm may run other tests' jobs beside it).
    let running = out["preview"]["situation"]["running_jobs"]["Ok"].to_string();
    assert!(
        running.contains(&format!("{{\"id\":\"{job}\",\"name\":\"rev-gen\"}}")),
        "{running}"
    );
    let kind = change(&out["preview"], "InstanceType");
    assert!(
        kind["words"].as_str().unwrap().contains("rev-gen"),
        "{kind:#}"
    );
    let applied = &out["applied"];
    let stop = applied["fleet_stop"].to_string();
    assert!(stop.contains("compute fleet: STOP_REQUESTED"), "{stop}");
    assert!(stop.contains("compute fleet: STOPPED after"), "{stop}");
    assert_eq!(instance_state(&harness, &compute), "terminated");
    assert_eq!(applied["end"]["end"], "done", "{applied:#}");
    assert_eq!(applied["stack_status"], "UPDATE_COMPLETE");
    assert_eq!(applied["fleet_restart"]["Ok"], "START_REQUESTED");
    assert_eq!(fleet(&harness, "upd-fleet"), "START_REQUESTED");
    // The stack's update was followed from UPDATE_IN_PROGRESS (the overlay's pace).
    let said = stderr_of(&output);
    assert!(said.contains("] UPDATE_IN_PROGRESS"), "{said}");

    // pcluster's stored config is the new one now: the same file changes nothing.
    let (_, again) = dry_run(&home, &harness, "upd-fleet", &bigger);
    assert_eq!(again["preview"]["plan"]["plan"], "nothing", "{again:#}");

    // The history keeps the configs before and after, and reads the new one from now on.
    let history: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(home.path().join(".local/share/pcwiz/history.json")).unwrap(),
    )
    .unwrap();
    let record = &history["clusters"][0];
    let kept = &record["updates"][0];
    let read = |key: &str| std::fs::read_to_string(kept[key].as_str().unwrap()).unwrap();
    assert_eq!(
        read("before"),
        std::fs::read_to_string(&cluster.base).unwrap()
    );
    assert_eq!(read("after"), std::fs::read_to_string(&bigger).unwrap());
    assert_eq!(kept["stopped_fleet"], true);
    assert_eq!(kept["ended"], "UPDATE_COMPLETE");
    assert_eq!(record["config_file"], kept["after"]);
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn an_update_the_head_node_fails_is_rolled_back_and_explained() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    let cluster = Cluster::create(&harness, &stacks, &home, "upd-fail");
    let more = cluster.variant(
        &home,
        "more",
        cluster.config("c6a.12xlarge", 20, "t3.large"),
    );
    let output = pcwiz(
        &home,
        &harness,
        Some(&stacks.overlay_url),
        &["update", "upd-fail", more.to_str().unwrap(), "--yes"],
    )
    .args(SUPPRESS)
    .env("STANDIN_UPDATE_FAILS", "Update failed")
    .output()
    .unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains(
            "✖ The update failed and CloudFormation rolled it back: HeadNodeWaitCondition"
        ),
        "{said}"
    );
    assert!(said.contains("'Update failed'"), "{said}");
    assert!(
        said.contains("Next: The cluster runs with its old settings."),
        "{said}"
    );
    // The old config is still the cluster's: the change is still to be made.
    let (_, again) = dry_run(&home, &harness, "upd-fail", &more);
    assert_eq!(again["preview"]["plan"]["plan"], "apply", "{again:#}");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn edit_opens_the_stored_config_in_the_users_editor() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    Cluster::create(&harness, &stacks, &home, "upd-edit");
    let output = pcwiz(
        &home,
        &harness,
        None,
        &["update", "upd-edit", "--edit", "--dry-run", "--json"],
    )
    .args(SUPPRESS)
    .env("EDITOR", "sed -i 's/MaxCount: 10/MaxCount: 12/'")
    .output()
    .unwrap();
    let out = json_of(&output);
    let max = change(&out["preview"], "MaxCount");
    assert_eq!(
        (max["old"].as_str(), max["new"].as_str()),
        (Some("10"), Some("12"))
    );
    // An editor that fails changes nothing, and says so.
    let output = pcwiz(&home, &harness, None, &["update", "upd-edit", "--edit"])
        .env("EDITOR", "false")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr_of(&output)
            .contains("the editor (false) exited with exit status: 1; nothing was changed"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn bad_input_is_said_in_one_sentence() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    let cluster = Cluster::create(&harness, &stacks, &home, "upd-bad");
    let one_line = |output: &Output| {
        let err = stderr_of(output);
        let last = err.lines().last().unwrap_or_default().to_string();
        assert_eq!(output.status.code(), Some(1), "{err}");
        last
    };

    // No pcluster anywhere.
    let output = home
        .pcwiz_reaching_head_nodes(&harness, &["update", "upd-bad", "--current"])
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    assert_eq!(
        one_line(&output),
        "pcwiz: pcluster is not installed (nor on PATH): `pcwiz doctor --install-pcluster` installs it"
    );

    // A cluster pcluster does not know.
    let output = update(&home, &harness, None, &["no-such", "--current"]);
    assert_eq!(
        one_line(&output),
        "pcwiz: Cluster 'no-such' does not exist or belongs to an incompatible ParallelCluster major version. Check the name and --region (`pcwiz list` shows the region's clusters)."
    );

    // A config for another region.
    let moved = cluster.variant(
        &home,
        "moved",
        cluster
            .config("c6a.12xlarge", 10, "t3.large")
            .replace("Region: us-west-2", "Region: us-east-1"),
    );
    let output = update(&home, &harness, None, &["upd-bad", moved.to_str().unwrap()]);
    assert_eq!(
        one_line(&output),
        "pcwiz: the new config says Region: us-east-1, but the cluster is in us-west-2: a cluster cannot move region (put Region back to us-west-2)"
    );

    // An identity that may not read stacks: a moto that enforces IAM (after the two calls
    // that make the user and its key), where pcluster's first call is refused.
    let strict = OwnMoto::start(&harness, &[("INITIAL_NO_AUTH_ACTION_COUNT", "2")]);
    harness.aws_on(
        &strict.url,
        &["iam", "create-user", "--user-name", "intern"],
    );
    let key = harness.aws_on(
        &strict.url,
        &["iam", "create-access-key", "--user-name", "intern"],
    );
    let output = pcwiz(&home, &harness, None, &["update", "upd-bad", "--current"])
        .env("AWS_ENDPOINT_URL", &strict.url)
        .env(
            "AWS_ACCESS_KEY_ID",
            key["AccessKey"]["AccessKeyId"].as_str().unwrap(),
        )
        .env(
            "AWS_SECRET_ACCESS_KEY",
            key["AccessKey"]["SecretAccessKey"].as_str().unwrap(),
        )
        .output()
        .unwrap();
    assert_eq!(
        one_line(&output),
        "pcwiz: AWS refused pcluster: your identity may not call cloudformation:DescribeStacks. Ask whoever manages the account to allow it (ParallelCluster's user policies list it), then try again."
    );
}

/// The policy table pcwiz ships (assets/pcluster/update-policies-3.16.1.tsv) is what the
/// installed pcluster's schema says, line for line.
#[test]
#[ignore = "needs the harness's venv: run tests/run.sh"]
fn the_shipped_policy_table_is_the_installed_pclusters() {
    let harness = Harness::get();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(harness.venv_bin.join("python"))
        .arg(root.join("tests/harness/update_policies.py"))
        .env_clear()
        .envs(safe_env())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let shipped =
        std::fs::read_to_string(root.join("assets/pcluster/update-policies-3.16.1.tsv")).unwrap();
    let shipped: Vec<&str> = shipped.lines().filter(|l| !l.starts_with('#')).collect();
    let generated = String::from_utf8_lossy(&output.stdout);
    let generated: Vec<&str> = generated.lines().collect();
    assert!(generated.len() > 300, "{}", generated.len());
    assert_eq!(shipped, generated);
}

/// The dashboard's `u` in the real binary, in tmux: the cluster's stored config in the
/// wizard's queue step, one more node, pcluster's change set said with its cost, `y`, and
/// the update followed to its end; then pcluster's stored config is the new one.
#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn the_dashboards_u_changes_the_queue_and_says_what_it_costs_first() {
    use crate::common::tmux::TmuxSession;
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    let cluster = Cluster::create(&harness, &stacks, &home, "upd-tui");
    let mut command = Command::new("true");
    harness.with_pcluster_standin(&mut command);
    let mut env: Vec<(String, String)> = safe_env()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .chain(
            command
                .get_envs()
                .filter_map(|(k, v)| Some((k.to_str()?.to_string(), v?.to_str()?.to_string()))),
        )
        .collect();
    let home_dir = home.path().display().to_string();
    let ssh_config = home.path().join(".ssh/config").display().to_string();
    for (key, value) in [
        ("HOME", home_dir.as_str()),
        ("AWS_ENDPOINT_URL", &harness.moto_url),
        ("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url),
        ("AWS_ENDPOINT_URL_CLOUDFORMATION", &stacks.overlay_url),
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_REGION", REGION),
        ("PCWIZ_SSH_CONFIG", &ssh_config),
        ("PCWIZ_SUPPRESS_VALIDATORS", &SUPPRESS[1..].join(" ")),
    ] {
        env.push((key.into(), value.into()));
    }
    let tmux = TmuxSession::start(&env, env!("CARGO_BIN_EXE_pcwiz"));
    tmux.wait_for("3  Resume or monitor an existing cluster");
    tmux.keys(&["3"]);
    tmux.wait_for("upd-tui");
    tmux.select_row("upd-tui");
    tmux.keys(&["Enter"]);
    let dashboard = tmux.wait_for("u change");
    assert!(dashboard.contains("upd-tui"), "{dashboard}");
    tmux.keys(&["u"]);
    let queue = tmux.wait_for_within("1. Queues", std::time::Duration::from_secs(60));
    assert!(queue.contains("c6a.12xlarge   0–10"), "{queue}");
    tmux.keys(&["+"]);
    tmux.wait_for("c6a.12xlarge   0–11");
    tmux.keys(&["Enter"]);
    tmux.wait_for("2. Shared storage ─");
    tmux.keys(&["Enter"]);
    tmux.wait_for("3. Tags & upkeep ─");
    tmux.keys(&["Enter"]);
    let said = tmux.wait_for_within("pcwiz will:", std::time::Duration::from_secs(120));
    assert!(
        said.contains("✔ queue standard · c6a12xl · MaxCount (most nodes): 10 → 11"),
        "{said}"
    );
    assert!(
        said.contains("made in place: more nodes may start, running jobs carry on"),
        "{said}"
    );
    assert!(said.contains("full scale  "), "{said}");
    assert!(said.contains("(+$1.8"), "one more c6a.12xlarge: {said}");
    tmux.keys(&["y"]);
    let done = tmux.wait_for_within(
        "upd-tui is updated: the new config is the cluster's",
        std::time::Duration::from_secs(180),
    );
    assert!(done.contains("UPDATE_COMPLETE"), "{done}");
    // pcluster's stored config now has MaxCount 11.
    let output = update(&home, &harness, None, &["upd-tui", "--current"]);
    let now =
        pcwiz::cluster::config::ClusterConfig::from_yaml(&String::from_utf8_lossy(&output.stdout))
            .unwrap();
    assert_eq!(
        now.scheduling.slurm_queues[0].compute_resources[0].max_count,
        Some(11)
    );
    assert_eq!(
        now.head_node,
        pcwiz::cluster::config::ClusterConfig::from_yaml(&cluster.config(
            "c6a.12xlarge",
            10,
            "t3.large"
        ))
        .unwrap()
        .head_node
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("u change");
}
