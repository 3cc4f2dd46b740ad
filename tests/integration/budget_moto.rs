//! `pcwiz budget`: a cluster's AWS Budget made in moto (which implements Budgets), with the
//! cluster's tag activated for cost allocation through the harness's billing stand-in (moto
//! has no Cost Explorer tags; `tests/harness/billing_standin.py`), shown, and removed by
//! clean-up with the cluster. The stand-in also refuses, chosen by access key id, as AWS
//! refuses a member account the tag and a user without budgets:ModifyBudget.
//!
//! Where moto is kinder than AWS: a budget counts nothing (its spend is always $0) and AWS's
//! 24 hours before a tag counts do not pass; pcwiz says both, and the test checks it does.

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::{Harness, Home, json_of, stderr_of};

const REGION: &str = "us-west-2";
const ACCOUNT: &str = "123456789012";

fn pcwiz(home: &Home, harness: &Harness, key_id: &str, args: &[&str]) -> std::process::Output {
    home.pcwiz(args)
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url)
        .env("AWS_ENDPOINT_URL_COST_EXPLORER", &harness.billing_url)
        .env("AWS_ACCESS_KEY_ID", key_id)
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .env("PATH", harness.path_with_tools())
        .output()
        .unwrap()
}

fn describe_budget(harness: &Harness, name: &str) -> Option<serde_json::Value> {
    let output = std::process::Command::new(harness.venv_bin.join("aws"))
        .args(["budgets", "describe-budget", "--account-id", ACCOUNT])
        .args(["--budget-name", name, "--output", "json"])
        .env_clear()
        .envs(crate::common::safe_env())
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .output()
        .unwrap();
    output.status.success().then(|| {
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()["Budget"].clone()
    })
}

/// A record of the cluster in pcwiz's history, as a launch from here leaves.
fn launched_from_here(home: &Home, name: &str) {
    let config = home.write(
        &format!(".local/share/pcwiz/configs/{name}.yaml"),
        "Region: us-west-2\n",
    );
    home.write(
        ".local/share/pcwiz/history.json",
        &serde_json::json!({"format": 1, "clusters": [{
            "name": name, "region": REGION, "account_id": ACCOUNT, "config_file": config,
            "created_at": "2026-12-05T20:00:00Z", "pcluster_version": "3.16.1"}]})
        .to_string(),
    );
}

