//! Snapshots of the clean-up screen through ratatui's TestBackend, driven by the same
//! actions the event loop sends: the door, the plan and its ticks, the typed name, a run
//! with a failure, and parking; with the commands each step asks the background for.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use pcwiz::cleanup::park::ParkReport;
use pcwiz::cleanup::{Kind, Outcome, Plan, Progress};
use pcwiz::cluster::cluster_instance::ClusterInstance;
use pcwiz::cluster::cluster_row::{ClusterRow, HeadNodeRow};
use pcwiz::tui::action::{Action, Command};
use pcwiz::tui::app::{App, Screen};
use pcwiz::tui::theme::Theme;
use pcwiz::tui::view;

const WIDTH: u16 = 100;
const HEIGHT: u16 = 28;

fn app() -> App {
    App::new(Theme { color: false }, WIDTH, HEIGHT).with_configured_region(Some("us-west-2".into()))
}

fn draw(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    terminal.draw(|frame| view::render(app, frame)).unwrap();
    terminal.backend().to_string()
}

fn key(app: &mut App, code: KeyCode) -> Vec<Command> {
    app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn row(name: &str) -> ClusterRow {
    ClusterRow {
        name: name.into(),
        status: "CREATE_COMPLETE".into(),
        version: Some("3.16.1".into()),
        region: "us-west-2".into(),
        created: None,
        head_node: Some(HeadNodeRow {
            state: "running".into(),
            public_ip: Some("54.201.3.4".into()),
            private_ip: Some("10.0.1.5".into()),
            instance_type: "t3.large".into(),
            stopped_by_idle_guard: false,
            stopped_at: None,
        }),
        nodes_up: 1,
        usd_per_hour: Some(1.9192),
        still_bills: vec![],
        in_history: true,
    }
}

/// What the engine finds for a reV cluster launched from pcwiz: ticked by default all that
/// bills or clutters, not data (the volume, the snapshot, the local config).
fn plan() -> Plan {
    let tag = "tagged parallelcluster:cluster-name=rev";
    let mut plan = Plan::new("rev", "us-west-2");
    plan.acting_as = "account 123456789012, profile lab, us-west-2".into();
    plan.add(
        Kind::ComputeInstance,
        "i-0c6a12x1a2b3c4d5e",
        "c6a.12xlarge, running".into(),
        tag.into(),
    )
    .usd_per_month = Some(1340.28);
    plan.add(
        Kind::ClusterStack,
        "rev",
        "CREATE_COMPLETE, with its head node".into(),
        "the cluster's own CloudFormation stack".into(),
    );
    plan.add(
        Kind::EbsVolume,
        "vol-0a1b2c3d4e5f60718",
        "gp3 100 GiB, available".into(),
        tag.into(),
    )
    .usd_per_month = Some(8.0);
    plan.add(
        Kind::EbsSnapshot,
        "snap-0f1e2d3c4b5a69788",
        "100 GiB, of vol-0a1b2c3d4e5f60718".into(),
        tag.into(),
    )
    .cost_note = Some("billed on changed blocks only".into());
    plan.add(
        Kind::LogGroup,
        "/aws/parallelcluster/rev-202611211200",
        "14-day retention".into(),
        tag.into(),
    )
    .cost_note = Some("storage size unknown".into());
    plan.add(
        Kind::NetworkStack,
        "pcwiz-net-usw2a-20261121",
        "NAT gateway nat-0ab12cd34".into(),
        "pcwiz's history: the wizard made it for rev".into(),
    )
    .usd_per_month = Some(32.85);
    plan.add(
        Kind::KeyPair,
        "rev-ed25519",
        "ed25519, imported by pcwiz".into(),
        "pcwiz's history: imported for rev".into(),
    );
    plan.add(
        Kind::LocalFile,
        "~/.local/share/pcwiz/configs/rev.yaml",
        "the reviewed config".into(),
        "pcwiz's history: saved for rev".into(),
    );
    plan.left_alone.push(
        "s3 bucket parallelcluster-a1b2c3-v1-do-not-delete: shared by every cluster in the region"
            .into(),
    );
    plan.problems
        .push("AWS denied fsx:DescribeFileSystems (AccessDenied)".into());
    plan
}

/// The "Clean up a cluster" door (the fourth without a draft), the list, then `rev`.
fn open_plan() -> App {
    let mut app = app();
    let listed = key(&mut app, KeyCode::Char('4'));
    assert_eq!(app.screen, Screen::Clusters);
    assert_eq!(
        listed,
        [Command::LoadClusters {
            region: "us-west-2".into()
        }]
    );
    app.update(Action::ClustersLoaded {
        region: "us-west-2".into(),
        listing: Ok(pcwiz::tui::action::ClusterListing::of(vec![row("rev")])),
    });
    let list = draw(&app);
    assert!(
        list.contains("Clean up which cluster? (Enter: plan)"),
        "{list}"
    );
    assert!(list.contains("⏎ plan clean-up"), "{list}");
    // The sweep entry comes first; the clusters below it.
    key(&mut app, KeyCode::Down);
    let asked = key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::CleanUp);
    assert_eq!(
        asked,
        [Command::PlanCleanup {
            name: "rev".into(),
            region: "us-west-2".into()
        }],
        "opening looks, and touches nothing"
    );
    app
}

