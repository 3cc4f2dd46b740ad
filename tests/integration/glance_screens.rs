//! The Overview, Nodes, Jobs and Cost tabs as a person glances at them, at the sizes
//! terminals come in (80×24, 120×40, 200×50), for three runs made from the same refresh
//! (`glance_runs.rs`: healthy; in trouble, with a node idle and billing, one EC2 will not
//! start for capacity, failed jobs and HSDS refusing requests; finished), each with the
//! idle guard's cost log since the cluster was created. Snapshots are text drawn with
//! NO_COLOR: every state shows as a glyph and a word, and `colour_only_repeats_...` checks
//! that colour adds nothing the text lacks and stays within a 16-colour terminal's.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::glance_runs::{Run, dashboard};
use crate::screens::open_dashboard;
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

/// The sizes terminals come in.
const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 50)];

/// Each run's tab at each size, snapshotted as `{tab}_{run}_{W}x{H}` after `check` (what a
/// user would notice) holds on it.
fn each_run_and_size(tab: char, name: &str, check: impl Fn(Run, (u16, u16), &str)) {
    for run in Run::ALL {
        let mut app = dashboard(run);
        key(&mut app, tab);
        for (width, height) in SIZES {
            let screen = draw_at(&mut app, width, height);
            check(run, (width, height), &screen);
            insta::assert_snapshot!(format!("{name}_{}_{width}x{height}", run.name()), screen);
        }
    }
}

#[test]
fn the_overview_at_three_sizes_says_what_runs_what_is_wrong_and_what_it_costs() {
    each_run_and_size('1', "overview", |run, size, screen| {
        assert!(screen.contains("█ busy"), "{size:?}: {screen}");
        match run {
            // The costliest alert first, with the key that acts on it.
            Run::InTrouble => assert!(
                screen.contains("[f] ! 1 node idle past the 10-min scale-down"),
                "{size:?}: {screen}"
            ),
            Run::Healthy | Run::Finished => {
                assert!(screen.contains("✔ No alerts"), "{size:?}: {screen}")
            }
        }
        if run == Run::Finished {
            assert!(
                screen.contains("no compute node up to ask"),
                "{size:?}: {screen}"
            );
        }
    });
    // Wide: two columns, and the sparkline spans the cluster's life from the guard's log.
    let wide = draw_at(&mut dashboard(Run::InTrouble), 200, 50);
    assert!(
        wide.contains("$/hour since 1 day ago (the idle guard's log)")
            || wide.contains("$/hour since 2 days ago (the idle guard's log)"),
        "{wide}"
    );
    assert!(
        wide.contains("HSDS   ◐✖"),
        "the node refusing requests has its own glyph: {wide}"
    );
    let healthy = draw_at(&mut dashboard(Run::Healthy), 200, 50);
    assert!(healthy.contains("HSDS   ●● 2 ready"), "{healthy}");
}

#[test]
fn the_nodes_tab_heads_each_queue_with_its_counts_and_says_why_ec2_would_not_start_one() {
    each_run_and_size('2', "nodes", |run, size, screen| {
        let headings: Vec<&str> = screen.lines().filter(|l| l.contains(" nodes: ")).collect();
        // A heading per queue; at 24 rows the second queue is a scroll away.
        let queues = if size.1 > 24 { 2 } else { 1 };
        assert_eq!(headings.len(), queues, "{size:?}: {screen}");
        match run {
            Run::InTrouble => {
                assert!(
                    headings[0].contains(
                        "standard · 9 nodes: █ 2 busy · ▓ 1 starting · ▒ 1 idle · ░ 4 off · ✖ 1 down"
                    ),
                    "{size:?}: {screen}"
                );
                // Under the node, in words, whatever the width.
                assert!(
                    screen.contains("↳ EC2 has no spare capacity for this instance type"),
                    "{size:?}: {screen}"
                );
                assert!(
                    screen.contains("(InsufficientInstanceCapacity)"),
                    "{size:?}: {screen}"
                );
                assert!(
                    screen.contains("▒ idle!") && screen.contains("idle 15m, billing"),
                    "{size:?}: {screen}"
                );
            }
            Run::Healthy => assert!(
                headings[0].contains("standard · 9 nodes: █ 3 busy · ▓ 1 starting · ░ 5 off"),
                "{size:?}: {screen}"
            ),
            Run::Finished => assert!(
                headings[0].contains("standard · 9 nodes: ░ 9 off"),
                "{size:?}: {screen}"
            ),
        }
    });
}

