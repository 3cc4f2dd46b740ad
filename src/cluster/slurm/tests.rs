//! What a user would notice, checked against real output (22.05 from the test harness,
//! 24.11 from Debian's packages) and against hand-built 23.02/23.11/24.05 files (see
//! tests/fixtures/slurm/*/README.md for where each came from).

use serde_json::{Value, json};

use super::*;

macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!("../../../tests/fixtures/slurm/", $path))
    };
}

const R2205_SQUEUE: &str = fixture!("22.05/squeue.json");
const R2205_SINFO: &str = fixture!("22.05/sinfo.json");
const R2205_SINFO_DRAINING: &str = fixture!("22.05/sinfo_draining.json");
const R2205_SQUEUE_DOWN: &str = fixture!("22.05/squeue_ctld_down.json");
const R2205_SINFO_DOWN: &str = fixture!("22.05/sinfo_ctld_down.json");

const H2302_SQUEUE: &str = fixture!("23.02/squeue.json");
const H2302_SINFO: &str = fixture!("23.02/sinfo.json");
const H2311_SQUEUE: &str = fixture!("23.11/squeue.json");
const H2311_SINFO: &str = fixture!("23.11/sinfo.json");
const H2405_SQUEUE: &str = fixture!("24.05/squeue.json");
const H2405_SINFO: &str = fixture!("24.05/sinfo.json");
const H2405_EMPTY: &str = fixture!("24.05/squeue_empty.json");

const R2411_SQUEUE_ALL: &str = fixture!("24.11/squeue_all_states_full_variety.json");
const R2411_SQUEUE_DEFAULT: &str = fixture!("24.11/squeue_default_filter.json");
const R2411_SQUEUE_EMPTY: &str = fixture!("24.11/squeue_empty.json");
const R2411_SQUEUE_DOWN: &str = fixture!("24.11/squeue_ctld_down.json");
const R2411_SINFO_IDLE: &str = fixture!("24.11/sinfo_idle.json");
const R2411_SINFO_DOWN: &str = fixture!("24.11/sinfo_down.json");
const R2411_SINFO_DRAINED: &str = fixture!("24.11/sinfo_drained_idle.json");
const R2411_SINFO_DRAINING: &str = fixture!("24.11/sinfo_draining_allocated.json");
const R2411_SCONTROL: &str = fixture!("24.11/scontrol_show_nodes.json");

const ALL_SQUEUE: &[&str] = &[
    R2205_SQUEUE,
    R2205_SQUEUE_DOWN,
    H2302_SQUEUE,
    H2311_SQUEUE,
    H2405_SQUEUE,
    H2405_EMPTY,
    R2411_SQUEUE_ALL,
    R2411_SQUEUE_DEFAULT,
    R2411_SQUEUE_EMPTY,
];
const ALL_SINFO: &[&str] = &[
    R2205_SINFO,
    R2205_SINFO_DRAINING,
    R2205_SINFO_DOWN,
    H2302_SINFO,
    H2311_SINFO,
    H2405_SINFO,
    R2411_SINFO_IDLE,
    R2411_SINFO_DOWN,
    R2411_SINFO_DRAINED,
    R2411_SINFO_DRAINING,
    R2411_SCONTROL,
];

fn jobs(json: &str) -> Answer<Job> {
    parse_squeue(json).expect("squeue output parses")
}

fn nodes(json: &str) -> Answer<Node> {
    parse_sinfo(json).expect("sinfo output parses")
}

fn job<'a>(answer: &'a Answer<Job>, id: &str) -> &'a Job {
    answer
        .items
        .iter()
        .find(|j| j.id == id)
        .unwrap_or_else(|| panic!("no job {id} in {:?}", ids(answer)))
}

fn node<'a>(answer: &'a Answer<Node>, name: &str) -> &'a Node {
    answer
        .items
        .iter()
        .find(|n| n.name == name)
        .unwrap_or_else(|| panic!("no node {name}"))
}

fn ids(answer: &Answer<Job>) -> Vec<&str> {
    answer.items.iter().map(|j| j.id.as_str()).collect()
}

fn label(node: &Node) -> String {
    describe_node(node).0
}

