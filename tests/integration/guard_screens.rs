//! The guardrails on screen: the idle guard's sentence under the dashboard's tabs and `g`
//! arming or removing it, the budget on the Cost tab, and a head node the guard parked in
//! the cluster list. State is built by the actions the event loop sends.

use crossterm::event::KeyCode;

use crate::screens::{app, cluster_row, draw, key, now, open_clusters, open_dashboard, refreshed};
use pcwiz::cluster::budget::{BudgetSeen, Spend};
use pcwiz::cluster::guard::{GuardSeen, GuardState};
use pcwiz::tui::action::{Action, Command};

/// The head node's clock in `refreshed()`: 2026-11-21 06:44:57 UTC.
const CLOCK: i64 = 1_795_243_497;

fn with_guard(app: &mut pcwiz::tui::app::App, guard: GuardSeen) {
    let mut refreshed = refreshed(true, 0);
    if let Some(Ok(report)) = refreshed.refresh.probe.as_mut() {
        report.guard = guard;
    }
    app.update(Action::ClusterRefreshed {
        name: "rev-conus".into(),
        refreshed: Box::new(refreshed),
    });
}

fn armed() -> GuardState {
    GuardState {
        armed: true,
        window_minutes: 60,
        grace_seconds: 120,
        shutdown_behaviour: "stop".into(),
        last_check: Some(CLOCK - 60),
        last_busy: Some(CLOCK - 20 * 60),
        busy: vec![],
        static_nodes: 0,
        stops_at: Some(CLOCK - 20 * 60 + 60 * 60),
        will_not_act: None,
        acted_at: None,
        last_action: None,
    }
}

#[test]
fn the_guard_is_said_under_the_tabs_and_g_arms_or_removes_it() {
    let mut app = open_dashboard();
    // No guard on the head node: said as a warning, with the key that arms one.
    let screen = draw(&app);
    assert!(
        screen.contains("idle guard: off (nothing stops an idle head node) · g to change"),
        "{screen}"
    );
    key(&mut app, KeyCode::Char('g'));
    let screen = draw(&app);
    assert!(
        screen.contains("Arm the idle guard (60 minutes)?"),
        "{screen}"
    );
    assert!(screen.contains("storage still bills"), "{screen}");
    insta::assert_snapshot!("dashboard_arm_the_guard_question", screen);
    let go = app.update(Action::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('y'),
        crossterm::event::KeyModifiers::NONE,
    )));
    assert!(
        matches!(go.as_slice(), [Command::SetGuard { name, head_instance_id, idle_minutes: Some(60), target, .. }]
            if name == "rev-conus" && head_instance_id == "i-0head" && target.host == "54.201.3.4"),
        "{go:?}"
    );
    assert!(draw(&app).contains("Arming the idle guard on the head node…"));
    let again = app.update(Action::DashboardActionDone {
        name: "rev-conus".into(),
        result: Ok("Idle guard armed: the head node stops after 60 idle minutes.".into()),
    });
    assert!(
        matches!(again.as_slice(), [Command::RefreshCluster { .. }]),
        "the next refresh reads the guard's state: {again:?}"
    );
    // Armed and idle: when it will act, in the user's time.
    with_guard(&mut app, GuardSeen::State(armed()));
    let screen = draw(&app);
    assert!(
        screen.contains("idle guard: stops the head node at 07:24 unless a job starts"),
        "{screen}"
    );
    insta::assert_snapshot!("dashboard_with_the_guard_armed", screen);
    key(&mut app, KeyCode::Char('g'));
    assert!(draw(&app).contains("Remove the idle guard?"));
    let off = app.update(Action::Key(crossterm::event::KeyEvent::new(
        KeyCode::Enter,
        crossterm::event::KeyModifiers::NONE,
    )));
    assert!(
        matches!(
            off.as_slice(),
            [Command::SetGuard {
                idle_minutes: None,
                ..
            }]
        ),
        "{off:?}"
    );
    // A static node keeps it from acting: said, as a warning.
    app.update(Action::DashboardActionDone {
        name: "rev-conus".into(),
        result: Ok("done".into()),
    });
    let mut standing_down = armed();
    standing_down.static_nodes = 2;
    standing_down.stops_at = None;
    standing_down.will_not_act =
        Some("2 static compute nodes (MinCount > 0) keep running by design".into());
    with_guard(&mut app, GuardSeen::State(standing_down));
    assert!(
        draw(&app).contains("idle guard: will not act: 2 static compute nodes"),
        "{}",
        draw(&app)
    );
}