fn plan_item<'a>(plan: &'a serde_json::Value, kind: &str) -> Option<&'a serde_json::Value> {
    plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == kind)
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_budget_counts_the_cluster_s_tag_alerts_three_times_and_goes_with_the_cluster() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create("bud-rev", "complete", &[]);
    let home = Home::new();
    let output = pcwiz(
        &home,
        &harness,
        "testing",
        &[
            "budget",
            "bud-rev",
            "--monthly",
            "300",
            "--email",
            "ana@uni.edu",
            "--json",
        ],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    let out = json_of(&output);
    assert_eq!(out["made"]["scope"]["kind"], "cluster-tag", "{out:#}");
    assert!(
        out["made"]["notes"][0]
            .as_str()
            .unwrap()
            .contains("up to 24 hours"),
        "{out:#}"
    );
    assert_eq!(out["budget"]["monthly_usd"], 300.0);
    assert_eq!(out["budget"]["by_tag"], true);

    // As AWS has it: monthly, on the cluster's tag, three alerts to the address.
    let name = "pcwiz-bud-rev-us-west-2";
    let budget = describe_budget(&harness, name).expect("the budget exists");
    assert_eq!(budget["TimeUnit"], "MONTHLY");
    assert_eq!(budget["BudgetType"], "COST");
    assert_eq!(
        budget["BudgetLimit"]["Amount"]
            .as_str()
            .unwrap()
            .parse::<f64>()
            .unwrap(),
        300.0
    );
    assert_eq!(
        budget["CostFilters"]["TagKeyValue"],
        serde_json::json!(["user:parallelcluster:cluster-name$bud-rev"])
    );
    let notifications = harness.aws(&[
        "budgets",
        "describe-notifications-for-budget",
        "--region",
        "us-east-1",
        "--account-id",
        ACCOUNT,
        "--budget-name",
        name,
    ]);
    let mut alerts: Vec<(String, f64)> = notifications["Notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            assert_eq!(n["ComparisonOperator"], "GREATER_THAN");
            assert_eq!(n["ThresholdType"], "PERCENTAGE");
            (
                n["NotificationType"].as_str().unwrap().to_string(),
                n["Threshold"].as_f64().unwrap(),
            )
        })
        .collect();
    alerts.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(
        alerts,
        [
            ("ACTUAL".to_string(), 80.0),
            ("ACTUAL".to_string(), 100.0),
            ("FORECASTED".to_string(), 100.0)
        ]
    );
    // The tag was activated for cost allocation.
    let tags = harness.aws_on(&harness.billing_url, &["ce", "list-cost-allocation-tags"]);
    assert!(
        tags["CostAllocationTags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["TagKey"] == "parallelcluster:cluster-name" && t["Status"] == "Active"),
        "{tags:#}"
    );

    // Shown in words.
    let shown = pcwiz(&home, &harness, "testing", &["budget", "bud-rev"]);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(
        text.contains("$0.00 of $300.00 this month (0%)")
            && text.contains("counts the cluster's tag")
            && text.contains("alerts at 80% and 100% spent, 100% forecast"),
        "{text}"
    );

    // Clean-up plans it, ticked, as the cluster's, and removes it with the cluster.
    let dry = pcwiz(
        &home,
        &harness,
        "testing",
        &["cleanup", "bud-rev", "--dry-run", "--json"],
    );
    let plan = json_of(&dry);
    let item = plan_item(&plan["plan"], "budget").unwrap_or_else(|| panic!("{plan:#}"));
    assert_eq!(item["id"], name);
    assert_eq!(item["selected"], true);
    assert!(
        item["why"]
            .as_str()
            .unwrap()
            .contains("tagged parallelcluster:cluster-name=bud-rev"),
        "{item:#}"
    );
    let done = pcwiz(
        &home,
        &harness,
        "testing",
        &["cleanup", "bud-rev", "--confirm", "bud-rev", "--json"],
    );
    assert!(done.status.success(), "{}", stderr_of(&done));
    assert!(
        describe_budget(&harness, name).is_none(),
        "the budget is gone"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_member_account_gets_an_account_wide_budget_labelled_so() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create("bud-org", "complete", &[]);
    let home = Home::new();
    launched_from_here(&home, "bud-org");
    // NOTAGS…: the stand-in refuses the tag as AWS refuses a member account.
    let key = "NOTAGSEXAMPLE0000001";
    let output = pcwiz(
        &home,
        &harness,
        key,
        &[
            "budget",
            "bud-org",
            "--monthly",
            "120",
            "--email",
            "lab@uni.edu",
            "--json",
        ],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    let out = json_of(&output);
    let scope = &out["made"]["scope"];
    assert_eq!(scope["kind"], "account-wide", "{out:#}");
    assert!(
        scope["why"]
            .as_str()
            .unwrap()
            .contains("could not be activated for cost allocation"),
        "{out:#}"
    );
    assert_eq!(out["budget"]["by_tag"], false);
    let budget = describe_budget(&harness, "pcwiz-bud-org-us-west-2").unwrap();
    assert!(
        budget["CostFilters"]
            .as_object()
            .is_none_or(|f| f.is_empty()),
        "the whole account: {budget:#}"
    );
    let text = String::from_utf8_lossy(&pcwiz(&home, &harness, key, &["budget", "bud-org"]).stdout)
        .into_owned();
    assert!(text.contains("counts the whole account"), "{text}");

    // Not provably the cluster's by a filter, but pcwiz's history says pcwiz made it.
    let dry = pcwiz(
        &home,
        &harness,
        key,
        &["cleanup", "bud-org", "--dry-run", "--json"],
    );
    let plan = json_of(&dry);
    let item = plan_item(&plan["plan"], "budget").unwrap_or_else(|| panic!("{plan:#}"));
    assert_eq!(item["why"], "pcwiz made it for this cluster (its history)");

    let off = pcwiz(
        &home,
        &harness,
        key,
        &["budget", "bud-org", "--off", "--json"],
    );
    assert!(off.status.success(), "{}", stderr_of(&off));
    assert!(json_of(&off)["budget"].is_null());
    assert!(describe_budget(&harness, "pcwiz-bud-org-us-west-2").is_none());
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn budgets_refused_say_which_permission_to_ask_for() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create("bud-denied", "complete", &[]);
    let home = Home::new();
    let output = home
        .pcwiz(&[
            "budget",
            "bud-denied",
            "--monthly",
            "100",
            "--email",
            "ana@uni.edu",
        ])
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ENDPOINT_URL_COST_EXPLORER", &harness.billing_url)
        .env("AWS_ENDPOINT_URL_BUDGETS", &harness.billing_url)
        .env("AWS_ACCESS_KEY_ID", "NOBUDGETSEXAMPLE0001")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let said = stderr_of(&output);
    assert!(
        said.contains(
            "pcwiz could not create the budget: AWS denied budgets:ModifyBudget (AccessDenied)"
        ) && said.contains("Ask your AWS administrator to allow budgets:ModifyBudget"),
        "{said}"
    );
    assert!(describe_budget(&harness, "pcwiz-bud-denied-us-west-2").is_none());
}
