//! The idle guard put on a head node and taken off again, over a real sshd as the user
//! ParallelCluster's login users are (sudo without a password), with the units checked by
//! `systemd-analyze verify`; its state read back by one refresh (`pcwiz status`), and
//! arming refused on a head node that an OS shutdown would not just stop.
//!
//! The "head node" is an sshd of the test's own whose /etc, /usr/local and /var are private
//! overlays, so the guard really installs as root without touching this machine. systemd is
//! not running here (a container), so the timer is installed and not started: the install
//! says so, as it would on a head node without systemd. Where moto is kinder than AWS: its
//! instances report the shutdown behaviour they were given, and `stop` by default, as EC2
//! does; that ParallelCluster's head node gets the default is FACTS.md's.

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::own_sshd::OwnSshd;
use crate::common::{Harness, Home};

const REGION: &str = "us-west-2";

fn pcwiz(home: &Home, harness: &Harness, args: &[&str]) -> std::process::Command {
    home.pcwiz_reaching_head_nodes(harness, args)
}

fn json(command: &mut std::process::Command) -> (i32, serde_json::Value) {
    let output = command.output().unwrap();
    let value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), value)
}

fn there(sshd: &OwnSshd, harness: &Harness, command: &str) -> String {
    let output = sshd.ssh(harness, command);
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn the_guard_goes_on_over_ssh_shows_in_one_refresh_and_comes_off() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create(
        "guard-rev",
        "complete",
        &["--cluster-user", &harness.ssh_user],
    );
    let sshd = OwnSshd::start_private(&harness);
    let home = Home::with_ssh_to(&harness, sshd.port);

    // Not there yet.
    let (code, status) = json(&mut pcwiz(
        &home,
        &harness,
        &["status", "guard-rev", "--json"],
    ));
    assert_eq!(code, 0, "{status:#}");
    assert!(status["guard"].is_null());
    assert_eq!(
        status["guard_sentence"],
        "idle guard: off (nothing stops an idle head node)"
    );

    // On, with a 30-minute window.
    let (code, armed) = json(&mut pcwiz(
        &home,
        &harness,
        &["guard", "guard-rev", "--idle", "30", "--json"],
    ));
    assert_eq!(code, 0, "{armed:#}");
    assert_eq!(armed["action"], "armed");
    let steps = armed["steps"].as_array().unwrap();
    let step = |what: &str| {
        steps
            .iter()
            .find(|s| s["what"] == what)
            .unwrap_or_else(|| panic!("no step {what}: {armed:#}"))
    };
    for file in [
        "/usr/local/sbin/pcwiz-idle-guard",
        "/etc/systemd/system/pcwiz-idle-guard.service",
        "/etc/systemd/system/pcwiz-idle-guard.timer",
        "/etc/pcwiz/idle-guard.conf",
    ] {
        assert_eq!(step(file)["outcome"], "ok", "{file}: {armed:#}");
    }
    let verified: Vec<_> = steps
        .iter()
        .filter(|s| s["what"] == "systemd-analyze verify")
        .collect();
    assert_eq!(verified.len(), 2, "both units checked: {armed:#}");
    assert!(verified.iter().all(|s| s["outcome"] == "ok"), "{armed:#}");
    assert_eq!(step("pcwiz-idle-guard.timer")["outcome"], "note");
    assert_eq!(step("first look")["outcome"], "ok");
    assert_eq!(armed["state"]["window_minutes"], 30);
    assert_eq!(armed["state"]["shutdown_behaviour"], "stop");

    // As installed, seen from the head node.
    assert_eq!(
        there(
            &sshd,
            &harness,
            "stat -c '%a %U' /usr/local/sbin/pcwiz-idle-guard"
        ),
        "755 root"
    );
    let conf = there(&sshd, &harness, "cat /etc/pcwiz/idle-guard.conf");
    assert!(conf.contains("IDLE_MINUTES=30\n"), "{conf}");
    assert!(conf.contains("SHUTDOWN_BEHAVIOUR=stop\n"), "{conf}");
    assert!(
        conf.contains("SLURM_CONF="),
        "the login shell's Slurm, which sudo would have dropped: {conf}"
    );
    // Not on this machine: the overlay kept it.
    assert!(!std::path::Path::new("/etc/pcwiz/idle-guard.conf").exists());

    // One refresh reads it: the harness's one Slurm node is up, so the guard waits.
    let (_, status) = json(&mut pcwiz(
        &home,
        &harness,
        &["status", "guard-rev", "--json"],
    ));
    assert_eq!(status["guard"]["window_minutes"], 30, "{status:#}");
    let sentence = status["guard_sentence"].as_str().unwrap();
    assert!(
        sentence.starts_with("idle guard: busy (")
            && sentence.ends_with("stops the head node after 30 min idle"),
        "{sentence}"
    );
    let text = pcwiz(&home, &harness, &["status", "guard-rev"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("Idle guard: busy ("),
        "{}",
        String::from_utf8_lossy(&text.stdout)
    );

    // Off again: files gone, its log kept.
    let (code, removed) = json(&mut pcwiz(
        &home,
        &harness,
        &["guard", "guard-rev", "--off", "--json"],
    ));
    assert_eq!(code, 0, "{removed:#}");
    assert!(removed["state"].is_null(), "{removed:#}");
    assert_eq!(
        there(
            &sshd,
            &harness,
            "ls /usr/local/sbin/pcwiz-idle-guard /etc/systemd/system/pcwiz-idle-guard.timer /etc/pcwiz/idle-guard.conf /var/lib/pcwiz/idle-guard.json 2>/dev/null | wc -l"
        ),
        "0"
    );
    assert_eq!(
        there(
            &sshd,
            &harness,
            "test -f /var/log/pcwiz-idle-guard.log && echo kept"
        ),
        "kept"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_head_node_that_would_terminate_on_shutdown_is_not_guarded() {
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    let created = stacks.create(
        "guard-term",
        "complete",
        &["--cluster-user", &harness.ssh_user],
    );
    let head = created["head_node_instance_id"].as_str().unwrap();
    harness.aws(&[
        "ec2",
        "modify-instance-attribute",
        "--instance-id",
        head,
        // moto applies this form of the call (and ignores the --instance-initiated-… one).
        "--attribute",
        "instanceInitiatedShutdownBehavior",
        "--value",
        "terminate",
    ]);
    let sshd = OwnSshd::start_private(&harness);
    let home = Home::with_ssh_to(&harness, sshd.port);
    let output = pcwiz(&home, &harness, &["guard", "guard-term", "--idle", "30"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert_ne!(output.status.code(), Some(0));
    assert!(
        said.contains(
            "the idle guard was not armed: the head node's shutdown behaviour is 'terminate'"
        ),
        "{said}"
    );
    assert_eq!(
        there(
            &sshd,
            &harness,
            "ls /usr/local/sbin/pcwiz-idle-guard 2>/dev/null | wc -l"
        ),
        "0",
        "nothing was installed"
    );
}

/// `pcwiz launch` sets up what looks after the cluster once it is ready: the guard armed
/// with the window asked for, and the budget, which AWS refuses here (a user without
/// budgets:ModifyBudget): a finding said plainly, not a failed launch. The creation is the
/// harness's pcluster stand-in (moto cannot run pcluster's template), the dry run real.
#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_launch_arms_the_guard_and_a_refused_budget_does_not_fail_it() {
    let harness = Harness::get();
    harness.make_default_vpc_like_aws(REGION);
    let stacks = ClusterStacks::start(&harness);
    let sshd = OwnSshd::start_private(&harness);
    let home = Home::with_ssh_to(&harness, sshd.port);
    let rev = crate::common::rev_config_in_moto(&home, &harness, &harness.moto_url, REGION);
    let standin =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/pcluster-standin");
    let path = format!("{}:{}", standin.display(), harness.path_with_tools());
    let output = pcwiz(
        &home,
        &harness,
        &[
            "launch",
            rev.file.to_str().unwrap(),
            "--name",
            "kept-rev",
            "--yes",
            "--json",
            "--idle-guard",
            "45",
            "--budget",
            "250",
            "--budget-email",
            "ana@uni.edu",
            "--suppress-validators",
            "type:HeadNodeLaunchTemplateValidator",
            "type:ComputeResourceLaunchTemplateValidator",
        ],
    )
    .env("PATH", &path)
    .env("PCLUSTER_REAL", harness.venv_bin.join("pcluster"))
    .env("STANDIN_PYTHON", harness.venv_bin.join("python"))
    .env("STANDIN_SCENARIO", "complete")
    .env("STANDIN_CLUSTER_USER", &harness.ssh_user)
    .env("AWS_ENDPOINT_URL_CLOUDFORMATION", &stacks.overlay_url)
    .env("AWS_ENDPOINT_URL_COST_EXPLORER", &harness.billing_url)
    .env("AWS_ENDPOINT_URL_BUDGETS", &harness.billing_url)
    .env("AWS_ACCESS_KEY_ID", "NOBUDGETSEXAMPLE0002")
    .output()
    .unwrap();
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    let outcome: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {said}"));
    let _ = stacks.run(&["delete", "kept-rev"]);
    assert_eq!(output.status.code(), Some(0), "{outcome:#}\n{said}");
    assert_eq!(outcome["phase"], "ready");
    let armed = &outcome["upkeep"]["guard"]["Ok"];
    assert_eq!(armed["idle_minutes"], 45, "{outcome:#}");
    assert!(
        said.contains("✔ Idle guard armed: the head node stops after 45 idle minutes"),
        "{said}"
    );
    let refused = outcome["upkeep"]["budget"]["Err"].as_str().unwrap();
    assert!(
        refused.contains("budgets:ModifyBudget (AccessDenied)"),
        "{refused}"
    );
    assert!(
        said.contains("! No budget: pcwiz could not create the budget"),
        "{said}"
    );
    let conf = there(&sshd, &harness, "cat /etc/pcwiz/idle-guard.conf");
    assert!(conf.contains("IDLE_MINUTES=45\n"), "{conf}");
}
