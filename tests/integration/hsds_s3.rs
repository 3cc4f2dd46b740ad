//! HSDS on S3 as a cluster runs it, for real: the files pcwiz generates start HSDS through
//! start_hsds.sh with the pip launcher (HSDS from the venv pcwiz's installer made), its
//! S3 gateway pointed at the harness's moto through a recorder that writes down whether
//! each request was signed. A small file is loaded with hsload and read back with h5pyd,
//! once with an IAM user's keys and once anonymously, as an SSO user reads NREL's data.
//! Then each way a start fails, said in one sentence.
//!
//! moto is kinder than S3, and each test says where that matters: it checks no signature
//! unless its authentication is switched on, and it lets anyone list a private bucket and
//! answers 404 for a missing key in it, where S3 answers 403.

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::Duration;

use pcwiz::cluster::hsds_files::{DataSource, Launcher, NREL_BUCKET, NREL_REGION};
use pcwiz::hsds::keys::HsdsKeys;

use crate::common::hsds_node::{HsdsNode, chmod, one_hsds_at_a_time, said};
use crate::common::moto_s3::{aws, bucket, nrel_bucket};
use crate::common::s3_recorder::S3Recorder;
use crate::common::{Harness, OwnMoto, wait_until};

/// A small HDF5 file like NREL's: a chunked float dataset and a group with an attribute.
fn small_file(node: &HsdsNode) -> std::path::PathBuf {
    let path = node.home.path().join("small.h5");
    let made = node.client(
        "python",
        &[
            "-c",
            "import sys, h5py, numpy as np\n\
             with h5py.File(sys.argv[1], 'w') as f:\n\
             \x20   f.create_dataset('wind', data=np.arange(800, dtype='f4').reshape(100, 8), chunks=(50, 8))\n\
             \x20   f.create_group('meta').attrs['source'] = 'pcwiz test'\n",
            path.to_str().unwrap(),
        ],
    );
    assert!(made.status.success(), "{}", said(&made));
    path
}

/// The file read back with h5pyd, which takes the endpoint, user and bucket from ~/.hscfg.
fn read_back(node: &HsdsNode, domain: &str) -> serde_json::Value {
    let read = node.client(
        "python",
        &[
            "-c",
            "import sys, json, h5pyd\n\
             with h5pyd.File(sys.argv[1], 'r') as f:\n\
             \x20   w = f['wind']\n\
             \x20   print(json.dumps({'keys': sorted(f.keys()), 'shape': list(w.shape),\n\
             \x20       'sum': float(w[...].sum()), 'last_row': [float(x) for x in w[99, :3]],\n\
             \x20       'source': str(f['meta'].attrs['source'])}))\n",
            domain,
        ],
    );
    assert!(read.status.success(), "{}", said(&read));
    serde_json::from_slice(&read.stdout).unwrap()
}