// --- 22.05, real --------------------------------------------------------------------------

#[test]
fn real_2205_squeue_shows_every_job_as_squeue_names_it() {
    let a = jobs(R2205_SQUEUE);
    assert_eq!(a.version.as_deref(), Some("22.05.8"));
    assert!(a.errors.is_empty() && a.warnings.is_empty());
    // The same ids plain `squeue -t all` printed at that moment (22.05/squeue_all.txt).
    let mut got = ids(&a);
    got.sort();
    assert_eq!(got, ["1", "2", "3_1", "3_[2-4]", "4", "5", "6", "7"]);

    let running = job(&a, "1");
    assert_eq!(
        (running.state.as_str(), running.name.as_str()),
        ("RUNNING", "rev_gen_j0")
    );
    assert_eq!(
        (running.user.as_str(), running.partition.as_str()),
        ("root", "standard")
    );
    assert_eq!(running.nodes, "localhost");
    assert_eq!(running.node_count, Some(1));
    assert_eq!(running.reason, "", "\"None\" is no reason");
    assert_eq!(running.time_limit_minutes, None, "unlimited");
    assert_eq!(running.exit_code, None, "still running");
    assert_eq!(running.submit_time, Some(1795255412));
    assert_eq!(running.start_time, Some(1795255414));

    // exit 3: 22.05 prints the raw wait status, 768.
    let failed = job(&a, "2");
    assert_eq!(failed.state, "FAILED");
    assert_eq!(failed.exit_code, Some(3));
    assert_eq!(failed.reason, "NonZeroExitCode");

    assert_eq!(job(&a, "3_1").state, "RUNNING");
    let rest = job(&a, "3_[2-4]");
    assert_eq!(
        (rest.state.as_str(), rest.reason.as_str()),
        ("PENDING", "Resources")
    );
    assert_eq!(rest.nodes, "");
    assert_eq!(rest.start_time, None, "not started: 0 is no time");

    let big = job(&a, "4");
    assert_eq!(
        (big.partition.as_str(), big.time_limit_minutes),
        ("bigmem", Some(30))
    );
    assert_eq!(job(&a, "5").reason, "JobHeldUser");
    assert_eq!(job(&a, "6").reason, "Dependency");
    let cancelled = job(&a, "7");
    assert_eq!(cancelled.state, "CANCELLED");
    assert_eq!(
        cancelled.exit_code, None,
        "cancelled before it ran: Slurm's 0 means nothing"
    );
}

#[test]
fn real_2205_controller_down_is_an_error_entry_not_silence() {
    // 22.05 exits 0 with the controller down: only `errors` tells.
    let a = jobs(R2205_SQUEUE_DOWN);
    assert!(a.items.is_empty());
    assert_eq!(a.errors, ["Failed while looking for jobs"]);
    assert_eq!(a.version.as_deref(), Some("22.05.8"));

    // sinfo's entry has no description: the error text stands in.
    let n = nodes(R2205_SINFO_DOWN);
    assert!(n.items.is_empty());
    assert_eq!(n.errors, ["Unspecified error"]);
}

#[test]
fn real_2205_sinfo_lists_the_node_once_with_both_partitions() {
    let a = nodes(R2205_SINFO);
    assert_eq!(a.version.as_deref(), Some("22.05.8"));
    assert_eq!(a.items.len(), 1);
    let n = &a.items[0];
    assert_eq!(n.name, "localhost");
    assert_eq!(n.partitions, ["standard", "bigmem"]);
    assert_eq!(n.state, "allocated");
    assert!(n.flags.is_empty());
    assert_eq!(n.cpus, Some(2));
    assert_eq!(n.reason, None);
    assert_eq!(
        describe_node(n),
        ("allocated".to_string(), "busy, all CPUs in use")
    );
    assert!(node_bills(n));
}

#[test]
fn real_2205_drain_with_jobs_running_is_draining() {
    // sinfo printed "drng" for this node (22.05/sinfo_draining_N.txt).
    let n = &nodes(R2205_SINFO_DRAINING).items[0];
    assert_eq!(n.state, "draining");
    assert_eq!(n.flags, ["DRAIN"]);
    assert_eq!(n.reason.as_deref(), Some("pcwiz test drain"));
    assert_eq!(describe_node(n).0, "draining");
}

