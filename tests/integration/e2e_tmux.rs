//! The real binary in tmux: open, read the menu, open "Check my setup", see the credential
//! kind from moto, use help, quit, and find the terminal restored. Also Ctrl-C and a panic.

use std::process::Command;

use crate::common::tmux::{TmuxSession, terminal_is_sane};
use crate::common::{Harness, Home, safe_env};

pub(crate) fn environment(home: &Home, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = safe_env()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    env.push(("HOME".into(), home.path().display().to_string()));
    env.push(("AWS_ENDPOINT_URL".into(), "http://127.0.0.1:9".into()));
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    env
}

fn pcwiz() -> &'static str {
    env!("CARGO_BIN_EXE_pcwiz")
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn menu_setup_screen_help_and_quit_with_an_iam_user() {
    let harness = Harness::get();
    let (key, secret) = harness.iam_user("tmux-alice");
    let home = Home::new();
    let path = harness.path_with_tools();
    let env = environment(
        &home,
        &[
            ("AWS_ENDPOINT_URL", &harness.moto_url),
            ("AWS_ACCESS_KEY_ID", &key),
            ("AWS_SECRET_ACCESS_KEY", &secret),
            ("AWS_REGION", "us-west-2"),
            ("PATH", &path),
        ],
    );
    let tmux = TmuxSession::start(&env, pcwiz());

    let menu = tmux.wait_for("What would you like to do?");
    assert!(menu.contains("1  Create a new cluster"), "{menu}");
    assert!(menu.contains("2  Check my setup"), "{menu}");
    assert!(tmux.alternate_screen(), "the app runs full-screen");
    // The header fills in from the background STS call.
    tmux.wait_for("tmux-alice · iam-user · account 123456789012 · us-west-2");

    tmux.keys(&["2"]);
    let setup = tmux.wait_for("You are IAM user `tmux-alice`");
    assert!(setup.contains("Check my setup"), "{setup}");
    tmux.wait_for("pcluster 3.");

    tmux.keys(&["?"]);
    tmux.wait_for("Keys (? or Esc to close)");
    tmux.escape_until_gone("Keys (? or Esc to close)");
    tmux.keys(&["Escape"]);
    tmux.wait_for("What would you like to do?");
    tmux.keys(&["q"]);

    let (status, stty) = tmux.wait_for_exit();
    assert_eq!(status, 0);
    assert!(
        terminal_is_sane(&stty),
        "raw mode left on after quitting:\n{stty}"
    );
    assert!(!tmux.alternate_screen(), "the alternate screen was left");
}

#[test]
#[ignore = "needs tmux: run tests/run.sh"]
fn ctrl_c_quits_and_restores_the_terminal() {
    let home = Home::new();
    let tmux = TmuxSession::start(&environment(&home, &[]), pcwiz());
    tmux.wait_for("What would you like to do?");
    tmux.keys(&["C-c"]);
    let (status, stty) = tmux.wait_for_exit();
    assert_eq!(status, 0);
    assert!(terminal_is_sane(&stty), "{stty}");
    assert!(!tmux.alternate_screen());
}

#[test]
#[ignore = "needs tmux: run tests/run.sh"]
fn a_panic_restores_the_terminal_and_shows_the_message() {
    let home = Home::new();
    let tmux = TmuxSession::start(
        &environment(&home, &[]),
        &format!("{} --panic-after-first-frame", pcwiz()),
    );
    let (status, stty) = tmux.wait_for_exit();
    assert_ne!(status, 0, "a panic is a failure");
    assert!(
        terminal_is_sane(&stty),
        "raw mode left on after a panic:\n{stty}"
    );
    assert!(!tmux.alternate_screen());
    let screen = tmux.screen();
    assert!(
        screen.contains("testing that the terminal is restored"),
        "the panic message is readable on the normal screen:\n{screen}"
    );
}

