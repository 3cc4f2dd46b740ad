//! The idle guard's cost log on a head node, read by one dashboard refresh and drawn on the
//! Cost tab (issue 23): the dashboard's own refresh command, run through the real effect
//! (moto for CloudFormation and EC2, the Price List stand-in, one ssh round trip to an sshd
//! of the test's own), then the app's own drawing. Without the log, the tab says what its
//! chart covers and that the cost so far is a floor.
//!
//! The "head node" is an sshd whose /var is a private overlay, so the log goes where the
//! guard writes it (`/var/lib/pcwiz/nodes-up.jsonl`, as root, in the guard's own line
//! format) without touching this machine's /var.

use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::own_sshd::OwnSshd;
use crate::common::{Harness, Home};
use crate::screens::{app, cluster_row, open_clusters};
use pcwiz::context::Context;
use pcwiz::store::dirs::Dirs;
use pcwiz::tui::action::{Action, Command};
use pcwiz::tui::app::App;
use pcwiz::tui::effects::{self, CommandEnv};

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// A cluster-shaped stack in moto whose head node is an sshd of the test's own.
struct Cluster {
    name: &'static str,
    harness: Harness,
    _stacks: ClusterStacks,
    sshd: OwnSshd,
    home: Home,
}

impl Cluster {
    fn start(name: &'static str) -> Self {
        let harness = Harness::get();
        let stacks = ClusterStacks::start(&harness);
        stacks.create(name, "complete", &["--cluster-user", &harness.ssh_user]);
        let sshd = OwnSshd::start_private(&harness);
        let home = Home::with_ssh_to(&harness, sshd.port);
        Self {
            name,
            harness,
            _stacks: stacks,
            sshd,
            home,
        }
    }
}

/// The dashboard opened on the cluster as the cluster list opens it, and its first refresh run.
/// That refresh meets the head node for the first time, so it also pins its host key
/// (first contact, a connection of its own) before the probe.
fn open_dashboard(cluster: &Cluster) -> App {
    let mut app = app();
    open_clusters(&mut app);
    app.update(Action::ClustersLoaded {
        region: "us-west-2".into(),
        listing: Ok(pcwiz::tui::action::ClusterListing::of(vec![cluster_row(
            cluster.name,
            "CREATE_COMPLETE",
            Some("running"),
            0,
            None,
        )])),
    });
    let commands = press(&mut app, crossterm::event::KeyCode::Enter);
    let sessions = refresh(&mut app, commands, cluster);
    assert_eq!(
        sessions.len(),
        2,
        "first contact pins the host key, then the probe: {sessions:#?}"
    );
    app
}

fn press(app: &mut App, code: crossterm::event::KeyCode) -> Vec<Command> {
    app.update(Action::Key(crossterm::event::KeyEvent::new(
        code,
        crossterm::event::KeyModifiers::NONE,
    )))
}

/// Runs the refresh among `commands` through the real effect, as the app does, and hands
/// its answer to the app; returns the ssh sessions the head node started for it.
fn refresh(app: &mut App, commands: Vec<Command>, cluster: &Cluster) -> Vec<String> {
    let (sshd, home) = (&cluster.sshd, &cluster.home);
    // The budget is looked up on its own, apart from the refresh: left unanswered here.
    let refresh = commands
        .into_iter()
        .find(|c| matches!(c, Command::RefreshCluster { .. }))
        .expect("a refresh");
    let mut env = CommandEnv::from_context(&Context::from_process(None, None));
    env.dirs = Dirs::under(home.path().join("pcwiz"));
    env.ssh_config = Some(home.path().join(".ssh/config"));
    let before = sshd.sessions().len();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let refreshed = runtime.block_on(async {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        effects::spawn(refresh, Arc::new(env), tx);
        tokio::time::timeout(std::time::Duration::from_secs(60), rx.recv())
            .await
            .expect("the refresh answers within a minute")
            .unwrap()
    });
    app.update(refreshed);
    app.wall = chrono::Utc::now();
    sshd.sessions().split_off(before)
}

/// `r`, the next refresh: the one a dashboard left open makes every 20 s.
fn refresh_now(app: &mut App, cluster: &Cluster) {
    let commands = press(app, crossterm::event::KeyCode::Char('r'));
    let sessions = refresh(app, commands, cluster);
    assert_eq!(
        sessions.len(),
        1,
        "one refresh, one ssh round trip: {sessions:#?}"
    );
}

