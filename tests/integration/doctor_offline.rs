//! `pcwiz doctor` on broken or missing setups that need no network to diagnose. These run
//! in a plain `cargo test`: doctor must recognise each case from the files alone and never
//! reach for the network (AWS_ENDPOINT_URL points at a closed port as a safety net).

use crate::common::{Home, doctor_json, finding};

/// Doctor with no tools on PATH, so the result does not depend on the machine.
fn doctor(home: &Home) -> std::process::Command {
    let mut command = home.pcwiz(&["doctor", "--json"]);
    command.env("PATH", home.path().join("empty-bin"));
    command
}

fn text(value: &serde_json::Value) -> &str {
    value.as_str().unwrap_or_default()
}

#[test]
fn expired_sso_login_names_the_login_command_without_calling_aws() {
    let home = Home::new();
    home.write(
        ".aws/config",
        "[profile rev]\nsso_session = nrel\nsso_account_id = 111122223333\nsso_role_name = developers\nregion = us-west-2\n\n\
         [sso-session nrel]\nsso_start_url = https://org-name.awsapps.com/start/#\nsso_region = us-west-2\n",
    );
    home.write(
        &format!(".aws/sso/cache/{}", pcwiz::aws::sso_cache::cache_file_name("nrel")),
        r#"{"startUrl":"https://org-name.awsapps.com/start/#","region":"us-west-2","accessToken":"x","expiresAt":"2025-01-01T00:00:00Z"}"#,
    );
    let (code, report) = doctor_json(doctor(&home).env("AWS_PROFILE", "rev"));
    let login = finding(&report, "credentials.sso-login");
    assert_eq!(login["level"], "fail");
    assert_eq!(login["next_step"], "aws sso login --profile rev");
    assert!(text(&login["message"]).contains("expired"), "{login:#}");
    assert_eq!(report["credentials"]["source"], "sso-profile");
    assert_eq!(report["credentials"]["expires_at"], "2025-01-01T00:00:00Z");
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["id"] != "credentials.identity"),
        "no STS call is made with an expired login: {report:#}"
    );
    assert_eq!(code, 1);
}

#[test]
fn sso_profile_never_logged_in_says_to_log_in() {
    let home = Home::new();
    home.write(
        ".aws/config",
        "[profile legacy]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = r\n",
    );
    let (_, report) = doctor_json(doctor(&home).args(["--profile", "legacy"]));
    let login = finding(&report, "credentials.sso-login");
    assert!(
        text(&login["message"]).contains("not logged in"),
        "{login:#}"
    );
    assert_eq!(login["next_step"], "aws sso login --profile legacy");
}

#[test]
fn a_malformed_config_file_is_reported_with_its_line() {
    let home = Home::new();
    let path = home.write(
        ".aws/config",
        "[default]\nregion = us-west-2\noutput json\n",
    );
    let (code, report) = doctor_json(&mut doctor(&home));
    let files = finding(&report, "credentials.files");
    assert_eq!(files["level"], "fail");
    let message = text(&files["message"]);
    assert!(message.contains("line 3"), "{message}");
    assert!(
        message.contains("`output …`"),
        "the offending line by its key: {message}"
    );
    assert!(text(&files["next_step"]).contains(&path.display().to_string()));
    assert_eq!(code, 1);
}

#[test]
fn a_malformed_credentials_line_shows_the_key_and_only_the_secrets_last_4_characters() {
    let home = Home::new();
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    home.write(
        ".aws/credentials",
        &format!(
            "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key: {secret}\n"
        ),
    );
    let (code, report) = doctor_json(&mut doctor(&home));
    assert_eq!(code, 1);
    let message = text(&finding(&report, "credentials.files")["message"]);
    assert!(message.contains("line 3"), "{message}");
    assert!(
        message.contains("`aws_secret_access_key: …EKEY`"),
        "{message}"
    );
    // Neither the JSON nor the text form, nor the log, holds any more of it.
    let output = home
        .pcwiz(&["--verbose", "doctor"])
        .env("PATH", home.path().join("empty-bin"))
        .output()
        .unwrap();
    let log = std::fs::read_to_string(home.path().join(".local/state/pcwiz/pcwiz.log"))
        .unwrap_or_default();
    for said in [
        report.to_string(),
        String::from_utf8_lossy(&output.stdout).into(),
        log,
    ] {
        assert!(!said.contains("wJalrXUtnFEMI"), "{said}");
        assert!(!said.contains("K7MDENG/bPxRfiCYEXAMPLE"), "{said}");
    }
}