// --- 24.11, real --------------------------------------------------------------------------

#[test]
fn real_2411_squeue_all_states() {
    let a = jobs(R2411_SQUEUE_ALL);
    assert_eq!(a.version.as_deref(), Some("24.11.5"));
    assert_eq!(a.items.len(), 12);

    let failed = job(&a, "1");
    assert_eq!(
        (failed.state.as_str(), failed.exit_code),
        ("FAILED", Some(3))
    );
    assert_eq!(failed.reason, "NonZeroExitCode");
    assert_eq!(failed.name, "rev_gen_fail");
    assert_eq!(failed.user, "alice");

    let done = job(&a, "2");
    assert_eq!(
        (done.state.as_str(), done.exit_code),
        ("COMPLETED", Some(0))
    );
    assert_eq!(done.reason, "");

    let running = job(&a, "3");
    assert_eq!(running.state, "RUNNING");
    assert!(running.flags.is_empty());
    assert_eq!(running.time_limit_minutes, None, "infinite");
    assert_eq!(running.exit_code, None);

    // scancel'd while running: killed by SIGTERM, so no return code.
    let cancelled = job(&a, "4");
    assert_eq!(
        (cancelled.state.as_str(), cancelled.exit_code),
        ("CANCELLED", None)
    );
    assert_eq!(cancelled.time_limit_minutes, Some(60));

    // The array: two tasks running under their own job ids, the rest as one record.
    assert_eq!(job(&a, "5_0").state, "RUNNING");
    assert_eq!(job(&a, "5_1").state, "RUNNING");
    let rest = job(&a, "5_[2-3]");
    assert_eq!(rest.state, "PENDING");
    assert_eq!(rest.time_limit_minutes, Some(30));

    assert_eq!(job(&a, "6").reason, "JobHeldUser");
    assert_eq!(job(&a, "6").start_time, None);
    let wide = job(&a, "7");
    assert_eq!(
        (wide.reason.as_str(), wide.time_limit_minutes),
        ("Resources", Some(120))
    );
    assert_eq!(job(&a, "8").reason, "Dependency");

    let timeout = job(&a, "11");
    assert_eq!(timeout.state, "TIMEOUT");
    assert_eq!(timeout.reason, "TimeLimit");
    assert_eq!(timeout.time_limit_minutes, Some(1));
    assert_eq!(timeout.exit_code, None, "SIGTERM at the limit");
    assert_eq!(timeout.start_time, Some(1795241017));
    assert_eq!(timeout.end_time, Some(1795241077));

    let cancelled_pending = job(&a, "12");
    assert_eq!(cancelled_pending.state, "CANCELLED");
    assert_eq!(cancelled_pending.reason, "JobHeldUser");
    assert_eq!(cancelled_pending.exit_code, None);
}

#[test]
fn real_2411_default_filter_hides_finished_jobs() {
    let a = jobs(R2411_SQUEUE_DEFAULT);
    assert_eq!(ids(&a), ["3", "5_0", "6", "7", "8", "5_1", "5_[2-3]"]);
    assert!(
        a.items
            .iter()
            .all(|j| j.state == "RUNNING" || j.state == "PENDING")
    );
}

#[test]
fn real_2411_no_jobs_is_a_warning_not_an_error() {
    let a = jobs(R2411_SQUEUE_EMPTY);
    assert!(a.items.is_empty() && a.errors.is_empty());
    assert_eq!(a.warnings, ["Zero jobs to dump"]);
}

#[test]
fn real_2411_controller_down_prints_nothing_and_that_is_a_clear_error() {
    assert!(R2411_SQUEUE_DOWN.is_empty());
    let err = parse_squeue(R2411_SQUEUE_DOWN).unwrap_err();
    assert!(matches!(err, SlurmError::NotJson(_)), "{err:?}");
    assert!(err.to_string().contains("printed nothing"), "{err}");
    assert!(matches!(
        parse_sinfo(R2411_SQUEUE_DOWN),
        Err(SlurmError::NotJson(_))
    ));
}

