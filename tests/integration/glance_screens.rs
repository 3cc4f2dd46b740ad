//! The Overview and the Cost tab as a person glances at them, at the sizes terminals come
//! in (80×24, 120×40, 200×50), from the same refresh: a run in trouble (a node idle and
//! billing, one EC2 will not start, failed jobs, HSDS refusing requests) with the idle
//! guard's cost log since the cluster was created; and the same cluster healthy.
//! Snapshots are text: every state shows as a glyph and a word, so what they show holds
//! without colour (NO_COLOR, a 16-colour terminal) as well.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::screens::{open_dashboard, refreshed};
use pcwiz::cluster::cost_history::NodesUp;
use pcwiz::tui::action::Action;
use pcwiz::tui::app::App;

fn draw_at(app: &mut App, width: u16, height: u16) -> String {
    app.update(Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| pcwiz::tui::view::render(app, frame))
        .unwrap();
    terminal.backend().to_string()
}

fn key(app: &mut App, c: char) {
    app.update(Action::Key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char(c),
        crossterm::event::KeyModifiers::NONE,
    )));
}

/// The guard's log since the cluster was created (2026-11-19 12:00 UTC): none up, then
/// four c6a.12xlarge for a night's run, none, six, and four now.
fn cost_log() -> Vec<NodesUp> {
    let at = |s: &str| {
        s.parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
            .timestamp()
    };
    let up = |n: u32| {
        [("c6a.12xlarge".to_string(), n)]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .collect()
    };
    vec![
        NodesUp {
            t: at("2026-11-19T12:05:00Z"),
            up: up(0),
        },
        NodesUp {
            t: at("2026-11-19T14:00:00Z"),
            up: up(4),
        },
        NodesUp {
            t: at("2026-11-20T02:00:00Z"),
            up: up(0),
        },
        NodesUp {
            t: at("2026-11-20T09:00:00Z"),
            up: up(6),
        },
        NodesUp {
            t: at("2026-11-21T03:00:00Z"),
            up: up(4),
        },
    ]
}

fn in_trouble_with_its_cost_log() -> App {
    let mut app = open_dashboard();
    let mut refresh = refreshed(true, 40);
    if let Some(Ok(report)) = refresh.refresh.probe.as_mut() {
        report.nodes_up = Some(cost_log());
    }
    app.update(Action::ClusterRefreshed {
        name: "rev-conus".into(),
        refreshed: Box::new(refresh),
    });
    app
}

#[test]
fn the_overview_at_three_sizes_says_what_runs_what_is_wrong_and_what_it_costs() {
    let mut app = in_trouble_with_its_cost_log();
    for (width, height) in [(80, 24), (120, 40), (200, 50)] {
        let screen = draw_at(&mut app, width, height);
        // The costliest alert first, with the key that acts on it.
        assert!(
            screen.contains("[f] ! 1 node idle past the 10-min scale-down"),
            "{width}×{height}: {screen}"
        );
        assert!(screen.contains("█ busy"), "{width}×{height}: {screen}");
        insta::assert_snapshot!(format!("overview_in_trouble_{width}x{height}"), screen);
    }
    // Wide: two columns, and the sparkline spans the cluster's life from the guard's log.
    let wide = draw_at(&mut app, 200, 50);
    assert!(
        wide.contains("$/hour since 1 day ago (the idle guard's log)")
            || wide.contains("$/hour since 2 days ago (the idle guard's log)"),
        "{wide}"
    );
    assert!(
        wide.contains("HSDS   ◐✖"),
        "the node refusing requests has its own glyph: {wide}"
    );
}

#[test]
fn the_cost_tab_draws_the_cluster_s_life_and_its_spend_per_day() {
    let mut app = in_trouble_with_its_cost_log();
    key(&mut app, '6');
    let screen = draw_at(&mut app, 120, 40);
    assert!(screen.contains("(the idle guard's log)"), "{screen}");
    // 2026-11-20: 4 × $1.836 from 00:00 to 02:00, then 6 × from 09:00 to midnight.
    let day = 4.0 * 1.836 * 2.0 + 6.0 * 1.836 * 15.0;
    assert!(
        screen.contains(&format!("2026-11-20  {:>9}", format!("${day:.2}"))),
        "{day}: {screen}"
    );
    insta::assert_snapshot!("cost_tab_with_the_guards_log_120x40", screen);
}

#[test]
fn without_the_guard_s_log_the_chart_says_what_it_covers() {
    let mut app = open_dashboard();
    key(&mut app, '6');
    let screen = draw_at(&mut app, 120, 40);
    assert!(
        screen.contains("no cost log on the head node: the idle guard keeps one, g"),
        "{screen}"
    );
}