#[test]
#[ignore = "needs tmux: run tests/run.sh"]
fn the_setup_screen_without_credentials_says_so_without_hanging() {
    let home = Home::new();
    let tmux = TmuxSession::start(&environment(&home, &[]), pcwiz());
    tmux.wait_for("identity unknown: open Check my setup");
    tmux.keys(&["2"]);
    let screen = tmux.wait_for("No AWS credentials found");
    assert!(screen.contains("fail"), "{screen}");
    tmux.keys(&["q"]);
    let (status, _) = tmux.wait_for_exit();
    assert_eq!(status, 0);
    let _ = tmux.dir();
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn wizard_region_then_a_new_key_then_a_subnet_then_resume() {
    let harness = Harness::get();
    let region = "us-east-2";
    harness.make_default_vpc_like_aws(region);
    let home = Home::new();
    let env = environment(
        &home,
        &[
            ("AWS_ENDPOINT_URL", &harness.moto_url),
            ("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url),
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_REGION", region),
        ],
    );
    let tmux = TmuxSession::start(&env, pcwiz());
    tmux.wait_for("1  Create a new cluster");
    tmux.keys(&["1"]);
    tmux.wait_for("You are moto (iam-user)");
    tmux.keys(&["Enter"]);
    // The configured region is preselected.
    tmux.wait_for("› us-east-2");
    tmux.keys(&["Enter"]);
    let keys = tmux.wait_for("Generate a new ed25519 key");
    assert!(
        keys.contains("› ✔ Generate a new ed25519 key"),
        "a newcomer's only choice is preselected:\n{keys}"
    );
    tmux.keys(&["Enter"]);
    tmux.wait_for("Key pair name: pcwiz-us-east-2");
    tmux.keys(&["Enter"]); // to the passphrase
    tmux.keys(&["Enter"]); // no passphrase: create
    let network = tmux.wait_for("(default VPC)");
    assert!(network.contains("✔ 3. SSH key"), "{network}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("› rev-conus");
    tmux.keys(&["Enter"]);
    tmux.wait_for("› ubuntu2404");
    tmux.keys(&["Enter"]);
    // The head-node picker lists moto's real instance data for the zone; type to filter.
    tmux.wait_for("› t3.large");
    tmux.keys(&["t3.lar"]);
    // us-east-2 is covered by the bundled snapshot: prices are shown and labelled.
    tmux.wait_for("$0.0832 · $60.74");
    // The cost panel: the Price List has no us-east-2 Lustre price and neither has the
    // snapshot, so the idle figure is a lower bound that names what it misses: the head
    // node $0.0832, its 35 GB gp3 root volume $0.0038 and its public IPv4 address $0.005.
    tmux.wait_for("Idle ≥$0.092/h");
    tmux.wait_for("No price: FSx for");
    tmux.keys(&["Enter"]);
    // Whole nodes for both reV queues, as the review would otherwise warn.
    tmux.wait_for("jobs get");
    tmux.keys(&["x", "Down", "x"]);
    tmux.wait_for("whole nodes");
    tmux.keys(&["Enter"]);
    tmux.wait_for("on delete");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Tags & upkeep");
    tmux.keys(&["nrel", "Down", "lab-42", "Enter"]);
    let review = tmux.wait_for("Checks · ");
    assert!(
        review.contains("Checks · 0 errors"),
        "nothing blocks a launch: {review}"
    );
    assert!(review.contains("InstanceType: t3.large"), "{review}");
    tmux.keys(&["c"]);
    let cost = tmux.wait_for("Full scale: every queue at MaxCount");
    assert!(cost.contains("10 × c6a.12xlarge"), "{cost}");
    tmux.keys(&["c"]);
    tmux.wait_for("Checks · ");
    tmux.keys(&["w"]);
    tmux.wait_for("Save to: ~/.local/share/pcwiz/configs/rev-conus-us-east-2.yaml");
    tmux.keys(&["Enter"]);
    tmux.wait_for("✔ Saved to");
    // Saved, the wizard moves on to the launch step, whose name field takes letters.
    tmux.wait_for("Cluster name: rev-conus-us-east-2▏");

    // The key pair really is in moto, and its private half is here with mode 0600.
    let pairs = harness.aws(&[
        "ec2",
        "describe-key-pairs",
        "--region",
        region,
        "--include-public-key",
        "--key-names",
        "pcwiz-us-east-2",
    ]);
    assert_eq!(pairs["KeyPairs"][0]["KeyType"], "ed25519");
    let private = home.path().join(".ssh/pcwiz-us-east-2");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&private).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let public = std::fs::read_to_string(private.with_extension("pub")).unwrap();
    assert_eq!(
        pairs["KeyPairs"][0]["PublicKey"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .nth(1),
        public.split_whitespace().nth(1)
    );
    // The draft on disk has the answers, and only its owner can read it.
    let draft_path = home.path().join(".local/share/pcwiz/drafts/current.json");
    let draft: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&draft_path).unwrap()).unwrap();
    assert_eq!(draft["region"], region);
    assert_eq!(draft["key"]["name"], "pcwiz-us-east-2");
    assert!(
        draft["network"]["head_subnet"]
            .as_str()
            .unwrap()
            .starts_with("subnet-")
    );
    assert_eq!(
        std::fs::metadata(&draft_path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Esc back to the review, where q quits.
    tmux.keys(&["Escape"]);
    tmux.wait_for("Checks · ");
    tmux.keys(&["q"]);
    let (status, stty) = tmux.wait_for_exit();
    assert_eq!(status, 0);
    assert!(terminal_is_sane(&stty));

    // A new start offers the draft, and resuming lands where it was left.
    let again = TmuxSession::start(&env, pcwiz());
    let menu = again.wait_for("2  Resume draft");
    assert!(
        menu.contains("us-east-2 · key pcwiz-us-east-2 · subnet-"),
        "{menu}"
    );
    again.keys(&["2"]);
    // It resumes where the draft was saved: the launch step (Ctrl-C quits from any field).
    again.wait_for("Cluster name: rev-conus-us-east-2▏");
    again.keys(&["C-c"]);
    again.wait_for_exit();
}

/// The launch step in the real binary: a saved draft resumed at "Launch", the checks, the
/// name typed to confirm, pcluster's real dry run, then the creation followed to ready.
/// The creation itself is the harness's cluster-shaped stack (moto cannot run pcluster's
/// real create-cluster): `tests/harness/pcluster-standin/pcluster` makes it for
/// `create-cluster` without --dryrun and hands every other command to the real pcluster.
#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn launch_from_the_wizard_follows_the_creation_to_ready() {
    use pcwiz::cluster::os::Os;
    use pcwiz::cluster::ssh_key::KeyKind;
    use pcwiz::wizard::draft::{KeyChoice, KeyOrigin, NetworkChoice};
    use pcwiz::wizard::{Draft, StepId};

    let harness = Harness::get();
    harness.make_default_vpc_like_aws("us-west-2");
    let stacks = crate::common::cluster_stacks::ClusterStacks::start(&harness);
    // Once ready, the launch arms the idle guard on the head node (the draft's default
    // window): over ssh, as root, so into an sshd whose system directories are private.
    let sshd = crate::common::own_sshd::OwnSshd::start_private(&harness);
    let home = Home::with_ssh_to(&harness, sshd.port);
    let rev = crate::common::rev_config_in_moto(&home, &harness, &harness.moto_url, "us-west-2");
    let config_text = std::fs::read_to_string(&rev.file).unwrap();
    let draft = Draft {
        current: StepId::Launch,
        region: Some("us-west-2".into()),
        os: Os::Ubuntu2404,
        instance_types: vec![
            "t3.large".into(),
            "c6a.12xlarge".into(),
            "m6a.12xlarge".into(),
        ],
        key: Some(KeyChoice {
            name: rev.key_name.clone(),
            kind: KeyKind::Ed25519,
            private_key: Some(rev.private_key.clone()),
            origin: KeyOrigin::Imported,
        }),
        network: Some(NetworkChoice {
            vpc_id: rev.vpc.clone(),
            head_subnet: rev.subnet.clone(),
            compute_subnet: rev.subnet.clone(),
            availability_zone: rev.zone.clone(),
            created_stack: None,
        }),
        preset: Some("rev-conus".into()),
        config: Some(pcwiz::cluster::config::ClusterConfig::from_yaml(&config_text).unwrap()),
        config_file: Some(rev.file.clone()),
        ..Draft::default()
    };
    home.write(
        ".local/share/pcwiz/drafts/current.json",
        &serde_json::to_string(&draft).unwrap(),
    );
    let standin =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/pcluster-standin");
    let path = format!("{}:{}", standin.display(), harness.path_with_tools());
    let real = harness.venv_bin.join("pcluster");
    let python = harness.venv_bin.join("python");
    let ssh_config = home.path().join(".ssh/config").display().to_string();
    let env = environment(
        &home,
        &[
            ("AWS_ENDPOINT_URL", &harness.moto_url),
            ("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url),
            ("AWS_ENDPOINT_URL_CLOUDFORMATION", &stacks.overlay_url),
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_REGION", "us-west-2"),
            ("PATH", &path),
            ("PCLUSTER_REAL", real.to_str().unwrap()),
            ("STANDIN_PYTHON", python.to_str().unwrap()),
            ("STANDIN_CLUSTER_USER", &harness.ssh_user),
            ("PCWIZ_SSH_CONFIG", &ssh_config),
            (
                "PCWIZ_SUPPRESS_VALIDATORS",
                "type:HeadNodeLaunchTemplateValidator type:ComputeResourceLaunchTemplateValidator",
            ),
        ],
    );
    let tmux = TmuxSession::start(&env, pcwiz());
    tmux.wait_for("2  Resume draft");
    tmux.keys(&["2"]);
    tmux.wait_for("Cluster name: rev▏");
    tmux.keys(&["Enter"]);
    let checked = tmux.wait_for_within("Type rev to launch", std::time::Duration::from_secs(60));
    assert!(
        checked.contains("Idle"),
        "the idle cost before launching: {checked}"
    );
    tmux.keys(&["rev", "Enter"]);
    let following = tmux.wait_for_within(
        "Creating rev: CREATE_IN_PROGRESS",
        std::time::Duration::from_secs(180),
    );
    assert!(following.contains("resources"), "{following}");
    assert!(following.contains("pcwiz follow"), "{following}");
    // The history has it before it is ready: a closed terminal would lose nothing.
    let history =
        std::fs::read_to_string(home.path().join(".local/share/pcwiz/history.json")).unwrap();
    assert!(history.contains("\"name\": \"rev\""), "{history}");
    assert!(history.contains(&rev.key_name), "{history}");
    // The head node "finishes bootstrapping".
    stacks.run(&["signal", "rev", "--status", "SUCCESS"]);
    let ready = tmux.wait_for_within("✔ rev is ready.", std::time::Duration::from_secs(90));
    assert!(
        ready.contains(&format!("ssh -i ~/.ssh/launch {}@", harness.ssh_user)),
        "{ready}"
    );
    let upkeep = tmux.wait_for_within(
        "✔ Idle guard armed: the head node stops after 60 idle minutes",
        std::time::Duration::from_secs(60),
    );
    assert!(
        !upkeep.contains("No budget"),
        "no email, no budget asked: {upkeep}"
    );
    let conf = sshd.ssh(&harness, "cat /etc/pcwiz/idle-guard.conf");
    let conf = String::from_utf8_lossy(&conf.stdout);
    assert!(conf.contains("IDLE_MINUTES=60\n"), "{conf}");
    tmux.keys(&["q"]);
    let (status, _) = tmux.wait_for_exit();
    assert_eq!(status, 0);
}

/// The dashboard in the real binary: the cluster list → a cluster's dashboard → each tab
/// (the reV tab given a project directory) → a shell on the head node and back → the fleet
/// stopped through the real `pcluster update-compute-fleet` → the head node stopped in EC2
/// → back → quit. The cluster is a cluster-shaped stack in moto (its head node's address
/// a loopback Elastic IP, its login user the harness's); the probe and the shell really go
/// over ssh to the harness's sshd, Slurm and HSDS (an ssh config sends every host there).
#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn the_dashboard_shows_the_real_slurm_and_hsds() {
    let _home = crate::common::harness_home_in_use();
    let harness = Harness::get();
    let stacks = crate::common::cluster_stacks::ClusterStacks::start(&harness);
    let created = stacks.create(
        "dash-rev",
        "complete",
        &["--cluster-user", &harness.ssh_user],
    );
    let head_node = created["head_node_instance_id"]
        .as_str()
        .unwrap()
        .to_string();
    let home = Home::new();
    let ssh_config = home.write(
        ".ssh/config",
        &format!(
            "Host *\n  HostName 127.0.0.1\n  Port {}\n  IdentityFile {}\n  LogLevel ERROR\n",
            harness.ssh_port,
            harness.ssh_key.display()
        ),
    );
    // A reV project on the cluster, its status files written by the real NREL-gaps.
    let rev_dir = crate::common::rev_project_on_cluster(&harness, "rev-dash");
    let path = harness.path_with_tools();
    let wheelhouse = harness.wheelhouse.display().to_string();
    let env = environment(
        &home,
        &[
            ("AWS_ENDPOINT_URL", &harness.moto_url),
            ("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url),
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_REGION", "us-west-2"),
            ("PCWIZ_SSH_CONFIG", ssh_config.to_str().unwrap()),
            ("PATH", &path),
            // HSDS is pip-installed on the "head node", which cannot reach PyPI here.
            ("PCWIZ_HSDS_WHEELHOUSE", &wheelhouse),
        ],
    );
    let tmux = TmuxSession::start(&env, pcwiz());
    tmux.wait_for("3  Resume or monitor an existing cluster");
    tmux.keys(&["3"]);
    let list = tmux.wait_for("dash-rev");
    assert!(list.contains("CREATE_COMPLETE"), "{list}");
    // Move to dash-rev (other tests' clusters may be listed too) and open it.
    tmux.select_row("dash-rev");
    tmux.keys(&["Enter"]);
    let overview = tmux.wait_for("Nodes  █ busy");
    assert!(
        overview.contains("dash-rev · CREATE_COMPLETE · head running"),
        "{overview}"
    );
    assert!(
        overview.contains("(ssh "),
        "one round trip, timed: {overview}"
    );
    tmux.keys(&["2"]);
    tmux.wait_for("localhost");
    tmux.keys(&["3"]);
    tmux.wait_for("reason / exit");
    tmux.keys(&["4"]);
    // The harness's HSDS is not on port 5101, so the node's HSDS does not answer: said so.
    tmux.wait_for("HSDS did not answer");
    // i: set HSDS up. The files and HSDS's venv go in over the real sshd and the check
    // runs through the real Slurm; HSDS cannot start on 5101 here, because the harness's
    // own HSDS holds its data node's port, and the check says so in one sentence.
    tmux.keys(&["i"]);
    tmux.wait_for("Set up HSDS for reV");
    tmux.keys(&["Enter"]);
    let done = tmux.wait_for_within(
        "HSDS did not start on localhost",
        std::time::Duration::from_secs(180),
    );
    assert!(done.contains("~/start_hsds.sh"), "{done}");
    assert!(done.contains("HSDS 1.0.2 "), "the venv: {done}");
    assert!(done.contains("6101"), "the port in use: {done}");
    assert!(
        done.contains("\"sh_script\": \"bash ~/start_hsds.sh\""),
        "{done}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("Set-up check 0 min ago: HSDS did not start on localhost");
    // reV: asked once, then read over the next round trip.
    tmux.keys(&["5"]);
    tmux.wait_for("e reads an existing project directory");
    tmux.keys(&["e"]);
    tmux.keys(&["-l", &rev_dir]);
    tmux.keys(&["Enter"]);
    let rev = tmux.wait_for("rev_conus_generation_j0");
    assert!(rev.contains("0. generation"), "{rev}");
    assert!(rev.contains("rev_conus_collect"), "{rev}");
    tmux.keys(&["6"]);
    tmux.wait_for("$/hour over the last");
    // The stack's own events, from the one CloudFormation call of each refresh.
    tmux.keys(&["7"]);
    tmux.wait_for("dash-rev AWS::CloudFormation::Stack CREATE_COMPLETE");

    // s: the screen steps aside for a shell on the head node, and comes back after it.
    tmux.keys(&["s"]);
    tmux.wait_for("Open a shell on the head node?");
    tmux.keys(&["y"]);
    tmux.wait_for("exit the shell to return to the dashboard");
    tmux.keys(&["-l", "echo inside-$((40+2)) as $(whoami)"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("inside-42 as {}", harness.ssh_user));
    tmux.keys(&["-l", "exit"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Back from");
    tmux.wait_for("7 Stack");

    // f: the real pcluster says how the fleet is, then stops it.
    tmux.keys(&["f"]);
    let question = tmux.wait_for_within(
        "Stop the compute fleet?",
        std::time::Duration::from_secs(60),
    );
    assert!(question.contains("The fleet is RUNNING"), "{question}");
    tmux.keys(&["y"]);
    tmux.wait_for_within(
        "Compute fleet: STOP_REQUESTED",
        std::time::Duration::from_secs(60),
    );
    let fleet = Command::new(harness.venv_bin.join("pcluster"))
        .args([
            "describe-compute-fleet",
            "-n",
            "dash-rev",
            "-r",
            "us-west-2",
        ])
        .env_clear()
        .envs(crate::common::safe_env())
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("PATH", &path)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&fleet.stdout).contains("STOP_REQUESTED"),
        "{}",
        String::from_utf8_lossy(&fleet.stderr)
    );

    // h: no compute instance runs, so the head node may stop; EC2 stops it.
    tmux.keys(&["h"]);
    let question = tmux.wait_for("Stop the head node");
    assert!(question.contains("Saves $"), "{question}");
    tmux.keys(&["y"]);
    tmux.wait_for(&format!("Head node {head_node}: stopping"));
    let state = harness.aws(&[
        "ec2",
        "describe-instances",
        "--region",
        "us-west-2",
        "--instance-ids",
        &head_node,
    ]);
    let state = state["Reservations"][0]["Instances"][0]["State"]["Name"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(state == "stopping" || state == "stopped", "{state}");

    tmux.keys(&["Escape"]);
    tmux.wait_for("Clusters in us-west-2");
    tmux.keys(&["q"]);
    let (status, stty) = tmux.wait_for_exit();
    assert_eq!(status, 0);
    assert!(terminal_is_sane(&stty));
}

/// Clean up in the real binary: the door → the cluster → the plan → the name typed →
/// each item's result; then EC2 and CloudFormation in moto say what went and what stayed.
#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn clean_up_from_the_menu_removes_what_was_ticked() {
    let harness = Harness::get();
    let stacks = crate::common::cluster_stacks::ClusterStacks::start(&harness);
    stacks.create("tmux-clean", "complete", &[]);
    let compute = stacks.run(&["add-compute", "tmux-clean", "--private-ip", "127.0.0.62"]);
    let compute = compute["instance_id"].as_str().unwrap().to_string();
    let volume = harness.aws(&[
        "ec2",
        "create-volume",
        "--region",
        "us-west-2",
        "--availability-zone",
        "us-west-2a",
        "--size",
        "50",
        "--tag-specifications",
        "ResourceType=volume,Tags=[{Key=parallelcluster:cluster-name,Value=tmux-clean}]",
    ])["VolumeId"]
        .as_str()
        .unwrap()
        .to_string();
    let home = Home::new();
    let path = harness.path_with_tools();
    let env = environment(
        &home,
        &[
            ("AWS_ENDPOINT_URL", &harness.moto_url),
            ("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url),
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_REGION", "us-west-2"),
            ("PATH", &path),
        ],
    );
    let tmux = TmuxSession::start(&env, pcwiz());
    tmux.wait_for("4  Clean up a cluster");
    tmux.keys(&["4"]);
    tmux.wait_for("Clean up which cluster?");
    tmux.wait_for("tmux-clean");
    tmux.select_row("tmux-clean");
    tmux.keys(&["Enter"]);
    let plan = tmux.wait_for("cluster stack");
    assert!(plan.contains(&compute), "{plan}");
    assert!(plan.contains(&volume), "{plan}");
    assert!(plan.contains("do-not-delete"), "{plan}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Type the cluster name");
    // A wrong name is refused, and nothing happens.
    tmux.keys(&["-l", "tmux-clea"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("does not match");
    tmux.keys(&["-l", "n"]);
    tmux.keys(&["Enter"]);
    let result = tmux.wait_for_within("Removed", std::time::Duration::from_secs(90));
    assert!(result.contains("deleted"), "{result}");
    let state = harness.aws(&[
        "ec2",
        "describe-instances",
        "--region",
        "us-west-2",
        "--instance-ids",
        &compute,
    ]);
    assert_eq!(
        state["Reservations"][0]["Instances"][0]["State"]["Name"],
        "terminated"
    );
    // The volume was not ticked (it may hold results): it is still there.
    harness.aws(&[
        "ec2",
        "describe-volumes",
        "--region",
        "us-west-2",
        "--volume-ids",
        &volume,
    ]);
    tmux.escape_until_gone("Removed");
    tmux.keys(&["q"]);
    let (status, stty) = tmux.wait_for_exit();
    assert_eq!(status, 0);
    assert!(terminal_is_sane(&stty));
}