fn planned(app: &mut App) {
    app.update(Action::CleanupPlanned {
        name: "rev".into(),
        plan: Ok(Box::new(plan())),
    });
}

#[test]
fn the_list_asks_which_cluster_to_clean_up() {
    let mut app = app();
    key(&mut app, KeyCode::Char('4'));
    let mut gone = row("old-rev");
    gone.status = "deleted".into();
    gone.head_node = None;
    gone.usd_per_hour = None;
    gone.nodes_up = 0;
    app.update(Action::ClustersLoaded {
        region: "us-west-2".into(),
        listing: Ok(pcwiz::tui::action::ClusterListing::of(vec![
            row("rev"),
            gone,
        ])),
    });
    let screen = draw(&app);
    assert!(
        screen.contains("› Anything still billing in us-west-2?"),
        "the sweep comes first: {screen}"
    );
    key(&mut app, KeyCode::Down);
    let screen = draw(&app);
    assert!(
        screen.contains("Enter looks for everything it leaves billing"),
        "{screen}"
    );
    insta::assert_snapshot!("cleanup_cluster_list", screen);
    key(&mut app, KeyCode::Down);
    assert!(draw(&app).contains("old-rev is deleted: Enter looks for anything it left"));
    // A deleted cluster may still leave things billing: its plan opens too.
    let commands = key(&mut app, KeyCode::Enter);
    assert!(
        matches!(commands.as_slice(), [pcwiz::tui::action::Command::PlanCleanup { name, .. }] if name == "old-rev"),
        "{commands:?}"
    );
    assert_eq!(app.screen, Screen::CleanUp);
}

#[test]
fn the_door_looks_first_then_shows_the_plan_with_ticks() {
    let mut app = open_plan();
    let screen = draw(&app);
    assert!(
        screen.contains("looking for everything rev leaves billing"),
        "{screen}"
    );
    insta::assert_snapshot!("cleanup_planning", screen);

    planned(&mut app);
    let screen = draw(&app);
    assert!(screen.contains("[x] compute instance"), "{screen}");
    assert!(screen.contains("$1,340.28"), "{screen}");
    assert!(
        screen.contains("[ ] EBS volume"),
        "data is kept unless ticked: {screen}"
    );
    assert!(
        screen.contains("Removing the 5 ticked items saves $1,373.13/month (+1 unpriced)."),
        "{screen}"
    );
    assert!(
        screen.contains("Left unticked still bills $8.00/month (+1 unpriced)."),
        "{screen}"
    );
    assert!(
        screen.contains("Left alone: s3 bucket parallelcluster-a1b2c3-v1-do-not-delete"),
        "{screen}"
    );
    assert!(
        screen.contains("! AWS denied fsx:DescribeFileSystems"),
        "{screen}"
    );
    insta::assert_snapshot!("cleanup_plan", screen);

    // Space ticks the volume; the sums follow. The log group's reason and unknown cost
    // show when it is selected.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    let screen = draw(&app);
    assert!(screen.contains("[x] EBS volume"), "{screen}");
    assert!(
        screen.contains("saves $1,381.13/month (+1 unpriced)."),
        "{screen}"
    );
    assert!(
        screen.contains("Left unticked still bills $0.00/month (+1 unpriced)."),
        "{screen}"
    );
    assert!(
        screen.contains("$/month unknown: storage size unknown"),
        "{screen}"
    );
    insta::assert_snapshot!("cleanup_plan_toggled", screen);

    // a ticks all but the user's own file (the config), again unticks all; Enter with
    // nothing ticked says why it does nothing.
    key(&mut app, KeyCode::Char('a'));
    assert!(draw(&app).contains("Removing the 7 ticked items"));
    assert!(draw(&app).contains("[ ] local file"));
    key(&mut app, KeyCode::Char('a'));
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    assert!(draw(&app).contains("Nothing is ticked"));
    // ? shows this screen's keys.
    key(&mut app, KeyCode::Char('?'));
    let help = draw(&app);
    assert!(help.contains("Clean up"), "{help}");
    assert!(help.contains("tick all (again: untick all)"), "{help}");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Clusters, "Esc goes back to the list");
}