#[test]
fn real_2411_sinfo_groups_merge_into_one_node() {
    let a = nodes(R2411_SINFO_IDLE);
    assert_eq!(a.version.as_deref(), Some("24.11.5"));
    assert_eq!(a.items.len(), 1, "one node although two partition groups");
    let n = &a.items[0];
    assert_eq!(n.partitions, ["standard", "bigmem"]);
    assert_eq!((n.state.as_str(), n.cpus), ("idle", Some(4)));
    assert_eq!(n.reason, None);
    assert_eq!(
        describe_node(n),
        ("idle".to_string(), "idle, ready for jobs")
    );
}

#[test]
fn real_2411_down_drained_draining() {
    let down = &nodes(R2411_SINFO_DOWN).items[0];
    assert_eq!(down.state, "down");
    assert_eq!(down.flags, ["DRAIN"]);
    assert_eq!(down.reason.as_deref(), Some("down test"));
    assert_eq!(describe_node(down).1, "down, takes no jobs");

    let drained = &nodes(R2411_SINFO_DRAINED).items[0];
    assert_eq!(drained.state, "drained");
    assert_eq!(drained.reason.as_deref(), Some("maintenance test"));
    assert_eq!(
        describe_node(drained),
        ("drained".to_string(), "drained, takes no jobs")
    );

    let draining = &nodes(R2411_SINFO_DRAINING).items[0];
    assert_eq!(draining.state, "draining");
    assert_eq!(draining.partitions, ["standard", "bigmem"]);
    assert_eq!(draining.reason.as_deref(), Some("test drain"));
}

#[test]
fn real_2411_scontrol_show_nodes_reads_as_nodes_too() {
    let a = nodes(R2411_SCONTROL);
    assert_eq!(a.items.len(), 1);
    let n = &a.items[0];
    assert_eq!(n.partitions, ["standard", "bigmem"]);
    assert_eq!((n.state.as_str(), n.cpus), ("allocated", Some(4)));
    // What finds the node's EC2 instance, and how long it has sat idle.
    assert_eq!(n.address.as_deref(), Some("127.0.0.1"));
    assert_eq!(n.last_busy, Some(1795240971));
}

#[test]
fn per_node_layouts_carry_address_and_last_busy_and_grouped_ones_do_not_invent_them() {
    let old = nodes(R2205_SINFO);
    assert_eq!(old.items[0].address.as_deref(), Some("127.0.0.1"));
    assert_eq!(old.items[0].last_busy, Some(1795255412));
    // 24.11's sinfo groups leave `addresses` empty: no address rather than a wrong one.
    let grouped = nodes(R2411_SINFO_IDLE);
    assert_eq!(grouped.items[0].address, None);
    assert_eq!(grouped.items[0].last_busy, None);
}

// --- 23.02 / 23.11 / 24.05, hand-built: one ParallelCluster scenario ------------------------

const T0: i64 = 1735689600;