/// Tab `key` of the dashboard at 120×40.
fn tab(app: &mut App, key: char) -> String {
    press(app, crossterm::event::KeyCode::Char(key));
    app.update(Action::Resize(120, 40));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|frame| pcwiz::tui::view::render(app, frame))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn one_refresh_reads_the_guard_s_cost_log_and_the_cost_tab_draws_it() {
    let cluster = Cluster::start("costlog-rev");
    let mut app = open_dashboard(&cluster);

    // Two days ago from 20:00 one c6a.12xlarge; yesterday 02:00 to 06:00 two c6a.12xlarge
    // and an m6a.12xlarge; none since. Whole UTC days, so each day's spend is known.
    let midnight = chrono::Utc::now().timestamp() / DAY * DAY;
    let first = midnight - 2 * DAY + 20 * HOUR;
    let lines = [
        (first, r#""c6a.12xlarge": 1"#),
        (midnight - 2 * DAY + 24 * HOUR, r#""c6a.12xlarge": 0"#),
        (
            midnight - DAY + 2 * HOUR,
            r#""c6a.12xlarge": 2, "m6a.12xlarge": 1"#,
        ),
        (midnight - DAY + 6 * HOUR, ""),
    ];
    // The guard's printf: '{"t": %s, "up": {%s}}\n', appended as root.
    let log: String = lines
        .iter()
        .map(|(t, up)| format!("{{\"t\": {t}, \"up\": {{{up}}}}}\n"))
        .collect();
    let written = cluster.sshd.ssh(
        &cluster.harness,
        &format!(
            "sudo install -d -m 755 /var/lib/pcwiz && printf '%s' '{log}' | sudo tee -a /var/lib/pcwiz/nodes-up.jsonl >/dev/null && wc -l < /var/lib/pcwiz/nodes-up.jsonl"
        ),
    );
    assert_eq!(
        String::from_utf8_lossy(&written.stdout).trim(),
        "4",
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );

    // The log came with the guard, after the dashboard was opened: the next refresh reads
    // it, from the start, in its one round trip.
    refresh_now(&mut app, &cluster);
    let screen = tab(&mut app, '6');
    // The $/hour history spans the log, from its first line.
    let since =
        pcwiz::cluster::cluster_row::age(chrono::DateTime::from_timestamp(first, 0), app.wall);
    assert!(
        screen.contains(&format!("$/hour since {since} ago (the idle guard's log)")),
        "{since}: {screen}"
    );
    // Per day and instance type, priced by the Price List stand-in (FACTS.md's prices).
    let day = |offset: i64| {
        chrono::DateTime::from_timestamp(midnight - offset * DAY, 0)
            .unwrap()
            .format("%Y-%m-%d")
            .to_string()
    };
    let c6a = 1.836;
    let m6a = 2.0736;
    for (date, total, parts) in [
        (day(2), 4.0 * c6a, format!("c6a.12xlarge ${:.2}", 4.0 * c6a)),
        (
            day(1),
            4.0 * (2.0 * c6a + m6a),
            format!(
                "c6a.12xlarge ${:.2} · m6a.12xlarge ${:.2}",
                8.0 * c6a,
                4.0 * m6a
            ),
        ),
        (day(0), 0.0, "no compute node up".to_string()),
    ] {
        let row = format!("  {date}  {:>9}  {parts}", format!("${total:.2}"));
        assert!(screen.contains(&row), "{row}: {screen}");
    }
    assert!(!screen.contains("no cost log on the head node"), "{screen}");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn without_the_log_the_cost_tab_says_its_chart_covers_the_refreshes_and_the_cost_is_a_floor() {
    let cluster = Cluster::start("nolog-rev");
    let mut app = open_dashboard(&cluster);
    refresh_now(&mut app, &cluster);
    let screen = tab(&mut app, '6');
    assert!(
        screen.contains(
            "$/hour over the last 2 refreshes (no cost log on the head node: the idle guard keeps one, g)"
        ),
        "{screen}"
    );
    assert!(
        screen.contains("Spent since created")
            && screen.contains("instances up now since their launch"),
        "the cost so far, labelled a floor: {screen}"
    );
    assert!(
        !screen.contains("Compute spend per day"),
        "no per-day table without the log: {screen}"
    );
    let overview = tab(&mut app, '1');
    assert!(overview.contains("(a floor)"), "{overview}");
}
