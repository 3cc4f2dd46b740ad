//! The idle guard (`assets/remote/idle_guard.sh`) itself, run as the timer runs it (as
//! root) against real Slurm controllers: the test's own, shaped like a ParallelCluster
//! cluster (dynamic nodes powered down, a job that needs one powers it up), and the
//! harness's, which runs jobs. Logins are real ones through the harness's sshd.
//!
//! Only the clock and the two actions are the test's (PCWIZ_GUARD_NOW, PCWIZ_GUARD_WALL,
//! PCWIZ_GUARD_STOP): a test cannot wait an hour, and must not shut this machine down. The
//! stand-in actions record what they were asked, in order, so "warned, then stopped exactly
//! once" is what is checked.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::own_slurm::OwnSlurm;
use crate::common::{Harness, nobody_logged_in, terminal_in_use, wait_until};

const GUARD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/remote/idle_guard.sh");
/// Any moment: the guard only compares its clock with itself.
const T0: i64 = 1_796_500_000;
const WINDOW_MINUTES: i64 = 10;

struct Guard {
    dir: tempfile::TempDir,
    slurm_conf: PathBuf,
}

impl Guard {
    /// A guard with a 10-minute window and no grace period, armed on a head node that
    /// stops on shutdown, looking at the Slurm of `slurm_conf`.
    fn new(slurm_conf: &Path) -> Self {
        Self::with_settings(slurm_conf, "stop", "")
    }

    /// `on_wall`: a shell command the warning also runs (to start a job in its grace).
    fn with_settings(slurm_conf: &Path, shutdown_behaviour: &str, on_wall: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("conf"),
            format!(
                "IDLE_MINUTES={WINDOW_MINUTES}\nGRACE_SECONDS=0\nARMED=1\nSHUTDOWN_BEHAVIOUR={shutdown_behaviour}\n"
            ),
        )
        .unwrap();
        let record = dir.path().join("record");
        std::fs::write(
            &record,
            format!(
                "#!/bin/sh\necho \"$1\" >> {}\nif [ \"$1\" = wall ]; then {on_wall}\n:; fi\n",
                dir.path().join("events").display()
            ),
        )
        .unwrap();
        Command::new("chmod")
            .arg("755")
            .arg(&record)
            .status()
            .unwrap();
        Self {
            dir,
            slurm_conf: slurm_conf.to_path_buf(),
        }
    }

    /// One look at `now`, as the timer's; answers the state file it leaves.
    fn check(&self, now: i64) -> serde_json::Value {
        let d = self.dir.path();
        let output = Command::new("bash")
            .arg(GUARD)
            .arg("check")
            .env_clear()
            .envs(crate::common::safe_env())
            .env("SLURM_CONF", &self.slurm_conf)
            .env("PCWIZ_GUARD_NOW", now.to_string())
            .env("PCWIZ_GUARD_CONF", d.join("conf"))
            .env("PCWIZ_GUARD_STATE_DIR", d.join("state"))
            .env("PCWIZ_GUARD_LOG", d.join("guard.log"))
            .env(
                "PCWIZ_GUARD_WALL",
                format!("{} wall", d.join("record").display()),
            )
            .env(
                "PCWIZ_GUARD_STOP",
                format!("{} stop", d.join("record").display()),
            )
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = std::fs::read_to_string(d.join("state/idle-guard.json")).unwrap();
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    /// What the guard did, in order: "wall", "stop".
    fn events(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("events"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("guard.log")).unwrap_or_default()
    }
}