fn check_scenario_jobs(a: &Answer<Job>, version: &str) {
    assert_eq!(a.version.as_deref(), Some(version));
    assert!(a.errors.is_empty());
    assert_eq!(
        ids(a),
        [
            "101",
            "102",
            "103",
            "104",
            "105",
            "110_1",
            "110_[2-4%2]",
            "106",
            "107",
            "108"
        ]
    );

    let running = job(a, "101");
    assert_eq!(running.state, "RUNNING");
    assert_eq!(running.nodes, "standard-dy-standard-[1-2]");
    assert_eq!(running.node_count, Some(2));
    assert_eq!(running.submit_time, Some(T0));
    assert_eq!(running.start_time, Some(T0 + 60));
    assert_eq!(running.time_limit_minutes, Some(120));
    assert_eq!(running.user, "ec2-user");

    // Booting its cloud node: RUNNING underneath, CONFIGURING on top. 23.02 says only
    // "CONFIGURING"; the base is implied.
    let booting = job(a, "102");
    assert_eq!(booting.state, "RUNNING");
    assert!(booting.flags.contains(&"CONFIGURING".to_string()));

    let failed = job(a, "103");
    assert_eq!(
        (failed.state.as_str(), failed.exit_code),
        ("FAILED", Some(3))
    );
    assert_eq!(failed.reason, "NonZeroExitCode");
    assert_eq!(failed.time_limit_minutes, None);

    assert_eq!(job(a, "104").state, "CANCELLED");
    assert_eq!(job(a, "104").exit_code, None, "killed by SIGTERM");

    let timeout = job(a, "105");
    assert_eq!(timeout.state, "TIMEOUT");
    assert_eq!(
        (
            timeout.reason.as_str(),
            timeout.time_limit_minutes,
            timeout.exit_code
        ),
        ("TimeLimit", Some(1), None)
    );

    assert_eq!(job(a, "110_1").state, "RUNNING");
    let rest = job(a, "110_[2-4%2]");
    assert_eq!(
        (rest.state.as_str(), rest.reason.as_str()),
        ("PENDING", "JobArrayTaskLimit")
    );
    assert_eq!((rest.start_time, rest.end_time), (None, None));

    assert_eq!(job(a, "106").reason, "Dependency");
    let done = job(a, "107");
    assert_eq!(
        (done.state.as_str(), done.exit_code),
        ("COMPLETED", Some(0))
    );
    assert_eq!(done.partition, "bigmem");

    let requeued = job(a, "108");
    assert_eq!(requeued.state, "PENDING");
    assert_eq!(requeued.flags, ["REQUEUED"]);
    assert_eq!(requeued.reason, "BeginTime");
}

fn check_scenario_nodes(a: &Answer<Node>, version: &str) {
    assert_eq!(a.version.as_deref(), Some(version));
    assert_eq!(a.items.len(), 12, "one entry per node");

    let mixed = node(a, "standard-dy-standard-1");
    assert_eq!(
        describe_node(mixed),
        ("mixed".to_string(), "busy, some CPUs free")
    );
    assert_eq!(mixed.cpus, Some(4));

    let booting = node(a, "standard-dy-standard-3");
    assert_eq!(
        describe_node(booting),
        ("mixed#".to_string(), "powering up")
    );
    assert!(node_bills(booting));

    for i in 4..=7 {
        let off = node(a, &format!("standard-dy-standard-{i}"));
        assert_eq!(
            describe_node(off),
            ("idle~".to_string(), "powered off, no cost")
        );
        assert!(!node_bills(off));
        assert_eq!(off.flags, ["CLOUD", "POWERED_DOWN"]);
    }

    // Idle, about to be powered down, with a reason left over from before.
    let leaving = node(a, "standard-dy-standard-8");
    assert_eq!(label(leaving), "idle!");
    assert_eq!(leaving.reason, None, "stale reason hidden");
    assert!(node_bills(leaving));

    let ice = node(a, "standard-dy-standard-9");
    assert_eq!(
        describe_node(ice),
        ("down~".to_string(), "down and powered off, no cost")
    );
    assert!(
        ice.reason
            .as_deref()
            .unwrap()
            .starts_with("(Code:InsufficientInstanceCapacity)")
    );
    assert!(!node_bills(ice));

    let drained = node(a, "bigmem-dy-bigmem-1");
    assert_eq!(drained.state, "drained");
    assert_eq!(
        describe_node(drained),
        ("drained~".to_string(), "drained and powered off, no cost")
    );
    assert!(drained.reason.is_some());

    let stopping = node(a, "bigmem-dy-bigmem-2");
    assert_eq!(
        describe_node(stopping),
        ("idle%".to_string(), "powering down")
    );
    assert!(node_bills(stopping), "the instance still exists");

    // The static node is in both partitions, listed once.
    let static_node = node(a, "bigmem-st-bigmem-1");
    let mut parts = static_node.partitions.clone();
    parts.sort();
    assert_eq!(parts, ["bigmem", "standard"]);
    assert_eq!(static_node.state, "draining");
    assert_eq!(static_node.cpus, Some(16));
    assert_eq!(
        static_node.reason.as_deref(),
        Some("kernel update [admin@2025-01-01T00:10:00]")
    );
    assert!(node_bills(static_node));
}

