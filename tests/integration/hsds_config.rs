//! pcwiz's override.yml for each data source, checked key by key against HSDS's own
//! config.yml by HSDS's own code (tests/harness/hsds_effective_config.py, run in the venv
//! pcwiz's installer made): every key pcwiz writes is one HSDS knows, of the type HSDS
//! converts it to; every key of config.yml ends as pcwiz means, so a default left in force
//! where pcwiz needs another value fails, and so does a change pcwiz did not mean; and
//! HSDS's own S3 client signs, or not, as it must.

use std::collections::BTreeMap;

use pcwiz::cluster::hsds_files::{DataSource, HSDS_PORT, HsdsOnCluster, Launcher};
use serde_json::{Value, json};

use crate::common::Harness;
use crate::common::hsds_node::effective_config;

/// What HSDS makes of `override_yml` in an environment like start_hsds.sh gives it.
fn as_hsds_reads_it(harness: &Harness, override_yml: &str, env: &[(&str, &str)]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("override.yml");
    std::fs::write(&path, override_yml).unwrap();
    let (home, file) = (dir.path().to_str().unwrap(), path.to_str().unwrap());
    let given = [("HOME", home), ("CONFIG_OVERRIDE_PATH", file)];
    effective_config(harness, Some(&path), &[&given[..], env].concat())
}

fn override_for(source: DataSource) -> String {
    HsdsOnCluster {
        os: "ubuntu2404".into(),
        source,
        port: HSDS_PORT,
        launcher: Launcher::Pip,
        max_workers: 28,
    }
    .override_yml()
}

/// Every key of HSDS's config.yml: the value pcwiz means it to have where that is not
/// HSDS's default, HSDS's default everywhere else.
fn key_by_key(read: &Value, meant: &BTreeMap<&str, Value>) {
    let defaults = read["defaults"].as_object().unwrap();
    let effective = read["effective"].as_object().unwrap();
    for key in meant.keys() {
        assert!(
            defaults.contains_key(*key),
            "HSDS's config.yml has no {key}"
        );
    }
    let mut wrong = vec![];
    for (key, default) in defaults {
        let now = &effective[key];
        match meant.get(key.as_str()) {
            Some(value) if now != value => wrong.push(format!(
                "{key}: HSDS has {now}, pcwiz means {value} (config.yml's default: {default})"
            )),
            // Sizes such as 512m come back converted: compare only what pcwiz did not mean.
            None if now != default && !(default.is_string() && now.is_number()) => wrong.push(
                format!("{key}: changed to {now} from {default}, which pcwiz did not mean"),
            ),
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(
        read["override"]["unknown"],
        json!([]),
        "keys HSDS would ignore"
    );
    assert_eq!(
        read["override"]["type_mismatch"],
        json!([]),
        "keys of another type"
    );
}

#[test]
#[ignore = "needs the harness's wheelhouse: run tests/run.sh"]
fn nrel_data_is_read_unsigned_with_no_placeholder_key_or_role_in_use() {
    let harness = Harness::get();
    let read = as_hsds_reads_it(&harness, &override_for(DataSource::NrelPublic), &[]);
    let meant = BTreeMap::from([
        (
            "aws_s3_gateway",
            json!("https://s3.us-west-2.amazonaws.com/"),
        ),
        ("aws_region", json!("us-west-2")),
        ("bucket_name", json!("nrel-pds-hsds")),
        ("aws_s3_no_sign_request", json!(true)),
        ("max_task_count", json!(132)),
    ]);
    key_by_key(&read, &meant);
    // config.yml's placeholder key (xxx) and role (hsds_role) stay, as no override can
    // empty them (HSDS ignores empty values); unsigned, HSDS uses neither.
    assert_eq!(
        read["s3"],
        json!({"unsigned": true, "key_id": null, "metadata_lookups": []})
    );
}

#[test]
#[ignore = "needs the harness's wheelhouse: run tests/run.sh"]
fn a_private_bucket_is_read_with_the_iam_users_keys_and_only_with_them() {
    let harness = Harness::get();
    let source = DataSource::Private {
        bucket: "my-rev-data".into(),
        region: "eu-central-1".into(),
    };
    let text = override_for(source);
    // The keys as start_hsds.sh hands them over from ~/.hsds/credentials.
    let with_keys = [
        ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"),
        (
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ),
    ];
    let read = as_hsds_reads_it(&harness, &text, &with_keys);
    let meant = BTreeMap::from([
        (
            "aws_s3_gateway",
            json!("https://s3.eu-central-1.amazonaws.com/"),
        ),
        ("aws_region", json!("eu-central-1")),
        ("bucket_name", json!("my-rev-data")),
        ("aws_s3_no_sign_request", json!(false)),
        ("max_task_count", json!(132)),
        ("aws_access_key_id", json!("AKIAIOSFODNN7EXAMPLE")),
        (
            "aws_secret_access_key",
            json!("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ),
    ]);
    key_by_key(&read, &meant);
    assert_eq!(
        read["s3"],
        json!({"unsigned": false, "key_id": "AKIAIOSFODNN7EXAMPLE", "metadata_lookups": []})
    );
    // Without the keys HSDS would ask the instance metadata service for config.yml's
    // placeholder role, which ParallelCluster's nodes do not have: why start_hsds.sh
    // refuses to start a private bucket's HSDS whose keys file is missing.
    let read = as_hsds_reads_it(&harness, &text, &[]);
    assert_eq!(read["s3"]["key_id"], Value::Null);
    assert_eq!(
        read["s3"]["metadata_lookups"],
        json!([
            "curl --no-progress-meter http://169.254.169.254/latest/meta-data/iam/security-credentials/hsds_role"
        ])
    );
}
