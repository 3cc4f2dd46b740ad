//! Clean-up and park that never hurt a neighbour and never leave a bill behind, against
//! moto, the real `pcluster` (through the harness's stand-in only where moto has no head
//! node to act: see tests/harness/pcluster-standin/pcluster) and cluster-shaped stacks.
//!
//! Where moto is kinder than AWS, each test says so: moto ends instances, deletes EFS
//! mount targets and FSx file systems at once, and never refuses a stack's deletion; the
//! harness's CloudFormation overlay refuses one deletion as AWS does
//! (`--delete-fails-once`), and the stand-in ends compute nodes some seconds after a fleet
//! stop, as a real head node's daemons do.

use std::io::BufRead;
use std::process::{Command, Output, Stdio};

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::{Harness, Home, OwnMoto, json_of, safe_env, stderr_of};

const REGION: &str = "us-west-2";

/// The environment a test's pcwiz runs in, against `moto`, with the stand-in first on PATH.
fn pcwiz_on(home: &Home, harness: &Harness, moto: &str, overlay: Option<&str>) -> Command {
    let mut command = home.pcwiz(&[]);
    command
        .env("AWS_ENDPOINT_URL", moto)
        .env("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION);
    harness.with_pcluster_standin(&mut command);
    if let Some(overlay) = overlay {
        command.env("AWS_ENDPOINT_URL_CLOUDFORMATION", overlay);
    }
    command
}

fn run(mut command: Command, args: &[&str]) -> Output {
    command.args(args).output().unwrap()
}

fn aws(harness: &Harness, moto: &str, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--region", REGION]);
    harness.aws_on(moto, &all)
}

fn instance_state(harness: &Harness, moto: &str, id: &str) -> String {
    let found = aws(
        harness,
        moto,
        &["ec2", "describe-instances", "--instance-ids", id],
    );
    found["Reservations"][0]["Instances"][0]["State"]["Name"]
        .as_str()
        .unwrap()
        .to_string()
}

fn stack_status(harness: &Harness, moto: &str, name: &str) -> Option<String> {
    let stacks = aws(harness, moto, &["cloudformation", "describe-stacks"]);
    stacks["Stacks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["StackName"] == name)
        .map(|s| s["StackStatus"].as_str().unwrap().to_string())
        .filter(|s| s != "DELETE_COMPLETE")
}

fn import_key(harness: &Harness, moto: &str, home: &Home, name: &str) {
    let file = home.path().join(format!(".ssh/{name}"));
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&file)
        .status()
        .unwrap();
    assert!(made.success());
    aws(
        harness,
        moto,
        &[
            "ec2",
            "import-key-pair",
            "--key-name",
            name,
            "--public-key-material",
            &format!("fileb://{}.pub", file.display()),
        ],
    );
}

fn key_pair_exists(harness: &Harness, moto: &str, name: &str) -> bool {
    let pairs = aws(harness, moto, &["ec2", "describe-key-pairs"]);
    pairs["KeyPairs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["KeyName"] == name)
}

/// pcwiz's history with these clusters, as launches from this machine would leave it.
fn history(home: &Home, records: &[serde_json::Value]) {
    home.write(
        ".local/share/pcwiz/history.json",
        &serde_json::json!({"format": 1, "clusters": records}).to_string(),
    );
}

fn record(home: &Home, name: &str, key: &str, network: Option<&str>) -> serde_json::Value {
    serde_json::json!({
        "name": name,
        "region": REGION,
        "config_file": home.path().join(format!("{name}.yaml")),
        "key_name": key,
        "created_by_pcwiz": {"key_pair": true, "network_stack": network},
        "created_at": "2026-12-01T10:00:00Z"
    })
}

fn item<'a>(plan: &'a serde_json::Value, kind: &str, id: &str) -> &'a serde_json::Value {
    plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == kind && i["id"] == id)
        .unwrap_or_else(|| panic!("no {kind} {id} in {plan:#}"))
}