#[test]
fn handbuilt_2302_string_states_and_raw_exit_codes() {
    check_scenario_jobs(&jobs(H2302_SQUEUE), "23.02.8");
    check_scenario_nodes(&nodes(H2302_SINFO), "23.02.8");
}

#[test]
fn handbuilt_2311_state_arrays_and_sinfo_groups() {
    let a = jobs(H2311_SQUEUE);
    check_scenario_jobs(&a, "23.11.10");
    assert_eq!(job(&a, "102").flags, ["CONFIGURING", "POWER_UP_NODE"]);
    check_scenario_nodes(&nodes(H2311_SINFO), "23.11.10");
}

#[test]
fn handbuilt_2405_v0041() {
    let a = jobs(H2405_SQUEUE);
    // Minor "05" is a string in 24.x meta; the release says it plainly anyway.
    check_scenario_jobs(&a, "24.05.4");
    assert_eq!(job(&a, "105").flags, ["COMPLETING"]);
    check_scenario_nodes(&nodes(H2405_SINFO), "24.05.4");

    let empty = jobs(H2405_EMPTY);
    assert!(empty.items.is_empty());
    assert_eq!(empty.warnings, ["Zero jobs to dump"]);
}

// --- shapes and edges -----------------------------------------------------------------------

#[test]
fn version_without_release_is_built_from_its_parts() {
    let numbers = r#"{"meta":{"Slurm":{"version":{"major":23,"micro":6,"minor":2}}},"jobs":[]}"#;
    assert_eq!(jobs(numbers).version.as_deref(), Some("23.02.6"));
    let strings =
        r#"{"meta":{"slurm":{"version":{"major":"24","micro":"5","minor":"11"}}},"jobs":[]}"#;
    assert_eq!(jobs(strings).version.as_deref(), Some("24.11.5"));
    assert_eq!(jobs(r#"{"jobs":[]}"#).version, None);
}

#[test]
fn numbers_plain_wrapped_unset_and_infinite() {
    use super::value::number;
    let n = |v: Value| number(Some(&v));
    assert_eq!(n(json!(7)), Some(7));
    assert_eq!(
        n(json!({"set": true, "infinite": false, "number": 7})),
        Some(7)
    );
    assert_eq!(
        n(json!({"set": false, "infinite": false, "number": 7})),
        None
    );
    assert_eq!(
        n(json!({"set": false, "infinite": true, "number": 0})),
        None
    );
    assert_eq!(n(json!({"set": true, "infinite": true, "number": 7})), None);
    assert_eq!(n(json!(null)), None);
    assert_eq!(n(json!(4294967294u64)), None, "NO_VAL");
    assert_eq!(n(json!(4294967295u64)), None, "INFINITE");
    assert_eq!(n(json!(2.0)), Some(2));
    assert_eq!(n(json!(2.5)), None);
    assert_eq!(n(json!("12")), Some(12));
    assert_eq!(n(json!([1])), None);
    assert_eq!(number(None), None);
}

#[test]
fn lone_flags_imply_their_base_state() {
    let one = |state: &str| {
        let text = json!({"jobs": [{"job_id": 9, "job_state": state}]}).to_string();
        let j = jobs(&text).items.remove(0);
        (j.state, j.flags)
    };
    assert_eq!(
        one("CONFIGURING"),
        ("RUNNING".into(), vec!["CONFIGURING".into()])
    );
    assert_eq!(
        one("REQUEUE_HOLD"),
        ("PENDING".into(), vec!["REQUEUE_HOLD".into()])
    );
    assert_eq!(one("COMPLETING"), ("COMPLETING".into(), vec![]));
    assert_eq!(one("running"), ("RUNNING".into(), vec![]));
}

#[test]
fn heterogeneous_job_components_read_as_squeue_prints_them() {
    let text = json!({"jobs": [{
        "job_id": 21, "het_job_id": {"set": true, "infinite": false, "number": 20},
        "het_job_offset": {"set": true, "infinite": false, "number": 1},
        "job_state": ["RUNNING"]
    }]})
    .to_string();
    assert_eq!(jobs(&text).items[0].id, "20+1");
}

#[test]
fn every_suffix_and_its_words() {
    let n = |state: &str, flags: &[&str]| Node {
        name: "n".into(),
        partitions: vec![],
        state: state.into(),
        flags: flags.iter().map(|f| f.to_string()).collect(),
        cpus: None,
        reason: None,
        address: None,
        last_busy: None,
    };
    let cases = [
        (
            n("idle", &["CLOUD", "POWERED_DOWN"]),
            "idle~",
            "powered off, no cost",
        ),
        (
            n("mixed", &["CLOUD", "NOT_RESPONDING", "POWERING_UP"]),
            "mixed#",
            "powering up",
        ),
        (
            n("idle", &["CLOUD", "POWERING_DOWN"]),
            "idle%",
            "powering down",
        ),
        (
            n("idle", &["CLOUD", "POWER_DOWN"]),
            "idle!",
            "will power down soon",
        ),
        (n("idle", &["NOT_RESPONDING"]), "idle*", "not responding"),
        (
            n("down", &["NOT_RESPONDING"]),
            "down*",
            "down, not responding",
        ),
        (n("idle", &["MAINTENANCE"]), "idle$", "in maintenance"),
        (n("idle", &["REBOOT_REQUESTED"]), "idle@", "reboot pending"),
        (
            n("allocated", &["COMPLETING"]),
            "allocated+",
            "busy, jobs finishing",
        ),
        (n("future", &["CLOUD"]), "future", "not yet in service"),
        (n("weird", &[]), "weird", "state not recognised"),
    ];
    for (node, want_label, want_words) in cases {
        assert_eq!(
            describe_node(&node),
            (want_label.to_string(), want_words),
            "{node:?}"
        );
    }
    assert!(!node_bills(&n("future", &["CLOUD"])));
    assert!(node_bills(&n("idle", &[])), "a static node always bills");
    assert!(node_bills(&n("idle", &["POWERED_DOWN", "POWERING_UP"])));
}

#[test]
fn node_words_normalise_across_versions() {
    // 22.05-style lowercase state with flags beside it, and scontrol-style joined words.
    let text = json!({"nodes": [
        {"name": "a", "state": "idle", "state_flags": ["CLOUD", "POWERED_DOWN"], "partitions": "p,q"},
        {"name": "b", "state": "IDLE+DRAIN", "partitions": ["p"]},
        {"name": "c", "state": "drained", "partitions": ["p"], "reason": "r"},
        {"name": "d", "state": ["MIX", "NO_RESPOND"], "cpus": 8},
    ]})
    .to_string();
    let a = nodes(&text);
    assert_eq!(label(node(&a, "a")), "idle~");
    assert_eq!(node(&a, "a").partitions, ["p", "q"]);
    assert_eq!(node(&a, "b").state, "drained");
    assert_eq!(node(&a, "c").state, "drained");
    assert_eq!(node(&a, "c").flags, ["DRAIN"]);
    assert_eq!(node(&a, "c").reason.as_deref(), Some("r"));
    assert_eq!(label(node(&a, "d")), "mixed*");
    assert_eq!(node(&a, "d").cpus, Some(8));
}

#[test]
fn compressed_hostlists_in_sinfo_groups_expand() {
    let text = json!({"sinfo": [
        {"node": {"state": ["IDLE", "CLOUD", "POWERED_DOWN"]},
         "nodes": {"nodes": ["standard-dy-standard-[1-3,5]"]},
         "partition": {"name": "standard*"},
         "cpus": {"minimum": 4, "maximum": 8},
         "reason": "plain string reason"}
    ]})
    .to_string();
    let a = nodes(&text);
    let names: Vec<_> = a.items.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "standard-dy-standard-1",
            "standard-dy-standard-2",
            "standard-dy-standard-3",
            "standard-dy-standard-5"
        ]
    );
    assert_eq!(
        a.items[0].partitions,
        ["standard"],
        "default marker dropped"
    );
    assert_eq!(a.items[0].cpus, None, "mixed sizes in the group");
}

