//! Live prices: `pcwiz price` and `pcwiz config cost` against the Price List API and EC2.
//!
//! moto has no Pricing API, so GetProducts goes to `tests/harness/pricing_standin.py`, a
//! local stand-in that answers with recorded-format products (`tests/fixtures/pricing`,
//! PriceList items as JSON strings, decoys included) through AWS_ENDPOINT_URL_PRICING.
//! The stand-in picks its failure mode from the access key id (DENIED…, THROTTLE…) and
//! counts calls per key id, so each test uses its own. Spot prices come from moto.

use std::process::Output;

use crate::common::{Harness, Home, json_of as json, stderr_of as stderr};

const REGION: &str = "us-west-2";

/// pcwiz in `home`, with `key_id` as the access key (which the stand-in reads).
fn pcwiz(home: &Home, harness: &Harness, key_id: &str, args: &[&str]) -> Output {
    home.pcwiz(args)
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url)
        .env("AWS_ACCESS_KEY_ID", key_id)
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .output()
        .expect("run pcwiz")
}

/// A price cache entry for t3.large, fetched `days` ago at `usd`.
fn cached_t3_large(home: &Home, usd: f64, days: i64) {
    let fetched_at = (chrono::Utc::now() - chrono::Duration::days(days)).to_rfc3339();
    home.write(
        ".cache/pcwiz/prices.json",
        &serde_json::json!({"entries": {"us-west-2 on-demand/t3.large":
            {"usd": usd, "per": "hour", "fetched_at": fetched_at}}})
        .to_string(),
    );
}

