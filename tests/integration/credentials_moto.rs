//! Credentials set up from inside pcwiz (issue 20), against moto's STS and read back by the
//! AWS CLI's own parser (the harness venv's `aws`): pasted IAM keys are checked with STS,
//! then written as a named profile (0600, the earlier files backed up, nothing else in them
//! touched), and doctor then finds an IAM user; an SSO profile and its sso-session are
//! written the way `aws configure sso` writes them. Nothing is written when the keys are
//! refused or STS cannot be reached, and the secret is in no output or log.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Output, Stdio};

use crate::common::{Harness, Home, doctor_json, free_port, safe_env};

/// `pcwiz ARGS` with `stdin` fed, against moto (no keys in the environment).
fn pcwiz_fed(home: &Home, moto: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = home
        .pcwiz(args)
        .env("AWS_ENDPOINT_URL", moto)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The harness's AWS CLI reading this home's files (and nothing from the environment).
fn aws_cli(harness: &Harness, home: &Home, args: &[&str]) -> Output {
    Command::new(harness.venv_bin.join("aws"))
        .args(args)
        .env_clear()
        .envs(safe_env())
        .env("HOME", home.path())
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_string()
}

const CONFIG: &str = "[default]\nregion = eu-west-1\n# the user's own comment\n";
const CREDENTIALS: &str = "[other]\naws_access_key_id = AKIAOTHEROTHEROTHER1\naws_secret_access_key = other/secret/that/must/stay/put/xxxxxxxx\n";

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn pasted_iam_keys_are_checked_then_written_as_a_profile_the_aws_cli_reads() {
    let harness = Harness::get();
    let (key, secret) = harness.iam_user("paste-alice");
    let home = Home::new();
    home.write(".aws/config", CONFIG);
    home.write(".aws/credentials", CREDENTIALS);
    home.write(
        ".cache/pcwiz/price-outage.json",
        "{\"x\": {\"kind\": \"denied\", \"detail\": \"d\", \"at\": \"2026-11-21T12:00:00Z\"}}",
    );

    let output = pcwiz_fed(
        &home,
        &harness.moto_url,
        &["credentials", "keys", "lab", "--region", "us-west-2"],
        &format!("{key}\n{secret}\n"),
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let said = text(&output.stdout);
    assert!(
        said.contains("The keys are IAM user `paste-alice` in 123456789012"),
        "{said}"
    );
    assert!(
        said.contains("Next: use it with `export AWS_PROFILE=lab`"),
        "{said}"
    );

    // The files: the profile added, everything else as it was, each backed up, 0600.
    let aws = home.path().join(".aws");
    let credentials = std::fs::read_to_string(aws.join("credentials")).unwrap();
    assert_eq!(
        credentials,
        format!(
            "{CREDENTIALS}\n[lab]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n"
        )
    );
    let config = std::fs::read_to_string(aws.join("config")).unwrap();
    assert_eq!(
        config,
        format!("{CONFIG}\n[profile lab]\nregion = us-west-2\n")
    );
    for file in ["credentials", "config"] {
        let mode = std::fs::metadata(aws.join(file))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "{file}");
    }
    let backups: Vec<String> = std::fs::read_dir(&aws)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".pcwiz-backup-"))
        .collect();
    assert_eq!(backups.len(), 2, "{backups:?}");
    assert!(
        !home.path().join(".cache/pcwiz/price-outage.json").exists(),
        "new credentials: remembered price failures forgotten"
    );

    // The AWS CLI's own parser reads it, and STS knows the keys by that profile.
    let got = aws_cli(
        &harness,
        &home,
        &["configure", "get", "aws_access_key_id", "--profile", "lab"],
    );
    assert_eq!(text(&got.stdout), key);
    let got = aws_cli(
        &harness,
        &home,
        &["configure", "get", "region", "--profile", "lab"],
    );
    assert_eq!(text(&got.stdout), "us-west-2");
    let who = aws_cli(
        &harness,
        &home,
        &["sts", "get-caller-identity", "--profile", "lab"],
    );
    assert!(
        text(&who.stdout).contains("user/paste-alice"),
        "{}",
        text(&who.stderr)
    );

    // Doctor, with that profile: an IAM user.
    let (_, report) = doctor_json(
        home.pcwiz(&["doctor", "--json"])
            .env("AWS_ENDPOINT_URL", &harness.moto_url)
            .env("AWS_PROFILE", "lab"),
    );
    assert_eq!(report["credentials"]["kind"], "iam-user", "{report:#}");

    // The secret is in the credentials file and nowhere else pcwiz wrote or said.
    let log = std::fs::read_to_string(home.path().join(".local/state/pcwiz/pcwiz.log"))
        .unwrap_or_default();
    for place in [said, text(&output.stderr), log] {
        assert!(!place.contains(&secret), "{place}");
        assert!(
            !place.contains(&key),
            "the key id shows by its last 4 only: {place}"
        );
    }
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn keys_that_are_refused_or_cannot_be_checked_write_nothing() {
    let harness = Harness::get();
    let (key, secret) = harness.iam_user("paste-bob");
    let home = Home::new();
    home.write(".aws/config", CONFIG);
    let keys = ["credentials", "keys", "lab", "--region", "us-west-2"];

    // Temporary keys: refused by their shape, before any call.
    let output = pcwiz_fed(
        &home,
        &harness.moto_url,
        &keys,
        &format!("ASIA{}\n{secret}\n", &key[4..]),
    );
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("is a temporary key"),
        "{}",
        text(&output.stderr)
    );

    // STS unreachable: said in one sentence, nothing written.
    let closed = format!("http://127.0.0.1:{}", free_port());
    let output = pcwiz_fed(&home, &closed, &keys, &format!("{key}\n{secret}\n"));
    assert!(!output.status.success());
    let err = text(&output.stderr);
    assert!(
        err.contains("AWS did not accept the keys …")
            && err.contains("so nothing was written. pcwiz could not reach"),
        "{err}"
    );
    assert!(!err.contains("dispatch failure"), "{err}");
    assert!(!err.contains(&secret));
    assert_eq!(
        std::fs::read_to_string(home.path().join(".aws/config")).unwrap(),
        CONFIG
    );
    assert!(!home.path().join(".aws/credentials").exists());
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn an_sso_profile_is_written_as_the_aws_cli_reads_it() {
    let harness = Harness::get();
    let home = Home::new();
    home.write(".aws/config", CONFIG);
    let output = pcwiz_fed(
        &home,
        &harness.moto_url,
        &[
            "credentials",
            "sso",
            "rev",
            "--start-url",
            "https://my-org.awsapps.com/start",
            "--sso-region",
            "us-east-1",
            "--account",
            "111122223333",
            "--role",
            "PowerUserAccess",
            "--region",
            "us-west-2",
        ],
        "",
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Next: log in with `aws sso login --profile rev`"));

    for (setting, value) in [
        ("sso_session", "rev"),
        ("sso_account_id", "111122223333"),
        ("sso_role_name", "PowerUserAccess"),
        ("region", "us-west-2"),
    ] {
        let got = aws_cli(
            &harness,
            &home,
            &["configure", "get", setting, "--profile", "rev"],
        );
        assert_eq!(text(&got.stdout), value, "{setting}");
    }
    let got = aws_cli(&harness, &home, &["configure", "get", "region"]);
    assert_eq!(
        text(&got.stdout),
        "eu-west-1",
        "the default profile is untouched"
    );
    // The CLI follows the profile to its sso-session and looks for that session's login.
    let listed = aws_cli(&harness, &home, &["configure", "list", "--profile", "rev"]);
    assert!(
        text(&listed.stderr).contains("Token for rev does not exist"),
        "{}",
        text(&listed.stderr)
    );
    // botocore (the CLI's parser) has the session with its start URL and region.
    let parsed = Command::new(harness.venv_bin.join("python"))
        .args([
            "-c",
            "import botocore.session, json; print(json.dumps(botocore.session.Session().full_config['sso_sessions']))",
        ])
        .env_clear()
        .envs(safe_env())
        .env("HOME", home.path())
        .output()
        .unwrap();
    let sessions: serde_json::Value = serde_json::from_slice(&parsed.stdout)
        .unwrap_or_else(|_| panic!("{}", text(&parsed.stderr)));
    assert_eq!(
        sessions["rev"]["sso_start_url"],
        "https://my-org.awsapps.com/start"
    );
    assert_eq!(sessions["rev"]["sso_region"], "us-east-1");
    assert_eq!(
        sessions["rev"]["sso_registration_scopes"],
        "sso:account:access"
    );

    // Doctor reads it as an SSO profile waiting for its login.
    let (_, report) = doctor_json(
        home.pcwiz(&["doctor", "--json"])
            .env("AWS_ENDPOINT_URL", &harness.moto_url)
            .env("AWS_PROFILE", "rev"),
    );
    let findings = report["findings"].to_string();
    assert!(
        findings.contains("aws sso login --profile rev"),
        "{report:#}"
    );
}