/// An HSDS folder, made through the node's HSDS (201, or 409 when it is there).
fn folder(node: &HsdsNode, domain: &str) {
    let made = Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-u",
            "admin:admin",
        ])
        .args(["-X", "PUT", "-H", "Content-Type: application/json"])
        .args(["-d", r#"{"folder": true}"#])
        .arg(format!("http://127.0.0.1:{}/?domain={domain}", node.port))
        .output()
        .unwrap();
    let code = String::from_utf8_lossy(&made.stdout).into_owned();
    assert!(code == "201" || code == "409", "PUT {domain}: {code}");
}

/// HSDS writes to S3 lazily: wait until its data node holds nothing unwritten.
fn wait_until_written(node: &HsdsNode) {
    wait_until(
        "HSDS's data node to write everything to S3",
        Duration::from_secs(60),
        || {
            let info = Command::new("curl")
                .args(["-s", "-m", "3"])
                .arg(format!("http://127.0.0.1:{}/info", node.dn_port))
                .output()
                .ok()?;
            let info: serde_json::Value = serde_json::from_slice(&info.stdout).ok()?;
            let dirty = ["meta_cache_stats", "chunk_cache_stats"]
                .iter()
                .map(|cache| info[cache]["dirty_count"].as_u64())
                .sum::<Option<u64>>()?;
            (dirty == 0).then_some(())
        },
    );
}

/// A name no earlier run of the suite used (the harness's moto lives as long as the harness).
fn unique(stem: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{stem}-{}-{nanos}", std::process::id())
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn data_loaded_with_keys_is_read_back_anonymously_with_no_request_signed() {
    let _one = one_hsds_at_a_time();
    let harness = Harness::get();
    nrel_bucket(&harness, &harness.moto_url);
    let (key_id, secret) = harness.iam_user(&unique("nrel-curator"));
    let keys = HsdsKeys::new(&key_id, &secret).unwrap();
    let domain = format!("/nrel/pcwiz-test/{}.h5", unique("s3-path"));

    // With keys: pcwiz's set-up for a private bucket (named here as NREL's, whose curators
    // load it with keys). The job's own AWS settings must not reach HSDS: override.yml
    // says the region, and an SSO session's token would ride along with the keys.
    let signed = S3Recorder::start(&harness, &harness.moto_url);
    let private = DataSource::Private {
        bucket: NREL_BUCKET.into(),
        region: NREL_REGION.into(),
    };
    let mut curator = HsdsNode::new(&harness, private, Some(&keys), Launcher::Pip);
    curator.set_env("AWS_S3_GATEWAY", &signed.url);
    curator.set_env("AWS_REGION", "eu-central-1");
    curator.set_env("AWS_SESSION_TOKEN", "an-sso-session-token");
    let log = curator.start();
    assert!(
        log.contains("bucket nrel-pds-hsds readable with the IAM user's keys"),
        "{log}"
    );
    let file = small_file(&curator);
    folder(&curator, "/nrel");
    folder(&curator, "/nrel/pcwiz-test");
    let loaded = curator.client("hsload", &[file.to_str().unwrap(), &domain]);
    assert!(loaded.status.success(), "{}", said(&loaded));
    let expected = serde_json::json!({
        "keys": ["meta", "wind"], "shape": [100, 8], "sum": 319600.0,
        "last_row": [792.0, 793.0, 794.0], "source": "pcwiz test",
    });
    assert_eq!(read_back(&curator, &domain), expected);
    wait_until_written(&curator);
    let requests = signed.requests();
    assert!(
        requests.len() > 5,
        "HSDS wrote through the recorder: {requests:?}"
    );
    // moto does not check signatures here (its authentication is off): the key id in each
    // request's credential scope shows which key HSDS signed with.
    let scope = format!("Credential={key_id}/");
    for request in &requests {
        let credential = request["credential"].as_str().unwrap_or_default();
        assert!(
            credential.contains(&scope) && credential.contains("/us-west-2/s3/aws4_request"),
            "signed with the IAM user's key, in the bucket's region: {request}"
        );
        assert_eq!(
            request["security_token"], false,
            "no session token: {request}"
        );
    }
    let stopped = curator.run(Some("--stop"));
    assert!(stopped.status.success());
    assert!(
        curator.start_log().trim_end().ends_with("stopped"),
        "SIGINT stopped HSDS's launcher and its nodes, nothing had to be killed: {}",
        curator.start_log()
    );

    // Anonymous: pcwiz's set-up for NREL's public data, with no keys anywhere, in a job
    // whose environment has an SSO user's credentials.
    let unsigned = S3Recorder::start(&harness, &harness.moto_url);
    let mut reader = HsdsNode::new(&harness, DataSource::NrelPublic, None, Launcher::Pip);
    reader.set_env("AWS_S3_GATEWAY", &unsigned.url);
    reader.set_env("AWS_ACCESS_KEY_ID", "ASIAEXAMPLESSOUSER01");
    reader.set_env(
        "AWS_SECRET_ACCESS_KEY",
        "an-sso-secret-an-sso-secret-an-sso-secre",
    );
    reader.set_env("AWS_SESSION_TOKEN", "an-sso-session-token");
    let log = reader.start();
    assert!(
        log.contains("bucket nrel-pds-hsds readable anonymously"),
        "{log}"
    );
    assert_eq!(read_back(&reader, &domain), expected);
    let requests = unsigned.requests();
    let read: Vec<_> = requests
        .iter()
        .filter(|r| r["method"] == "GET" && r["status"] == 200)
        .collect();
    assert!(
        read.iter().any(|r| r["path"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{}/.domain.json", &domain[1..]))),
        "the domain came from S3: {requests:?}"
    );
    assert!(
        read.len() >= 4,
        "metadata and chunks came from S3: {requests:?}"
    );
    for request in &requests {
        assert_eq!(request["authorization"], false, "unsigned: {request}");
        assert_eq!(request["security_token"], false, "no token: {request}");
    }
    assert_eq!(
        curator.metadata_calls() + &reader.metadata_calls(),
        "",
        "HSDS never asked the instance metadata service for its placeholder role"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn an_anonymous_read_of_a_bucket_that_is_not_public_is_refused_in_one_sentence() {
    let _one = one_hsds_at_a_time();
    let harness = Harness::get();
    // A moto of its own, where NREL's bucket is private. S3 would refuse the anonymous
    // check of a missing domain and the listing; moto refuses only reading an object, so
    // the bucket holds one folder's metadata for the listing to read.
    let moto = OwnMoto::start(&harness, &[]);
    bucket(&harness, &moto.url, NREL_BUCKET, NREL_REGION);
    let folder_meta = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        folder_meta.path(),
        r#"{"owner": "admin", "acls": {"admin": {"read": true}}, "created": 1, "lastModified": 1}"#,
    )
    .unwrap();
    let body = folder_meta.path().to_str().unwrap();
    let put = aws(
        &harness,
        &moto.url,
        &[
            "s3api",
            "put-object",
            "--bucket",
            NREL_BUCKET,
            "--key",
            "nrel/wtk/.domain.json",
            "--body",
            body,
        ],
    );
    assert!(put);
    let mut node = HsdsNode::new(&harness, DataSource::NrelPublic, None, Launcher::Pip);
    node.set_env("AWS_S3_GATEWAY", &moto.url);
    let said = node.start_refused();
    let sentence = "S3 refused the anonymous read of bucket nrel-pds-hsds (403): the bucket is \
                    not public, so it needs an IAM user's keys (pcwiz hsds CLUSTER --private-bucket nrel-pds-hsds).";
    assert_eq!(
        said,
        format!("HSDS did not start on {}: {sentence}", hostname())
    );
    assert!(node.start_log().contains(&format!("FAILED: {sentence}")));
    // HSDS is not left running half-useful; --why says the same from the logs.
    let check = node.run(Some("--check"));
    assert!(String::from_utf8_lossy(&check.stdout).contains("not running"));
    let why = node.run(Some("--why"));
    assert_eq!(String::from_utf8_lossy(&why.stdout).trim_end(), sentence);
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn keys_s3_rejects_are_named_and_the_right_keys_get_in() {
    let _one = one_hsds_at_a_time();
    let harness = Harness::get();
    // A moto of its own with its authentication switched on, as S3 checks every signature:
    // the IAM user and its rights first, then enforcement.
    let moto = OwnMoto::start(&harness, &[]);
    let bucket_name = "pcwiz-private-rev-data";
    bucket(&harness, &moto.url, bucket_name, "us-east-1");
    let (key_id, secret) = harness.iam_user_on(&moto.url, "hsds-reader");
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    harness.aws_on(
        &moto.url,
        &[
            "iam",
            "put-user-policy",
            "--user-name",
            "hsds-reader",
            "--policy-name",
            "read",
            "--policy-document",
            policy,
        ],
    );
    let enforced = Command::new("curl")
        .args([
            "-s",
            "-X",
            "POST",
            "-H",
            "Content-Type: text/plain",
            "--data-binary",
            "0",
        ])
        .arg(format!("{}/moto-api/reset-auth", moto.url))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(enforced.success());
    let private = DataSource::Private {
        bucket: bucket_name.into(),
        region: "us-east-1".into(),
    };
    let node_with = |keys: &HsdsKeys| {
        let mut node = HsdsNode::new(&harness, private.clone(), Some(keys), Launcher::Pip);
        node.set_env("AWS_S3_GATEWAY", &moto.url);
        node
    };

    let unknown = HsdsKeys::new("AKIAUNKNOWNKEY000001", &secret).unwrap();
    let said = node_with(&unknown).start_refused();
    assert!(
        said.contains(&format!(
            ": S3 rejected the IAM user's keys for bucket {bucket_name} (InvalidAccessKeyId): the \
             access key id is unknown or deleted; give pcwiz current keys"
        )),
        "{said}"
    );

    let wrong_secret = HsdsKeys::new(&key_id, &"x".repeat(40)).unwrap();
    let said = node_with(&wrong_secret).start_refused();
    assert!(
        said.contains(&format!(
            ": S3 rejected the IAM user's keys for bucket {bucket_name} (SignatureDoesNotMatch): the \
             secret access key is wrong"
        )),
        "{said}"
    );

    let right = HsdsKeys::new(&key_id, &secret).unwrap();
    let log = node_with(&right).start();
    assert!(log.contains("readable with the IAM user's keys"), "{log}");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_bucket_that_is_not_there_is_named_with_its_region() {
    let _one = one_hsds_at_a_time();
    let harness = Harness::get();
    let (key_id, secret) = harness.iam_user(&unique("hsds-nobucket"));
    let keys = HsdsKeys::new(&key_id, &secret).unwrap();
    let missing = DataSource::Private {
        bucket: "pcwiz-no-such-bucket".into(),
        region: "us-east-1".into(),
    };
    let mut node = HsdsNode::new(&harness, missing, Some(&keys), Launcher::Pip);
    node.set_env("AWS_S3_GATEWAY", &harness.moto_url);
    assert_eq!(
        node.start_refused(),
        format!(
            "HSDS did not start on {}: S3 has no bucket pcwiz-no-such-bucket in region us-east-1: \
             check the bucket's name and its region (S3 answers a bucket of another region as not found).",
            hostname()
        ),
        "{}",
        node.start_log()
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_port_already_taken_is_named_before_hsds_starts() {
    let harness = Harness::get();
    let node = HsdsNode::new(&harness, DataSource::NrelPublic, None, Launcher::Pip);
    for port in [node.port, node.dn_port] {
        let squatter = TcpListener::bind(("127.0.0.1", port)).unwrap();
        let said = node.start_refused();
        let sentence = format!(
            "port {port} on this node is already in use by another program, so HSDS cannot listen there."
        );
        assert_eq!(
            said,
            format!("HSDS did not start on {}: {sentence}", hostname())
        );
        assert!(node.start_log().contains(&format!("FAILED: {sentence}")));
        drop(squatter);
    }
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_start_lock_held_too_long_names_the_job_that_holds_it() {
    let harness = Harness::get();
    let node = HsdsNode::new(&harness, DataSource::NrelPublic, None, Launcher::Pip);
    // The job holding the lock starts an "HSDS" that never answers: a stand-in for a start
    // that hangs (it ignores HSDS's arguments and waits on nothing).
    let hang = node.home.path().join("bin/hangs");
    std::fs::write(&hang, "#!/bin/sh\nexec tail -f /dev/null\n").unwrap();
    chmod(&hang, "755");
    let mut holder = node
        .script(None)
        .env("HSDS_COMMAND", &hang)
        .env("SLURM_JOB_ID", "4242")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let state = node.home.path().join(format!(".hsds/{}", hostname()));
    let holder_said = wait_until(
        "the first job to hold the lock",
        Duration::from_secs(30),
        || {
            std::fs::read_to_string(state.join("start.holder"))
                .ok()
                .filter(|h| h.starts_with("Slurm job 4242"))
        },
    );
    let waited = node
        .script(None)
        .env("HSDS_LOCK_SECONDS", "2")
        .env("SLURM_JOB_ID", "4243")
        .output()
        .unwrap();
    assert!(!waited.status.success());
    assert_eq!(
        stderr(&waited).trim_end(),
        format!(
            "HSDS did not start on {}: another start of HSDS on this node ({}) has held the start \
             lock for over 2s; if it is stuck, cancel that job.",
            hostname(),
            holder_said.trim_end()
        )
    );
    // Stopping the hung "HSDS" ends the first job's start too, saying so.
    assert!(node.run(Some("--stop")).status.success());
    let first = holder.wait().unwrap();
    assert!(!first.success());
    let mut told = String::new();
    use std::io::Read;
    holder
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut told)
        .unwrap();
    assert!(
        told.contains("HSDS's launcher exited before HSDS was READY"),
        "{told}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_data_node_killed_for_memory_is_named_and_the_next_start_starts_afresh() {
    let _one = one_hsds_at_a_time();
    let harness = Harness::get();
    nrel_bucket(&harness, &harness.moto_url);
    let mut node = HsdsNode::new(&harness, DataSource::NrelPublic, None, Launcher::Pip);
    node.set_env("AWS_S3_GATEWAY", &harness.moto_url);
    node.start();
    // SIGKILL to the data node, which is what the kernel's out-of-memory killer sends.
    let group = std::fs::read_to_string(
        node.home
            .path()
            .join(format!(".hsds/{}/hsds.pid", hostname())),
    )
    .unwrap();
    let processes = Command::new("ps")
        .args(["-o", "pid=,args=", "-g", group.trim()])
        .output()
        .unwrap();
    let processes = String::from_utf8_lossy(&processes.stdout);
    let data_node = processes
        .lines()
        .find(|l| l.contains("--node_type=dn"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("a data node among {processes}"));
    assert!(
        Command::new("kill")
            .args(["-KILL", data_node])
            .status()
            .unwrap()
            .success()
    );
    let sentence = "HSDS's dn0 process was killed (signal 9), most likely by the kernel's \
                    out-of-memory killer: give reV fewer workers per node (max_workers) or use nodes with more memory.";
    let checked = wait_until(
        "--check to see the dead data node",
        Duration::from_secs(30),
        || {
            let check = node.run(Some("--check"));
            let said = String::from_utf8_lossy(&check.stdout).into_owned();
            (!check.status.success() && said.contains("signal 9")).then_some(said)
        },
    );
    assert_eq!(
        checked.trim_end(),
        format!("HSDS on {}:{}: {sentence}", hostname(), node.port)
    );
    // The next job's start does not trust /about's READY: it starts HSDS afresh.
    let again = node.run(None);
    assert!(
        again.status.success(),
        "{}\n{}",
        said(&again),
        node.start_log()
    );
    assert!(
        node.start_log()
            .contains(&format!("restarting: {sentence}"))
    );
    let check = node.run(Some("--check"));
    assert!(check.status.success(), "{}", said(&check));
}

fn hostname() -> String {
    let output = Command::new("hostname").arg("-s").output().unwrap();
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}