const CHECKED: [(&str, f64); 5] = [
    ("t3.large", 0.0832),
    ("t3.medium", 0.0416),
    ("c6a.12xlarge", 1.836),
    ("m6a.12xlarge", 2.0736),
    ("t3a.2xlarge", 0.3008),
];

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn live_prices_are_the_checked_list_prices_then_come_from_the_cache() {
    let harness = Harness::get();
    let home = Home::new();
    let key = "AKIDLIVECACHE";
    let mut args = vec!["price", "--json"];
    args.extend(CHECKED.iter().map(|(t, _)| *t));

    let output = pcwiz(&home, &harness, key, &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json(&output);
    for (line, (t, usd)) in lines.as_array().unwrap().iter().zip(CHECKED) {
        assert_eq!(line["instance_type"], t);
        assert_eq!(line["region"], REGION);
        assert_eq!(line["usd_per_hour"].as_f64(), Some(usd), "{t}: {line}");
        assert_eq!(line["source"], "live · just now", "{t}");
        let as_of = line["as_of"].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(as_of).is_ok(),
            "{as_of}"
        );
    }
    assert_eq!(harness.pricing_requests(key), 5, "one GetProducts per type");

    // A second run within a week asks nothing and says the prices are cached.
    let output = pcwiz(&home, &harness, key, &args);
    let lines = json(&output);
    for (line, (t, usd)) in lines.as_array().unwrap().iter().zip(CHECKED) {
        assert_eq!(line["usd_per_hour"].as_f64(), Some(usd), "{t}");
        assert_eq!(line["source"], "cached just now", "{t}");
    }
    assert_eq!(
        harness.pricing_requests(key),
        5,
        "a warm cache makes no calls"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_whole_catalog_costs_a_few_paged_calls_not_one_per_type() {
    let harness = Harness::get();
    let home = Home::new();
    // 60 types from the snapshot, which the fixture prices at the same list price.
    let snapshot = include_str!("../../assets/prices/ec2-prices-us-east-1-2023-08.tsv");
    let types: Vec<&str> = snapshot
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("instance_type"))
        .filter_map(|l| l.split('\t').next())
        .filter(|t| t.starts_with('c') || t.starts_with('m'))
        .take(60)
        .collect();
    let mut args = vec!["price", "--json"];
    args.extend(&types);
    let output = pcwiz(&home, &harness, "AKIDCATALOG", &args);
    let lines = json(&output);
    let priced = lines
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["source"] == "live · just now")
        .count();
    assert_eq!(priced, 60, "{lines:#}");
    let calls = harness.pricing_requests("AKIDCATALOG");
    assert!(
        (1..=10).contains(&calls),
        "one region-wide query, paged, not 60 calls: {calls}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_price_cached_over_a_week_ago_is_fetched_again() {
    let harness = Harness::get();
    let home = Home::new();
    cached_t3_large(&home, 9.99, 8);
    let output = pcwiz(
        &home,
        &harness,
        "AKIDEXPIRED",
        &["price", "t3.large", "--json"],
    );
    let line = &json(&output)[0];
    assert_eq!(line["usd_per_hour"].as_f64(), Some(0.0832), "{line}");
    assert_eq!(line["source"], "live · just now");
    assert_eq!(harness.pricing_requests("AKIDEXPIRED"), 1);

    // Six days old is still fresh: served from the cache, labelled with its age.
    let home = Home::new();
    cached_t3_large(&home, 0.0832, 6);
    let output = pcwiz(
        &home,
        &harness,
        "AKIDFRESH",
        &["price", "t3.large", "--json"],
    );
    assert_eq!(json(&output)[0]["source"], "cached 6 days ago");
    assert_eq!(harness.pricing_requests("AKIDFRESH"), 0);
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn access_denied_names_the_permission_and_falls_back_to_the_snapshot() {
    let harness = Harness::get();
    let home = Home::new();
    let output = pcwiz(
        &home,
        &harness,
        "DENIEDPRICES",
        &["price", "t3.large", "--json"],
    );
    assert!(
        output.status.success(),
        "a labelled price is still an answer"
    );
    let line = &json(&output)[0];
    assert_eq!(line["usd_per_hour"].as_f64(), Some(0.0832));
    assert_eq!(line["source"], "offline snapshot 2023-08");
    assert_eq!(line["as_of"], "2023-08");
    let err = stderr(&output);
    assert!(err.contains("pricing:GetProducts"), "{err}");
    assert!(
        err.contains("Prices are cached or the offline snapshot"),
        "{err}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn throttling_keeps_showing_the_cached_price() {
    let harness = Harness::get();
    let home = Home::new();
    cached_t3_large(&home, 0.0832, 8);
    let output = pcwiz(
        &home,
        &harness,
        "THROTTLEPRICES",
        &["price", "t3.large", "--json"],
    );
    let line = &json(&output)[0];
    assert_eq!(line["usd_per_hour"].as_f64(), Some(0.0832));
    assert_eq!(line["source"], "cached 8 days ago");
    let err = stderr(&output);
    assert!(err.contains("throttling"), "{err}");
    assert!(
        harness.pricing_requests("THROTTLEPRICES") >= 2,
        "the SDK backed off and retried"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn unknown_types_and_regions_are_unknown_not_guessed() {
    let harness = Harness::get();
    let home = Home::new();
    let output = pcwiz(
        &home,
        &harness,
        "AKIDUNKNOWN",
        &["price", "x9.mega", "t3.large", "--json"],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "a missing price fails the command"
    );
    let lines = json(&output);
    assert!(lines[0]["usd_per_hour"].is_null());
    assert_eq!(
        lines[0]["source"],
        "unknown: AWS lists no price for it here"
    );
    assert_eq!(lines[1]["usd_per_hour"].as_f64(), Some(0.0832));
    // A region the Price List has nothing for, and the snapshot does not cover.
    let output = pcwiz(
        &home,
        &harness,
        "AKIDUNKNOWN",
        &["price", "t3.large", "--region", "eu-south-2", "--json"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(json(&output)[0]["usd_per_hour"].is_null());
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn spot_prices_come_from_the_ec2_spot_price_history() {
    let harness = Harness::get();
    let home = Home::new();
    let output = pcwiz(
        &home,
        &harness,
        "AKIDSPOT",
        &["price", "c6a.12xlarge", "--spot", "--json"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let line = &json(&output)[0];
    // moto answers every spot price with 0.00001: the number is moto's, not a list price.
    assert_eq!(line["usd_per_hour"].as_f64(), Some(0.00001), "{line}");
    assert_eq!(line["source"], "live · just now");
    assert_eq!(
        harness.pricing_requests("AKIDSPOT"),
        0,
        "spot is not in the Price List"
    );
}

/// A reV config on the account's default (public) subnet.
fn rev_config(home: &Home, harness: &Harness) -> std::path::PathBuf {
    harness.make_default_vpc_like_aws(REGION);
    let subnets = harness.aws(&["ec2", "describe-subnets", "--region", REGION]);
    let subnet = subnets["Subnets"][0]["SubnetId"]
        .as_str()
        .unwrap()
        .to_string();
    let file = home.path().join("rev.yaml");
    let output = pcwiz(
        home,
        harness,
        "testing",
        &[
            "config",
            "new",
            "--preset",
            "rev-conus",
            "--key-name",
            "k",
            "--subnet",
            &subnet,
            "--tag",
            "org=nrel",
            "--tag",
            "billingId=1",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    file
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn config_cost_of_the_rev_preset_matches_the_hand_computed_figures() {
    let harness = Harness::get();
    let home = Home::new();
    let file = rev_config(&home, &harness);
    let output = pcwiz(
        &home,
        &harness,
        "AKIDREVCOST",
        &[
            "config",
            "cost",
            file.to_str().unwrap(),
            "--node-hours",
            "100",
            "--queue",
            "bigmem",
            "--json",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report = json(&output);
    let close = |v: &serde_json::Value, want: f64| (v.as_f64().unwrap() - want).abs() < 1e-6;
    // By hand: t3.large 0.0832/h; its 35 GB gp3 root volume × $0.08/GB-month ÷ 730 h;
    // its public IPv4 address $0.005/h; 1200 GB × $0.14/GB-month ÷ 730 h = 0.230137/h.
    let lustre = 1200.0 * 0.14 / 730.0;
    let root = 35.0 * 0.08 / 730.0;
    let idle = &report["idle"];
    assert!(
        close(&idle["usd_per_hour"], 0.0832 + root + 0.005 + lustre),
        "{idle:#}"
    );
    assert!(
        close(&idle["usd_per_month"], 60.736 + 2.8 + 3.65 + 168.0),
        "{idle:#}"
    );
    assert_eq!(
        idle["unpriced"], 0,
        "a public subnet: no NAT line, all priced"
    );
    assert_eq!(idle["lines"][1]["what"], "Head node root volume");
    assert_eq!(idle["lines"][1]["unit_price"], "$0.08/GB-month");
    assert_eq!(idle["lines"][2]["what"], "Head node public IPv4 address");
    assert_eq!(
        idle["lines"][2]["source"],
        "AWS's published price since 2024-02-01 · every public IPv4 address, in use or idle (AWS News Blog, 2023-07-28)"
    );
    assert_eq!(idle["lines"][3]["what"], "FSx for Lustre /scratch");
    assert_eq!(idle["lines"][3]["unit_price"], "$0.14/GB-month");
    assert_eq!(idle["lines"][3]["source"], "live · just now");
    // Full scale adds 10 × 1.836 and 10 × 2.0736, and each node's 35 GB root volume.
    let full = &report["full_scale"];
    assert!(
        close(
            &full["usd_per_hour"],
            0.0832 + root + 0.005 + lustre + 18.36 + 20.736 + 20.0 * root
        ),
        "{full:#}"
    );
    assert!(
        close(&report["run"]["usd"], 207.36),
        "100 node-hours of m6a.12xlarge"
    );

    // Offline, the cache answers (the run above filled it)…
    let offline = [
        "config",
        "cost",
        file.to_str().unwrap(),
        "--offline",
        "--json",
    ];
    let output = pcwiz(&home, &harness, "AKIDREVOFFLINE", &offline);
    assert_eq!(
        json(&output)["idle"]["lines"][3]["source"],
        "cached just now"
    );
    // …and with no cache: the snapshot's instance prices, Lustre unknown, nothing asked.
    let empty_cache = Home::new();
    let output = pcwiz(&empty_cache, &harness, "AKIDREVOFFLINE", &offline);
    let report = json(&output);
    let lines = &report["idle"]["lines"];
    assert_eq!(lines[0]["source"], "offline snapshot 2023-08");
    assert!(
        lines[1]["source"]
            .as_str()
            .unwrap()
            .starts_with("unknown offline · "),
        "no us-west-2 gp3 in it: {lines:#}"
    );
    assert!(lines[1]["usd_per_hour"].is_null());
    assert_eq!(lines[3]["source"], "unknown offline");
    assert_eq!(harness.pricing_requests("AKIDREVOFFLINE"), 0);

    // The text form names what dominates.
    let output = pcwiz(
        &home,
        &harness,
        "AKIDREVCOST",
        &["config", "cost", file.to_str().unwrap()],
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("Most of it: FSx for Lustre /scratch (71%)"),
        "{text}"
    );
    assert!(text.contains("Total: $0.3222/h · $235.19/month"), "{text}");
}
