//! Measuring real programs of known shape, as `pcwiz size --measure` does: a CPU-bound one
//! on two processes and a memory-hungry one whose memory is split over two processes (so
//! only a sum over the whole tree finds it). Plus what a user sees when the command fails,
//! is missing, or is stopped.
//!
//! Tolerances, stated once:
//! - CPU time: the program burns an exact CPU budget per process (it spins on its own
//!   process clock), so pcwiz's CPU time must be within 10 % of it plus 0.3 s of Python
//!   start-up, whatever else the machine is doing.
//! - Cores used: within 10 % of the program's own account (its CPU time over its wall
//!   time). It is 2 on two idle cores; under load it is lower, and the program sees that too.
//! - Peak memory: at least what the program holds (2 × 200 MiB, written so it is resident),
//!   and at most 40 MiB per process more (the Python interpreter, counted once per process).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::common::unit_programs::{self, CPU_BOUND, MEMORY_HUNGRY, python};
use pcwiz::measure::{MeasureError, Measurement, Options, Output, Sample, measure};

const MIB: f64 = 1024.0 * 1024.0;

fn run(command: &[String]) -> (Measurement, Vec<Sample>) {
    let mut samples = Vec::new();
    let options = Options {
        output: Output::Null,
        ..Options::default()
    };
    let measured = measure(command, &options, |s| samples.push(*s)).expect("measure");
    (measured, samples)
}

fn own_account(path: &Path) -> (f64, f64) {
    let text = std::fs::read_to_string(path).expect("the program wrote its own account");
    unit_programs::own_account(&text).expect("its account is JSON")
}

#[test]
fn a_cpu_bound_program_on_two_processes_shows_its_cpu_time_and_cores() {
    let dir = tempfile::tempdir().unwrap();
    let account = dir.path().join("account.json");
    let (m, samples) = run(&python(CPU_BOUND, &["2", "1.5", account.to_str().unwrap()]));
    assert!(m.succeeded(), "{}", m.outcome());
    let (own_wall, own_cpu) = own_account(&account);

    // 2 × 1.5 s of CPU, within 10 % and Python's start-up.
    assert!(
        m.cpu_seconds >= 3.0 * 0.9 && m.cpu_seconds <= 3.0 * 1.1 + 0.3,
        "CPU time {} s for 2 × 1.5 s",
        m.cpu_seconds
    );
    assert!((m.cpu_seconds - own_cpu).abs() <= 0.1 * own_cpu + 0.3);
    // Cores: CPU over wall. pcwiz's wall also counts Python's start-up, which a loaded
    // machine stretches, so its figure sits between the program's own and that over the
    // up-to-a-second longer wall it is allowed below (10 % either side).
    let own_cores = own_cpu / own_wall;
    let with_start_up = own_cpu / (own_wall + 1.0);
    assert!(
        m.cores_used >= 0.9 * with_start_up && m.cores_used <= 1.1 * own_cores,
        "pcwiz says {} cores, the program {own_cores} ({with_start_up} with a second of start-up)",
        m.cores_used
    );
    assert!((m.cores_used - m.cpu_seconds / m.wall_seconds).abs() < 1e-9);
    // pcwiz's wall time covers the program's, and not much more.
    assert!(m.wall_seconds >= own_wall && m.wall_seconds <= own_wall + 1.0);
    assert!(m.peak_processes >= 3, "parent and two workers seen");

    // The live stream: samples every 100 ms or so, time running forward, CPU climbing.
    assert!(samples.len() >= 10, "{} samples", samples.len());
    assert!(samples.windows(2).all(
        |w| w[1].elapsed_seconds > w[0].elapsed_seconds && w[1].cpu_seconds >= w[0].cpu_seconds
    ));
    assert!(
        samples.iter().any(|s| s.cores_now > 0.5),
        "busy cores seen live"
    );
}

#[test]
fn memory_split_over_two_processes_is_summed_over_the_tree() {
    let (m, samples) = run(&python(MEMORY_HUNGRY, &["2", "200", "1.5"]));
    assert!(m.succeeded(), "{}", m.outcome());
    let peak_mib = m.peak_memory_bytes as f64 / MIB;
    // 400 MiB held; at most 40 MiB of interpreter per process (three processes) on top.
    assert!(
        (400.0..=400.0 + 3.0 * 40.0).contains(&peak_mib),
        "peak {peak_mib:.0} MiB for 2 × 200 MiB"
    );
    assert!((m.peak_memory_gib() - peak_mib / 1024.0).abs() < 1e-9);
    // Seen while it ran, not only at the end.
    assert!(
        samples
            .iter()
            .any(|s| s.rss_bytes as f64 / MIB >= 400.0 && s.processes >= 3)
    );
    assert!(m.cores_used < 1.5, "mostly asleep: {} cores", m.cores_used);
}

#[test]
fn a_failing_command_is_measured_and_says_how_it_ended() {
    let (m, _) = run(&["sh".into(), "-c".into(), "exit 3".into()]);
    assert!(!m.succeeded());
    assert_eq!(m.outcome(), "exit 3");
}

#[test]
fn a_missing_command_says_where_to_look() {
    let error = measure(
        &["pcwiz-no-such-program".into()],
        &Options::default(),
        |_| {},
    )
    .unwrap_err();
    assert!(matches!(error, MeasureError::Spawn { .. }));
    let text = error.to_string();
    assert!(
        text.contains("pcwiz-no-such-program") && text.contains("PATH"),
        "{text}"
    );
    let none = measure(&[], &Options::default(), |_| {}).unwrap_err();
    assert!(none.to_string().contains("after --"), "{none}");
}

#[test]
fn stopping_ends_the_whole_tree_at_once() {
    let stop = Arc::new(AtomicBool::new(false));
    let options = Options {
        output: Output::Null,
        stop: Some(stop.clone()),
        ..Options::default()
    };
    let started = Instant::now();
    // A shell with a child: both must go.
    let command: Vec<String> = ["sh", "-c", "sleep 30 & wait"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let m = measure(&command, &options, |s| {
        if s.elapsed_seconds > 0.3 {
            stop.store(true, Ordering::Relaxed);
        }
    })
    .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stopped promptly"
    );
    assert_eq!(m.outcome(), "killed by signal 15");
}