#[test]
fn hostlists_expand_like_slurm_and_never_without_bound() {
    use super::nodes::{MAX_EXPANDED, names};
    let expand = |v: Value| names(Some(&v));
    assert_eq!(expand(json!("n[01-02],m")), ["n01", "n02", "m"]);
    assert_eq!(expand(json!("rack[1-2]-n[1-2]")).len(), 4);
    assert_eq!(expand(json!("n[3-1]")), ["n[3-1]"]);
    assert_eq!(expand(json!("n[a-b]")), ["n[a-b]"]);
    assert_eq!(expand(json!("n[0-99999999999]")), ["n[0-99999999999]"]);
    assert!(expand(json!("a[0-60000]b[0-60000]")).len() <= MAX_EXPANDED);
}

#[test]
fn empty_and_garbage_are_errors() {
    for parse in [
        |s: &str| parse_squeue(s).map(|_| ()),
        |s: &str| parse_sinfo(s).map(|_| ()),
    ] {
        assert!(matches!(parse(""), Err(SlurmError::NotJson(_))));
        assert!(matches!(parse("  \n\t"), Err(SlurmError::NotJson(_))));
        assert!(matches!(
            parse("slurm_load_jobs error: Unable to contact slurm controller"),
            Err(SlurmError::NotJson(_))
        ));
        assert!(matches!(parse("{\"jobs\": ["), Err(SlurmError::NotJson(_))));
        assert!(matches!(parse("[]"), Err(SlurmError::Unexpected(_))));
        assert!(matches!(parse("42"), Err(SlurmError::Unexpected(_))));
        assert!(matches!(parse("{}"), Err(SlurmError::Unexpected(_))));
        assert!(matches!(
            parse(r#"{"jobs": 3, "sinfo": "x", "nodes": {}}"#),
            Err(SlurmError::Unexpected(_))
        ));
    }
    // Errors alone are an answer: Slurm said why there is nothing.
    let a = parse_squeue(r#"{"errors": [{"error": "Access denied"}]}"#).unwrap();
    assert_eq!(a.errors, ["Access denied"]);
    // Sinfo output is not squeue output, and the other way round.
    assert!(parse_squeue(R2411_SINFO_IDLE).is_err());
    assert!(parse_sinfo(R2411_SQUEUE_ALL).is_err());
}

#[test]
fn stray_records_are_skipped_not_fatal() {
    let text = r#"{"jobs": [1, "x", null, {"job_id": 5, "job_state": "PENDING"}]}"#;
    assert_eq!(ids(&jobs(text)), ["5"]);
    let text = r#"{"nodes": [1, {"state": "idle"}, {"name": "ok", "state": "idle"}]}"#;
    assert_eq!(nodes(text).items.len(), 1);
}

/// Every fixture cut short at many points: each either parses or is an error.
#[test]
fn truncated_output_never_panics() {
    for text in ALL_SQUEUE.iter().chain(ALL_SINFO) {
        let len = text.len();
        let step = (len / 97).max(1);
        for cut in (0..len).step_by(step) {
            if !text.is_char_boundary(cut) {
                continue;
            }
            let _ = parse_squeue(&text[..cut]);
            let _ = parse_sinfo(&text[..cut]);
        }
    }
}

/// Every value in every fixture swapped for the wrong type, one kind at a time.
#[test]
fn wrong_types_everywhere_never_panic() {
    fn scramble(v: &Value, how: u8) -> Value {
        match v {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), scramble(v, how)))
                    .collect(),
            ),
            Value::Array(items) => match how {
                0 => json!("not an array"),
                _ => Value::Array(items.iter().map(|v| scramble(v, how)).collect()),
            },
            Value::String(_) => match how {
                1 => json!(-1),
                2 => json!({"set": true, "number": u64::MAX}),
                _ => json!(""),
            },
            Value::Number(_) => match how {
                1 => json!("NaN"),
                2 => json!(-9_223_372_036_854_775_807i64),
                3 => json!(1e300),
                _ => json!(null),
            },
            Value::Bool(b) => json!(!b),
            Value::Null => json!([[]]),
        }
    }
    for text in ALL_SQUEUE.iter().chain(ALL_SINFO) {
        let value: Value = serde_json::from_str(text).unwrap();
        for how in 0..5 {
            let bad = scramble(&value, how).to_string();
            let _ = parse_squeue(&bad);
            let _ = parse_sinfo(&bad);
        }
    }
}
