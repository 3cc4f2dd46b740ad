//! Identity is never assumed: every program pcwiz runs acts in the account and region the
//! user chose. Two profiles point at two moto servers of the test's own (each profile's
//! `endpoint_url` in `~/.aws/config`, each server its own account id): two accounts, as a
//! user with a lab account and a personal one has. Each holds a cluster named `twin`.
//! No AWS_ENDPOINT_URL or keys are in the environment: the profiles alone decide.

use std::process::{Command, Output};

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::{Harness, Home, OwnMoto, json_of, stderr_of};

const REGION: &str = "us-west-2";
const LAB_ACCOUNT: &str = "111111111111";
const PERSONAL_ACCOUNT: &str = "222222222222";
/// moto's RunInstances dry run rejects pcluster's block-device mappings (FACTS.md).
const MOTO_SUPPRESS: [&str; 2] = [
    "type:HeadNodeLaunchTemplateValidator",
    "type:ComputeResourceLaunchTemplateValidator",
];

struct TwoAccounts {
    harness: Harness,
    lab: OwnMoto,
    personal: OwnMoto,
    lab_stacks: ClusterStacks,
    personal_stacks: ClusterStacks,
}

impl TwoAccounts {
    fn start() -> Self {
        let harness = Harness::get();
        let amis = harness.amis_path.display().to_string();
        let account = |id: &'static str| {
            vec![
                ("MOTO_ACCOUNT_ID", id.to_string()),
                ("MOTO_AMIS_PATH", amis.clone()),
                ("MOTO_IAM_LOAD_MANAGED_POLICIES", "true".to_string()),
            ]
        };
        let start = |id| {
            let env = account(id);
            let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
            OwnMoto::start(&harness, &env)
        };
        let (lab, personal) = (start(LAB_ACCOUNT), start(PERSONAL_ACCOUNT));
        let lab_stacks = ClusterStacks::start_on(&harness, &lab.url);
        let personal_stacks = ClusterStacks::start_on(&harness, &personal.url);
        for (stacks, moto) in [(&lab_stacks, &lab.url), (&personal_stacks, &personal.url)] {
            stacks.create("twin", "complete", &[]);
            harness.make_default_vpc_like_aws_on(moto, REGION);
        }
        Self {
            harness,
            lab,
            personal,
            lab_stacks,
            personal_stacks,
        }
    }

    /// A home whose profiles `lab` and `personal` are the two accounts.
    fn home(&self) -> Home {
        let home = Home::new();
        home.write(
            ".aws/config",
            &format!(
                "[profile lab]\nregion = {REGION}\nendpoint_url = {}\n\n[profile personal]\nregion = {REGION}\nendpoint_url = {}\n",
                self.lab.url, self.personal.url
            ),
        );
        home.write(
            ".aws/credentials",
            "[lab]\naws_access_key_id = testing\naws_secret_access_key = testing\n\n[personal]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
        );
        home
    }

    fn pcwiz(&self, home: &Home, profile: &str, args: &[&str]) -> Output {
        let mut all = vec!["--profile", profile];
        all.extend_from_slice(args);
        home.pcwiz(&all)
            // The profiles' endpoints decide where each call goes, not the environment.
            .env_remove("AWS_ENDPOINT_URL")
            .env("AWS_ENDPOINT_URL_PRICING", &self.harness.pricing_url)
            .env("PATH", self.harness.path_with_tools())
            .output()
            .expect("run pcwiz")
    }

    fn aws(&self, moto: &str, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--region", REGION]);
        self.harness.aws_on(moto, &all)
    }

    /// The head node's EC2 state and the fleet's status pcluster keeps in DynamoDB.
    fn twin_in(&self, moto: &str) -> (String, String) {
        let instances = self.aws(
            moto,
            &[
                "ec2",
                "describe-instances",
                "--filters",
                "Name=tag:parallelcluster:cluster-name,Values=twin",
                "Name=tag:parallelcluster:node-type,Values=HeadNode",
            ],
        );
        let head = instances["Reservations"][0]["Instances"][0]["State"]["Name"]
            .as_str()
            .unwrap()
            .to_string();
        let fleet = self.aws(
            moto,
            &[
                "dynamodb",
                "get-item",
                "--table-name",
                "parallelcluster-twin",
                "--key",
                r#"{"Id": {"S": "COMPUTE_FLEET"}}"#,
            ],
        );
        let status = fleet["Item"]["Data"]["M"]["status"]["S"]
            .as_str()
            .unwrap_or("none")
            .to_string();
        (head, status)
    }

    fn stack_exists(&self, moto: &str) -> bool {
        let stacks = self.aws(moto, &["cloudformation", "describe-stacks"]);
        stacks["Stacks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["StackName"] == "twin" && s["StackStatus"] != "DELETE_COMPLETE")
    }
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr_of(output)
    )
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn each_profile_acts_only_in_its_own_account() {
    let accounts = TwoAccounts::start();
    let home = accounts.home();

    // pcluster's dry run runs in the chosen profile's account: the key pair and subnet are
    // only in `personal`, so it passes there (with `lab`'s, or default, credentials it
    // could not).
    let config =
        crate::common::rev_config_in_moto(&home, &accounts.harness, &accounts.personal.url, REGION);
    let mut args = vec![
        "launch",
        config.file.to_str().unwrap(),
        "--name",
        "twin-next",
        "--dry-run",
        "--json",
        "--suppress-validators",
    ];
    args.extend(MOTO_SUPPRESS);
    let dry = accounts.pcwiz(&home, "personal", &args);
    let outcome = json_of(&dry);
    assert_eq!(
        dry.status.code(),
        Some(0),
        "{outcome:#}\n{}",
        stderr_of(&dry)
    );
    assert_eq!(outcome["dry_run"]["would_succeed"], true, "{outcome:#}");
    assert!(
        stderr_of(&dry).contains(&format!(
            "Acting as account {PERSONAL_ACCOUNT}, profile personal, {REGION}"
        )),
        "{}",
        stderr_of(&dry)
    );
    let wrong = accounts.pcwiz(&home, "lab", &args);
    assert_ne!(wrong.status.code(), Some(0), "the key pair is not lab's");

    // Park with `personal`: only personal's twin stops (fleet through pcluster, head node
    // through EC2); lab's twin of the same name runs on.
    let parked = accounts.pcwiz(&home, "personal", &["park", "twin"]);
    assert_eq!(parked.status.code(), Some(0), "{}", text(&parked));
    assert!(
        text(&parked).contains(&format!("account {PERSONAL_ACCOUNT}, profile personal")),
        "{}",
        text(&parked)
    );
    let (head, fleet) = accounts.twin_in(&accounts.personal.url);
    assert!(matches!(head.as_str(), "stopping" | "stopped"), "{head}");
    assert_eq!(fleet, "STOP_REQUESTED");
    assert_eq!(
        accounts.twin_in(&accounts.lab.url),
        ("running".to_string(), "RUNNING".to_string()),
        "lab's twin is untouched"
    );

    // Clean up with `personal`: its twin's stack goes, lab's stays.
    let cleaned = accounts.pcwiz(&home, "personal", &["cleanup", "twin", "--confirm", "twin"]);
    assert_eq!(cleaned.status.code(), Some(0), "{}", text(&cleaned));
    assert!(!accounts.stack_exists(&accounts.personal.url));
    assert!(
        accounts.stack_exists(&accounts.lab.url),
        "lab's twin survives"
    );
    let _ = (&accounts.lab_stacks, &accounts.personal_stacks);
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_cluster_launched_from_another_account_is_not_acted_on() {
    let accounts = TwoAccounts::start();
    let home = accounts.home();
    // pcwiz launched lab's twin with `lab`, as its history says.
    home.write(
        ".local/share/pcwiz/history.json",
        &serde_json::json!({
            "format": 1,
            "clusters": [{
                "name": "twin",
                "region": REGION,
                "account_id": LAB_ACCOUNT,
                "profile": "lab",
                "config_file": home.path().join("twin.yaml"),
                "key_name": "lab-key",
                "created_by_pcwiz": {"key_pair": true, "network_stack": null},
                "created_at": "2026-12-01T10:00:00Z"
            }]
        })
        .to_string(),
    );
    for args in [
        &["cleanup", "twin", "--confirm", "twin"][..],
        &["park", "twin"][..],
    ] {
        let refused = accounts.pcwiz(&home, "personal", args);
        assert_ne!(
            refused.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&refused)
        );
        let said = text(&refused);
        assert!(
            said.contains(&format!(
                "launched from account {LAB_ACCOUNT} (profile lab)"
            )),
            "{said}"
        );
        assert!(said.contains("run again with --profile lab"), "{said}");
    }
    // Nothing was touched in either account.
    assert_eq!(
        accounts.twin_in(&accounts.personal.url),
        ("running".to_string(), "RUNNING".to_string())
    );
    assert!(accounts.stack_exists(&accounts.personal.url));
    assert!(accounts.stack_exists(&accounts.lab.url));
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_name_in_two_regions_needs_the_region_said() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    let east = stacks.create("dup-region", "complete", &["--region", "us-east-1"]);
    stacks.create("dup-region", "complete", &["--region", REGION]);
    let home = Home::new();
    let record = |region: &str| {
        serde_json::json!({
            "name": "dup-region",
            "region": region,
            "config_file": home.path().join(format!("{region}.yaml")),
            "created_at": "2026-12-01T10:00:00Z"
        })
    };
    home.write(
        ".local/share/pcwiz/history.json",
        &serde_json::json!({"format": 1, "clusters": [record("us-east-1"), record(REGION)]})
            .to_string(),
    );
    let status = |extra: &[(&str, &str)], args: &[&str]| {
        let mut command: Command = home.pcwiz(args);
        command
            .env("AWS_ENDPOINT_URL", &harness.moto_url)
            .env("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("PCWIZ_SSH_CONFIG", "/dev/null")
            .envs(extra.iter().copied());
        command.output().unwrap()
    };
    // No region said: ambiguous, refused with the list.
    let refused = status(&[], &["status", "dup-region", "--json"]);
    assert_ne!(refused.status.code(), Some(0));
    assert!(
        stderr_of(&refused).contains("in 2 regions (us-east-1, us-west-2): pass --region"),
        "{}",
        stderr_of(&refused)
    );
    // --region picks it; AWS_REGION does too.
    for (extra, args) in [
        (
            vec![],
            vec!["--region", "us-east-1", "status", "dup-region", "--json"],
        ),
        (
            vec![("AWS_REGION", "us-east-1")],
            vec!["status", "dup-region", "--json"],
        ),
    ] {
        let output = status(&extra, &args);
        let out = json_of(&output);
        assert_eq!(out["region"], "us-east-1", "{out:#}");
        let head = out["instances"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["node_type"] == "HeadNode")
            .unwrap_or_else(|| panic!("{out:#}"));
        assert_eq!(head["instance_id"], east["head_node_instance_id"]);
    }
}