fn result<'a>(out: &'a serde_json::Value, kind: &str, id: &str) -> &'a serde_json::Value {
    out["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == kind && r["id"] == id)
        .unwrap_or_else(|| panic!("no result for {kind} {id} in {out:#}"))
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn park_waits_for_the_compute_instances_then_stops_the_head_node() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    let made = stacks.create("park-wait", "complete", &[]);
    let head = made["head_node_instance_id"].as_str().unwrap().to_string();
    let computes: Vec<String> = ["127.0.0.61", "127.0.0.62"]
        .iter()
        .map(|ip| {
            stacks.run(&["add-compute", "park-wait", "--private-ip", ip])["instance_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let home = Home::new();
    // The stand-in's "head node" ends the compute instances 4 s after the fleet stop.
    let mut parking = pcwiz_on(&home, &harness, &harness.moto_url, None)
        .args(["park", "park-wait", "--json"])
        .env("STANDIN_FLEET_STOP_AFTER", "4")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // While it waits, the head node runs (it is what ends the compute nodes).
    let mut said = String::new();
    let mut lines = std::io::BufReader::new(parking.stderr.take().unwrap()).lines();
    loop {
        let line = lines
            .next()
            .expect("park went quiet before waiting")
            .unwrap();
        said.push_str(&line);
        said.push('\n');
        if line.contains("waiting for 2 compute instances to end") {
            break;
        }
    }
    assert_eq!(
        instance_state(&harness, &harness.moto_url, &head),
        "running",
        "the head node runs while compute instances do: {said}"
    );
    assert!(said.contains("still billing $"), "what they cost: {said}");
    for line in lines {
        said.push_str(&line.unwrap());
        said.push('\n');
    }
    let output = parking.wait_with_output().unwrap();
    let report = json_of(&output);
    assert_eq!(output.status.code(), Some(0), "{report:#}\n{said}");
    assert_eq!(report["finished"], true);
    let done: Vec<&str> = report["done"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(
        done[0].starts_with("compute fleet: STOP_REQUESTED"),
        "{done:?}"
    );
    assert!(
        done[1].starts_with("compute instances: all ended after"),
        "{done:?}"
    );
    assert!(
        done[2].starts_with(&format!("head node {head}: stopp")),
        "{done:?}"
    );
    for compute in &computes {
        assert_eq!(
            instance_state(&harness, &harness.moto_url, compute),
            "terminated"
        );
    }
    assert!(matches!(
        instance_state(&harness, &harness.moto_url, &head).as_str(),
        "stopping" | "stopped"
    ));
    // Before: the head node and two c6a.12xlarge; after: none of them.
    let before = report["usd_per_hour_before"].as_f64().unwrap();
    let after = report["usd_per_hour_after"].as_f64().unwrap();
    assert!(before > 2.0 * 1.8 && after < 0.1, "{before} → {after}");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_park_that_times_out_leaves_the_head_node_running_and_says_why() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    let made = stacks.create("park-stuck", "complete", &[]);
    let head = made["head_node_instance_id"].as_str().unwrap().to_string();
    let compute = stacks.run(&["add-compute", "park-stuck", "--private-ip", "127.0.0.63"]);
    let compute = compute["instance_id"].as_str().unwrap();
    let home = Home::new();
    // A head node that never ends them (the stand-in does nothing), and a 6 s wait.
    let output = run(
        {
            let mut c = pcwiz_on(&home, &harness, &harness.moto_url, None);
            c.env("STANDIN_FLEET_STOP_AFTER", "never");
            c
        },
        &["park", "park-stuck", "--wait-minutes", "0.1", "--json"],
    );
    let report = json_of(&output);
    assert_eq!(output.status.code(), Some(1), "{report:#}");
    assert_eq!(report["finished"], false);
    assert!(
        report["still_running"][0]
            .as_str()
            .unwrap()
            .starts_with(compute),
        "{report:#}"
    );
    let why = report["come_back"].as_str().unwrap();
    assert!(why.contains("The head node was left running"), "{why}");
    assert!(
        why.contains("1 compute instance still runs and bills $"),
        "{why}"
    );
    assert_eq!(
        instance_state(&harness, &harness.moto_url, &head),
        "running"
    );
    assert_eq!(
        instance_state(&harness, &harness.moto_url, compute),
        "running"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn two_clusters_on_one_network_keep_it_and_its_key_until_the_last_goes() {
    // A moto of its own: the network layout with a NAT gateway, made by the wizard's code.
    let harness = Harness::get();
    let moto = OwnMoto::start(&harness, &[]);
    let stacks = ClusterStacks::start_on(&harness, &moto.url);
    let home = Home::new();
    let created = run(
        pcwiz_on(&home, &harness, &moto.url, None),
        &[
            "network",
            "create",
            "--az",
            "us-west-2a",
            "--private-compute",
            "--yes",
            "--json",
        ],
    );
    assert!(created.status.success(), "{}", stderr_of(&created));
    let network = json_of(&created);
    let stack = network["name"].as_str().unwrap().to_string();
    let subnet = network["outputs"]["PublicSubnetId"].as_str().unwrap();
    let nats = aws(&harness, &moto.url, &["ec2", "describe-nat-gateways"]);
    let nat = nats["NatGateways"][0]["NatGatewayId"]
        .as_str()
        .unwrap()
        .to_string();
    let allocation = nats["NatGateways"][0]["NatGatewayAddresses"][0]["AllocationId"]
        .as_str()
        .unwrap()
        .to_string();
    import_key(&harness, &moto.url, &home, "shared-key");
    for name in ["net-a", "net-b"] {
        stacks.create(
            name,
            "complete",
            &["--subnet", subnet, "--key", "shared-key"],
        );
    }
    history(
        &home,
        &[
            record(&home, "net-a", "shared-key", Some(&stack)),
            record(&home, "net-b", "shared-key", Some(&stack)),
        ],
    );

    // moto's CloudFormation cannot delete this template (it leaves the NAT gateway's
    // interface and the route tables behind, then refuses the VPC): the overlay deletes
    // it in CloudFormation's order on AWS. See tests/harness/cluster_stack.py.
    let overlay = Some(stacks.overlay_url.as_str());
    // The first goes; the network, its NAT gateway and the key pair stay, with why.
    let first = run(
        pcwiz_on(&home, &harness, &moto.url, overlay),
        &["cleanup", "net-a", "--confirm", "net-a", "--json"],
    );
    let out = json_of(&first);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{out:#}\n{}",
        stderr_of(&first)
    );
    let kept_network = item(&out["plan"], "network-stack", &stack);
    assert_eq!(kept_network["selected"], false);
    assert!(
        kept_network["blocked_by"]
            .as_str()
            .unwrap()
            .contains("of cluster net-b"),
        "{kept_network:#}"
    );
    let kept_key = item(&out["plan"], "key-pair", "shared-key");
    assert!(
        kept_key["blocked_by"].as_str().unwrap().contains("net-b"),
        "{kept_key:#}"
    );
    assert_eq!(
        result(&out, "cluster-stack", "net-a")["outcome"]["result"],
        "deleted"
    );
    assert!(stack_status(&harness, &moto.url, &stack).is_some());
    assert!(key_pair_exists(&harness, &moto.url, "shared-key"));
    let nat_now = aws(
        &harness,
        &moto.url,
        &["ec2", "describe-nat-gateways", "--nat-gateway-ids", &nat],
    );
    assert_eq!(nat_now["NatGateways"][0]["State"], "available");

    // The last goes, and the network with its NAT gateway and Elastic IP go with it.
    let last = run(
        pcwiz_on(&home, &harness, &moto.url, overlay),
        &["cleanup", "net-b", "--confirm", "net-b", "--json"],
    );
    let out = json_of(&last);
    assert_eq!(last.status.code(), Some(0), "{out:#}\n{}", stderr_of(&last));
    assert_eq!(
        result(&out, "network-stack", &stack)["outcome"]["result"],
        "deleted",
        "{out:#}"
    );
    assert_eq!(
        result(&out, "key-pair", "shared-key")["outcome"]["result"],
        "deleted",
        "{out:#}"
    );
    assert_eq!(stack_status(&harness, &moto.url, &stack), None);
    let nat_now = aws(&harness, &moto.url, &["ec2", "describe-nat-gateways"]);
    assert!(
        nat_now["NatGateways"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["NatGatewayId"] != nat.as_str() || n["State"] == "deleted"),
        "{nat_now:#}"
    );
    let addresses = aws(&harness, &moto.url, &["ec2", "describe-addresses"]);
    assert!(
        !addresses.to_string().contains(&allocation),
        "the Elastic IP is released: {addresses:#}"
    );
    assert!(!key_pair_exists(&harness, &moto.url, "shared-key"));
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_key_pair_another_clusters_launch_template_names_survives() {
    let harness = Harness::get();
    let home = Home::new();
    import_key(&harness, &harness.moto_url, &home, "lt-shared-key");
    // A cluster pcwiz never saw launches its compute nodes from this template.
    let template = aws(
        &harness,
        &harness.moto_url,
        &[
            "ec2",
            "create-launch-template",
            "--launch-template-name",
            "kp-other-queue-cr",
            "--launch-template-data",
            r#"{"KeyName": "lt-shared-key", "InstanceType": "c6a.12xlarge"}"#,
            "--tag-specifications",
            "ResourceType=launch-template,Tags=[{Key=parallelcluster:cluster-name,Value=kp-other}]",
        ],
    );
    let template_id = template["LaunchTemplate"]["LaunchTemplateId"]
        .as_str()
        .unwrap()
        .to_string();
    history(&home, &[record(&home, "kp-mine", "lt-shared-key", None)]);
    let output = run(
        pcwiz_on(&home, &harness, &harness.moto_url, None),
        &["cleanup", "kp-mine", "--confirm", "kp-mine", "--json"],
    );
    let out = json_of(&output);
    assert_eq!(output.status.code(), Some(0), "{out:#}");
    let key = item(&out["plan"], "key-pair", "lt-shared-key");
    let user = key["blocked_by"].as_str().unwrap();
    assert!(
        user.contains(&template_id) && user.contains("kp-other"),
        "{user}"
    );
    assert_eq!(
        result(&out, "key-pair", "lt-shared-key")["outcome"]["result"],
        "kept"
    );
    assert!(key_pair_exists(
        &harness,
        &harness.moto_url,
        "lt-shared-key"
    ));
    aws(
        &harness,
        &harness.moto_url,
        &[
            "ec2",
            "delete-launch-template",
            "--launch-template-id",
            &template_id,
        ],
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn an_abandoned_wizards_network_and_pcluster_configures_are_found_by_sweep_and_removed() {
    // A moto of its own: the sweep looks at the whole region.
    let harness = Harness::get();
    let moto = OwnMoto::start(&harness, &[]);
    // moto's CloudFormation cannot delete the network template; the overlay deletes it in
    // CloudFormation's order on AWS (tests/harness/cluster_stack.py).
    let stacks = ClusterStacks::start_on(&harness, &moto.url);
    let overlay = Some(stacks.overlay_url.as_str());
    let home = Home::new();
    // The wizard asked for a network, and was then abandoned: no cluster ever used it.
    let created = run(
        pcwiz_on(&home, &harness, &moto.url, None),
        &[
            "network",
            "create",
            "--az",
            "us-west-2b",
            "--private-compute",
            "--yes",
            "--json",
        ],
    );
    assert!(created.status.success(), "{}", stderr_of(&created));
    let abandoned = json_of(&created)["name"].as_str().unwrap().to_string();
    let recorded =
        std::fs::read_to_string(home.path().join(".local/share/pcwiz/history.json")).unwrap();
    assert!(
        recorded.contains(&abandoned),
        "recorded when asked for: {recorded}"
    );
    // `pcluster configure`'s own network, and an untagged look-alike of pcwiz's.
    let template = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/network/network.yaml"),
    )
    .unwrap();
    let template_file = home.write("network.yaml", &template);
    for (name, az) in [
        (
            "parallelclusternetworking-pubpriv-20261201100000",
            "us-west-2c",
        ),
        ("pcwiz-network-lookalike", "us-west-2d"),
    ] {
        aws(
            &harness,
            &moto.url,
            &[
                "cloudformation",
                "create-stack",
                "--stack-name",
                name,
                "--template-body",
                &format!("file://{}", template_file.display()),
                "--parameters",
                &format!("ParameterKey=AvailabilityZone,ParameterValue={az}"),
                "ParameterKey=Layout,ParameterValue=public-private",
            ],
        );
    }

    let listed = run(
        pcwiz_on(&home, &harness, &moto.url, None),
        &["sweep", "--json"],
    );
    let sweep = json_of(&listed);
    assert_eq!(listed.status.code(), Some(0), "{sweep:#}");
    let leftovers = &sweep["leftovers"];
    let network = item(leftovers, "network-stack", &abandoned);
    assert!(
        network["why"].as_str().unwrap().contains("pcwiz made it"),
        "{network:#}"
    );
    assert!(
        network["detail"].as_str().unwrap().contains("NAT gateway"),
        "{network:#}"
    );
    assert!((network["usd_per_month"].as_f64().unwrap() - 32.85).abs() < 0.01);
    let configure = item(
        leftovers,
        "network-stack",
        "parallelclusternetworking-pubpriv-20261201100000",
    );
    assert!(
        configure["why"]
            .as_str()
            .unwrap()
            .contains("pcluster configure"),
        "{configure:#}"
    );
    assert!(
        !leftovers.to_string().contains("pcwiz-network-lookalike"),
        "an untagged look-alike is nobody's to remove: {leftovers:#}"
    );
    assert!(sweep["usd_per_month"].as_f64().unwrap() >= 2.0 * 32.85);

    // Removed through the same proof, confirmation and executor; the look-alike stays.
    let wrong = run(
        pcwiz_on(&home, &harness, &moto.url, overlay),
        &["sweep", "--remove", "--confirm", "eu-west-1", "--json"],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        stack_status(&harness, &moto.url, &abandoned).is_some(),
        "nothing touched"
    );
    let removed = run(
        pcwiz_on(&home, &harness, &moto.url, overlay),
        &["sweep", "--remove", "--confirm", REGION, "--json"],
    );
    let out = json_of(&removed);
    assert_eq!(
        removed.status.code(),
        Some(0),
        "{out:#}\n{}",
        stderr_of(&removed)
    );
    assert_eq!(stack_status(&harness, &moto.url, &abandoned), None);
    assert_eq!(
        stack_status(
            &harness,
            &moto.url,
            "parallelclusternetworking-pubpriv-20261201100000"
        ),
        None
    );
    assert!(stack_status(&harness, &moto.url, "pcwiz-network-lookalike").is_some());
    let recorded =
        std::fs::read_to_string(home.path().join(".local/share/pcwiz/history.json")).unwrap();
    assert!(
        recorded.contains("\"deleted\""),
        "the history says it went: {recorded}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn efs_fsx_and_a_stack_that_fails_to_delete_once_are_each_removed_or_explained() {
    // moto deletes EFS mount targets and FSx at once; AWS takes minutes (pcwiz waits for
    // the mount targets, and follows FSx's DELETING until it is gone). moto never refuses a
    // stack's deletion: the overlay refuses the first, as AWS does while an interface still
    // holds the head node's security group.
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create("store-rev", "complete", &["--delete-fails-once"]);
    let subnets = aws(
        &harness,
        &harness.moto_url,
        &[
            "ec2",
            "describe-subnets",
            "--filters",
            "Name=default-for-az,Values=true",
        ],
    );
    let subnet = subnets["Subnets"][0]["SubnetId"].as_str().unwrap();
    let efs = aws(
        &harness,
        &harness.moto_url,
        &[
            "efs",
            "create-file-system",
            "--creation-token",
            "store-rev-efs",
            "--tags",
            "Key=parallelcluster:cluster-name,Value=store-rev",
        ],
    );
    let efs = efs["FileSystemId"].as_str().unwrap().to_string();
    aws(
        &harness,
        &harness.moto_url,
        &[
            "efs",
            "create-mount-target",
            "--file-system-id",
            &efs,
            "--subnet-id",
            subnet,
        ],
    );
    let fsx = aws(
        &harness,
        &harness.moto_url,
        &[
            "fsx",
            "create-file-system",
            "--file-system-type",
            "LUSTRE",
            "--storage-capacity",
            "1200",
            "--subnet-ids",
            subnet,
            "--lustre-configuration",
            "DeploymentType=SCRATCH_2",
            "--tags",
            "Key=parallelcluster:cluster-name,Value=store-rev",
        ],
    );
    let fsx = fsx["FileSystem"]["FileSystemId"]
        .as_str()
        .unwrap()
        .to_string();
    let home = Home::new();
    let output = run(
        pcwiz_on(
            &home,
            &harness,
            &harness.moto_url,
            Some(&stacks.overlay_url),
        ),
        &[
            "cleanup",
            "store-rev",
            "--confirm",
            "store-rev",
            "--also",
            "efs-file-system",
            "--also",
            "fsx-file-system",
        ],
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{said}\n{}",
        stderr_of(&output)
    );
    assert!(
        said.contains("DELETE_FAILED, blocked by HeadNodeSecurityGroup"),
        "the refusal is named before the retry: {said}"
    );
    assert!(said.contains("has a dependent object"), "{said}");
    assert!(said.contains("cluster stack store-rev: deleted"), "{said}");
    assert!(
        said.contains(&format!("EFS file system {efs}: deleted")),
        "{said}"
    );
    assert!(
        said.contains(&format!("FSx file system {fsx}: deleted")),
        "{said}"
    );
    let left = aws(
        &harness,
        &harness.moto_url,
        &["efs", "describe-file-systems"],
    );
    assert!(!left.to_string().contains(&efs), "{left:#}");
    let left = aws(
        &harness,
        &harness.moto_url,
        &["fsx", "describe-file-systems"],
    );
    assert!(!left.to_string().contains(&fsx), "{left:#}");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_clean_up_killed_midway_and_run_again_finishes_and_touches_nothing_unticked() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create("kill-rev", "complete", &[]);
    let compute = stacks.run(&["add-compute", "kill-rev", "--private-ip", "127.0.0.64"]);
    let compute = compute["instance_id"].as_str().unwrap().to_string();
    let kept = aws(
        &harness,
        &harness.moto_url,
        &[
            "ec2",
            "create-volume",
            "--availability-zone",
            "us-west-2a",
            "--size",
            "50",
            "--tag-specifications",
            "ResourceType=volume,Tags=[{Key=parallelcluster:cluster-name,Value=kill-rev}]",
        ],
    );
    let kept = kept["VolumeId"].as_str().unwrap().to_string();
    let home = Home::new();
    let mut cleaning = pcwiz_on(&home, &harness, &harness.moto_url, None)
        .args(["cleanup", "kill-rev", "--confirm", "kill-rev"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed (no chance to tidy up) as soon as the first item is gone.
    let mut lines = std::io::BufReader::new(cleaning.stdout.take().unwrap()).lines();
    loop {
        let line = lines.next().expect("the clean-up ended early").unwrap();
        if line.contains(&format!("compute instance {compute}: deleted")) {
            break;
        }
    }
    cleaning.kill().unwrap();
    cleaning.wait().unwrap();

    let again = run(
        pcwiz_on(&home, &harness, &harness.moto_url, None),
        &["cleanup", "kill-rev", "--confirm", "kill-rev", "--json"],
    );
    let out = json_of(&again);
    assert_eq!(again.status.code(), Some(0), "{out:#}");
    assert!(
        out["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["outcome"]["result"] != "failed"),
        "{out:#}"
    );
    assert_eq!(stack_status(&harness, &harness.moto_url, "kill-rev"), None);
    assert_eq!(
        instance_state(&harness, &harness.moto_url, &compute),
        "terminated"
    );
    let volume = Command::new(harness.venv_bin.join("aws"))
        .args([
            "ec2",
            "describe-volumes",
            "--volume-ids",
            &kept,
            "--region",
            REGION,
        ])
        .env_clear()
        .envs(safe_env())
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .output()
        .unwrap();
    assert!(volume.status.success(), "the unticked volume is untouched");
}