#[test]
fn deleting_asks_for_the_name_then_runs_only_the_ticked_items() {
    let mut app = open_plan();
    planned(&mut app);
    // Tick the volume (the third row).
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char(' '));
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    type_text(&mut app, "rev q");
    assert!(!app.quit, "q is a letter while typing the name");
    assert!(
        key(&mut app, KeyCode::Enter).is_empty(),
        "the name does not match"
    );
    let screen = draw(&app);
    assert!(
        screen.contains("Type the cluster name to delete the 6 ticked items:"),
        "{screen}"
    );
    assert!(
        screen.contains("\"rev q\" does not match \"rev\": type the name exactly."),
        "{screen}"
    );
    insta::assert_snapshot!("cleanup_confirm_wrong_name", screen);

    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    let screen = draw(&app);
    assert!(screen.contains("> rev▏"), "{screen}");
    assert!(!screen.contains("does not match"), "{screen}");
    insta::assert_snapshot!("cleanup_confirm_right_name", screen);

    let run = key(&mut app, KeyCode::Enter);
    let [Command::RunCleanup { plan }] = run.as_slice() else {
        panic!("one run: {run:?}");
    };
    let ticked: Vec<&str> = plan.selected().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ticked,
        [
            "i-0c6a12x1a2b3c4d5e",
            "rev",
            "vol-0a1b2c3d4e5f60718",
            "/aws/parallelcluster/rev-202611211200",
            "pcwiz-net-usw2a-20261121",
            "rev-ed25519",
        ],
        "only what was ticked, in removal order"
    );

    // Midway: the instance is gone, the stack is being deleted, the rest waits.
    let progress = |kind, id: &str, outcome, note: Option<&str>| Action::CleanupProgress {
        name: "rev".into(),
        progress: Progress {
            kind,
            id: id.into(),
            outcome,
            note: note.map(String::from),
        },
    };
    app.update(progress(
        Kind::ComputeInstance,
        "i-0c6a12x1a2b3c4d5e",
        None,
        None,
    ));
    app.update(progress(
        Kind::ComputeInstance,
        "i-0c6a12x1a2b3c4d5e",
        Some(Outcome::Deleted),
        Some("terminated"),
    ));
    app.update(progress(
        Kind::ClusterStack,
        "rev",
        None,
        Some("DELETE_IN_PROGRESS (2 min)"),
    ));
    assert!(key(&mut app, KeyCode::Esc).is_empty());
    assert_eq!(app.screen, Screen::CleanUp, "the run stays on screen");
    let screen = draw(&app);
    assert!(
        screen.contains("✔ deleted      compute instance"),
        "{screen}"
    );
    assert!(screen.contains("removing…"), "{screen}");
    assert!(screen.contains("DELETE_IN_PROGRESS (2 min)"), "{screen}");
    assert!(screen.contains("· waiting      EBS volume"), "{screen}");
    insta::assert_snapshot!("cleanup_running", screen);

    // The end: the network stack failed; the rest is gone.
    let done = |kind, id: &str, outcome| Progress {
        kind,
        id: id.into(),
        outcome: Some(outcome),
        note: None,
    };
    app.update(Action::CleanupFinished {
        name: "rev".into(),
        results: vec![
            done(
                Kind::ComputeInstance,
                "i-0c6a12x1a2b3c4d5e",
                Outcome::Deleted,
            ),
            done(Kind::ClusterStack, "rev", Outcome::Deleted),
            done(Kind::EbsVolume, "vol-0a1b2c3d4e5f60718", Outcome::Deleted),
            done(
                Kind::LogGroup,
                "/aws/parallelcluster/rev-202611211200",
                Outcome::AlreadyGone,
            ),
            done(
                Kind::NetworkStack,
                "pcwiz-net-usw2a-20261121",
                Outcome::Failed {
                    reason: "DELETE_FAILED: the NAT gateway's elastic IP is still attached".into(),
                    next: "run the clean-up again in a few minutes".into(),
                },
            ),
            done(Kind::KeyPair, "rev-ed25519", Outcome::Deleted),
        ],
    });
    let screen = draw(&app);
    assert!(
        screen.contains("Removed 4 · already gone 1 · failed 1 · kept 2"),
        "{screen}"
    );
    assert!(screen.contains("failed       network stack"), "{screen}");
    assert!(
        screen.contains("   next: run the clean-up again in a few minutes"),
        "{screen}"
    );
    assert!(
        screen.contains("Still billing $32.85/month (+1 unpriced):"),
        "{screen}"
    );
    assert!(screen.contains("Run clean-up again to finish"), "{screen}");
    insta::assert_snapshot!("cleanup_result_with_a_failure", screen);

    // r runs it again from a fresh look; Esc goes back to the list, which looks again.
    let again = key(&mut app, KeyCode::Char('r'));
    assert!(
        matches!(again.as_slice(), [Command::PlanCleanup { name, .. }] if name == "rev"),
        "{again:?}"
    );
    planned(&mut app);
    let back = key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Clusters);
    assert_eq!(
        back,
        [Command::LoadClusters {
            region: "us-west-2".into()
        }],
        "the list looks again at what the run changed"
    );
}

