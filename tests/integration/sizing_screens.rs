//! Snapshots of the sizing screens through ratatui's TestBackend, drawn from the view state
//! the app will hold: the form (empty, and refusing a bad value), a unit being measured and
//! measured, and the plans for the example job (a million reV sites in a day) with
//! the frontier chart, the selected point's settings with and without the HSDS 503
//! warning, and the assumptions.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use pcwiz::cluster::sizing::{
    Candidate, Job, Knobs, MeasuredUnit, candidates, size, snapshot_catalog,
};
use pcwiz::cluster::snapshot;
use pcwiz::measure::{Measurement, Sample};
use pcwiz::tui::screens::sizing::{self, FieldKey, Measuring, Plans, SizingView, Stage};
use pcwiz::tui::theme::Theme;

const WIDTH: u16 = 110;
const HEIGHT: u16 = 36;

fn draw(view: &SizingView) -> String {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    terminal
        .draw(|frame| sizing::render(view, Theme { color: false }, frame, frame.area()))
        .unwrap();
    terminal.backend().to_string()
}

/// The example unit: 200 sites in 9 min on 3.9 cores, 6 GiB at peak.
fn typed_form() -> SizingView {
    let mut view = SizingView::new();
    let form = &mut view.form;
    form.set(FieldKey::UnitSeconds, "540");
    form.set(FieldKey::UnitCores, "3.9");
    form.set(FieldKey::UnitMemGib, "6");
    form.set(FieldKey::SitesPerUnit, "200");
    form.set(FieldKey::Sites, "1000000");
    form.set(FieldKey::Deadline, "24");
    view
}

/// The default candidates with their offline snapshot prices in us-west-2.
fn candidates() -> Vec<Candidate> {
    candidates::default_names()
        .iter()
        .map(|name| Candidate {
            instance: snapshot_catalog::describe(name).unwrap(),
            price: snapshot::on_demand(name, "us-west-2"),
        })
        .collect()
}

fn plans(knobs: Knobs) -> SizingView {
    let mut view = typed_form();
    let unit: MeasuredUnit = view.form.unit().unwrap();
    let job: Job = view.form.job().unwrap();
    let sizing = size(&unit, &job, &knobs, &candidates()).unwrap();
    let now = "2026-11-21T12:00:00Z".parse().unwrap();
    view.plans = Some(Plans::new(
        sizing,
        now,
        "unknown offline",
        "us-west-2",
        "on-demand",
    ));
    view.stage = Stage::Plans;
    view
}

fn sample(elapsed: f64, mib: u64, cores: f64) -> Sample {
    Sample {
        elapsed_seconds: elapsed,
        processes: 2,
        rss_bytes: mib << 20,
        peak_rss_bytes: mib << 20,
        cpu_seconds: elapsed * cores,
        cores_now: cores,
    }
}

fn measuring() -> SizingView {
    let mut view = SizingView::new();
    let mut measuring = Measuring::new("reV generation -c config_gen.json");
    // reV starting (imports), then computing sites: memory climbs, one core busy.
    for i in 0..40u64 {
        let t = i as f64 * 0.5;
        measuring.push(sample(
            t,
            120 + i.min(20) * 30,
            if i < 8 { 0.6 } else { 0.97 },
        ));
    }
    view.measuring = Some(measuring);
    view.stage = Stage::Measuring;
    view.frame = 3;
    view
}

#[test]
fn the_form_asks_for_a_command_or_the_units_numbers() {
    let view = SizingView::new();
    let screen = draw(&view);
    assert!(screen.contains("› Measure a command"));
    insta::assert_snapshot!("sizing_form_empty", screen);
}

#[test]
fn the_form_names_the_field_it_cannot_read() {
    let mut view = typed_form();
    view.form.set(FieldKey::UnitCores, "four");
    view.form.focus = 2;
    view.form.error = view.form.unit().err();
    let screen = draw(&view);
    assert!(screen.contains("✖ Cores it used: \"four\" is not a number"));
    insta::assert_snapshot!("sizing_form_error", screen);
}

#[test]
fn a_running_measurement_shows_the_tree_live() {
    let screen = draw(&measuring());
    assert!(screen.contains("2 processes · 0.70 GiB now"));
    assert!(screen.contains("Esc stops it"));
    insta::assert_snapshot!("sizing_measuring", screen);
}

#[test]
fn a_finished_measurement_says_what_was_measured() {
    let mut view = measuring();
    let measured = Measurement {
        command: vec![
            "sh".into(),
            "-c".into(),
            "reV generation -c config_gen.json".into(),
        ],
        wall_seconds: 24.5,
        cpu_seconds: 22.8,
        cores_used: 22.8 / 24.5,
        peak_memory_bytes: 876 << 20,
        peak_processes: 2,
        exit_code: Some(0),
        signal: None,
        samples: 245,
        interval_ms: 100,
    };
    view.form.fill_from(&measured);
    view.measuring.as_mut().unwrap().result = Some(Ok(measured));
    let screen = draw(&view);
    assert!(
        screen.contains("✔ Measured: 24.5 s wall, 22.8 s CPU (0.93 cores), 0.86 GiB peak, exit 0")
    );
    assert_eq!(sizing::KEYS.footer(&view)[0], ("⏎", "size it"));
    insta::assert_snapshot!("sizing_measured", screen);
}

#[test]
fn the_plans_show_the_cheapest_selected_its_settings_and_the_503_risk() {
    let view = plans(Knobs::default());
    let screen = draw(&view);
    // c6a.24xlarge: 89 workers, 2 nodes, the cheapest; 89 × 4 requests overrun HSDS's 100.
    assert!(screen.contains("› c6a.24xlarge  89 (memory)"), "{screen}");
    assert!(screen.contains("cheapest"));
    assert!(screen.contains("fastest"));
    assert!(screen.contains("fills in the queue (c6a.24xlarge, MaxCount 2)"));
    assert!(screen.contains("! HSDS 503 risk: 89 workers"));
    assert!(screen.contains("Cost against time to finish"));
    insta::assert_snapshot!("sizing_plans", screen);
}

#[test]
fn with_pcwiz_override_the_selected_point_keeps_within_hsds() {
    let mut view = plans(Knobs {
        hsds_max_task_count: 400,
        ..Knobs::default()
    });
    let plans = view.plans.as_mut().unwrap();
    plans.move_by(1);
    let selected = plans.rows[plans.selected].instance_type.clone();
    let screen = draw(&view);
    assert!(screen.contains(&format!("fills in the queue ({selected}, MaxCount")));
    assert!(screen.contains("✔ HSDS:"), "{screen}");
    assert!(!screen.contains("503 risk"));
    insta::assert_snapshot!("sizing_plans_second_within_hsds", screen);
}

#[test]
fn a_keypress_shows_what_the_plan_assumes() {
    let mut view = plans(Knobs::default());
    view.plans.as_mut().unwrap().show_assumptions = true;
    let screen = draw(&view);
    assert!(screen.contains("What the plan assumes"));
    assert!(screen.contains("• Linear scaling per core"));
    assert_eq!(sizing::KEYS.footer(&view)[2], ("a", "assumptions"));
    insta::assert_snapshot!("sizing_plans_assumptions", screen);
}