#[test]
fn a_profile_that_does_not_exist_lists_the_ones_that_do() {
    let home = Home::new();
    home.write(".aws/config", "[profile rev]\nregion = us-west-2\n");
    home.write(
        ".aws/credentials",
        "[rev]\naws_access_key_id = AKIA\naws_secret_access_key = s\n",
    );
    let (_, report) = doctor_json(doctor(&home).args(["--profile", "reV"]));
    let source = finding(&report, "credentials.source");
    assert_eq!(source["level"], "fail");
    assert!(
        text(&source["message"]).contains("Profiles found: rev."),
        "{source:#}"
    );
    assert!(text(&source["next_step"]).contains("pcwiz --profile rev doctor"));
    assert_eq!(report["credentials"]["source"], "profile-missing");
}

#[test]
fn no_credentials_at_all_explains_how_to_create_an_iam_user() {
    let home = Home::new();
    let (code, report) = doctor_json(&mut doctor(&home));
    assert_eq!(report["credentials"]["source"], "none");
    assert!(report["credentials"]["kind"].is_null());
    let source = finding(&report, "credentials.source");
    assert!(
        text(&source["next_step"]).contains("Create user"),
        "{source:#}"
    );
    assert!(text(&source["next_step"]).contains("pcwiz credentials keys"));
    let region = finding(&report, "region");
    assert_eq!(region["level"], "fail");
    assert_eq!(code, 1);
}

#[test]
fn missing_tools_each_say_how_to_install_them() {
    let home = Home::new();
    let (_, report) = doctor_json(&mut doctor(&home));
    let pcluster = finding(&report, "tools.pcluster");
    assert_eq!(pcluster["level"], "fail");
    assert!(text(&pcluster["next_step"]).contains("pcwiz doctor --install-pcluster"));
    let node = finding(&report, "tools.node");
    assert!(
        text(&node["message"]).contains("even for a dry run"),
        "{node:#}"
    );
    for id in ["tools.ssh", "tools.ssh-keygen"] {
        let tool = finding(&report, id);
        assert_eq!(tool["level"], "fail");
        assert!(text(&tool["next_step"]).contains("apt install openssh-client"));
    }
}

#[test]
fn the_text_report_shows_each_level_and_next_step() {
    let home = Home::new();
    let mut command = home.pcwiz(&["doctor", "--region", "eu-west-1"]);
    command.env("PATH", home.path().join("empty-bin"));
    let output = command.output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "a failing finding fails the command"
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("pcwiz doctor: unknown identity"), "{text}");
    assert!(
        text.contains("  warn  Region eu-west-1 (from --region)"),
        "{text}"
    );
    assert!(
        text.contains("  fail  pcluster (the AWS ParallelCluster CLI) is not installed"),
        "{text}"
    );
    assert!(
        text.contains("        next: pcwiz doctor --install-pcluster"),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no ANSI codes in a pipe: {text}");
    assert!(text.trim_end().ends_with("1 warn, 5 fail"), "{text}");
}

#[test]
fn logs_go_to_a_file_in_the_state_dir_not_the_terminal() {
    let home = Home::new();
    let output = home
        .pcwiz(&["--verbose", "doctor"])
        .env("PATH", home.path().join("empty-bin"))
        .output()
        .unwrap();
    let log = home.path().join(".local/state/pcwiz/pcwiz.log");
    let text = std::fs::read_to_string(&log).expect("the log file exists");
    assert!(text.contains("skipping STS"), "{text}");
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("skipping STS"),
        "nothing from the log reaches the terminal"
    );
}

#[test]
fn without_a_terminal_the_app_says_what_to_run_instead() {
    let home = Home::new();
    let output = home.pcwiz(&[]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    assert!(stderr.contains("pcwiz doctor"), "{stderr}");
}
