//! Snapshots of every screen through ratatui's TestBackend. The state is built by sending
//! the same actions the event loop sends, with findings made by doctor's real builders.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use pcwiz::aws::credential_source::{CredentialSource, ProfileChoice};
use pcwiz::aws::environment::AwsEnvironment;
use pcwiz::aws::identity::{Identity, PrincipalKind, classify_arn};
use pcwiz::doctor::credentials::{self, CredentialFacts};
use pcwiz::doctor::region::{self, ResolvedRegion};
use pcwiz::doctor::tools::{self, ToolState, ToolStates};
use pcwiz::doctor::{CredentialsSummary, IdentityCheck};
use pcwiz::tui::action::Action;
use pcwiz::tui::app::App;
use pcwiz::tui::theme::Theme;
use pcwiz::tui::view;

const WIDTH: u16 = 100;
const HEIGHT: u16 = 28;

pub(crate) fn app() -> App {
    let mut app = App::new(Theme { color: false }, WIDTH, HEIGHT);
    // Clock times on screen in UTC, whatever the machine's zone.
    app.local = chrono::FixedOffset::east_opt(0).unwrap();
    app
}

pub(crate) fn draw(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    terminal.draw(|frame| view::render(app, frame)).unwrap();
    terminal.backend().to_string()
}

/// "Check my setup" is the second door (after "Create a new cluster").
fn open_setup(app: &mut App) {
    key(app, KeyCode::Char('2'));
    assert_eq!(app.screen, pcwiz::tui::app::Screen::Setup);
}

pub(crate) fn key(app: &mut App, code: KeyCode) {
    app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    "2026-11-21T12:00:00Z".parse().unwrap()
}

fn identity_check(arn: &str, temporary: bool, source: CredentialSource) -> IdentityCheck {
    let (kind, principal_name) = classify_arn(arn);
    let identity = Identity {
        account: "123456789012".into(),
        arn: arn.into(),
        kind,
        principal_name,
        temporary,
        expires_at: temporary.then(|| "2026-11-21T13:00:00Z".parse().unwrap()),
    };
    let region = ResolvedRegion {
        name: "us-west-2".into(),
        from: "profile `rev`".into(),
    };
    let profile = ProfileChoice::resolve(Some("rev"), &AwsEnvironment::default());
    let answer = Ok(identity.clone());
    let mut findings = credentials::findings(&CredentialFacts {
        files_error: None,
        source: &source,
        identity: Some(&answer),
        now: now(),
    });
    findings.extend(region::findings(Some(&region), &profile));
    IdentityCheck {
        summary: CredentialsSummary {
            kind: Some(kind),
            arn: Some(identity.arn.clone()),
            account: Some(identity.account.clone()),
            source: source.label(),
            expires_at: identity.expires_at,
        },
        identity: Some(identity),
        region: Some(region),
        findings,
    }
}

fn no_credentials_check() -> IdentityCheck {
    let profile = ProfileChoice::resolve(None, &AwsEnvironment::default());
    let mut findings = credentials::findings(&CredentialFacts {
        files_error: None,
        source: &CredentialSource::Nothing,
        identity: None,
        now: now(),
    });
    findings.extend(region::findings(None, &profile));
    IdentityCheck {
        summary: CredentialsSummary {
            kind: None,
            arn: None,
            account: None,
            source: "none",
            expires_at: None,
        },
        identity: None,
        region: None,
        findings,
    }
}

fn tools_all_found() -> Vec<pcwiz::doctor::Finding> {
    let found = |path: &str, version: &str| ToolState::Found {
        path: path.into(),
        managed: false,
        version: Ok(version.into()),
    };
    tools::findings(&ToolStates {
        pcluster: found("/home/u/.local/bin/pcluster", "3.16.1"),
        node: found("/usr/bin/node", "v20.20.2"),
        ssh: found("/usr/bin/ssh", "OpenSSH_9.2p1"),
        ssh_keygen: found("/usr/bin/ssh-keygen", ""),
    })
}

fn tools_missing_pcluster() -> Vec<pcwiz::doctor::Finding> {
    tools::findings(&ToolStates {
        pcluster: ToolState::Missing,
        node: ToolState::Missing,
        ssh: ToolState::Found {
            path: "/usr/bin/ssh".into(),
            managed: false,
            version: Ok("OpenSSH_9.2p1".into()),
        },
        ssh_keygen: ToolState::Found {
            path: "/usr/bin/ssh-keygen".into(),
            managed: false,
            version: Ok(String::new()),
        },
    })
}

