//! The Docker launcher's environment and mounts, checked without Docker: start_hsds.sh
//! (pcwiz's, for HSDS_LAUNCHER=docker) runs HSDS's own runall.sh and compose file
//! (tests/fixtures/hsds-docker: the commit start_hsds.sh clones) with a `docker` first on
//! PATH that stands in for Docker, which cannot run where the tests run
//! (tests/harness/docker_standin.py). The stand-in records the compose file, the
//! environment and the /config mount it was given, and runs HSDS's own launcher with the
//! `sn` service's environment and that mount, so the test also sees what the containers'
//! HSDS would read S3 with: through the recorder in front of the harness's moto.

use std::path::{Path, PathBuf};
use std::process::Command;

use pcwiz::cluster::hsds_files::{DataSource, Launcher, NREL_BUCKET};
use pcwiz::hsds::keys::HsdsKeys;
use serde_json::Value;

use crate::common::hsds_node::{HsdsNode, chmod, effective_config, one_hsds_at_a_time};
use crate::common::moto_s3::{bucket as moto_bucket, nrel_bucket};
use crate::common::s3_recorder::S3Recorder;
use crate::common::{Harness, safe_env};

const COMPOSE_FILE: &str = "admin/docker/docker-compose.aws.yml";

/// A node set up for the Docker launcher: HSDS's checkout in place (so nothing is cloned)
/// and the `docker` stand-in first on PATH. Returns the node and the stand-in's records.
fn docker_node(
    harness: &Harness,
    source: DataSource,
    keys: Option<&HsdsKeys>,
    recorder: &S3Recorder,
) -> (HsdsNode, PathBuf) {
    let mut node = HsdsNode::new(harness, source, keys, Launcher::Docker);
    let home = node.home.path().to_path_buf();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hsds-docker");
    let copied = Command::new("cp")
        .arg("-r")
        .arg(&fixture)
        .arg(home.join("hsds"))
        .status()
        .unwrap();
    assert!(copied.success());
    let records = home.join("docker-standin");
    std::fs::create_dir_all(&records).unwrap();
    let bin = home.join("docker-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let docker = bin.join("docker");
    std::fs::write(
        &docker,
        format!(
            "#!/bin/sh\n# Stands in for Docker, which cannot run here (tests/harness/docker_standin.py).\n\
             exec {} {} \"$@\"\n",
            harness.venv_bin.join("python").display(),
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/harness/docker_standin.py")
                .display()
        ),
    )
    .unwrap();
    chmod(&docker, "755");
    let path = safe_env()
        .into_iter()
        .find(|(name, _)| *name == "PATH")
        .unwrap()
        .1;
    node.set_env("PATH", &format!("{}:{path}", bin.display()));
    node.set_env("PCWIZ_DOCKER_STANDIN_DIR", records.to_str().unwrap());
    // The "containers'" HSDS: pcwiz's venv's, as the HsdsNode runs it (data node port moved).
    node.set_env(
        "PCWIZ_DOCKER_STANDIN_HSDS",
        home.join("bin/hsds").to_str().unwrap(),
    );
    node.set_env("AWS_S3_GATEWAY", &recorder.url);
    (node, records)
}

fn calls(records: &Path) -> Vec<Value> {
    std::fs::read_to_string(records.join("calls.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// What HSDS in the containers makes of its settings: their environment, and /config as
/// the mount gives it (CONFIG_DIR, where HSDS also finds override.yml).
fn as_the_containers_hsds_reads_it(harness: &Harness, up: &Value) -> Value {
    let mut env: Vec<(&str, &str)> = up["sn_environment"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str().unwrap()))
        .collect();
    env.push(("CONFIG_DIR", up["config_mount"].as_str().unwrap()));
    effective_config(harness, None, &env)
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn anonymous_mode_reaches_hsds_in_docker_through_the_mounted_override() {
    let _one = one_hsds_at_a_time();
    let harness = Harness::get();
    nrel_bucket(&harness, &harness.moto_url);
    let recorder = S3Recorder::start(&harness, &harness.moto_url);
    let (node, records) = docker_node(&harness, DataSource::NrelPublic, None, &recorder);
    let log = node.start();
    assert!(
        log.contains("bucket nrel-pds-hsds readable anonymously"),
        "{log}"
    );

    // runall.sh picked the S3 compose file and was given one data node per two cores.
    let hsds_dir = node.home.path().join("hsds");
    let up_call = calls(&records)
        .into_iter()
        .find(|c| c["args"].to_string().contains("\"up\""))
        .expect("docker compose up");
    assert_eq!(
        up_call["args"],
        serde_json::json!([
            "compose",
            "-f",
            COMPOSE_FILE,
            "up",
            "-d",
            "--scale",
            "sn=1",
            "--scale",
            "dn=1"
        ])
    );
    assert_eq!(up_call["cwd"], hsds_dir.to_str().unwrap());
    let up: Value =
        serde_json::from_str(&std::fs::read_to_string(records.join("up.json")).unwrap()).unwrap();
    assert_eq!(
        up["compose_text"],
        std::fs::read_to_string(hsds_dir.join(COMPOSE_FILE)).unwrap()
    );

    // /config is admin/config of the checkout, holding pcwiz's override.yml and the
    // password file for the user ~/.hscfg names.
    let mount = PathBuf::from(up["config_mount"].as_str().unwrap());
    assert_eq!(mount, hsds_dir.join("admin/config/"));
    let mounted = std::fs::read_to_string(mount.join("override.yml")).unwrap();
    assert_eq!(
        mounted,
        std::fs::read_to_string(node.home.path().join(".hsds/override.yml")).unwrap()
    );
    assert!(mounted.contains("aws_s3_no_sign_request: true\n"));
    assert_eq!(
        std::fs::read_to_string(mount.join("passwd.txt")).unwrap(),
        "admin:admin\n"
    );

    // The containers' environment: the bucket and region from override.yml, no key but
    // config.yml's placeholder (xxx, which HSDS takes for none), and nothing that says
    // "anonymous": that reaches HSDS only through the mount.
    let environment = &up["sn_environment"];
    assert_eq!(environment["AWS_S3_GATEWAY"], recorder.url);
    assert_eq!(environment["BUCKET_NAME"], NREL_BUCKET);
    assert_eq!(environment["AWS_REGION"], "us-west-2");
    assert_eq!(environment["AWS_ACCESS_KEY_ID"], "xxx");
    assert_eq!(environment["SN_PORT"], node.port.to_string());
    assert!(
        environment.get("AWS_S3_NO_SIGN_REQUEST").is_none(),
        "{environment}"
    );
    let read = as_the_containers_hsds_reads_it(&harness, &up);
    assert_eq!(read["effective"]["aws_s3_no_sign_request"], true);
    assert_eq!(
        read["s3"],
        serde_json::json!({"unsigned": true, "key_id": null, "metadata_lookups": []})
    );
    // And the HSDS the stand-in ran with them read the bucket unsigned.
    let requests = recorder.requests();
    assert!(!requests.is_empty());
    for request in &requests {
        assert_eq!(request["authorization"], false, "unsigned: {request}");
    }

    // --stop is runall.sh --stop: docker compose down.
    assert!(node.run(Some("--stop")).status.success());
    assert!(
        calls(&records)
            .iter()
            .any(|c| c["args"] == serde_json::json!(["compose", "-f", COMPOSE_FILE, "down"]))
    );
    let check = node.run(Some("--check"));
    assert!(!check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains("not running"));
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_private_buckets_keys_reach_hsds_in_docker_and_a_session_token_does_not() {
    let _one = one_hsds_at_a_time();
    let harness = Harness::get();
    let bucket = "pcwiz-docker-private";
    moto_bucket(&harness, &harness.moto_url, bucket, "us-east-1");
    let (key_id, secret) = harness.iam_user("hsds-docker-reader");
    let keys = HsdsKeys::new(&key_id, &secret).unwrap();
    let recorder = S3Recorder::start(&harness, &harness.moto_url);
    let source = DataSource::Private {
        bucket: bucket.into(),
        region: "us-east-1".into(),
    };
    let (mut node, records) = docker_node(&harness, source, Some(&keys), &recorder);
    node.set_env("AWS_SESSION_TOKEN", "an-sso-session-token");
    let log = node.start();
    assert!(log.contains("readable with the IAM user's keys"), "{log}");

    let up: Value =
        serde_json::from_str(&std::fs::read_to_string(records.join("up.json")).unwrap()).unwrap();
    let environment = &up["sn_environment"];
    assert_eq!(environment["AWS_ACCESS_KEY_ID"], key_id.as_str());
    assert_eq!(environment["AWS_SECRET_ACCESS_KEY"], secret.as_str());
    assert_eq!(environment["BUCKET_NAME"], bucket);
    assert!(
        up["environment"].get("AWS_SESSION_TOKEN").is_none(),
        "the job's session token never reaches docker compose"
    );
    let mounted = std::fs::read_to_string(
        PathBuf::from(up["config_mount"].as_str().unwrap()).join("override.yml"),
    )
    .unwrap();
    assert!(mounted.contains("aws_s3_no_sign_request: false\n"));
    assert!(
        !mounted.contains(&secret),
        "the keys are not in the mounted file"
    );
    let read = as_the_containers_hsds_reads_it(&harness, &up);
    assert_eq!(read["s3"]["unsigned"], false);
    assert_eq!(read["s3"]["key_id"], key_id.as_str());
    let requests = recorder.requests();
    assert!(!requests.is_empty());
    for request in &requests {
        let credential = request["credential"].as_str().unwrap_or_default();
        assert!(
            credential.contains(&format!("Credential={key_id}/")),
            "{request}"
        );
        assert_eq!(request["security_token"], false, "{request}");
    }
}