fn busy(state: &serde_json::Value) -> Vec<String> {
    state["busy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_str().unwrap().to_string())
        .collect()
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn an_idle_cluster_past_its_window_is_warned_then_stopped_exactly_once() {
    let _nobody = nobody_logged_in();
    let slurm = OwnSlurm::start("standard-dy-c5-[1-2]");
    let guard = Guard::new(&slurm.conf());

    // The first look starts the window.
    let state = guard.check(T0);
    assert_eq!(busy(&state), Vec::<String>::new(), "{state:#}");
    assert_eq!(state["armed"], true);
    assert_eq!(state["last_busy"], T0);
    assert_eq!(state["stops_at"], T0 + WINDOW_MINUTES * 60);
    assert!(state["will_not_act"].is_null(), "{state:#}");
    // Halfway: nothing.
    guard.check(T0 + 300);
    assert!(guard.events().is_empty());

    // Past the window: the warning, then (the grace period re-checked) the stop.
    let state = guard.check(T0 + WINDOW_MINUTES * 60 + 1);
    assert_eq!(guard.events(), ["wall", "stop"]);
    assert_eq!(state["acted_at"], T0 + WINDOW_MINUTES * 60 + 1);
    assert_eq!(
        state["last_action"],
        "stopped the head node: no job, no compute node powered up and nobody active for 10 minutes"
    );
    let log = guard.log();
    assert!(log.contains("warned logged-in users"), "{log}");
    assert!(log.contains("stopped the head node"), "{log}");

    // The timer looks again before the machine is down: no second stop.
    guard.check(T0 + WINDOW_MINUTES * 60 + 300);
    assert_eq!(guard.events(), ["wall", "stop"], "exactly once");

    // The first look noted the compute nodes up, for the cost history: none here. The
    // count did not change within the hour, so the later looks added no line.
    let history = std::fs::read_to_string(guard.dir.path().join("state/nodes-up.jsonl")).unwrap();
    assert_eq!(history.lines().count(), 1, "{history}");
    assert!(
        history.lines().all(|l| l.ends_with("\"up\": {}}")),
        "{history}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_pending_job_or_a_node_powering_up_keeps_the_head_node_running() {
    let _nobody = nobody_logged_in();
    let slurm = OwnSlurm::start("standard-dy-c5-[1-2]");
    let guard = Guard::new(&slurm.conf());

    // A job that may not start for an hour: pending, and the cluster is not idle.
    let later = slurm.submit(&["--begin=now+3600"]);
    slurm.wait_for_job(&later, "PENDING");
    guard.check(T0);
    let state = guard.check(T0 + WINDOW_MINUTES * 60 + 1);
    assert_eq!(busy(&state), ["0 job(s) running, 1 pending"], "{state:#}");
    assert_eq!(state["last_busy"], T0 + WINDOW_MINUTES * 60 + 1);
    assert!(guard.events().is_empty(), "{:?}", guard.events());
    slurm.command("scancel").arg(&later).status().unwrap();

    // A job that needs a node: Slurm powers one up (ResumeProgram), the job configures.
    let now = slurm.submit(&[]);
    slurm.wait_for_job(&now, "CONFIGURING");
    slurm.wait_for_a_node_powering_up();
    let state = guard.check(T0 + 2 * WINDOW_MINUTES * 60 + 2);
    let reasons = busy(&state);
    assert!(
        reasons.contains(&"1 job(s) running, 0 pending".to_string())
            && reasons.contains(&"1 compute node(s) powered up".to_string()),
        "{state:#}"
    );
    assert!(guard.events().is_empty());
    let history = std::fs::read_to_string(guard.dir.path().join("state/nodes-up.jsonl")).unwrap();
    assert!(
        history
            .lines()
            .last()
            .unwrap()
            .contains("\"up\": {\"c5.xlarge\": 1}"),
        "the node up is counted by its instance type: {history}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_running_job_keeps_the_head_node_running() {
    let harness = Harness::get();
    let conf = PathBuf::from(std::env::var("PCWIZ_TEST_SLURM_CONF").unwrap());
    let guard = Guard::new(&conf);
    let id = harness.on_cluster("sbatch --parsable -o /dev/null --wrap 'sleep 600'");
    let id = id.trim();
    wait_until("the job to run", Duration::from_secs(60), || {
        let state = harness.on_cluster(&format!("squeue -h -j {id} -o %T"));
        (state.trim() == "RUNNING").then_some(())
    });
    guard.check(T0);
    let state = guard.check(T0 + WINDOW_MINUTES * 60 + 1);
    harness.on_cluster(&format!("scancel {id}"));
    let reasons = busy(&state);
    assert!(
        reasons
            .iter()
            .any(|r| r.ends_with("pending") && !r.starts_with("0 job(s) running")),
        "a running job is a reason: {state:#}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.ends_with("compute node(s) powered up")),
        "its node too: {state:#}"
    );
    assert!(guard.events().is_empty(), "{:?}", guard.events());
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn someone_active_on_a_terminal_keeps_the_head_node_running() {
    let _login = terminal_in_use();
    let harness = Harness::get();
    let slurm = OwnSlurm::start("standard-dy-c5-[1-2]");
    let guard = Guard::new(&slurm.conf());
    // A person logged in over ssh, on a terminal (sshd records it in utmp, as on the head
    // node).
    let mut person = Command::new("ssh")
        .args(["-tt", "-p", &harness.ssh_port.to_string(), "-i"])
        .arg(&harness.ssh_key)
        .arg("-o")
        .arg(format!(
            "UserKnownHostsFile={}",
            harness.ssh_known_hosts.display()
        ))
        .args(["-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes"])
        .arg(format!("{}@127.0.0.1", harness.ssh_user))
        .arg("sleep 600")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let who = || {
        let out = Command::new("who").output().unwrap();
        String::from_utf8_lossy(&out.stdout).contains(&harness.ssh_user)
    };
    wait_until("the login to be recorded", Duration::from_secs(20), || {
        who().then_some(())
    });
    guard.check(T0);
    let state = guard.check(T0 + WINDOW_MINUTES * 60 + 1);
    let _ = person.kill();
    let _ = person.wait();
    wait_until("the login to end", Duration::from_secs(20), || {
        (!who()).then_some(())
    });
    let reasons = busy(&state);
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with(&format!("{} active on pts/", harness.ssh_user))),
        "{state:#}"
    );
    assert!(guard.events().is_empty());
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn static_nodes_or_a_head_node_that_would_terminate_make_it_stand_down() {
    let _nobody = nobody_logged_in();
    let slurm = OwnSlurm::start("standard-st-c5-1");
    let guard = Guard::new(&slurm.conf());
    let state = guard.check(T0);
    assert_eq!(state["static_nodes"], 1);
    assert!(
        state["will_not_act"]
            .as_str()
            .unwrap()
            .starts_with("1 static compute node(s) never power down"),
        "{state:#}"
    );
    assert!(state["stops_at"].is_null());
    guard.check(T0 + 10 * WINDOW_MINUTES * 60);
    assert!(guard.events().is_empty());

    let dynamic = OwnSlurm::start("standard-dy-c5-1");
    let guard = Guard::with_settings(&dynamic.conf(), "terminate", "");
    guard.check(T0);
    let state = guard.check(T0 + 10 * WINDOW_MINUTES * 60);
    assert!(
        state["will_not_act"]
            .as_str()
            .unwrap()
            .contains("shutdown behaviour is 'terminate'"),
        "{state:#}"
    );
    assert!(guard.events().is_empty());
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_job_started_after_the_warning_calls_the_stop_off() {
    let _nobody = nobody_logged_in();
    let slurm = OwnSlurm::start("standard-dy-c5-[1-2]");
    // Someone reads the warning and starts a job within the grace period.
    let submit = format!(
        "SLURM_CONF={} sbatch -o /dev/null --begin=now+3600 --wrap true >/dev/null",
        slurm.conf().display()
    );
    let guard = Guard::with_settings(&slurm.conf(), "stop", &submit);
    guard.check(T0);
    let state = guard.check(T0 + WINDOW_MINUTES * 60 + 1);
    assert_eq!(guard.events(), ["wall"], "warned, not stopped");
    assert_eq!(
        state["last_action"],
        "stop called off after the warning: 0 job(s) running, 1 pending"
    );
    assert!(state["acted_at"].is_null());
}
