//! The dashboard's Jobs tab with 10,000 jobs: parsing squeue's JSON once, then drawing the
//! tab frame after frame (what a refresh and each key cost), and the process's peak memory.
//! The jobs are real Slurm 24.11 records (tests/fixtures/slurm/24.11) repeated with new ids.
//! Not a test: it prints timings and asserts nothing.
//!
//!   cargo bench --bench jobs_tab

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use pcwiz::cluster::cluster_instance::ClusterInstance;
use pcwiz::cluster::probe_report::Report;
use pcwiz::cluster::slurm;
use pcwiz::monitor::priced::Refreshed;
use pcwiz::monitor::status::{Refresh, StackState};
use pcwiz::tui::action::Action;
use pcwiz::tui::app::{App, Screen};
use pcwiz::tui::screens::dashboard::DashboardUi;
use pcwiz::tui::theme::Theme;
use pcwiz::tui::view;

const FIXTURE: &str =
    include_str!("../tests/fixtures/slurm/24.11/squeue_all_states_full_variety.json");
const JOBS: usize = 10_000;

/// squeue --json with JOBS jobs: the fixture's records, cycled, each with its own id. Built
/// as text, so the benchmark's own input costs little memory beyond the text itself.
fn ten_thousand_jobs() -> String {
    let doc: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    let templates: Vec<String> = doc["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|job| {
            let mut job = job.clone();
            job["job_id"] = serde_json::json!(987_654_321);
            job["name"] = serde_json::json!("@NAME@");
            job.to_string()
        })
        .collect();
    let mut text = String::from("{\"meta\":");
    text.push_str(&doc["meta"].to_string());
    text.push_str(",\"errors\":[],\"warnings\":[],\"jobs\":[");
    for n in 0..JOBS {
        if n > 0 {
            text.push(',');
        }
        let job = templates[n % templates.len()]
            .replace("987654321", &(100_000 + n).to_string())
            .replace("@NAME@", &format!("rev_gen_{n}"));
        text.push_str(&job);
    }
    text.push_str("]}");
    text
}

/// Peak resident memory of this process (VmHWM), in MiB.
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// Resets the peak (Linux: writing 5 to clear_refs), so the peak measured is pcwiz's, not
/// the cost of building the benchmark's input.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn main() {
    let json = ten_thousand_jobs();
    let megabytes = json.len() as f64 / 1e6;
    reset_peak();
    let start = Instant::now();
    let jobs = slurm::parse_squeue(&json).unwrap();
    let parse = start.elapsed();
    assert_eq!(jobs.items.len(), JOBS);

    let (mut dashboard, _) = DashboardUi::open("rev-conus", "us-west-2");
    let refresh = Refresh {
        stack: Ok(StackState {
            status: "CREATE_COMPLETE".into(),
            reason: None,
            user: Some("ubuntu".into()),
            created: None,
            events: vec![],
        }),
        instances: Ok(Vec::<ClusterInstance>::new()),
        probe: Some(Ok(Report {
            host: "head".into(),
            time: 1_795_243_497,
            jobs: Ok(jobs),
            nodes: Err("not in this benchmark".into()),
            hsds: vec![],
            rev: None,
            guard: pcwiz::cluster::guard::GuardSeen::NotInstalled,
            nodes_up: None,
        })),
        target: None,
        host_key: None,
        took: Duration::from_millis(400),
        ssh_took: Some(Duration::from_millis(300)),
    };
    dashboard.refreshed(
        Refreshed {
            refresh,
            usd_per_hour: Some(3.98),
            storage_usd_per_hour: Some(0.0),
            book: pcwiz::cluster::price_book::PriceBook::new("us-west-2"),
            scaledown_minutes: 10,
            rev_dir: None,
            hsds_data: None,
        },
        Instant::now(),
    );
    let mut app = App::new(Theme { color: true }, 120, 40);
    app.dashboard = Some(dashboard);
    app.screen = Screen::Dashboard;
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('3'),
        KeyModifiers::NONE,
    )));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();

    // Scroll down the list a key at a time, drawing each frame.
    let mut frames = Vec::new();
    for _ in 0..300 {
        let start = Instant::now();
        app.update(Action::Key(KeyEvent::new(
            KeyCode::Down,
            KeyModifiers::NONE,
        )));
        terminal.draw(|f| view::render(&app, f)).unwrap();
        frames.push(start.elapsed());
    }
    frames.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mean = frames.iter().map(|d| ms(*d)).sum::<f64>() / frames.len() as f64;
    println!(
        "Jobs tab, {JOBS} jobs ({megabytes:.0} MB of squeue JSON): parse {:.1} ms; per frame (key + draw) mean {mean:.2} ms, median {:.2} ms, p99 {:.2} ms; peak memory {:.1} MiB",
        ms(parse),
        ms(frames[frames.len() / 2]),
        ms(frames[frames.len() * 99 / 100]),
        peak_mib()
    );
}
