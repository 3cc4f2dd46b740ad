//! The real binary in tmux, as a newcomer meets Check my setup (issue 20): no AWS files,
//! keys made for them in moto pasted with `a` (checked with STS, written 0600, and the
//! header then knows who they are; the secret never on screen); and pcluster installed
//! with `i` from the harness's wheelhouse (pip may not reach PyPI here), its stages shown,
//! after which doctor finds pcwiz's own install.

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use crate::common::Harness;
use crate::common::Home;
use crate::common::tmux::{TmuxSession, terminal_is_sane};

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn pasted_keys_are_checked_written_and_the_header_knows_who_you_are() {
    let harness = Harness::get();
    let (key, secret) = harness.iam_user("tmux-paste");
    let home = Home::new();
    let env = crate::e2e_tmux::environment(
        &home,
        &[
            ("AWS_ENDPOINT_URL", &harness.moto_url),
            ("AWS_REGION", "us-west-2"),
        ],
    );
    let tmux = TmuxSession::start(&env, env!("CARGO_BIN_EXE_pcwiz"));
    tmux.wait_for("identity unknown");
    tmux.keys(&["2"]);
    tmux.wait_for("a add keys");
    tmux.keys(&["a"]);
    tmux.wait_for("Add AWS access keys");
    tmux.type_text(&key);
    tmux.keys(&["Tab"]);
    tmux.type_text(&secret);
    let form = tmux.wait_for(&secret[secret.len() - 4..]);
    assert!(
        !form.contains(&secret[..20]),
        "the secret shows by its last 4 only:\n{form}"
    );
    tmux.keys(&["Enter"]);
    let done = tmux.wait_for("written as profile `default`");
    assert!(done.contains("IAM user `tmux-paste`"), "{done}");
    let header = tmux.wait_for("tmux-paste · iam-user · account 123456789012");
    for screen in [done, header] {
        assert!(!screen.contains(&secret), "{screen}");
    }
    let credentials = home.path().join(".aws/credentials");
    let mode = std::fs::metadata(&credentials)
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    assert!(
        std::fs::read_to_string(&credentials)
            .unwrap()
            .contains(&key)
    );
    tmux.keys(&["q"]);
    let (status, stty) = tmux.wait_for_exit();
    assert_eq!(status, 0);
    assert!(terminal_is_sane(&stty), "{stty}");
    let log = std::fs::read_to_string(home.path().join(".local/state/pcwiz/pcwiz.log"))
        .unwrap_or_default();
    assert!(!log.contains(&secret), "no secret in the log");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn i_installs_pcluster_and_doctor_then_finds_it() {
    let harness = Harness::get();
    let home = Home::new();
    // No pcluster or node on PATH: python3 (for the venv), ssh and the shell's basics.
    let bin = home.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(harness.venv_bin.join("python3"), bin.join("python3")).unwrap();
    for tool in ["ssh", "ssh-keygen", "stty", "sleep", "env"] {
        std::os::unix::fs::symlink(format!("/usr/bin/{tool}"), bin.join(tool)).unwrap();
    }
    let env = crate::e2e_tmux::environment(
        &home,
        &[
            ("PATH", bin.to_str().unwrap()),
            ("PIP_NO_INDEX", "1"),
            ("PIP_FIND_LINKS", harness.wheelhouse.to_str().unwrap()),
            ("PIP_DISABLE_PIP_VERSION_CHECK", "1"),
        ],
    );
    let tmux = TmuxSession::start(&env, env!("CARGO_BIN_EXE_pcwiz"));
    tmux.wait_for("What would you like to do?");
    tmux.keys(&["2"]);
    tmux.wait_for("pcluster (the AWS ParallelCluster CLI) is not installed");
    tmux.keys(&["i"]);
    tmux.wait_for("Installing pcluster into pcwiz's own venv");
    tmux.wait_for_within("[2/3] installing", Duration::from_secs(120));
    let done = tmux.wait_for_within("✔ pcluster 3.", Duration::from_secs(600));
    assert!(done.contains("installed; pcwiz uses it"), "{done}");
    // Doctor looked again and found it there.
    tmux.wait_for("pcluster-venv/bin/pcluster (pcwiz");
    tmux.wait_for("pcluster-venv/bin/node");
    assert!(
        home.path()
            .join(".local/share/pcwiz/pcluster-venv/bin/pcluster")
            .exists()
    );
    tmux.keys(&["q"]);
    let (status, _) = tmux.wait_for_exit();
    assert_eq!(status, 0);
}