fn park_report() -> ParkReport {
    ParkReport {
        done: vec![
            "compute fleet stopped (STOP_REQUESTED)".into(),
            "head node i-0head stopped".into(),
        ],
        still_bills: vec![
            "EBS volume vol-0a1b2c3d4e5f60718 (gp3 100 GiB): $8.00/month".into(),
            "head node root volume (gp3 40 GiB): $3.20/month".into(),
            "NAT gateway nat-0ab12cd34: $32.85/month".into(),
        ],
        still_bills_usd_per_month: Some(44.05),
        finished: true,
        still_running: vec![],
        usd_per_hour_before: Some(7.4632),
        usd_per_hour_after: Some(0.0603),
        come_back: "pcwiz resume rev (or p on its dashboard)".into(),
    }
}

#[test]
fn parking_from_the_plan_asks_with_what_keeps_billing() {
    let mut app = open_plan();
    planned(&mut app);
    assert!(key(&mut app, KeyCode::Char('p')).is_empty());
    let screen = draw(&app);
    assert!(screen.contains("Park rev?"), "{screen}");
    assert!(
        screen.contains("Storage and the network keep billing $40.85/month (+2 unpriced)."),
        "{screen}"
    );
    assert!(screen.contains("`pcwiz resume rev`"), "{screen}");
    insta::assert_snapshot!("cleanup_park_question", screen);
    // n goes back to the plan; q too answers "no" rather than quitting.
    key(&mut app, KeyCode::Char('q'));
    assert!(!app.quit);
    assert!(draw(&app).contains("[x] compute instance"));

    key(&mut app, KeyCode::Char('p'));
    let park = key(&mut app, KeyCode::Char('y'));
    assert_eq!(
        park,
        [Command::ParkCluster {
            name: "rev".into(),
            region: "us-west-2".into(),
            resume: false
        }]
    );
    assert!(draw(&app).contains("stopping the compute fleet, then the head node"));
    app.update(Action::Parked {
        name: "rev".into(),
        result: Ok(park_report()),
    });
    let screen = draw(&app);
    assert!(screen.contains("✔ Parked rev"), "{screen}");
    assert!(screen.contains("Still billing $44.05/month:"), "{screen}");
    assert!(
        screen.contains("Come back: pcwiz resume rev (or p on its dashboard)"),
        "{screen}"
    );
    insta::assert_snapshot!("cleanup_parked", screen);
    let back = key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Clusters);
    assert_eq!(
        back,
        [Command::LoadClusters {
            region: "us-west-2".into()
        }],
        "the list looks again at the parked cluster"
    );
}

fn head_node(state: &str) -> ClusterInstance {
    ClusterInstance {
        cluster: "rev".into(),
        node_type: "HeadNode".into(),
        instance_id: "i-0head".into(),
        instance_type: "t3.large".into(),
        state: state.into(),
        spot: false,
        public_ip: None,
        private_ip: Some("10.0.1.5".into()),
        launched: None,
        key_name: None,
        ..Default::default()
    }
}