#[test]
fn main_menu_while_identity_is_loading() {
    let app = app();
    let screen = draw(&app);
    assert!(screen.contains("checking who you are"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn main_menu_with_an_iam_user() {
    let mut app = app();
    app.update(Action::IdentityChecked(Box::new(identity_check(
        "arn:aws:iam::123456789012:user/alice",
        false,
        CredentialSource::EnvironmentKeys {
            session_token: false,
        },
    ))));
    let screen = draw(&app);
    assert!(
        screen.contains("alice · iam-user · account 123456789012 · us-west-2"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn main_menu_without_credentials() {
    let mut app = app();
    app.update(Action::IdentityChecked(Box::new(no_credentials_check())));
    let screen = draw(&app);
    assert!(screen.contains("identity unknown"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn main_menu_with_check_my_setup_selected() {
    let mut app = app();
    key(&mut app, KeyCode::Char('j'));
    let screen = draw(&app);
    assert!(screen.contains("› 2  Check my setup"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn setup_screen_while_checking() {
    let mut app = app();
    open_setup(&mut app);
    let screen = draw(&app);
    assert!(screen.contains("asking AWS who you are"), "{screen}");
    assert!(screen.contains("looking for pcluster"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn setup_screen_for_an_sso_user_shows_the_hsds_warning() {
    let mut app = app();
    open_setup(&mut app);
    app.update(Action::IdentityChecked(Box::new(identity_check(
        "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Developers_0123abcd/jane",
        true,
        CredentialSource::EnvironmentKeys {
            session_token: true,
        },
    ))));
    app.update(Action::ToolsChecked(tools_all_found()));
    // Move to the HSDS finding (third row) so its detail and next step show.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    let screen = draw(&app);
    assert!(screen.contains("credentials.hsds · warn"), "{screen}");
    assert!(screen.contains("jane · sso"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn setup_screen_without_credentials_or_pcluster() {
    let mut app = app();
    open_setup(&mut app);
    app.update(Action::IdentityChecked(Box::new(no_credentials_check())));
    app.update(Action::ToolsChecked(tools_missing_pcluster()));
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    let screen = draw(&app);
    assert!(screen.contains("2 ok · 0 warn · 4 fail"), "{screen}");
    assert!(
        screen.contains("Next: pcwiz doctor --install-pcluster"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn help_overlay() {
    let mut app = app();
    key(&mut app, KeyCode::Char('?'));
    let screen = draw(&app);
    assert!(screen.contains("Keys (? or Esc to close)"), "{screen}");
    insta::assert_snapshot!(screen);
    key(&mut app, KeyCode::Esc);
    assert!(!app.help_open, "Esc closes help");
    assert!(!app.quit, "and does not quit");
}

#[test]
fn keys_behave_as_the_help_says() {
    let mut app = app();
    open_setup(&mut app);
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        app.screen,
        pcwiz::tui::app::Screen::MainMenu,
        "Esc goes back"
    );
    assert!(!app.quit);
    key(&mut app, KeyCode::Esc);
    assert!(app.quit, "Esc on the main menu quits");

    let mut app = self::app();
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
    assert!(app.quit, "Ctrl-C quits");

    let mut app = self::app();
    open_setup(&mut app);
    app.update(Action::IdentityChecked(Box::new(no_credentials_check())));
    app.update(Action::ToolsChecked(tools_all_found()));
    let commands = {
        app.update(Action::Key(KeyEvent::new(
            KeyCode::Char('r'),
            KeyModifiers::NONE,
        )))
    };
    assert_eq!(commands.len(), 2, "r checks credentials and tools again");
    let again = app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('r'),
        KeyModifiers::NONE,
    )));
    assert!(
        again.is_empty(),
        "r while checking does not start a second check"
    );
}

#[test]
fn a_click_on_a_door_opens_it() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut app = app();
    let screen = draw(&app);
    let row = screen
        .lines()
        .position(|l| l.contains("2  Check my setup"))
        .expect("the door is drawn") as u16;
    app.update(Action::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 6,
        row,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.screen, pcwiz::tui::app::Screen::Setup);
    let _ = PrincipalKind::Sso; // the header test above covers the kinds' labels
}

pub(crate) fn cluster_row(
    name: &str,
    status: &str,
    head: Option<&str>,
    nodes: u32,
    usd: Option<f64>,
) -> pcwiz::cluster::cluster_row::ClusterRow {
    use pcwiz::cluster::cluster_row::{ClusterRow, HeadNodeRow};
    ClusterRow {
        name: name.into(),
        status: status.into(),
        version: Some("3.16.1".into()),
        region: "us-west-2".into(),
        // Ages are relative to the clock; the snapshot shows "0 min" for a row made now.
        created: Some(chrono::Utc::now()),
        head_node: head.map(|state| HeadNodeRow {
            state: state.into(),
            public_ip: Some("54.201.3.4".into()),
            private_ip: Some("10.0.1.5".into()),
            instance_type: "t3.large".into(),
            stopped_by_idle_guard: false,
            stopped_at: None,
        }),
        nodes_up: nodes,
        usd_per_hour: usd,
        still_bills: vec![],
        in_history: true,
    }
}

/// "Resume or monitor an existing cluster" is the third door without a draft.
pub(crate) fn open_clusters(app: &mut App) -> Vec<pcwiz::tui::action::Command> {
    app.update(Action::IdentityChecked(Box::new(identity_check(
        "arn:aws:iam::123456789012:user/alice",
        false,
        CredentialSource::EnvironmentKeys {
            session_token: false,
        },
    ))));
    let commands = app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('3'),
        KeyModifiers::NONE,
    )));
    assert_eq!(app.screen, pcwiz::tui::app::Screen::Clusters);
    commands
}

#[test]
fn cluster_list_loading_then_rows_then_an_error() {
    let mut app = app();
    let commands = open_clusters(&mut app);
    assert!(
        matches!(commands.first(), Some(pcwiz::tui::action::Command::LoadClusters { region }) if region == "us-west-2"),
        "{commands:?}"
    );
    assert!(draw(&app).contains("looking up the region's clusters"));
    app.update(Action::ClustersLoaded {
        region: "us-west-2".into(),
        listing: Ok(pcwiz::tui::action::ClusterListing::of(vec![
            cluster_row(
                "rev-conus",
                "CREATE_COMPLETE",
                Some("running"),
                10,
                Some(20.8192),
            ),
            cluster_row(
                "rev-test",
                "CREATE_IN_PROGRESS",
                Some("pending"),
                0,
                Some(0.0832),
            ),
            cluster_row("old-rev", "deleted", None, 0, Some(0.0)),
        ])),
    });
    let screen = draw(&app);
    assert!(screen.contains("rev-conus"), "{screen}");
    assert!(screen.contains("$20.8192"), "{screen}");
    assert!(screen.contains("deleted"), "{screen}");
    assert!(
        screen.contains("It costs $20.8192/h"),
        "the selected one's detail: {screen}"
    );
    insta::assert_snapshot!("cluster_list", screen);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    assert!(draw(&app).contains("old-rev was launched from here and is gone from AWS"));
    // r refreshes; an error keeps the screen and says what to do.
    let commands = app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('r'),
        KeyModifiers::NONE,
    )));
    assert_eq!(commands.len(), 1);
    app.update(Action::ClustersLoaded {
        region: "us-west-2".into(),
        listing: Err("AWS denied cloudformation:DescribeStacks (AccessDenied): not allowed".into()),
    });
    let screen = draw(&app);
    assert!(
        screen.contains("AWS denied cloudformation:DescribeStacks"),
        "{screen}"
    );
    insta::assert_snapshot!("cluster_list_error", screen);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, pcwiz::tui::app::Screen::MainMenu);
}

/// The list's $/h from the cache or the snapshot says why, in `pcwiz list`'s words: the
/// outage's sentence and what to do, under the table.
#[test]
fn cluster_list_says_why_its_prices_are_not_live() {
    use pcwiz::cluster::price_outage::{OutageKind, PriceOutage};
    let mut app = app();
    open_clusters(&mut app);
    let denied = PriceOutage::new(
        OutageKind::Denied,
        "AccessDenied: pricing:GetProducts",
        now(),
    );
    let note = denied.with_next_step(now());
    app.update(Action::ClustersLoaded {
        region: "us-west-2".into(),
        listing: Ok(pcwiz::tui::action::ClusterListing {
            rows: vec![cluster_row(
                "rev-conus",
                "CREATE_COMPLETE",
                Some("running"),
                2,
                Some(3.7552),
            )],
            history_problem: None,
            price_note: Some(note.clone()),
        }),
    });
    let screen = draw(&app);
    assert!(
        screen.contains("! $/h now: Prices are cached or the offline snapshot"),
        "{screen}"
    );
    assert!(screen.contains("pricing:GetProducts"), "{screen}");
    assert!(
        screen.contains("It costs $3.7552/h"),
        "the detail still there: {screen}"
    );
    insta::assert_snapshot!("cluster_list_prices_not_live", screen);
}

/// A refresh as the background brings it: moto-like stack and instances, and the probe's
/// report built from Slurm output: real 24.11 squeue, the hand-built 24.05 ParallelCluster
/// sinfo (tests/fixtures/slurm) with the addresses `scontrol show nodes` would add, and the
/// reV status files real gaps wrote (tests/fixtures/rev), dated to the cluster's clock.
/// `refused`: HSDS's 503 count so far on the first node.
pub(crate) fn refreshed(probe_ok: bool, refused: u64) -> pcwiz::monitor::priced::Refreshed {
    use pcwiz::cluster::cluster_instance::ClusterInstance;
    use pcwiz::cluster::price::{Price, PriceSource};
    use pcwiz::cluster::price_book::{PriceBook, PriceKey};
    use pcwiz::cluster::probe_report::{HsdsNode, Report};
    use pcwiz::cluster::rev_status::{self, StatusFile};
    use pcwiz::monitor::status::{Refresh, StackState};
    let created = now() - chrono::Duration::days(2);
    let instance = |node_type: &str, id: &str, kind: &str, ip: &str| ClusterInstance {
        cluster: "rev-conus".into(),
        node_type: node_type.into(),
        instance_id: id.into(),
        instance_type: kind.into(),
        state: "running".into(),
        spot: false,
        public_ip: (node_type == "HeadNode").then(|| "54.201.3.4".into()),
        private_ip: Some(ip.into()),
        launched: Some(if node_type == "HeadNode" {
            created
        } else {
            now() - chrono::Duration::hours(3)
        }),
        key_name: None,
        ..Default::default()
    };
    // The head node's clock: 42 minutes after the squeue fixture's jobs started.
    let clock = 1_795_243_497;
    let mut nodes =
        pcwiz::cluster::slurm::parse_sinfo(include_str!("../fixtures/slurm/24.05/sinfo.json"))
            .unwrap();
    for node in &mut nodes.items {
        let (address, last_busy) = match node.name.as_str() {
            "standard-dy-standard-1" => ("10.0.1.11", clock),
            "standard-dy-standard-2" => ("10.0.1.12", clock),
            // Idle for 25 minutes, past the 10-minute scale-down, and still up.
            "standard-dy-standard-8" => ("10.0.1.18", clock - 25 * 60),
            _ => continue,
        };
        node.address = Some(address.into());
        node.last_busy = Some(last_busy);
    }
    let gaps_file = |path: &str, text: &str| StatusFile {
        path: path.into(),
        text: text.replace("03-Jun-2024", "20-Nov-2026"),
        error: None,
    };
    let rev = rev_status::parse(&[
        gaps_file(
            ".gaps/rev_conus_status.json",
            include_str!("../fixtures/rev/uncollected/rev_conus/.gaps/rev_conus_status.json"),
        ),
        gaps_file(
            ".gaps/jobstatus_rev_conus_generation_j0.json",
            include_str!(
                "../fixtures/rev/uncollected/rev_conus/.gaps/jobstatus_rev_conus_generation_j0.json"
            ),
        ),
        gaps_file(
            ".gaps/jobstatus_rev_conus_generation_j1.json",
            include_str!(
                "../fixtures/rev/uncollected/rev_conus/.gaps/jobstatus_rev_conus_generation_j1.json"
            ),
        ),
        gaps_file(
            ".gaps/jobstatus_rev_conus_collect.json",
            include_str!(
                "../fixtures/rev/uncollected/rev_conus/.gaps/jobstatus_rev_conus_collect.json"
            ),
        ),
    ]);
    let report = Report {
        host: "ip-10-0-1-5".into(),
        time: clock,
        jobs: pcwiz::cluster::slurm::parse_squeue(include_str!(
            "../fixtures/slurm/24.11/squeue_all_states_full_variety.json"
        ))
        .map_err(|e| e.to_string()),
        nodes: Ok(nodes),
        hsds: vec![
            HsdsNode {
                node: "standard-dy-standard-1".into(),
                state: Some("READY".into()),
                version: Some("0.9.3".into()),
                node_count: Some(4),
                data_nodes: Some(4),
                refused_503: Some(refused),
                max_task_count: Some(100),
                problem: None,
            },
            HsdsNode {
                node: "standard-dy-standard-2".into(),
                state: None,
                version: None,
                node_count: None,
                data_nodes: None,
                refused_503: None,
                max_task_count: None,
                problem: Some("HSDS did not answer (not running?)".into()),
            },
        ],
        rev: Some(rev),
        guard: pcwiz::cluster::guard::GuardSeen::NotInstalled,
        nodes_up: None,
    };
    let mut book = PriceBook::new("us-west-2");
    for (kind, usd) in [("t3.large", 0.0832), ("c6a.12xlarge", 1.836)] {
        book.insert(
            PriceKey::instance(kind, false),
            Price::hourly(
                usd,
                PriceSource::Snapshot {
                    as_of: "2023-08".into(),
                },
            ),
        );
    }
    let storage = 1200.0 * 0.14 / 730.0;
    pcwiz::monitor::priced::Refreshed {
        refresh: Refresh {
            stack: Ok(StackState {
                status: "CREATE_COMPLETE".into(),
                reason: None,
                user: Some("ubuntu".into()),
                created: Some(created),
                events: vec![
                    pcwiz::cluster::stack::StackEvent {
                        time: Some("2026-11-21T11:20:00Z".parse().unwrap()),
                        logical_id: "rev-conus".into(),
                        resource_type: "AWS::CloudFormation::Stack".into(),
                        status: "CREATE_COMPLETE".into(),
                        reason: None,
                        physical_id: None,
                    },
                    pcwiz::cluster::stack::StackEvent {
                        time: Some("2026-11-21T11:19:58Z".parse().unwrap()),
                        logical_id: "HeadNodeWaitCondition20261121110301".into(),
                        resource_type: "AWS::CloudFormation::WaitCondition".into(),
                        status: "CREATE_COMPLETE".into(),
                        reason: None,
                        physical_id: None,
                    },
                ],
            }),
            instances: Ok(vec![
                instance("HeadNode", "i-0head", "t3.large", "10.0.1.5"),
                instance("Compute", "i-0c1", "c6a.12xlarge", "10.0.1.11"),
                instance("Compute", "i-0c2", "c6a.12xlarge", "10.0.1.12"),
                instance("Compute", "i-0c8", "c6a.12xlarge", "10.0.1.18"),
                instance("Compute", "i-0stray", "c6a.12xlarge", "10.0.1.99"),
            ]),
            probe: Some(if probe_ok {
                Ok(report)
            } else {
                Err(pcwiz::remote::SshFailure::other(
                    "could not reach the head node ubuntu@54.201.3.4: Connection timed out",
                ))
            }),
            target: Some(pcwiz::remote::SshTarget {
                user: "ubuntu".into(),
                host: "54.201.3.4".into(),
                key: None,
                key_pair: Some("laptop".into()),
                config: None,
                control_dir: "/tmp/pcwiz-1000".into(),
                host_key: pcwiz::remote::HostKeyCheck {
                    alias: "i-0head".into(),
                    known_hosts: "/home/jane/.local/state/pcwiz/known_hosts/us-west-2/rev-conus"
                        .into(),
                    cluster: "rev-conus".into(),
                },
            }),
            host_key: None,
            took: std::time::Duration::from_millis(420),
            ssh_took: Some(std::time::Duration::from_millis(310)),
        },
        usd_per_hour: Some(0.0832 + 4.0 * 1.836 + storage),
        storage_usd_per_hour: Some(storage),
        book,
        scaledown_minutes: 10,
        rev_dir: Some("~/rev_conus".into()),
        hsds_data: None,
    }
}

#[test]
fn dashboard_tabs_then_a_stale_refresh() {
    let mut app = app();
    app.wall = now();
    open_clusters(&mut app);
    app.update(Action::ClustersLoaded {
        region: "us-west-2".into(),
        listing: Ok(pcwiz::tui::action::ClusterListing::of(vec![cluster_row(
            "rev-conus",
            "CREATE_COMPLETE",
            Some("running"),
            2,
            Some(3.99),
        )])),
    });
    let commands = app.update(Action::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    assert!(
        matches!(commands.first(), Some(pcwiz::tui::action::Command::RefreshCluster { name, region, user, nodes_up_since: 0 })
            if name == "rev-conus" && region == "us-west-2" && user.is_none()),
        "{commands:?}"
    );
    assert!(draw(&app).contains("first look at rev-conus"));
    app.update(Action::ClusterRefreshed {
        name: "rev-conus".into(),
        refreshed: Box::new(refreshed(true, 0)),
    });
    let overview = draw(&app);
    assert!(
        overview.contains("rev-conus · CREATE_COMPLETE · head running 54.201.3.4"),
        "{overview}"
    );
    assert!(
        overview.contains("HSDS   ●✖ 1 ready · 1 down"),
        "{overview}"
    );
    assert!(
        overview.contains("[f] ! 1 node idle past the 10-min scale-down, billing $1.84/h"),
        "the costliest alert first, with its key: {overview}"
    );
    assert!(
        overview.contains("(ssh 0.3 s)"),
        "the round trip's share: {overview}"
    );
    insta::assert_snapshot!("dashboard_overview", overview);
    // Later refreshes know the login user: one CloudFormation call each (the events).
    let commands = app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('r'),
        KeyModifiers::NONE,
    )));
    assert!(
        matches!(commands.first(), Some(pcwiz::tui::action::Command::RefreshCluster { user: Some(u), .. }) if u == "ubuntu"),
        "{commands:?}"
    );
    app.update(Action::ClusterRefreshed {
        name: "rev-conus".into(),
        refreshed: Box::new(refreshed(true, 40)),
    });
    for (key, name, expect) in [
        ('2', "dashboard_nodes", "idle 15m, billing"),
        ('3', "dashboard_jobs", "FAILED"),
        ('4', "dashboard_hsds", "40 requests refused (503)"),
        ('5', "dashboard_rev", "rev_conus_generation_j1"),
        ('6', "dashboard_cost", "$/hour over the last 2 refreshes"),
        (
            '7',
            "dashboard_stack",
            "HeadNodeWaitCondition20261121110301",
        ),
    ] {
        key_char(&mut app, key);
        let screen = draw(&app);
        assert!(screen.contains(expect), "{name}: {screen}");
        insta::assert_snapshot!(name, screen);
    }
    // A node EC2 would not start says why, in full, when selected: it is its queue's
    // first, as what needs a person comes first.
    key_char(&mut app, '2');
    let screen = draw(&app);
    assert!(
        screen.contains("EC2 has no spare capacity for this"),
        "{screen}"
    );
    insta::assert_snapshot!("dashboard_nodes_capacity", screen);
    // The jobs filter.
    key_char(&mut app, '3');
    key_char(&mut app, '/');
    for c in "fail".chars() {
        key_char(&mut app, c);
    }
    let screen = draw(&app);
    assert!(screen.contains("Filter: fail▏"), "{screen}");
    assert!(
        !screen.contains("RUNNING"),
        "only the failed ones: {screen}"
    );
    app.update(Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    // The head node stops answering: the Slurm panels keep their data, marked stale.
    app.update(Action::ClusterRefreshed {
        name: "rev-conus".into(),
        refreshed: Box::new(refreshed(false, 40)),
    });
    key_char(&mut app, '1');
    let screen = draw(&app);
    assert!(
        screen.contains("! the head node did not answer"),
        "{screen}"
    );
    assert!(
        screen.contains("stale: could not reach the head node"),
        "{screen}"
    );
    assert!(
        screen.contains("Jobs   ") && screen.contains("3 running · 4 pending"),
        "the last good jobs still show: {screen}"
    );
    insta::assert_snapshot!("dashboard_head_node_unreachable", screen);
    key_char(&mut app, 'q');
    assert!(app.quit);
}

fn key_char(app: &mut App, c: char) {
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )));
}

/// An open dashboard after one refresh (`refreshed(true, 0)`).
pub(crate) fn open_dashboard() -> App {
    let mut app = app();
    app.wall = now();
    open_clusters(&mut app);
    app.update(Action::ClustersLoaded {
        region: "us-west-2".into(),
        listing: Ok(pcwiz::tui::action::ClusterListing::of(vec![cluster_row(
            "rev-conus",
            "CREATE_COMPLETE",
            Some("running"),
            3,
            None,
        )])),
    });
    key(&mut app, KeyCode::Enter);
    // Who the actions act as, as the app sets it from its identity check and profile.
    app.dashboard.as_mut().unwrap().acting_as =
        "account 123456789012, profile lab, us-west-2".into();
    app.update(Action::ClusterRefreshed {
        name: "rev-conus".into(),
        refreshed: Box::new(refreshed(true, 0)),
    });
    app
}

#[test]
fn dashboard_actions_ask_first_and_say_what_they_cost_or_save() {
    use pcwiz::tui::action::Command;
    let mut app = open_dashboard();

    // f: pcluster is asked how the fleet is; the question follows its answer.
    let asked = app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('f'),
        KeyModifiers::NONE,
    )));
    assert!(draw(&app).contains("asking pcluster how the fleet is"));
    assert!(
        matches!(asked.as_slice(), [Command::DescribeFleet { name, region }] if name == "rev-conus" && region == "us-west-2"),
        "{asked:?}"
    );
    app.update(Action::FleetDescribed {
        name: "rev-conus".into(),
        status: Ok("RUNNING".into()),
    });
    let screen = draw(&app);
    // Four c6a.12xlarge compute instances at $1.836/h.
    assert!(
        screen.contains("Saves $7.344/h now (4 compute instances running)"),
        "{screen}"
    );
    assert!(
        screen.contains("3 running jobs are stopped with it"),
        "{screen}"
    );
    insta::assert_snapshot!("dashboard_stop_fleet_question", screen);
    let go = app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('y'),
        KeyModifiers::NONE,
    )));
    assert!(
        matches!(go.as_slice(), [Command::SetFleet { start: false, .. }]),
        "{go:?}"
    );
    assert!(draw(&app).contains("Stopping the compute fleet"));
    let after = app.update(Action::DashboardActionDone {
        name: "rev-conus".into(),
        result: Ok(
            "Compute fleet: STOP_REQUESTED. ParallelCluster stops the nodes within a few minutes."
                .into(),
        ),
    });
    assert!(
        matches!(after.as_slice(), [Command::RefreshCluster { .. }]),
        "it looks again at once: {after:?}"
    );
    assert!(draw(&app).contains("✔ Compute fleet: STOP_REQUESTED"));

    // h: with compute nodes up, stopping the head node is refused, with the way out.
    app.update(Action::ClusterRefreshed {
        name: "rev-conus".into(),
        refreshed: Box::new(refreshed(true, 0)),
    });
    key_char(&mut app, 'h');
    let screen = draw(&app);
    assert!(screen.contains("Stop the compute fleet first"), "{screen}");
    insta::assert_snapshot!("dashboard_head_node_refused", screen);
    let nothing = app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('y'),
        KeyModifiers::NONE,
    )));
    assert!(nothing.is_empty(), "a refusal has nothing to confirm");
    assert!(app.dashboard.as_ref().unwrap().dialog.is_none());

    // Once the compute instances are gone, it asks, with what it saves and what still bills.
    let mut quiet = refreshed(true, 0);
    if let Ok(all) = &mut quiet.refresh.instances {
        all.retain(|i| i.node_type == "HeadNode");
    }
    app.update(Action::ClusterRefreshed {
        name: "rev-conus".into(),
        refreshed: Box::new(quiet),
    });
    key_char(&mut app, 'h');
    let screen = draw(&app);
    assert!(screen.contains("Saves $0.0832/h (t3.large)"), "{screen}");
    assert!(screen.contains("Storage still bills $0.2301/h"), "{screen}");
    insta::assert_snapshot!("dashboard_stop_head_node_question", screen);
    let go = app.update(Action::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    assert!(
        matches!(go.as_slice(), [Command::SetHeadNode { instance_id, start: false, .. }] if instance_id == "i-0head"),
        "{go:?}"
    );
    app.update(Action::DashboardActionDone {
        name: "rev-conus".into(),
        result: Err("AWS denied ec2:StopInstances (UnauthorizedOperation)".into()),
    });
    assert!(draw(&app).contains("✖ AWS denied ec2:StopInstances"));

    // s: a shell where the probe logs in, after a yes; n leaves it be.
    key_char(&mut app, 's');
    assert!(draw(&app).contains("ssh ubuntu@54.201.3.4"));
    let no = app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('n'),
        KeyModifiers::NONE,
    )));
    assert!(no.is_empty());
    key_char(&mut app, 's');
    let go = app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('y'),
        KeyModifiers::NONE,
    )));
    assert!(
        matches!(go.as_slice(), [Command::OpenShell { target, .. }] if target.user == "ubuntu" && target.host == "54.201.3.4"),
        "{go:?}"
    );
    // While a question is open, q answers it rather than quitting.
    key_char(&mut app, 'f');
    key_char(&mut app, 'q');
    assert!(!app.quit);
}

