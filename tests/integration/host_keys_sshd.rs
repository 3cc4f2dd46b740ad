//! The head node's host key, checked as users meet it: pcwiz's own pin per cluster, made on
//! first contact, refused when the key changes, and re-pinned only deliberately. Against a
//! real sshd of the test's own (its host key can change, as a rebuilt head node's does)
//! in front of the harness's Slurm, and a cluster-shaped stack in moto.
//!
//! Where moto is kinder than AWS: its GetConsoleOutput returns a placeholder without the
//! host keys cloud-init prints on a real instance, so here first contact takes the
//! "accepted on first use, not verified" path and re-pinning needs --accept-unverified.
//! The console path itself is proven on cloud-init's own output in
//! `cluster::host_keys`' unit tests.

use std::time::Duration;

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::own_sshd::OwnSshd;
use crate::common::{Harness, Home, wait_until};

const REGION: &str = "us-west-2";

fn pcwiz(home: &Home, harness: &Harness, args: &[&str]) -> std::process::Command {
    home.pcwiz_reaching_head_nodes(harness, args)
}

fn status(home: &Home, harness: &Harness, name: &str) -> (i32, serde_json::Value) {
    let output = pcwiz(home, harness, &["status", name, "--json"])
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), json)
}

/// No shared ssh connection to this head node is left (ControlPersist keeps one for two
/// minutes; after its server went away it ends within moments).
fn wait_for_no_shared_connection(instance_id: &str) {
    wait_until(
        "the shared ssh connection to the old host to end",
        Duration::from_secs(20),
        || {
            let found = std::process::Command::new("pgrep")
                .args(["-f", &format!("HostKeyAlias={instance_id}")])
                .output()
                .unwrap();
            found.stdout.is_empty().then_some(())
        },
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn first_contact_pins_a_changed_key_is_refused_and_re_pinning_is_deliberate() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    let created = stacks.create(
        "pin-rev",
        "complete",
        &["--cluster-user", &harness.ssh_user],
    );
    let head = created["head_node_instance_id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut sshd = OwnSshd::start(&harness);
    let home = Home::with_ssh_to(&harness, sshd.port);

    // First contact: the refresh reaches Slurm, and the key is pinned, said to be unverified.
    let (code, out) = status(&home, &harness, "pin-rev");
    assert_eq!(code, 0, "{out:#}");
    assert!(out["probe_error"].is_null(), "{out:#}");
    assert!(out["nodes"].is_array(), "Slurm answered: {out:#}");
    assert_eq!(out["host_key"]["source"], "first-use");
    assert_eq!(out["host_key"]["instance_id"], head.as_str());
    let first_key = sshd.fingerprint();
    assert_eq!(out["host_key"]["fingerprints"][0], first_key.as_str());
    let pins = home
        .path()
        .join(".local/state/pcwiz/known_hosts")
        .join(REGION);
    let pinned = std::fs::read_to_string(pins.join("pin-rev")).unwrap();
    assert!(
        pinned.starts_with(&format!("{head} ssh-ed25519 ")),
        "{pinned}"
    );
    assert!(
        !home.path().join(".ssh/known_hosts").exists(),
        "the user's own known_hosts is neither needed nor written"
    );
    // The text form says it too.
    let text = pcwiz(&home, &harness, &["status", "pin-rev"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("accepted on first use, NOT verified"),
        "{text}"
    );

    // The head node's key changes behind the same address and instance.
    sshd.restart_with_new_key();
    wait_for_no_shared_connection(&head);
    let logins = sshd.logins();
    let (code, out) = status(&home, &harness, "pin-rev");
    assert_eq!(code, 1, "a refused key is a failed status: {out:#}");
    assert_eq!(out["probe_error_kind"], "host-key-changed", "{out:#}");
    let why = out["probe_error"].as_str().unwrap();
    assert!(why.starts_with("REFUSED"), "{why}");
    assert!(why.contains("someone is in the middle"), "{why}");
    assert!(why.contains("pcwiz ssh pin-rev --repin"), "{why}");
    assert!(out["nodes"].is_null(), "nothing was read from it: {out:#}");
    assert_eq!(
        sshd.logins(),
        logins,
        "nothing logged in to the changed host"
    );
    // Nor is anything installed there.
    let hsds = pcwiz(&home, &harness, &["hsds", "pin-rev", "--no-verify"])
        .output()
        .unwrap();
    assert_ne!(hsds.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&hsds.stderr).contains("REFUSED"),
        "{}",
        String::from_utf8_lossy(&hsds.stderr)
    );
    assert_eq!(sshd.logins(), logins);
    assert_eq!(
        std::fs::read_to_string(pins.join("pin-rev")).unwrap(),
        pinned,
        "the old pin stands"
    );

    // Re-pinning asks AWS first; moto's console output lists no keys, so it needs the
    // person to accept the new key unverified, with its fingerprint shown.
    let new_key = sshd.fingerprint();
    let refused = pcwiz(&home, &harness, &["ssh", "pin-rev", "--repin"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("lists no host keys"), "{said}");
    assert!(
        said.contains(&new_key),
        "the new fingerprint is shown: {said}"
    );
    assert!(said.contains("--accept-unverified"), "{said}");
    let accepted = pcwiz(
        &home,
        &harness,
        &["ssh", "pin-rev", "--repin", "--accept-unverified"],
    )
    .output()
    .unwrap();
    assert_eq!(
        accepted.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&accepted.stderr)
    );
    assert!(String::from_utf8_lossy(&accepted.stdout).contains("Re-pinned"));
    let (code, out) = status(&home, &harness, "pin-rev");
    assert_eq!(code, 0, "{out:#}");
    assert_eq!(out["host_key"]["fingerprints"][0], new_key.as_str());
    assert!(out["nodes"].is_array());
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_state_dir_with_a_space_works_for_the_pin_and_the_shared_connection() {
    // macOS keeps pcwiz's state under "~/Library/Application Support": the same here.
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create(
        "space-rev",
        "complete",
        &["--cluster-user", &harness.ssh_user],
    );
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    let state = home.path().join("Library/Application Support/state");
    for _ in 0..2 {
        // The first run pins; the second checks strictly against the pin and reuses the
        // shared connection the first opened.
        let output = pcwiz(&home, &harness, &["status", "space-rev", "--json"])
            .env("XDG_STATE_HOME", &state)
            .output()
            .unwrap();
        let out: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(output.status.code(), Some(0), "{out:#}");
        assert!(out["probe_error"].is_null(), "{out:#}");
        assert!(out["jobs"].is_array(), "{out:#}");
    }
    assert!(
        state
            .join("pcwiz/known_hosts")
            .join(REGION)
            .join("space-rev")
            .exists()
    );
}