#[test]
fn the_dashboard_cleans_up_with_d_and_parks_or_resumes_with_p() {
    let mut app = app();
    key(&mut app, KeyCode::Char('3'));
    app.update(Action::ClustersLoaded {
        region: "us-west-2".into(),
        listing: Ok(pcwiz::tui::action::ClusterListing::of(vec![row("rev")])),
    });
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Dashboard);
    assert!(draw(&app).contains("p park"), "the footer lists p");

    let asked = key(&mut app, KeyCode::Char('d'));
    assert_eq!(app.screen, Screen::CleanUp);
    assert_eq!(
        asked,
        [Command::PlanCleanup {
            name: "rev".into(),
            region: "us-west-2".into()
        }]
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        app.screen,
        Screen::Dashboard,
        "Esc goes back where it came from"
    );

    // A running head node: p parks, saying what the dashboard knows storage costs.
    let dashboard = app.dashboard.as_mut().unwrap();
    dashboard.instances.value = Some(vec![head_node("running")]);
    dashboard.storage_usd_per_hour = Some(0.0164);
    assert!(key(&mut app, KeyCode::Char('p')).is_empty());
    let screen = draw(&app);
    assert!(screen.contains("Park rev?"), "{screen}");
    assert!(
        screen.contains("Storage keeps billing $11.97/month; a NAT gateway, if any, $32.85/month."),
        "{screen}"
    );
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.screen, Screen::Dashboard);

    // A stopped head node: p resumes.
    app.dashboard.as_mut().unwrap().instances.value = Some(vec![head_node("stopped")]);
    key(&mut app, KeyCode::Char('p'));
    let screen = draw(&app);
    assert!(screen.contains("Resume rev?"), "{screen}");
    let resume = key(&mut app, KeyCode::Enter);
    assert_eq!(
        resume,
        [Command::ParkCluster {
            name: "rev".into(),
            region: "us-west-2".into(),
            resume: true
        }]
    );
    app.update(Action::Parked {
        name: "rev".into(),
        result: Err("pcluster is not installed. Install it from the set-up screen.".into()),
    });
    let screen = draw(&app);
    assert!(
        screen.contains("✖ Could not resume rev: pcluster is not installed"),
        "{screen}"
    );
    // (The dashboard's first refresh never came in this test.)
    app.dashboard.as_mut().unwrap().refreshing = false;
    let back = key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Dashboard);
    assert!(
        matches!(back.as_slice(), [Command::RefreshCluster { name, .. }] if name == "rev"),
        "the dashboard looks again: {back:?}"
    );
}

#[test]
fn an_answer_about_another_cluster_is_dropped() {
    let mut app = open_plan();
    app.update(Action::CleanupPlanned {
        name: "other".into(),
        plan: Ok(Box::new(Plan::new("other", "us-west-2"))),
    });
    assert!(draw(&app).contains("looking for everything rev leaves billing"));
    app.update(Action::CleanupPlanned {
        name: "rev".into(),
        plan: Err("Looking for what rev leaves billing took longer than 120 s; nothing was touched. Press r to look again.".into()),
    });
    let screen = draw(&app);
    assert!(
        screen.contains("✖ Looking for what rev leaves billing took longer"),
        "{screen}"
    );
    assert!(
        matches!(
            key(&mut app, KeyCode::Char('r')).as_slice(),
            [Command::PlanCleanup { .. }]
        ),
        "r looks again"
    );
}

#[test]
fn the_menu_says_why_to_clean_up() {
    let mut app = app();
    for _ in 0..3 {
        key(&mut app, KeyCode::Char('j'));
    }
    let screen = draw(&app);
    assert!(screen.contains("› 4  Clean up a cluster"), "{screen}");
    assert!(screen.contains("    6  Quit"), "Quit stays last: {screen}");
    assert!(
        screen.contains("ready to come back."),
        "the why is whole: {screen}"
    );
    insta::assert_snapshot!("main_menu_clean_up_selected", screen);
}

/// What `pcwiz sweep` finds in a region with one cluster running and a network an
/// abandoned wizard left, plus a key pair another cluster still uses (left alone).
fn sweep() -> pcwiz::cleanup::sweep::Sweep {
    let mut leftovers = Plan::new(pcwiz::cleanup::sweep::LEFTOVERS, "us-west-2");
    leftovers.acting_as = "account 123456789012, profile lab, us-west-2".into();
    leftovers
        .add(
            Kind::NetworkStack,
            "pcwiz-network-us-west-2b-202612010900",
            "VPC and subnets, NAT gateway nat-0ab12cd34, Elastic IP 203.0.113.9".into(),
            "pcwiz made it (tag pcwiz:network; history: asked for on 2026-12-01 09:00)".into(),
        )
        .usd_per_month = Some(32.85);
    leftovers
        .add(
            Kind::EbsVolume,
            "vol-0feedc0ffee000001",
            "gp3 500 GiB, available".into(),
            "tagged with the cluster old-rev, which is gone".into(),
        )
        .usd_per_month = Some(40.0);
    leftovers
        .left_alone
        .push("EC2 key pair lab-key: in use by instance i-0head of cluster rev".into());
    let mut running = row("rev");
    running.usd_per_hour = Some(0.0832);
    pcwiz::cleanup::sweep::Sweep {
        region: "us-west-2".into(),
        acting_as: leftovers.acting_as.clone(),
        clusters: vec![running],
        leftovers,
        usd_per_month: 0.0832 * 730.0 + 32.85 + 40.0,
        unpriced: 0,
    }
}