#[test]
fn the_rev_directory_is_asked_on_the_rev_tab_and_remembered() {
    use pcwiz::tui::action::Command;
    let mut app = open_dashboard();
    key_char(&mut app, '5');
    key_char(&mut app, 'e');
    for _ in 0.."~/rev_conus".len() {
        key(&mut app, KeyCode::Backspace);
    }
    for c in "~/runs/wtk q".chars() {
        key_char(&mut app, c);
    }
    assert!(!app.quit, "q is a letter while typing");
    let screen = draw(&app);
    assert!(
        screen.contains("reV project directory on the cluster: ~/runs/wtk q▏"),
        "{screen}"
    );
    let saved = app.update(Action::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    assert!(
        matches!(saved.as_slice(), [Command::RememberRevDir { dir, .. }] if dir == "~/runs/wtk q"),
        "{saved:?}"
    );
    assert!(draw(&app).contains("reV project ~/runs/wtk q"));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key_char(app, c);
    }
}

#[test]
fn hsds_set_up_asks_for_the_data_then_shows_the_install_and_the_check() {
    use pcwiz::cluster::hsds_files::{RevSnippet, execution_control};
    use pcwiz::hsds::install::Installed;
    use pcwiz::hsds::setup::SetupResult;
    use pcwiz::hsds::verify::Verified;
    use pcwiz::tui::action::Command;
    let mut app = open_dashboard();
    key_char(&mut app, '4');
    assert!(draw(&app).contains("i: set HSDS up for reV"));
    key_char(&mut app, 'i');
    let screen = draw(&app);
    assert!(
        screen.contains("◉ NREL's public data (no keys)"),
        "{screen}"
    );
    insta::assert_snapshot!("hsds_setup_public", screen);

    // A private bucket with SSO keys: refused before anything runs, the key masked.
    key(&mut app, KeyCode::Char(' '));
    for _ in 0..3 {
        key(&mut app, KeyCode::Down);
    }
    type_text(&mut app, "rev-private-data");
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    type_text(&mut app, "ASIAXAMPLEXAMPLE1234");
    key(&mut app, KeyCode::Down);
    type_text(&mut app, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    let asked = app.update(Action::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    assert!(asked.is_empty());
    let screen = draw(&app);
    assert!(
        !screen.contains("ASIAXAMPLEXAMPLE") && !screen.contains("wJalr"),
        "{screen}"
    );
    assert!(screen.contains("temporary (SSO or role) key"), "{screen}");
    insta::assert_snapshot!("hsds_setup_private_refused", screen);

    // Back to public data: Enter starts the set-up, with the probe's own ssh target.
    for _ in 0..6 {
        key(&mut app, KeyCode::Up);
    }
    key(&mut app, KeyCode::Char(' '));
    let asked = app.update(Action::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    assert!(
        matches!(asked.as_slice(), [Command::SetUpHsds { name, choices, .. }] if name == "rev-conus" && choices.keys.is_none()),
        "{asked:?}"
    );
    app.update(Action::HsdsSetupProgress {
        name: "rev-conus".into(),
        line:
            "Installing start_hsds.sh, .hscfg, override.yml and the reV snippet on the head node…"
                .into(),
    });
    insta::assert_snapshot!("hsds_setup_running", draw(&app));

    let verified = Verified {
        node: Some("compute-dy-c6a-1".into()),
        started: Some(0),
        check: Some("HSDS on compute-dy-c6a-1:5101: READY".into()),
        read_status: Some(200),
        domains: vec!["/nrel/wtk".into(), "/nrel/nsrdb".into()],
        why: None,
        log: vec![],
        error: None,
    };
    app.update(Action::HsdsSetupDone {
        name: "rev-conus".into(),
        result: Box::new(Ok((
            SetupResult {
                installed: vec![
                    Installed::Installed {
                        path: "start_hsds.sh".into(),
                        backup: None,
                    },
                    Installed::Installed {
                        path: ".hscfg".into(),
                        backup: Some(".hscfg.pcwiz-backup-20261121T120000Z".into()),
                    },
                    Installed::Unchanged {
                        path: ".hsds/override.yml".into(),
                    },
                ],
                hsds: Some(pcwiz::hsds::venv::HsdsVenv::Installed {
                    version: "1.0.2".into(),
                    python: "Python 3.12.3".into(),
                    from: "PyPI".into(),
                }),
                verified: Some(Ok(verified)),
                snippet: RevSnippet {
                    execution_control: execution_control(4, 48, true),
                    resource_file: "/nrel/wtk/conus/wtk_conus_{}.h5".into(),
                },
            },
            vec![],
        ))),
    });
    let screen = draw(&app);
    assert!(
        screen.contains("a read through it works (2 domains listed)"),
        "{screen}"
    );
    assert!(
        screen.contains("HSDS 1.0.2 installed in ~/.hsds/venv with pip from PyPI"),
        "{screen}"
    );
    insta::assert_snapshot!("hsds_setup_done", screen);
    key(&mut app, KeyCode::Esc);
    let screen = draw(&app);
    assert!(
        screen.contains("Set-up check 0 min ago: HSDS is READY on compute-dy-c6a-1"),
        "{screen}"
    );
}

#[test]
fn the_dashboard_says_how_far_the_host_key_is_trusted_and_k_re_pins_a_changed_one() {
    use pcwiz::cluster::host_keys::{HostPin, PinSource};
    use pcwiz::monitor::host_trust::RepinRefused;
    use pcwiz::remote::{SshFailure, SshFailureKind};
    use pcwiz::tui::action::Command;
    let mut app = open_dashboard();
    // Pinned on first use (the console output listed no keys): shown, not hidden.
    let mut first_use = refreshed(true, 0);
    first_use.refresh.host_key = Some(HostPin {
        instance_id: "i-0head".into(),
        source: PinSource::FirstUse,
        fingerprints: vec!["SHA256:Z9D/C+N96DuGaZ2QplMn0MnYM7s7OSJAaht8F04N3Zk".into()],
        pinned_at: now(),
    });
    app.update(Action::ClusterRefreshed {
        name: "rev-conus".into(),
        refreshed: Box::new(first_use),
    });
    let screen = draw(&app);
    assert!(
        screen.contains("Host key: accepted on first use, NOT verified"),
        "{screen}"
    );
    insta::assert_snapshot!("dashboard_host_key_first_use", screen);
    key_char(&mut app, 'K');
    assert!(
        draw(&app).contains("Nothing to re-pin"),
        "a good key needs no re-pin"
    );
    key(&mut app, KeyCode::Esc);

    // The key changed: refused, said in red, and K offers the re-pin.
    let mut changed = refreshed(true, 0);
    changed.refresh.probe = Some(Err(SshFailure {
        kind: SshFailureKind::HostKeyChanged,
        message: "REFUSED: the head node at 54.201.3.4 (i-0head) answered with a host key that is not the one pcwiz pinned for rev-conus.".into(),
    }));
    app.update(Action::ClusterRefreshed {
        name: "rev-conus".into(),
        refreshed: Box::new(changed),
    });
    let screen = draw(&app);
    assert!(screen.contains("Host key: CHANGED, refused"), "{screen}");
    insta::assert_snapshot!("dashboard_host_key_changed", screen);
    key_char(&mut app, 'K');
    assert!(draw(&app).contains("Re-pin the head node's host key?"));
    let asked = app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('y'),
        KeyModifiers::NONE,
    )));
    assert!(
        matches!(asked.as_slice(), [Command::RepinHostKey { accept_unverified: false, name, .. }] if name == "rev-conus"),
        "{asked:?}"
    );
    // AWS cannot vouch for the new key: the person is asked, with the key's fingerprint.
    app.update(Action::HostKeyRepinned {
        name: "rev-conus".into(),
        result: Err(RepinRefused {
            message: "EC2's console output for i-0head lists no host keys, so pcwiz cannot confirm the key the head node presents now (SHA256:PeXGcdwSnhKgso/3fFcD8aAaWEXI7iOR0eHLiiXj110).".into(),
            can_accept_unverified: true,
        }),
    });
    let screen = draw(&app);
    assert!(
        screen.contains("Accept the new key unverified?"),
        "{screen}"
    );
    insta::assert_snapshot!("dashboard_host_key_accept_unverified", screen);
    let accepted = app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('y'),
        KeyModifiers::NONE,
    )));
    assert!(
        matches!(
            accepted.as_slice(),
            [Command::RepinHostKey {
                accept_unverified: true,
                ..
            }]
        ),
        "{accepted:?}"
    );
    let after = app.update(Action::HostKeyRepinned {
        name: "rev-conus".into(),
        result: Ok("Re-pinned: host key of i-0head accepted on first use, NOT verified.".into()),
    });
    assert!(
        matches!(after.as_slice(), [Command::RefreshCluster { .. }]),
        "it looks again at once: {after:?}"
    );
    assert!(!app.dashboard.as_ref().unwrap().host_key_refused);
}