#[test]
fn g_without_a_running_head_node_says_what_to_do() {
    let mut app = open_dashboard();
    let mut refreshed = refreshed(false, 0);
    if let Ok(instances) = refreshed.refresh.instances.as_mut() {
        instances
            .iter_mut()
            .filter(|i| i.node_type == "HeadNode")
            .for_each(|h| h.state = "stopped".into());
    }
    app.update(Action::ClusterRefreshed {
        name: "rev-conus".into(),
        refreshed: Box::new(refreshed),
    });
    key(&mut app, KeyCode::Char('g'));
    let screen = draw(&app);
    assert!(screen.contains("No running head node to guard"), "{screen}");
    assert!(
        screen.contains("start it first (h, or p to resume)"),
        "{screen}"
    );
}

#[test]
fn the_cost_tab_shows_the_budget_or_how_to_make_one() {
    let mut app = open_dashboard();
    key(&mut app, KeyCode::Char('6'));
    assert!(draw(&app).contains("Budget: looking it up…"));
    app.update(Action::BudgetLooked {
        name: "rev-conus".into(),
        result: Ok(None),
    });
    assert!(
        draw(&app).contains("Budget: none; AWS can email you before the month runs over: pcwiz budget rev-conus --monthly USD"),
        "{}",
        draw(&app)
    );
    app.update(Action::BudgetLooked {
        name: "rev-conus".into(),
        result: Ok(Some(BudgetSeen {
            name: "pcwiz-rev-conus-us-west-2".into(),
            monthly_usd: 290.0,
            actual_usd: Some(12.4),
            forecast_usd: Some(180.0),
            by_tag: true,
            alerts: vec![
                (Spend::Actual, 80.0),
                (Spend::Actual, 100.0),
                (Spend::Forecasted, 100.0),
            ],
        })),
    });
    let screen = draw(&app);
    assert!(
        screen.contains("Budget pcwiz-rev-conus-us-west-2: $12.40 of $290.00 this month (4%)"),
        "{screen}"
    );
    insta::assert_snapshot!("dashboard_cost_tab_with_the_budget", screen);
    // An answer for another cluster is not this one's.
    app.update(Action::BudgetLooked {
        name: "other".into(),
        result: Err("AccessDenied".into()),
    });
    assert!(draw(&app).contains("$12.40 of $290.00"));
}

#[test]
fn a_head_node_the_guard_parked_says_so_what_still_bills_and_how_to_resume() {
    let mut app = app();
    app.wall = now();
    open_clusters(&mut app);
    let mut row = cluster_row(
        "rev-conus",
        "CREATE_COMPLETE",
        Some("stopped"),
        0,
        Some(0.0421),
    );
    if let Some(head) = row.head_node.as_mut() {
        head.stopped_by_idle_guard = true;
        head.stopped_at = Some("2026-11-21T03:40:12Z".parse().unwrap());
    }
    row.still_bills = vec![
        "35 GB gp3 root volume".into(),
        "1200 GB FSx for Lustre".into(),
    ];
    app.update(Action::ClustersLoaded {
        region: "us-west-2".into(),
        listing: Ok(pcwiz::tui::action::ClusterListing::of(vec![row])),
    });
    let screen = draw(&app);
    assert!(
        screen.contains("parked by the idle guard at 03:40 · still billing $0.0421/h"),
        "{screen}"
    );
    assert!(
        screen.contains("Enter, then p (or pcwiz resume"),
        "{screen}"
    );
    insta::assert_snapshot!("clusters_with_one_parked_by_the_guard", screen);
}
