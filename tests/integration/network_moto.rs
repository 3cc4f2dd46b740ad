//! `pcwiz network …` against moto: subnets, AZ filtering, creating a network, AccessDenied.
//! Run by tests/run.sh.

use crate::common::{Harness, Home, OwnMoto};

fn pcwiz(
    home: &Home,
    endpoint: &str,
    region: &str,
    keys: (&str, &str),
    args: &[&str],
) -> std::process::Output {
    home.pcwiz(args)
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", keys.0)
        .env("AWS_SECRET_ACCESS_KEY", keys.1)
        .env("AWS_REGION", region)
        .output()
        .unwrap()
}

fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

const TESTING: (&str, &str) = ("testing", "testing");

fn verdicts(listing: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    listing["subnets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["subnet"]["availability_zone"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                s["verdict"].clone(),
            )
        })
        .collect()
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn the_default_vpcs_subnets_are_listed_and_usable_once_they_route_out() {
    let harness = Harness::get();
    let home = Home::new();
    let region = "eu-central-1";
    let before = json(&pcwiz(
        &home,
        &harness.moto_url,
        region,
        TESTING,
        &["network", "list", "--json"],
    ));
    let subnets = before["subnets"].as_array().unwrap();
    assert!(subnets.len() >= 3, "{before:#}");
    assert!(
        subnets
            .iter()
            .all(|s| s["vpc_label"].as_str().unwrap().ends_with("(default VPC)"))
    );
    assert!(
        verdicts(&before).iter().all(|(_, v)| v["Unusable"]
            .as_str()
            .is_some_and(|r| r.contains("no route"))),
        "moto's bare default VPC routes nowhere, and pcwiz says so: {before:#}"
    );

    harness.make_default_vpc_like_aws(region);
    let after = json(&pcwiz(
        &home,
        &harness.moto_url,
        region,
        TESTING,
        &["network", "list", "--json"],
    ));
    let usable = verdicts(&after)
        .iter()
        .filter(|(_, v)| *v == "Usable")
        .count();
    assert_eq!(
        usable,
        after["subnets"].as_array().unwrap().len(),
        "{after:#}"
    );
    let first = &after["subnets"][0]["subnet"];
    assert_eq!(first["route_out"], "internet-gateway");
    assert!(first["free_addresses"].as_u64().unwrap() > 4000);
    assert_eq!(first["public_ip_on_launch"], true);
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn subnets_in_zones_without_the_instance_type_are_marked_unusable() {
    let harness = Harness::get();
    let home = Home::new();
    let region = "us-west-2";
    harness.make_default_vpc_like_aws(region);
    // moto's offering data has hpc7a.96xlarge in no us-west-2 zone.
    let output = pcwiz(
        &home,
        &harness.moto_url,
        region,
        TESTING,
        &[
            "network",
            "list",
            "--json",
            "--instance-type",
            "t3.large",
            "--instance-type",
            "hpc7a.96xlarge",
        ],
    );
    let listing = json(&output);
    for (az, verdict) in verdicts(&listing) {
        assert_eq!(
            verdict["Unusable"],
            format!("{az} does not offer hpc7a.96xlarge"),
            "{listing:#}"
        );
    }
    assert_eq!(listing["zones_for_new_network"], serde_json::json!([]));

    let text = pcwiz(
        &home,
        &harness.moto_url,
        region,
        TESTING,
        &["network", "list", "--instance-type", "hpc7a.96xlarge"],
    );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("No subnet here can hold the cluster"),
        "{text}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn network_create_makes_a_tagged_stack_with_a_public_subnet() {
    let harness = Harness::get();
    let home = Home::new();
    let region = "ap-northeast-1";
    let output = pcwiz(
        &home,
        &harness.moto_url,
        region,
        TESTING,
        &["network", "create", "--az", "ap-northeast-1a", "--json"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let progress = json(&output);
    assert_eq!(progress["status"], "CREATE_COMPLETE");
    let stack = progress["name"].as_str().unwrap().to_string();
    assert!(
        stack.starts_with("pcwiz-network-ap-northeast-1a-"),
        "{stack}"
    );
    let vpc = progress["outputs"]["VpcId"].as_str().unwrap().to_string();
    let subnet = progress["outputs"]["PublicSubnetId"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        progress["outputs"].get("PrivateSubnetId").is_none(),
        "public layout: no NAT, no private subnet"
    );

    let described = harness.aws(&[
        "cloudformation",
        "describe-stacks",
        "--region",
        region,
        "--stack-name",
        &stack,
    ]);
    let tags = described["Stacks"][0]["Tags"].to_string();
    assert!(
        tags.contains("pcwiz:managed") && tags.contains("pcwiz:network"),
        "cleanup can find it: {tags}"
    );

    // The stack's route table sends 0.0.0.0/0 to the internet gateway.
    let tables = harness.aws(&[
        "ec2",
        "describe-route-tables",
        "--region",
        region,
        "--filters",
        &format!("Name=vpc-id,Values={vpc}"),
    ]);
    let public_table = tables["RouteTables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["Routes"].to_string().contains("igw-"))
        .expect("a route to the internet gateway")
        .clone();
    // Two moto gaps in CloudFormation (real AWS applies both from this template): it records
    // the SubnetRouteTableAssociation where DescribeRouteTables does not look, and it ignores
    // the subnet's MapPublicIpOnLaunch. Apply both through the API, as AWS would report them.
    harness.aws(&[
        "ec2",
        "associate-route-table",
        "--region",
        region,
        "--route-table-id",
        public_table["RouteTableId"].as_str().unwrap(),
        "--subnet-id",
        &subnet,
    ]);
    harness.aws(&[
        "ec2",
        "modify-subnet-attribute",
        "--region",
        region,
        "--subnet-id",
        &subnet,
        "--map-public-ip-on-launch",
    ]);
    let listing = json(&pcwiz(
        &home,
        &harness.moto_url,
        region,
        TESTING,
        &["network", "list", "--json"],
    ));
    let row = listing["subnets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["subnet"]["id"] == subnet.as_str())
        .expect("the new subnet is listed")
        .clone();
    assert_eq!(row["verdict"], "Usable", "{row:#}");
    assert!(
        row["vpc_label"].as_str().unwrap().contains(&stack),
        "named after the stack: {row:#}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn the_private_layout_states_the_nat_cost_and_needs_consent() {
    let harness = Harness::get();
    let home = Home::new();
    let output = pcwiz(
        &home,
        &harness.moto_url,
        "eu-west-2",
        TESTING,
        &[
            "network",
            "create",
            "--az",
            "eu-west-2a",
            "--private-compute",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("NAT gateway: about $32.85 a month"),
        "{stderr}"
    );
    assert!(stderr.contains("--yes"), "{stderr}");
    let stacks = harness.aws(&["cloudformation", "list-stacks", "--region", "eu-west-2"]);
    assert!(
        !stacks.to_string().contains("pcwiz-network"),
        "nothing created without consent"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn access_denied_names_the_missing_permission() {
    let harness = Harness::get();
    // A moto that enforces IAM after the first two calls (creating the user and its key).
    let strict = OwnMoto::start(&harness, &[("INITIAL_NO_AUTH_ACTION_COUNT", "2")]);
    let aws = |args: &[&str]| {
        let output = std::process::Command::new(harness.venv_bin.join("aws"))
            .args(args)
            .args(["--output", "json"])
            .env_clear()
            .envs(crate::common::safe_env())
            .env("AWS_ENDPOINT_URL", &strict.url)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_DEFAULT_REGION", "us-west-2")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()
    };
    aws(&["iam", "create-user", "--user-name", "intern"]);
    let key = aws(&["iam", "create-access-key", "--user-name", "intern"]);
    let id = key["AccessKey"]["AccessKeyId"]
        .as_str()
        .unwrap()
        .to_string();
    let secret = key["AccessKey"]["SecretAccessKey"]
        .as_str()
        .unwrap()
        .to_string();

    let home = Home::new();
    let output = pcwiz(
        &home,
        &strict.url,
        "us-west-2",
        (&id, &secret),
        &["network", "list"],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("AWS denied ec2:Describe"),
        "names the action: {stderr}"
    );
    assert!(
        stderr.contains("Ask your AWS administrator to allow ec2:Describe"),
        "{stderr}"
    );
}
