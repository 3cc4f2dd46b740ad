//! Prices never hold anything up: a Price List that is unreachable, hangs up, or denies
//! `pricing:GetProducts` is asked once, its failure remembered on disk with its reason, and
//! until the memory lapses every command answers from the cache or the snapshot, labelled,
//! without asking again. The time this saves is measured in BENCHMARKS.md (`benches/
//! price_outage.sh`), not asserted here: what is asserted is what the time came from (the
//! calls made) and what the user reads.

use std::process::Output;
use std::sync::atomic::Ordering;

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::{
    Harness, Home, counting_endpoint, free_port, json_of as json, stderr_of as stderr,
};

const REGION: &str = "us-west-2";

/// `pcwiz ARGS` with the Price List at `pricing_url` and `key_id` as the access key.
fn pcwiz(home: &Home, harness: &Harness, pricing_url: &str, key_id: &str, args: &[&str]) -> Output {
    home.pcwiz(args)
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ENDPOINT_URL_PRICING", pricing_url)
        .env("AWS_ACCESS_KEY_ID", key_id)
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .output()
        .expect("run pcwiz")
}

/// What pcwiz remembers, as written on disk.
fn remembered(home: &Home) -> serde_json::Value {
    let path = home.path().join(".cache/pcwiz/price-outage.json");
    serde_json::from_slice(&std::fs::read(&path).unwrap_or_default())
        .unwrap_or(serde_json::Value::Null)
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_closed_port_is_remembered_and_the_snapshot_answers_labelled() {
    let harness = Harness::get();
    let home = Home::new();
    let closed = format!("http://127.0.0.1:{}", free_port());
    let args = ["price", "t3.large", "--json"];

    let output = pcwiz(&home, &harness, &closed, "AKIDCLOSED", &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let line = &json(&output)[0];
    assert_eq!(line["usd_per_hour"].as_f64(), Some(0.0832));
    assert_eq!(line["source"], "offline snapshot 2023-08");
    let err = stderr(&output);
    assert!(
        err.contains(
            "Prices are cached or the offline snapshot: the AWS Price List could not be reached."
        ),
        "{err}"
    );
    assert!(err.contains("Next: check the network"), "{err}");
    assert!(
        !err.contains("dispatch failure"),
        "the SDK's words stay in the log: {err}"
    );
    let memory = remembered(&home);
    let (key, outage) = memory.as_object().unwrap().iter().next().unwrap();
    assert!(key.contains(&closed) && key.ends_with("key …OSED"), "{key}");
    assert_eq!(outage["kind"], "unreachable");
    let mode = std::fs::metadata(home.path().join(".cache/pcwiz/price-outage.json"))
        .map(|m| std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o777)
        .unwrap();
    assert_eq!(mode, 0o600);

    // The next run does not ask: it says so, and when it will ask again.
    let output = pcwiz(&home, &harness, &closed, "AKIDCLOSED", &args);
    assert_eq!(json(&output)[0]["source"], "offline snapshot 2023-08");
    let err = stderr(&output);
    assert!(
        err.contains("could not be reached (just now; asking again in 10 min)"),
        "{err}"
    );

    // Once the memory lapses (written 11 minutes ago), the Price List is asked again,
    // and a working one is live at once and clears the memory.
    let mut lapsed = memory.clone();
    let old = (chrono::Utc::now() - chrono::Duration::minutes(11)).to_rfc3339();
    for outage in lapsed.as_object_mut().unwrap().values_mut() {
        outage["at"] = old.clone().into();
    }
    home.write(".cache/pcwiz/price-outage.json", &lapsed.to_string());
    let before = harness.pricing_requests("AKIDCLOSED");
    let output = pcwiz(&home, &harness, &harness.pricing_url, "AKIDCLOSED", &args);
    assert_eq!(
        json(&output)[0]["source"],
        "live · just now",
        "{}",
        stderr(&output)
    );
    assert_eq!(harness.pricing_requests("AKIDCLOSED"), before + 1);
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn an_endpoint_that_hangs_up_is_asked_once_not_retried() {
    let harness = Harness::get();
    let home = Home::new();
    // Every connection accepted and closed at once, counted: the SDK's retries of an I/O
    // error (three attempts with backoff) were what `pcwiz list` waited for.
    let (url, connections) = counting_endpoint();
    let args = ["price", "t3.large", "c6a.12xlarge", "--json"];
    let output = pcwiz(&home, &harness, &url, "AKIDHANGUP", &args);
    let lines = json(&output);
    assert_eq!(lines[1]["usd_per_hour"].as_f64(), Some(1.836), "{lines}");
    assert_eq!(lines[1]["source"], "offline snapshot 2023-08");
    let first = connections.load(Ordering::SeqCst);
    assert!(
        (1..=2).contains(&first),
        "one attempt per type asked in the first batch, no retries: {first}"
    );
    let output = pcwiz(&home, &harness, &url, "AKIDHANGUP", &args);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        connections.load(Ordering::SeqCst),
        first,
        "remembered: not asked again"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn list_with_prices_denied_asks_once_and_says_why_its_prices_are_the_snapshot() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create("outage-denied", "complete", &[]);
    let home = Home::new();
    let key = "DENIEDLISTING";
    let list = |home: &Home| {
        pcwiz(
            home,
            &harness,
            &harness.pricing_url,
            key,
            &["list", "--json"],
        )
    };

    let before = harness.pricing_requests(key);
    let output = list(&home);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows = json(&output);
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "outage-denied")
        .unwrap_or_else(|| panic!("{rows:#}"));
    assert_eq!(
        row["usd_per_hour"].as_f64(),
        Some(0.0832 + 0.005),
        "the snapshot's t3.large and the published IPv4 price"
    );
    let err = stderr(&output);
    assert!(
        err.contains("your AWS user may not read the Price List (pricing:GetProducts)"),
        "{err}"
    );
    assert!(err.contains("Next: ask your AWS administrator to allow pricing:GetProducts"));
    // One call per type priced (other tests' clusters share moto), none retried.
    let asked = harness.pricing_requests(key);
    assert!(asked > before);

    for _ in 0..3 {
        let output = list(&home);
        assert!(output.status.success());
        assert!(
            stderr(&output).contains("(just now; asking again in 6 h)"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(
        harness.pricing_requests(key),
        asked,
        "remembered for six hours"
    );
    assert_eq!(remembered(&home).as_object().unwrap().len(), 1);

    // Warm: a home whose cache has the price asks nothing and says nothing.
    let warm = Home::new();
    let warm_list = || {
        let output = pcwiz(
            &warm,
            &harness,
            &harness.pricing_url,
            "AKIDWARMLIST",
            &["list", "--json"],
        );
        assert!(stderr(&output).is_empty(), "{}", stderr(&output));
        harness.pricing_requests("AKIDWARMLIST")
    };
    let asked = warm_list();
    assert_eq!(warm_list(), asked, "a warm cache asks nothing");
}