#[test]
fn the_jobs_tab_shows_each_state_as_a_glyph_and_word_under_the_rev_pipeline_and_filters() {
    each_run_and_size('3', "jobs", |run, size, screen| {
        // reV's steps as bars above the table.
        let rev = screen.find("reV generation").expect(screen);
        let table = screen.find("reason / exit").expect(screen);
        assert!(rev < table, "{size:?}: {screen}");
        match run {
            Run::InTrouble => assert!(
                screen.contains("✖ FAILED") && screen.contains("▓ RUNNING"),
                "{size:?}: {screen}"
            ),
            Run::Healthy => assert!(
                !screen.contains('✖') && screen.contains("░ PENDING"),
                "nothing failed: {size:?}: {screen}"
            ),
            Run::Finished => assert!(
                screen.contains("█ COMPLETED") && screen.contains("1 of 1 jobs done · successful"),
                "{size:?}: {screen}"
            ),
        }
    });
    // `/` still filters, and the bars above keep counting every job.
    let mut app = dashboard(Run::InTrouble);
    key(&mut app, '3');
    for c in "/fail".chars() {
        key(&mut app, c);
    }
    let screen = draw_at(&mut app, 120, 40);
    assert!(screen.contains("Filter: fail▏  1 job(s)"), "{screen}");
    assert!(!screen.contains("▓ RUNNING"), "{screen}");
    assert!(
        screen.contains("3 running · 4 pending · 4 failed"),
        "{screen}"
    );
}

#[test]
fn the_cost_tab_at_three_sizes_draws_the_cluster_s_life_from_the_guard_s_log() {
    each_run_and_size('6', "cost", |run, size, screen| {
        if run == Run::Finished {
            // 2026-11-21: 6 × $1.836 from 00:00 to 03:00, then 4 × until 06:00, none after.
            let day = (6.0 * 3.0 + 4.0 * 3.0) * 1.836;
            assert!(
                screen.contains(&format!("2026-11-21  {:>9}", format!("${day:.2}"))),
                "{day}: {size:?}: {screen}"
            );
        }
        assert!(
            screen.contains("(the idle guard's log)"),
            "{size:?}: {screen}"
        );
        assert!(
            screen.contains("Compute spend per day (UTC), by instance type:"),
            "{size:?}: {screen}"
        );
    });
}

/// Colour repeats what the text says and nothing more: the same tab drawn with and without
/// colour has the same text, NO_COLOR leaves every cell uncoloured, and colour sticks to
/// the 16 a plain terminal has.
#[test]
fn colour_only_repeats_what_glyphs_and_words_say() {
    use ratatui::style::Color;
    for run in Run::ALL {
        for tab in ['1', '2', '3', '6'] {
            let mut drawn = vec![];
            for color in [true, false] {
                let mut app = dashboard(run);
                app.theme = pcwiz::tui::theme::Theme { color };
                key(&mut app, tab);
                app.update(Action::Resize(120, 40));
                let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
                terminal
                    .draw(|frame| pcwiz::tui::view::render(&app, frame))
                    .unwrap();
                let buffer = terminal.backend().buffer().clone();
                let colours: Vec<Color> = buffer
                    .content()
                    .iter()
                    .flat_map(|c| [c.fg, c.bg])
                    .filter(|c| *c != Color::Reset)
                    .collect();
                if color {
                    assert!(!colours.is_empty(), "{run:?} tab {tab}: no colour at all");
                    assert!(
                        colours
                            .iter()
                            .all(|c| !matches!(c, Color::Rgb(..) | Color::Indexed(_))),
                        "{run:?} tab {tab}: beyond 16 colours: {colours:?}"
                    );
                } else {
                    assert!(colours.is_empty(), "{run:?} tab {tab}: NO_COLOR coloured");
                }
                drawn.push(terminal.backend().to_string());
            }
            assert_eq!(drawn[0], drawn[1], "{run:?} tab {tab}");
        }
    }
}

#[test]
fn the_cost_tab_draws_the_cluster_s_life_and_its_spend_per_day() {
    let mut app = dashboard(Run::InTrouble);
    key(&mut app, '6');
    let screen = draw_at(&mut app, 120, 40);
    assert!(screen.contains("(the idle guard's log)"), "{screen}");
    // 2026-11-20: 4 × $1.836 from 00:00 to 02:00, then 6 × from 09:00 to midnight.
    let day = 4.0 * 1.836 * 2.0 + 6.0 * 1.836 * 15.0;
    assert!(
        screen.contains(&format!("2026-11-20  {:>9}", format!("${day:.2}"))),
        "{day}: {screen}"
    );
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
