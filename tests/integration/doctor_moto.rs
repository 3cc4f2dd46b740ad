//! `pcwiz doctor` against the real moto server: every credential kind a reV user can have.
//! Run by tests/run.sh (the tests are ignored in a plain `cargo test`).

use std::io::Read;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;

use crate::common::{Harness, Home, doctor_json, finding};

fn doctor(home: &Home, harness: &Harness) -> std::process::Command {
    let mut command = home.pcwiz(&["doctor", "--json"]);
    command
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_REGION", "us-west-2")
        .env("PATH", harness.path_with_tools());
    command
}

/// Put these credentials in the command's environment, as `aws configure export` would.
fn with_keys<'a>(
    command: &'a mut std::process::Command,
    key: &str,
    secret: &str,
    token: Option<&str>,
) -> &'a mut std::process::Command {
    command
        .env("AWS_ACCESS_KEY_ID", key)
        .env("AWS_SECRET_ACCESS_KEY", secret);
    if let Some(token) = token {
        command.env("AWS_SESSION_TOKEN", token);
    }
    command
}

/// Doctor's report for temporary credentials from AssumeRole on a role under `path`.
fn doctor_as_role(path: &str, role: &str, session: &str) -> serde_json::Value {
    let harness = Harness::get();
    let (key, secret, token) = harness.assume_role(path, role, session);
    let home = Home::new();
    let (_, report) = doctor_json(with_keys(
        &mut doctor(&home, &harness),
        &key,
        &secret,
        Some(&token),
    ));
    report
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn an_iam_users_keys_are_classified_iam_user() {
    let harness = Harness::get();
    let (key, secret) = harness.iam_user("alice");
    let home = Home::new();
    let (code, report) = doctor_json(with_keys(&mut doctor(&home, &harness), &key, &secret, None));
    assert_eq!(report["credentials"]["kind"], "iam-user", "{report:#}");
    assert_eq!(
        report["credentials"]["arn"],
        "arn:aws:iam::123456789012:user/alice"
    );
    assert_eq!(report["credentials"]["account"], "123456789012");
    assert_eq!(report["credentials"]["source"], "environment");
    assert_eq!(report["region"], "us-west-2");
    assert_eq!(finding(&report, "credentials.hsds")["level"], "ok");
    assert_eq!(finding(&report, "tools.pcluster")["level"], "ok");
    assert!(
        finding(&report, "tools.pcluster")["message"]
            .as_str()
            .unwrap()
            .contains("pcluster 3."),
        "{report:#}"
    );
    assert_eq!(
        code, 0,
        "nothing fails for an IAM user with the tools installed: {report:#}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn sso_role_credentials_are_classified_sso_with_the_hsds_warning() {
    let report = doctor_as_role(
        "/aws-reserved/sso.amazonaws.com/",
        "AWSReservedSSO_Developers_0123abcd",
        "jane",
    );
    assert_eq!(report["credentials"]["kind"], "sso", "{report:#}");
    let hsds = finding(&report, "credentials.hsds");
    assert_eq!(hsds["level"], "warn");
    let message = hsds["message"].as_str().unwrap();
    assert!(message.contains("cannot use SSO"), "{message}");
    assert!(
        message.contains("aws_s3_no_sign_request"),
        "anonymous access offered: {message}"
    );
    assert!(
        message.contains("IAM user"),
        "IAM user keys offered: {message}"
    );
    let identity = finding(&report, "credentials.identity")["message"]
        .as_str()
        .unwrap();
    assert!(identity.contains("SSO user `jane`"), "{identity}");
    assert!(identity.contains("Temporary credentials"), "{identity}");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_plain_assumed_role_is_assumed_role_and_still_warned_for_hsds() {
    let report = doctor_as_role("/", "ci-deployer", "build-7");
    assert_eq!(report["credentials"]["kind"], "assumed-role", "{report:#}");
    assert_eq!(finding(&report, "credentials.hsds")["level"], "warn");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn static_keys_in_a_named_profile() {
    let harness = Harness::get();
    let (key, secret) = harness.iam_user("bob");
    let home = Home::new();
    home.write(
        ".aws/credentials",
        &format!("[rev]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n"),
    );
    home.write(".aws/config", "[profile rev]\nregion = us-west-2\n");
    let mut command = doctor(&home, &harness);
    command.env_remove("AWS_REGION").args(["--profile", "rev"]);
    let (_, report) = doctor_json(&mut command);
    assert_eq!(
        report["credentials"]["source"], "static-keys-profile",
        "{report:#}"
    );
    assert_eq!(
        report["credentials"]["arn"],
        "arn:aws:iam::123456789012:user/bob"
    );
    assert_eq!(
        report["region"], "us-west-2",
        "region read from the profile"
    );
    let region = finding(&report, "region")["message"].as_str().unwrap();
    assert!(region.contains("profile `rev`"), "{region}");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn credential_process_profile_runs_the_process() {
    let harness = Harness::get();
    let (key, secret) = harness.iam_user("carol");
    let home = Home::new();
    let script = home.write(
        "bin/creds.sh",
        &format!(
            "#!/bin/sh\nprintf '{{\"Version\":1,\"AccessKeyId\":\"{key}\",\"SecretAccessKey\":\"{secret}\"}}'\n"
        ),
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    home.write(
        ".aws/config",
        &format!(
            "[profile vault]\ncredential_process = {}\n",
            script.display()
        ),
    );
    let mut command = doctor(&home, &harness);
    command.env("AWS_PROFILE", "vault");
    let (_, report) = doctor_json(&mut command);
    assert_eq!(
        report["credentials"]["source"], "credential-process",
        "{report:#}"
    );
    assert_eq!(
        report["credentials"]["arn"],
        "arn:aws:iam::123456789012:user/carol"
    );
    let source = finding(&report, "credentials.source")["message"]
        .as_str()
        .unwrap();
    assert!(source.contains("from AWS_PROFILE"), "{source}");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn role_profile_assumes_the_role_through_sts() {
    let harness = Harness::get();
    let (key, secret) = harness.iam_user("dave");
    harness.aws(&[
        "iam",
        "create-role",
        "--role-name",
        "rev-operator",
        "--assume-role-policy-document",
        "{}",
    ]);
    let home = Home::new();
    home.write(
        ".aws/credentials",
        &format!("[base]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n"),
    );
    home.write(
        ".aws/config",
        "[profile operator]\nrole_arn = arn:aws:iam::123456789012:role/rev-operator\nsource_profile = base\n",
    );
    let mut command = doctor(&home, &harness);
    command.args(["--profile", "operator"]);
    let (_, report) = doctor_json(&mut command);
    assert_eq!(
        report["credentials"]["source"], "assume-role-profile",
        "{report:#}"
    );
    assert_eq!(report["credentials"]["kind"], "assumed-role", "{report:#}");
    assert!(
        report["credentials"]["expires_at"].is_string(),
        "role credentials expire: {report:#}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn an_endpoint_that_refuses_connections_is_reported_not_hung_on() {
    let harness = Harness::get();
    // Bind then drop: nothing listens on this port any more.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let home = Home::new();
    let mut command = doctor(&home, &harness);
    command.env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{port}"));
    let (code, report) = doctor_json(with_keys(&mut command, "AKIAEXAMPLE", "secret", None));
    let identity = finding(&report, "credentials.identity");
    assert_eq!(identity["level"], "fail");
    assert!(
        identity["message"]
            .as_str()
            .unwrap()
            .contains("Could not reach"),
        "{identity:#}"
    );
    assert!(identity["next_step"].as_str().unwrap().contains("network"));
    assert_eq!(code, 1);
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn an_endpoint_that_never_answers_times_out_with_a_finding() {
    let harness = Harness::get();
    // Accept connections and read forever without answering: a black hole on loopback.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut sink = [0u8; 1024];
                while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
            });
        }
    });
    let home = Home::new();
    let mut command = doctor(&home, &harness);
    command.env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{port}"));
    let (code, report) = doctor_json(with_keys(&mut command, "AKIAEXAMPLE", "secret", None));
    let identity = finding(&report, "credentials.identity");
    assert_eq!(identity["level"], "fail", "{identity:#}");
    assert!(
        identity["message"]
            .as_str()
            .unwrap()
            .contains("did not answer"),
        "{identity:#}"
    );
    assert_eq!(code, 1);
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn keys_aws_does_not_recognise_are_reported_as_such() {
    let harness = Harness::get();
    // moto with IAM authentication on, as real AWS: unknown keys are refused.
    let strict = crate::common::OwnMoto::start(&harness, &[("INITIAL_NO_AUTH_ACTION_COUNT", "0")]);
    let home = Home::new();
    let mut command = doctor(&home, &harness);
    command.env("AWS_ENDPOINT_URL", &strict.url);
    let (code, report) = doctor_json(with_keys(
        &mut command,
        "AKIADELETEDKEY000000",
        "no-longer-valid",
        None,
    ));
    let identity = finding(&report, "credentials.identity");
    assert_eq!(identity["level"], "fail");
    let message = identity["message"].as_str().unwrap();
    assert!(message.contains("does not recognise"), "{message}");
    assert!(message.contains("InvalidClientTokenId"), "{message}");
    assert!(
        identity["next_step"]
            .as_str()
            .unwrap()
            .contains("pcwiz credentials keys")
    );
    assert!(report["credentials"]["kind"].is_null());
    assert_eq!(code, 1);
}