#[test]
fn the_sweep_shows_what_still_bills_and_removes_leftovers_after_the_region_is_typed() {
    let mut app = app();
    key(&mut app, KeyCode::Char('4'));
    app.update(Action::ClustersLoaded {
        region: "us-west-2".into(),
        listing: Ok(pcwiz::tui::action::ClusterListing::of(vec![row("rev")])),
    });
    let asked = key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::CleanUp);
    assert_eq!(
        asked,
        [Command::Sweep {
            region: "us-west-2".into()
        }]
    );
    assert!(draw(&app).contains("looking through us-west-2"));
    app.update(Action::Swept {
        region: "us-west-2".into(),
        result: Ok(Box::new(sweep())),
    });
    let screen = draw(&app);
    assert!(
        screen.contains("Anything still billing in us-west-2?"),
        "{screen}"
    );
    assert!(
        screen.contains("rev · CREATE_COMPLETE · $0.0832/h now"),
        "{screen}"
    );
    assert!(screen.contains("Why it is a leftover"), "{screen}");
    insta::assert_snapshot!("cleanup_sweep", screen);
    // The volume holds data: unticked until ticked. Parking is a cluster's, not a sweep's.
    assert!(screen.contains("[ ] EBS volume"), "{screen}");
    assert!(key(&mut app, KeyCode::Char('p')).is_empty());
    assert!(!draw(&app).contains("Park"));
    // The region's name is what is typed, not a cluster's.
    key(&mut app, KeyCode::Enter);
    for c in "leftovers".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    assert!(draw(&app).contains("does not match \"us-west-2\""));
    for _ in 0.."leftovers".len() {
        key(&mut app, KeyCode::Backspace);
    }
    for c in "us-west-2".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let run = key(&mut app, KeyCode::Enter);
    match run.as_slice() {
        [Command::RunCleanup { plan }] => {
            let ticked: Vec<&str> = plan.selected().map(|i| i.id.as_str()).collect();
            assert_eq!(ticked, ["pcwiz-network-us-west-2b-202612010900"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn what_is_in_use_can_not_be_ticked_and_a_never_ticks_the_private_key() {
    let mut app = open_plan();
    let mut plan = plan();
    plan.add(
        Kind::PrivateKey,
        "~/.ssh/rev-ed25519",
        "the private key (and its .pub)".into(),
        "the key pair's private half on this machine".into(),
    )
    .selected = false;
    plan.block(
        Kind::KeyPair,
        "rev-ed25519",
        "launch template other-queue-cr (lt-0abc) of other".into(),
    );
    app.update(Action::CleanupPlanned {
        name: "rev".into(),
        plan: Ok(Box::new(plan)),
    });
    let position = |app: &App, kind: Kind| {
        app.cleanup
            .as_ref()
            .unwrap()
            .plan
            .as_ref()
            .unwrap()
            .items
            .iter()
            .position(|i| i.kind == kind)
            .unwrap()
    };
    let key_pair = position(&app, Kind::KeyPair);
    for _ in 0..key_pair {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Char(' '));
    let screen = draw(&app);
    assert!(
        screen.contains("stays: it is in use by launch template other-queue-cr"),
        "{screen}"
    );
    assert!(
        screen.contains("It stays: in use by launch template"),
        "{screen}"
    );
    insta::assert_snapshot!("cleanup_in_use_refused", screen);
    key(&mut app, KeyCode::Char('a'));
    let ui = app.cleanup.as_ref().unwrap();
    let items = &ui.plan.as_ref().unwrap().items;
    assert!(!items[key_pair].selected, "a skips what is in use");
    assert!(
        !items[position(&app, Kind::PrivateKey)].selected,
        "and the private key"
    );
    assert!(
        !items[position(&app, Kind::LocalFile)].selected,
        "and the user's config"
    );
}
