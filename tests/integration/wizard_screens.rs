//! Snapshots of the wizard's steps (TestBackend), including error states. State is built
//! by sending the actions the event loop sends; the rows come from the wizard model.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use pcwiz::aws::identity::{Identity, classify_arn};
use pcwiz::aws::price_engine::PriceEngine;
use pcwiz::cluster::findings::{ConfigFinding, Severity};
use pcwiz::cluster::instance::InstanceInfo;
use pcwiz::cluster::launch::{HeadNode, LaunchStatus};
use pcwiz::cluster::network::{NetworkInventory, RouteOut, Subnet, Vpc};
use pcwiz::cluster::price_book::PriceKey;
use pcwiz::cluster::ssh_key::{KeyKind, PublicKey, RemoteKeyPair};
use pcwiz::cluster::stack::{StackEvent, StackProgress};
use pcwiz::doctor::region::ResolvedRegion;
use pcwiz::doctor::{CredentialsSummary, IdentityCheck};
use pcwiz::launch::preflight::Preflight;
use pcwiz::pcluster::{DryRunVerdict, Pcluster};
use pcwiz::store::ssh_dir::{LocalKey, SshDir};
use pcwiz::tui::action::{Action, Command, KeyInventory, LaunchEvent};
use pcwiz::tui::app::{App, Screen};
use pcwiz::tui::theme::Theme;
use pcwiz::tui::view;
use pcwiz::wizard::StepId;

const WIDTH: u16 = 100;
const HEIGHT: u16 = 30;
// Real keys, made with ssh-keygen for these tests.
const ED25519: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL6E0DzZfUck+UMbn15vmNCMgjJ12D+JVVexhlaDKi9i jane@laptop";
const RSA: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCnZrKKkWPtJVVY28O/ErBO846TOj70ZTdVPSWSDlBC/7BT/CcGNlmka6tH8X9KbALQMxPN6sMnOvqSaGYm7+bNrQHSr17oVL6cLx1/jNkAabDw9XhBqLiAlYGsDr0im6DwkTXlB+lZ553J504JFhjwPQsSL3Al5dEoSb6jtxkp1WpsBv4OBf7qTYw0IYP/ZqI+dneXlF2EZzty1c8Q3kTel3ubPMqGJHqlCWVHUaABrr6RLDf0ZwhvFMWC1QvKoNKqrJ+oWUeCq5BfSLok6LJ2OWRkjVVm5+YpduuM+v9zJ+jL8Q9bKp7SyDc42IxxbmB9qGZVY0l3vnDtzKE6ziLLCShVC1n+2gzqz5Ne8R8gHu2XwaM2QFFCmFWuYiwXO7aTdutElbR5uW6m+kZMeMDSiekuxUQcIuu8o+gu50GJfUjlByFI15qRcKFmhs2ctzPFeV620OXHazXsCfFnBtFgjJtrXdDfY7W7LxcAiXCei0aAZdvR0xspM8WaAC8oWKk= old@desktop";

pub(crate) fn draw(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    terminal.draw(|frame| view::render(app, frame)).unwrap();
    terminal.backend().to_string()
}

pub(crate) fn key(app: &mut App, code: KeyCode) -> Vec<Command> {
    let commands = app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    answer_prices(app, commands)
}

/// Answers the wizard's price requests the way the background does before any live answer:
/// from the bundled snapshot (the cache is empty). Returns the other commands.
pub(crate) fn answer_prices(app: &mut App, commands: Vec<Command>) -> Vec<Command> {
    let engine = PriceEngine::in_dir(std::path::Path::new("/nonexistent/pcwiz-test-cache"));
    let mut others = vec![];
    for command in commands {
        match command {
            Command::LoadPrices {
                region,
                first,
                rest,
                ..
            } => {
                let all: Vec<_> = first.into_iter().chain(rest).collect();
                let book = engine.known(&region, &all);
                app.update(Action::PricesLoaded {
                    region,
                    book: Box::new(book),
                    problem: None,
                    finished: true,
                });
            }
            other => others.push(other),
        }
    }
    others
}

pub(crate) fn signed_in() -> IdentityCheck {
    let arn = "arn:aws:iam::123456789012:user/jane";
    let (kind, principal_name) = classify_arn(arn);
    IdentityCheck {
        summary: CredentialsSummary {
            kind: Some(kind),
            arn: Some(arn.into()),
            account: Some("123456789012".into()),
            source: "environment",
            expires_at: None,
        },
        identity: Some(Identity {
            account: "123456789012".into(),
            arn: arn.into(),
            kind,
            principal_name,
            temporary: false,
            expires_at: None,
        }),
        region: Some(ResolvedRegion {
            name: "us-west-2".into(),
            from: "AWS_REGION".into(),
        }),
        findings: vec![],
    }
}

/// The app with the wizard open at the credentials step, signed in.
fn wizard() -> App {
    let mut app = App::new(Theme { color: false }, WIDTH, HEIGHT)
        .with_home(Some("/home/jane".into()))
        .with_configs_dir("/tmp/pcwiz-configs".into());
    app.update(Action::IdentityChecked(Box::new(signed_in())));
    let commands = key(&mut app, KeyCode::Char('1'));
    assert!(
        commands.is_empty(),
        "the credentials step fetches nothing new"
    );
    assert_eq!(app.screen, Screen::Wizard);
    app
}

/// The wizard at the key step (region us-west-2 chosen), with the command it asked for.
fn at_key_step() -> App {
    let mut app = wizard();
    let commands = key(&mut app, KeyCode::Enter);
    assert!(matches!(commands[0], Command::SaveDraft(_)), "{commands:?}");
    let commands = key(&mut app, KeyCode::Enter);
    assert!(
        commands.contains(&Command::LoadKeys {
            region: "us-west-2".into()
        }),
        "{commands:?}"
    );
    app
}

fn local(name: &str, text: &str, mode: Option<u32>) -> LocalKey {
    let public_path = PathBuf::from(format!("/home/jane/.ssh/{name}.pub"));
    LocalKey {
        key: PublicKey::parse(text).unwrap(),
        private_path: mode.map(|_| public_path.with_extension("")),
        private_mode: mode,
        public_path,
    }
}

fn keys_loaded(app: &mut App) {
    let laptop = local("id_ed25519", ED25519, Some(0o600));
    let blob = laptop.key.blob.clone();
    app.update(Action::KeysLoaded {
        region: "us-west-2".into(),
        result: Ok(KeyInventory {
            local: SshDir {
                keys: vec![laptop, local("id_rsa", RSA, Some(0o644))],
                unreadable: vec![],
            },
            remote: vec![
                RemoteKeyPair {
                    name: "laptop".into(),
                    id: "key-1".into(),
                    kind: KeyKind::Ed25519,
                    created: None,
                    blob: Some(blob),
                    imported_by_pcwiz: false,
                },
                RemoteKeyPair {
                    name: "old-desktop".into(),
                    id: "key-2".into(),
                    kind: KeyKind::Rsa,
                    created: None,
                    blob: Some("AAAAB3NzaC1yc2EAAAADAQABAAAAgQC".into()),
                    imported_by_pcwiz: false,
                },
            ],
        }),
    });
}

fn subnet(id: &str, vpc: &str, az: &str, route: RouteOut) -> Subnet {
    Subnet {
        id: id.into(),
        vpc_id: vpc.into(),
        name: None,
        availability_zone: az.into(),
        cidr: format!("172.31.{}.0/20", id.len() * 3),
        free_addresses: 4091,
        public_ip_on_launch: route == RouteOut::InternetGateway,
        route_out: route,
    }
}

pub(crate) fn inventory() -> NetworkInventory {
    let types = ["t3.large", "c6a.12xlarge", "m6a.12xlarge"];
    let everywhere = ["us-west-2a", "us-west-2b", "us-west-2c"];
    NetworkInventory {
        zones: vec![
            "us-west-2a".into(),
            "us-west-2b".into(),
            "us-west-2c".into(),
            "us-west-2d".into(),
        ],
        vpcs: vec![
            Vpc {
                id: "vpc-0default".into(),
                name: None,
                cidr: "172.31.0.0/16".into(),
                is_default: true,
            },
            Vpc {
                id: "vpc-0lab".into(),
                name: Some("lab".into()),
                cidr: "10.0.0.0/16".into(),
                is_default: false,
            },
        ],
        subnets: vec![
            subnet(
                "subnet-0aaaaaaaaaaaaaaaa",
                "vpc-0default",
                "us-west-2a",
                RouteOut::InternetGateway,
            ),
            subnet(
                "subnet-0bbbbbbbbbbbbbbbb",
                "vpc-0default",
                "us-west-2b",
                RouteOut::InternetGateway,
            ),
            subnet(
                "subnet-0dddddddddddddddd",
                "vpc-0default",
                "us-west-2d",
                RouteOut::InternetGateway,
            ),
            subnet(
                "subnet-0eeeeeeeeeeeeeeee",
                "vpc-0lab",
                "us-west-2a",
                RouteOut::NatGateway,
            ),
        ],
        offerings: types
            .iter()
            .map(|t| {
                (
                    t.to_string(),
                    everywhere.iter().map(|z| z.to_string()).collect(),
                )
            })
            .collect(),
    }
}

fn at_network_step() -> App {
    let mut app = at_key_step();
    keys_loaded(&mut app);
    let commands = key(&mut app, KeyCode::Enter);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::LoadNetwork { region, .. } if region == "us-west-2")),
        "{commands:?}"
    );
    app.update(Action::DraftSaved(Ok(())));
    app.update(Action::NetworkLoaded {
        region: "us-west-2".into(),
        result: Ok(Box::new(inventory())),
    });
    app
}

pub(crate) fn step(app: &App) -> StepId {
    app.wizard.as_ref().unwrap().step
}

#[test]
fn credentials_step_signed_in() {
    let app = wizard();
    let screen = draw(&app);
    assert!(screen.contains("You are jane (iam-user)"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn credentials_step_without_an_identity_says_why_and_offers_to_explore() {
    let mut app = App::new(Theme { color: false }, WIDTH, HEIGHT);
    let mut check = signed_in();
    check.identity = None;
    check.findings = vec![pcwiz::doctor::Finding::fail(
        "credentials.sso-login",
        "Credentials come from SSO profile `rev`, but the SSO login expired 2 h ago.",
        "aws sso login --profile rev",
    )];
    app.update(Action::IdentityChecked(Box::new(check)));
    key(&mut app, KeyCode::Char('1'));
    let screen = draw(&app);
    assert!(
        screen.contains("Next: aws sso login --profile rev"),
        "{screen}"
    );
    assert!(screen.contains("Enter explores anyway"), "{screen}");
    insta::assert_snapshot!("credentials_step_blocks_without_an_identity", screen);
    // Enter explores: on to the region, asking AWS nothing (only the draft is saved).
    let commands = key(&mut app, KeyCode::Enter);
    assert!(
        commands.iter().all(|c| matches!(c, Command::SaveDraft(_))),
        "{commands:?}"
    );
    assert_eq!(step(&app), StepId::Region);
    assert!(app.wizard.as_ref().unwrap().offline);
}

#[test]
fn region_step_suggests_us_west_2() {
    let mut app = wizard();
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app);
    assert!(screen.contains("› us-west-2"), "{screen}");
    assert!(screen.contains("★ reV data here"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn key_step_while_loading() {
    let app = at_key_step();
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn key_step_matches_refuses_and_warns() {
    let mut app = at_key_step();
    keys_loaded(&mut app);
    let screen = draw(&app);
    assert!(
        screen.contains("› ✔ Use key pair `laptop`"),
        "preselected: {screen}"
    );
    assert!(
        screen.contains("this key pair is your ~/.ssh/id_ed25519"),
        "{screen}"
    );
    assert!(screen.contains("✖ Import ~/.ssh/id_rsa.pub"), "{screen}");
    insta::assert_snapshot!("key_step_matched", screen);
    // The RSA import: refused on Ubuntu 24.04, with the reason and the exposed-mode warning.
    // One Down: the `old-desktop` row (no private key here) is skipped.
    key(&mut app, KeyCode::Down);
    let screen = draw(&app);
    assert!(screen.contains("Ubuntu 24.04 refuses RSA keys"), "{screen}");
    assert!(screen.contains("chmod 600 ~/.ssh/id_rsa"), "{screen}");
    insta::assert_snapshot!("key_step_rsa_refused", screen);
    assert!(
        key(&mut app, KeyCode::Enter).is_empty(),
        "a refused key cannot be chosen"
    );
}

#[test]
fn key_step_generate_form_masks_the_passphrase() {
    let mut app = at_key_step();
    keys_loaded(&mut app);
    key(&mut app, KeyCode::End);
    for _ in 0..4 {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    for c in "s3cret".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let screen = draw(&app);
    assert!(screen.contains("••••••"), "{screen}");
    assert!(!screen.contains("s3cret"), "the passphrase never shows");
    insta::assert_snapshot!(screen);
    let commands = key(&mut app, KeyCode::Enter);
    assert_eq!(
        commands,
        vec![Command::GenerateKey {
            region: "us-west-2".into(),
            name: "pcwiz-us-west-2".into(),
            passphrase: "s3cret".into(),
        }]
    );
}

#[test]
fn key_step_duplicate_name_keeps_the_form_and_says_why() {
    let mut app = at_key_step();
    keys_loaded(&mut app);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    app.update(Action::KeyReady(Err(
        "a key pair named `pcwiz-us-west-2` already exists in this region; pick another name, or use the existing one".into(),
    )));
    assert_eq!(step(&app), StepId::SshKey, "the step stays where it was");
    let screen = draw(&app);
    assert!(screen.contains("already exists"), "{screen}");
    assert!(
        screen.contains("Key pair name: pcwiz-us-west-2"),
        "what was typed is kept: {screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn key_step_access_denied() {
    let mut app = at_key_step();
    app.update(Action::KeysLoaded {
        region: "us-west-2".into(),
        result: Err("AWS denied ec2:DescribeKeyPairs (AccessDenied): not authorized. Next: Ask your AWS administrator to allow ec2:DescribeKeyPairs for your user or role".into()),
    });
    let screen = draw(&app);
    assert!(screen.contains("ec2:DescribeKeyPairs"), "{screen}");
    insta::assert_snapshot!(screen);
    assert_eq!(
        key(&mut app, KeyCode::Char('r')),
        vec![Command::LoadKeys {
            region: "us-west-2".into()
        }]
    );
}

#[test]
fn network_step_marks_what_can_run_where() {
    let app = at_network_step();
    let screen = draw(&app);
    assert!(screen.contains("› ✔ subnet-0aaaaaaaaaaaaaaaa"), "{screen}");
    assert!(
        screen.contains("✖ subnet-0dddddddddddddddd"),
        "us-west-2d lacks the types: {screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn network_step_explains_an_unusable_subnet() {
    let mut app = at_network_step();
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    let screen = draw(&app);
    assert!(
        screen.contains("us-west-2d does not offer t3.large, c6a.12xlarge, m6a.12xlarge"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
    assert!(
        key(&mut app, KeyCode::Enter).is_empty(),
        "an unusable subnet cannot be chosen"
    );
}

#[test]
fn network_create_dialog_shows_the_nat_cost() {
    let mut app = at_network_step();
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Char('p'));
    let screen = draw(&app);
    assert!(screen.contains("NAT gateway ≈ $32.85/month"), "{screen}");
    insta::assert_snapshot!(screen);
    let commands = key(&mut app, KeyCode::Enter);
    assert_eq!(
        commands,
        vec![Command::CreateNetwork {
            region: "us-west-2".into(),
            availability_zone: "us-west-2a".into(),
            layout: pcwiz::aws::network_stack::Layout::PublicPrivate,
        }]
    );
}

#[test]
fn network_creation_progress_then_done() {
    let mut app = at_network_step();
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Enter);
    let event = |id: &str, status: &str| StackEvent {
        time: None,
        logical_id: id.into(),
        resource_type: "AWS::EC2::Subnet".into(),
        status: status.into(),
        reason: None,
        physical_id: None,
    };
    app.update(Action::NetworkProgress(Ok(Box::new(StackProgress {
        name: "pcwiz-network-us-west-2a-202611211200".into(),
        status: "CREATE_IN_PROGRESS".into(),
        resources_done: 5,
        resources_total: 9,
        events: vec![
            event("PublicSubnet", "CREATE_COMPLETE"),
            event("Vpc", "CREATE_COMPLETE"),
        ],
        ..Default::default()
    }))));
    let screen = draw(&app);
    assert!(screen.contains("5/9 resources"), "{screen}");
    insta::assert_snapshot!("network_creating", screen);

    let commands = app.update(Action::NetworkProgress(Ok(Box::new(StackProgress {
        name: "pcwiz-network-us-west-2a-202611211200".into(),
        status: "CREATE_COMPLETE".into(),
        resources_done: 9,
        resources_total: 9,
        outputs: [
            ("VpcId".to_string(), "vpc-0new".to_string()),
            ("PublicSubnetId".to_string(), "subnet-0new".to_string()),
        ]
        .into(),
        ..Default::default()
    }))));
    assert!(commands.iter().any(|c| matches!(c, Command::SaveDraft(d) if d.network.as_ref().unwrap().created_stack.is_some())));
    let network = app.wizard.as_ref().unwrap().draft.network.clone().unwrap();
    assert_eq!(network.head_subnet, "subnet-0new");
    app.update(Action::DraftSaved(Ok(())));
    assert_eq!(
        step(&app),
        StepId::Preset,
        "a created network answers the step"
    );
    let screen = draw(&app);
    assert!(screen.contains("› rev-conus"), "{screen}");
    assert!(
        screen.contains("48-vCPU AMD"),
        "who the preset is for: {screen}"
    );
    insta::assert_snapshot!("preset_step", screen);
}

#[test]
fn esc_goes_back_a_step_without_losing_answers_and_the_draft_can_be_resumed() {
    let mut app = at_network_step();
    key(&mut app, KeyCode::Enter);
    app.update(Action::DraftSaved(Ok(())));
    assert_eq!(step(&app), StepId::Preset);
    key(&mut app, KeyCode::Esc);
    assert_eq!(step(&app), StepId::Network);
    key(&mut app, KeyCode::Esc);
    assert_eq!(step(&app), StepId::SshKey);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::MainMenu);
    let screen = draw(&app);
    assert!(screen.contains("2  Resume draft"), "{screen}");
    assert!(
        screen.contains("us-west-2 · key laptop · subnet-0aaaaaaaaaaaaaaaa · at Preset"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(step(&app), StepId::Preset, "resumes where it was left");
    let draft = &app.wizard.as_ref().unwrap().draft;
    assert_eq!(draft.key.as_ref().unwrap().name, "laptop");
}

#[test]
fn a_late_answer_for_another_region_is_ignored() {
    let mut app = at_key_step();
    app.update(Action::KeysLoaded {
        region: "eu-west-1".into(),
        result: Err("stale".into()),
    });
    assert!(!draw(&app).contains("stale"));
}

#[test]
fn q_is_a_letter_while_typing_a_name() {
    let mut app = at_key_step();
    keys_loaded(&mut app);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Char('?'));
    assert!(!app.quit && !app.help_open);
    let form = app.wizard.as_ref().unwrap().key_form.as_ref().unwrap();
    assert!(form.name.ends_with("q?"), "{}", form.name);
}

#[test]
fn the_configured_region_is_preselected_even_before_sts_answers() {
    let mut app = App::new(Theme { color: false }, WIDTH, HEIGHT)
        .with_configured_region(Some("eu-west-1".into()));
    key(&mut app, KeyCode::Char('1'));
    app.update(Action::IdentityChecked(Box::new(signed_in())));
    key(&mut app, KeyCode::Enter);
    assert!(draw(&app).contains("› eu-west-1"), "{}", draw(&app));
}

fn instance(name: &str, vcpus: u32, gib: u64, arch: &str) -> InstanceInfo {
    InstanceInfo {
        name: name.into(),
        vcpus,
        memory_mib: gib * 1024,
        architectures: vec![arch.into()],
        network: "Up to 12.5 Gigabit".into(),
        burstable: name.starts_with('t'),
        efa: false,
        gpus: 0,
    }
}

/// The wizard at the head-node step, with the zone's types loaded.
fn at_head_node_step() -> App {
    let mut app = at_network_step();
    key(&mut app, KeyCode::Enter); // subnet-0aaa…
    key(&mut app, KeyCode::Enter); // rev-conus
    assert_eq!(step(&app), StepId::Os);
    let commands = key(&mut app, KeyCode::Enter); // ubuntu2404
    assert_eq!(step(&app), StepId::HeadNode);
    assert!(
        commands.iter().any(
            |c| matches!(c, Command::LoadCatalog { zone: Some(zone), .. } if zone == "us-west-2a")
        ),
        "{commands:?}"
    );
    let commands = app.update(Action::CatalogLoaded {
        zone: Some("us-west-2a".into()),
        result: Ok(vec![
            instance("t3.large", 2, 8, "x86_64"),
            instance("t3.medium", 2, 4, "x86_64"),
            instance("c6a.12xlarge", 48, 96, "x86_64"),
            instance("m6a.12xlarge", 48, 192, "x86_64"),
            instance("m7g.large", 2, 8, "arm64"),
        ]),
    });
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::LoadPrices { first, .. }
                if first.contains(&PriceKey::instance("m7g.large", false)))),
        "the picker's other types are priced too: {commands:?}"
    );
    answer_prices(&mut app, commands);
    app
}

#[test]
fn head_node_picker_preselects_the_presets_type_and_filters_as_you_type() {
    let mut app = at_head_node_step();
    let screen = draw(&app);
    assert!(
        screen.contains("› t3.large"),
        "the preset's head node: {screen}"
    );
    assert!(
        screen.contains("$0.0832 · $60.74"),
        "t3.large from the snapshot: {screen}"
    );
    assert!(
        screen.contains("offline snapshot 2023-08"),
        "labelled: {screen}"
    );
    assert!(screen.contains("Burstable"), "{screen}");
    insta::assert_snapshot!("head_node_picker", screen);
    for c in "m6a".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let screen = draw(&app);
    assert!(screen.contains("1 of 5 types in us-west-2a"), "{screen}");
    assert!(screen.contains("› m6a.12xlarge"), "{screen}");
    key(&mut app, KeyCode::Esc);
    assert_eq!(step(&app), StepId::HeadNode, "Esc clears the filter first");
    let screen = draw(&app);
    assert!(screen.contains("5 of 5 types"), "{screen}");
    assert!(
        screen.contains("› m6a.12xlarge"),
        "the selection survives the filter: {screen}"
    );
    for c in "t3.m".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), StepId::Queues);
    let draft = &app.wizard.as_ref().unwrap().draft;
    assert_eq!(draft.head_node_type.as_deref(), Some("t3.medium"));
    assert_eq!(
        draft.instance_types[0], "t3.medium",
        "the AZ checks follow the new type"
    );
}

#[test]
fn extras_step_fills_the_tags_and_upkeep_settings() {
    let mut app = at_extras_step();
    for c in "nrel".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Down);
    for c in "q-4242".chars() {
        key(&mut app, KeyCode::Char(c)); // `q` is a letter here, not quit
    }
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Char('5'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char(' '));
    assert!(!app.quit);
    let screen = draw(&app);
    assert!(screen.contains("q-4242"), "{screen}");
    assert!(screen.contains("← 120 →"), "180 → 150 → 120: {screen}");
    insta::assert_snapshot!(screen);
    let extras = &app.wizard.as_ref().unwrap().draft.extras;
    assert_eq!(
        (
            extras.org.as_str(),
            extras.billing_id.as_str(),
            extras.scaledown_minutes,
            extras.log_retention_days,
            extras.delete_logs_with_cluster
        ),
        ("nrel", "q-4242", 5, 120, true)
    );
    // reV's data: the dashboard's HSDS set-up starts from this answer.
    for _ in 0..3 {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Right);
    let screen = draw(&app);
    assert!(screen.contains("← private bucket (IAM keys) →"), "{screen}");
    assert!(
        screen.contains("kept in the OS keyring"),
        "the help says how keys are handled: {screen}"
    );
    let extras = &app.wizard.as_ref().unwrap().draft.extras;
    assert_eq!(
        extras.hsds_data,
        pcwiz::cluster::hsds_files::HsdsData::PrivateBucket
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), StepId::Review);
    let yaml = &app.wizard.as_ref().unwrap().review.as_ref().unwrap().yaml;
    assert!(
        yaml.contains("Value: q-4242") && yaml.contains("ScaledownIdletime: 5"),
        "{yaml}"
    );
}

#[test]
fn extras_refuses_a_zero_idle_time() {
    let mut app = at_extras_step();
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), StepId::Extras);
    assert!(draw(&app).contains("at least 1 minute"));
}

#[test]
fn extras_arms_the_idle_guard_and_offers_a_budget_from_the_estimate() {
    let mut app = at_extras_step();
    for _ in 0..8 {
        key(&mut app, KeyCode::Down);
    }
    let screen = draw(&app);
    assert!(
        screen.contains("60 idle minutes"),
        "on by default: {screen}"
    );
    assert!(
        screen.contains("storage still bills"),
        "the help says what stays: {screen}"
    );
    key(&mut app, KeyCode::Down);
    let suggested = app.wizard.as_ref().unwrap().suggested_budget();
    let (usd, why) = suggested.expect("the estimate has the head node's price");
    let screen = draw(&app);
    assert!(
        screen.contains(&format!("${usd} a month (suggested)")),
        "{screen}"
    );
    assert!(why.contains("plus 25%"), "{why}");
    // An amount with nowhere to send its alerts is refused, and says how to make none.
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('0'));
    key(&mut app, KeyCode::Char('0'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), StepId::Extras);
    assert!(draw(&app).contains("A budget needs an email address"));
    key(&mut app, KeyCode::Down);
    for c in "ana@uni".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), StepId::Extras);
    assert!(draw(&app).contains("'ana@uni' is not an email address"));
    for c in ".edu".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let screen = draw(&app);
    assert!(screen.contains("$300 a month"), "{screen}");
    insta::assert_snapshot!(screen);
    let upkeep = app.wizard.as_ref().unwrap().upkeep();
    assert_eq!(upkeep.idle_guard_minutes, Some(60));
    assert_eq!(
        upkeep.budget,
        Some(pcwiz::guard::budget::BudgetRequest {
            monthly_usd: 300,
            email: "ana@uni.edu".into()
        })
    );
    // Erased to nothing, the amount is the suggestion again; 0 minutes is no guard.
    key(&mut app, KeyCode::Up);
    for _ in 0..3 {
        key(&mut app, KeyCode::Backspace);
    }
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    assert!(draw(&app).contains("off (0)"));
    let upkeep = app.wizard.as_ref().unwrap().upkeep();
    assert_eq!(upkeep.idle_guard_minutes, None);
    assert_eq!(upkeep.budget.map(|b| b.monthly_usd), Some(usd));
    key(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), StepId::Review);
}

/// Past the head node (t3.large), queues and storage as the preset has them.
fn at_extras_step() -> App {
    let mut app = at_head_node_step();
    key(&mut app, KeyCode::Enter); // t3.large
    assert_eq!(step(&app), StepId::Queues);
    key(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), StepId::Storage);
    key(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), StepId::Extras);
    app
}

#[test]
fn queues_and_storage_edits_reach_the_config() {
    let mut app = at_head_node_step();
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('x')); // standard: whole nodes
    key(&mut app, KeyCode::Char('+'));
    key(&mut app, KeyCode::Char('+'));
    key(&mut app, KeyCode::Char('p')); // spot
    let screen = draw(&app);
    assert!(screen.contains("whole nodes"), "{screen}");
    assert!(screen.contains("0–12"), "{screen}");
    insta::assert_snapshot!("queues_step", screen);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('x')); // bigmem too
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('+'));
    key(&mut app, KeyCode::Char('d'));
    let screen = draw(&app);
    assert!(screen.contains("2400 GiB"), "{screen}");
    assert!(
        screen.contains("outlive the cluster"),
        "Retain is explained: {screen}"
    );
    insta::assert_snapshot!("storage_step", screen);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), StepId::Review);
    let review = app.wizard.as_ref().unwrap().review.as_ref().unwrap();
    let yaml = &review.yaml;
    assert!(yaml.contains("JobExclusiveAllocation: true"), "{yaml}");
    assert!(yaml.contains("MaxCount: 12"), "{yaml}");
    assert!(yaml.contains("CapacityType: SPOT"), "{yaml}");
    assert!(
        yaml.contains("StorageCapacity: 2400") && yaml.contains("DeletionPolicy: Retain"),
        "{yaml}"
    );
    app.update(Action::ConfigLookedAround(Err("offline".into())));
    let screen = draw(&app);
    assert!(
        !screen.contains("shares nodes between jobs"),
        "both queues now give whole nodes: {screen}"
    );
}

/// The wizard at the review step: network chosen, rev-conus, Ubuntu 24.04, t3.large,
/// default queues, storage and extras.
fn at_review_step() -> App {
    let mut app = at_extras_step();
    let commands = key(&mut app, KeyCode::Enter); // extras as they are
    assert_eq!(step(&app), StepId::Review);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::LookAround { region, .. } if region == "us-west-2")),
        "{commands:?}"
    );
    app
}

#[test]
fn os_step_refuses_an_os_the_key_cannot_log_in_to() {
    let mut app = at_network_step();
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    // Pretend the chosen key is RSA (the user imported one for Amazon Linux earlier).
    app.wizard
        .as_mut()
        .unwrap()
        .draft
        .key
        .as_mut()
        .unwrap()
        .kind = KeyKind::Rsa;
    let commands = key(&mut app, KeyCode::Enter);
    assert!(commands.is_empty());
    assert_eq!(
        step(&app),
        StepId::Os,
        "Ubuntu 24.04 with an RSA key does not go on"
    );
    let screen = draw(&app);
    assert!(screen.contains("Ubuntu 24.04 refuses RSA keys"), "{screen}");
    insta::assert_snapshot!(screen);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down); // alinux2023
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        step(&app),
        StepId::HeadNode,
        "Amazon Linux 2023 takes RSA keys"
    );
}

#[test]
fn review_shows_the_checks_and_the_yaml_then_saves() {
    let mut app = at_review_step();
    let screen = draw(&app);
    assert!(
        screen.contains("checking the key pair, subnet and instance types"),
        "{screen}"
    );
    app.update(Action::ConfigLookedAround(Ok(Box::new(
        pcwiz::cluster::findings::Surroundings {
            key_kind: Some(KeyKind::Ed25519),
            head_subnet: Some(pcwiz::cluster::findings::SubnetFacts {
                availability_zone: "us-west-2a".into(),
                route_out: RouteOut::InternetGateway,
                public_ip_on_launch: true,
            }),
            offerings: Some(inventory().offerings),
        },
    ))));
    let screen = draw(&app);
    assert!(
        screen.contains("shares nodes between jobs"),
        "the reV trap is flagged: {screen}"
    );
    assert!(
        screen.contains("InstanceType: t3.large"),
        "the YAML is shown: {screen}"
    );
    assert!(
        screen.contains("SubnetId: subnet-0aaaaaaaaaaaaaaaa"),
        "{screen}"
    );
    insta::assert_snapshot!("review_checked", screen);

    key(&mut app, KeyCode::Char('w'));
    let screen = draw(&app);
    assert!(
        screen.contains("Save to: /tmp/pcwiz-configs/rev-conus-us-west-2.yaml"),
        "{screen}"
    );
    let commands = key(&mut app, KeyCode::Enter);
    let Some(Command::SaveConfig { path, text }) = commands.first() else {
        panic!("{commands:?}")
    };
    assert_eq!(
        path,
        &PathBuf::from("/tmp/pcwiz-configs/rev-conus-us-west-2.yaml")
    );
    assert!(text.starts_with("# ParallelCluster config made by pcwiz from preset `rev-conus`."));
    let commands = app.update(Action::ConfigSaved(Ok(path.clone())));
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::SaveDraft(d) if d.config_file.is_some()))
    );
    // Saved, the wizard moves on to the launch step, named after the file.
    let screen = draw(&app);
    assert!(
        screen.contains("✔ Saved to /tmp/pcwiz-configs/rev-conus-us-west-2.yaml (mode 0600)."),
        "{screen}"
    );
    assert!(
        screen.contains("Cluster name: rev-conus-us-west-2▏"),
        "{screen}"
    );
}

#[test]
fn review_says_when_aws_could_not_be_consulted() {
    let mut app = at_review_step();
    app.update(Action::ConfigLookedAround(Err(
        "could not reach http://127.0.0.1:9".into(),
    )));
    let screen = draw(&app);
    assert!(
        screen.contains("Could not check against AWS: could not reach"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn queues_get_a_type_from_the_picker_and_are_added_renamed_and_removed() {
    let mut app = at_head_node_step();
    key(&mut app, KeyCode::Enter); // t3.large, on to the queues
    // `i`: the same picker as the head node, preselecting the resource's type.
    key(&mut app, KeyCode::Char('i'));
    let screen = draw(&app);
    assert!(screen.contains("Compute node type"), "{screen}");
    assert!(screen.contains("› c6a.12xlarge"), "{screen}");
    for c in "m6a".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    // `a` copies the queue; `n` renames it, checked as typed.
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Char('n'));
    for _ in 0.."standard-2".len() {
        key(&mut app, KeyCode::Backspace);
    }
    for c in "Debug".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let screen = draw(&app);
    assert!(
        screen.contains("✖ must start with a lowercase letter"),
        "{screen}"
    );
    insta::assert_snapshot!("queue_rename_checked_as_typed", screen);
    key(&mut app, KeyCode::Enter);
    assert!(
        draw(&app).contains("must start with a lowercase letter"),
        "Enter refuses it"
    );
    for _ in 0..5 {
        key(&mut app, KeyCode::Backspace);
    }
    for c in "debug".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    let config = app.wizard.as_ref().unwrap().draft.config.clone().unwrap();
    let names: Vec<&str> = config
        .scheduling
        .slurm_queues
        .iter()
        .map(|q| q.name.as_str())
        .collect();
    assert_eq!(names, ["standard", "debug", "bigmem"]);
    assert_eq!(
        config.scheduling.slurm_queues[0].compute_resources[0]
            .instance_type
            .as_deref(),
        Some("m6a.12xlarge")
    );
    // `D` removes the selected queue (debug), and the planned types follow on Enter.
    key(&mut app, KeyCode::Char('D'));
    key(&mut app, KeyCode::Enter);
    let draft = &app.wizard.as_ref().unwrap().draft;
    let names: Vec<&str> = draft
        .config
        .as_ref()
        .unwrap()
        .scheduling
        .slurm_queues
        .iter()
        .map(|q| q.name.as_str())
        .collect();
    assert_eq!(names, ["standard", "bigmem"]);
    assert_eq!(draft.instance_types, ["t3.large", "m6a.12xlarge"]);
}

#[test]
fn efa_only_where_the_type_has_it_and_storage_is_added_moved_and_removed() {
    let mut app = at_head_node_step();
    key(&mut app, KeyCode::Enter); // on to the queues
    key(&mut app, KeyCode::Char('e'));
    let screen = draw(&app);
    assert!(
        screen.contains("c6a.12xlarge does not support EFA"),
        "{screen}"
    );
    key(&mut app, KeyCode::Char('g')); // placement group off
    insta::assert_snapshot!("queues_efa_refused", screen);
    key(&mut app, KeyCode::Enter); // storage
    key(&mut app, KeyCode::Char('a')); // + EFS at /shared
    key(&mut app, KeyCode::Char('m'));
    for _ in 0.."/shared".len() {
        key(&mut app, KeyCode::Backspace);
    }
    for c in "data".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    assert!(
        draw(&app).contains("must be an absolute path"),
        "{}",
        draw(&app)
    );
    key(&mut app, KeyCode::Home);
    for _ in 0.."data".len() {
        key(&mut app, KeyCode::Backspace);
    }
    for c in "/data".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app);
    assert!(screen.contains("/data"), "{screen}");
    insta::assert_snapshot!("storage_efs_added", screen);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char('D')); // the FSx goes
    let config = app.wizard.as_ref().unwrap().draft.config.clone().unwrap();
    let mounts: Vec<&str> = config
        .shared_storage
        .iter()
        .map(|s| s.mount_dir.as_str())
        .collect();
    assert_eq!(mounts, ["/data"]);
    assert_eq!(
        config.scheduling.slurm_queues[0]
            .networking
            .placement_group
            .as_ref()
            .unwrap()
            .enabled,
        Some(false)
    );
    key(&mut app, KeyCode::Enter); // extras
    for _ in 0..5 {
        key(&mut app, KeyCode::Down);
    }
    for c in "read-our-bucket".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    assert!(
        draw(&app).contains("is not an IAM policy ARN"),
        "{}",
        draw(&app)
    );
    for _ in 0.."read-our-bucket".len() {
        key(&mut app, KeyCode::Backspace);
    }
    for c in "arn:aws:iam::123456789012:policy/read-our-bucket".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Down);
    for c in "project".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    assert!(
        draw(&app).contains("`project` is not KEY=VALUE"),
        "{}",
        draw(&app)
    );
    for c in "=wind".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), StepId::Review);
    let yaml = &app.wizard.as_ref().unwrap().review.as_ref().unwrap().yaml;
    assert!(yaml.contains("policy/read-our-bucket"), "{yaml}");
    assert!(
        yaml.contains("Key: project") && yaml.contains("Value: wind"),
        "{yaml}"
    );
    assert!(
        yaml.contains("MountDir: /data") && yaml.contains("StorageType: Efs"),
        "{yaml}"
    );
}

/// us-west-2 prices as a live answer fetched two minutes ago: FACTS.md's instance prices
/// and the fixture's SCRATCH_2 Lustre price ($0.14/GB-month).
fn live_rev_prices(app: &mut App) {
    use pcwiz::cluster::price::{Price, PriceSource};
    use pcwiz::cluster::price_book::PriceBook;
    let live = PriceSource::Live {
        fetched_at: chrono::Utc::now() - chrono::Duration::seconds(150),
    };
    let mut book = PriceBook::new("us-west-2");
    for (t, usd) in [
        ("t3.large", 0.0832),
        ("c6a.12xlarge", 1.836),
        ("m6a.12xlarge", 2.0736),
    ] {
        book.insert(
            PriceKey::instance(t, false),
            Price::hourly(usd, live.clone()),
        );
    }
    book.insert(
        PriceKey::FsxLustre {
            deployment_type: "SCRATCH_2".into(),
            throughput: None,
        },
        Price::per_gb_month(0.14, live.clone()),
    );
    book.insert(
        PriceKey::Ebs {
            volume_type: "gp3".into(),
        },
        Price::per_gb_month(0.08, live),
    );
    app.update(Action::PricesLoaded {
        region: "us-west-2".into(),
        book: Box::new(book),
        problem: None,
        finished: true,
    });
}

#[test]
fn review_cost_pane_breaks_the_rev_cluster_down_with_live_prices() {
    let mut app = at_review_step();
    live_rev_prices(&mut app);
    key(&mut app, KeyCode::Char('c'));
    let screen = draw(&app);
    // Idle: 0.0832 + its 35 GB root volume × 0.08 / 730 + its public IPv4 address 0.005
    // + 1200 × 0.14 / 730 = 0.3222/h, 235.19/month; Lustre is 71 % of it.
    assert!(screen.contains("Idle $0.3222/h"), "the panel: {screen}");
    assert!(screen.contains("$235.19"), "{screen}");
    assert!(
        screen.contains("Most of it: FSx for Lustre /scratch (71%)"),
        "{screen}"
    );
    insta::assert_snapshot!("review_cost_pane", screen);
    // Scrolling down reaches full scale: + 10 × 1.836 + 10 × 2.0736 and 20 more root
    // volumes = 39.4949/h.
    for _ in 0..8 {
        key(&mut app, KeyCode::Char('j'));
    }
    let screen = draw(&app);
    assert!(screen.contains("$39.4949  $28,831.27"), "{screen}");
    assert!(screen.contains("10 × m6a.12xlarge"), "{screen}");
    // Then where the prices come from: the looked-up ones live, the rest each said.
    assert!(screen.contains("Prices: live · 2 min ago"), "{screen}");
    assert!(
        screen.contains("Head node public IPv4 address: AWS's published price since 2024-02-01"),
        "{screen}"
    );
    key(&mut app, KeyCode::Char('c'));
    assert!(
        draw(&app).contains("┌ Checks "),
        "c goes back to the checks"
    );
}

#[test]
fn the_cost_panel_follows_the_picker_cursor() {
    let mut app = at_head_node_step();
    let screen = draw(&app);
    // The head node and its public IPv4 address; its root volume and Lustre have no
    // us-west-2 price offline.
    assert!(screen.contains("Idle ≥$0.0882/h"), "{screen}");
    assert!(
        screen.contains("No price: Root volumes,"),
        "the snapshot has no us-west-2 gp3 or Lustre price, and says so: {screen}"
    );
    key(&mut app, KeyCode::Up); // t3.medium
    let screen = draw(&app);
    assert!(
        screen.contains("Idle ≥$0.0466/h"),
        "moving the cursor moves the estimate: {screen}"
    );
    insta::assert_snapshot!("cost_panel_follows_cursor", screen);
}

#[test]
fn the_queue_step_prices_both_markets_and_spot_is_never_zero() {
    let mut app = at_head_node_step();
    // Enter: t3.large, on to the queues, which ask for on-demand and spot prices.
    let commands = app.update(Action::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    assert_eq!(step(&app), StepId::Queues);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::LoadPrices { first, zone, .. }
            if first.contains(&PriceKey::instance("c6a.12xlarge", true))
                && first.contains(&PriceKey::instance("m6a.12xlarge", true))
                && zone.as_deref() == Some("us-west-2a"))),
        "{commands:?}"
    );
    answer_prices(&mut app, commands);
    key(&mut app, KeyCode::Char('p')); // standard goes spot
    // No spot price offline: the queue is unpriced, not $0.
    let estimate = app.wizard.as_ref().unwrap().cost_estimate().unwrap();
    assert_eq!(
        estimate.full_scale.unpriced(),
        3,
        "Lustre, the spot queue and the root volumes (no us-west-2 gp3 price offline)"
    );
    let screen = draw(&app);
    assert!(screen.contains("spot price unknown offline"), "{screen}");
    assert!(screen.contains("No price: Queue"), "{screen}");
}

/// The wizard at the launch step: the reviewed config saved.
fn at_launch_step() -> App {
    let mut app = at_review_step();
    key(&mut app, KeyCode::Char('w'));
    let commands = key(&mut app, KeyCode::Enter);
    let Some(Command::SaveConfig { path, .. }) = commands.first() else {
        panic!("{commands:?}")
    };
    app.update(Action::ConfigSaved(Ok(path.clone())));
    assert_eq!(step(&app), StepId::Launch);
    app
}

fn preflight(checks: Vec<ConfigFinding>) -> Preflight {
    let config = app_config();
    let mut book = pcwiz::cluster::price_book::PriceBook::new("us-west-2");
    let live = pcwiz::cluster::price::PriceSource::Live {
        fetched_at: chrono::Utc::now(),
    };
    book.insert(
        PriceKey::instance("t3.large", false),
        pcwiz::cluster::price::Price::hourly(0.0832, live),
    );
    Preflight {
        name: "rev-conus-us-west-2".into(),
        region: "us-west-2".into(),
        checks,
        estimate: Some(pcwiz::cluster::cost::estimate(
            &config,
            &book,
            pcwiz::cluster::cost::Surroundings {
                nat_gateways: Some(0),
            },
        )),
        credential_kind: Some("iam-user".into()),
        account: Some("123456789012".into()),
        scope: pcwiz::cluster::aws_scope::AwsScope {
            profile: Some("lab".into()),
            region: "us-west-2".into(),
        },
        pcluster: Some(Pcluster {
            program: "/opt/pcluster/bin/pcluster".into(),
            managed: false,
        }),
    }
}

fn app_config() -> pcwiz::cluster::config::ClusterConfig {
    pcwiz::cluster::presets::builtin()
        .into_iter()
        .find(|p| p.name == "rev-conus")
        .unwrap()
        .config
}

fn event(id: &str, kind: &str, status: &str, reason: Option<&str>, second: u32) -> StackEvent {
    StackEvent {
        time: Some(
            format!("2026-11-21T12:{:02}:{:02}Z", second / 60, second % 60)
                .parse()
                .unwrap(),
        ),
        logical_id: id.into(),
        resource_type: kind.into(),
        status: status.into(),
        reason: reason.map(str::to_string),
        physical_id: None,
    }
}

fn launch_status(
    status: &str,
    events: Vec<StackEvent>,
    done: usize,
    ip: Option<&str>,
) -> LaunchStatus {
    let mut stack = StackProgress {
        name: "rev-conus-us-west-2".into(),
        status: status.into(),
        resources_done: done,
        resources_total: 12,
        events,
        ..StackProgress::default()
    };
    stack
        .parameters
        .insert("ClusterUser".into(), "ubuntu".into());
    LaunchStatus {
        stack,
        head_node: Some(HeadNode {
            instance_id: "i-0abc".into(),
            state: if ip.is_some() { "running" } else { "pending" }.into(),
            instance_type: "t3.large".into(),
            public_ip: ip.map(str::to_string),
            private_ip: Some("10.0.1.5".into()),
        }),
    }
}

fn progress(app: &mut App, status: LaunchStatus, calls: u32) -> Vec<Command> {
    app.update(Action::Launch(LaunchEvent::Progress {
        look: Ok(Box::new(status)),
        calls,
    }))
}

#[test]
fn launch_checks_then_confirms_by_name_then_follows_to_a_failure() {
    let mut app = at_launch_step();
    let commands = key(&mut app, KeyCode::Enter);
    assert!(
        matches!(commands.first(), Some(Command::LaunchPreflight { name, region, .. })
            if name == "rev-conus-us-west-2" && region == "us-west-2"),
        "{commands:?}"
    );
    assert!(draw(&app).contains("Checking your credentials"));
    app.update(Action::LaunchChecked {
        name: "rev-conus-us-west-2".into(),
        preflight: Box::new(preflight(vec![ConfigFinding {
            id: "rev.exclusive",
            severity: Severity::Warning,
            message: "Queue standard shares nodes between jobs.".into(),
            fix: "Set JobExclusiveAllocation: true".into(),
        }])),
    });
    let screen = draw(&app);
    assert!(
        screen.contains("Type rev-conus-us-west-2 to launch"),
        "{screen}"
    );
    assert!(
        screen.contains("Idle ≥$0.0882/h"),
        "the idle cost once more: {screen}"
    );
    insta::assert_snapshot!("launch_preflight", screen);

    // A wrong name launches nothing; the right one starts pcluster.
    for c in "rev".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    for c in "-conus-us-west-2".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let commands = key(&mut app, KeyCode::Enter);
    let Some(Command::Launch { request, .. }) = commands.first() else {
        panic!("{commands:?}")
    };
    assert_eq!(
        request.config_file,
        PathBuf::from("/tmp/pcwiz-configs/rev-conus-us-west-2.yaml")
    );
    assert_eq!(request.key_name.as_deref(), Some("laptop"));
    assert!(
        request.suppress_validators.is_empty(),
        "nothing suppressed by default"
    );
    assert_eq!(request.credential_kind.as_deref(), Some("iam-user"));

    app.update(Action::Launch(LaunchEvent::DryRun(Ok(DryRunVerdict {
        would_succeed: true,
        message: "Request would have succeeded, but DryRun flag is set.".into(),
        problems: vec![],
    }))));
    assert!(draw(&app).contains("handing the cluster to CloudFormation"));
    let commands = app.update(Action::Launch(LaunchEvent::Created(Ok(None))));
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::SaveDraft(d) if d.launched.as_deref() == Some("rev-conus-us-west-2"))),
        "the draft remembers the launch: {commands:?}"
    );
    assert!(
        key(&mut app, KeyCode::Esc).is_empty(),
        "no going back once created"
    );
    assert_eq!(step(&app), StepId::Launch);

    let creating = vec![
        event(
            "HeadNode",
            "AWS::EC2::Instance",
            "CREATE_IN_PROGRESS",
            None,
            95,
        ),
        event(
            "HeadNodeSecurityGroup",
            "AWS::EC2::SecurityGroup",
            "CREATE_COMPLETE",
            None,
            80,
        ),
        event(
            "rev-conus-us-west-2",
            "AWS::CloudFormation::Stack",
            "CREATE_IN_PROGRESS",
            Some("User Initiated"),
            60,
        ),
    ];
    progress(
        &mut app,
        launch_status("CREATE_IN_PROGRESS", creating.clone(), 5, None),
        8,
    );
    let screen = draw(&app);
    assert!(screen.contains("5/12 resources"), "{screen}");
    assert!(
        screen.contains("head node pending (t3.large, i-0abc)"),
        "{screen}"
    );
    assert!(screen.contains("of the usual 15–25"), "{screen}");
    assert!(screen.contains("`pcwiz follow"), "{screen}");
    insta::assert_snapshot!("launch_progress", screen);

    let mut failed = vec![
        event(
            "rev-conus-us-west-2",
            "AWS::CloudFormation::Stack",
            "ROLLBACK_COMPLETE",
            None,
            200,
        ),
        event(
            "HeadNode",
            "AWS::EC2::Instance",
            "CREATE_FAILED",
            Some(
                "We currently do not have sufficient t3.large capacity in the Availability Zone you requested (us-west-2a). (InsufficientInstanceCapacity)",
            ),
            120,
        ),
    ];
    failed.extend(creating);
    progress(
        &mut app,
        launch_status("ROLLBACK_COMPLETE", failed, 5, None),
        40,
    );
    let screen = draw(&app);
    assert!(
        screen.contains("was not created: AWS has no spare capacity for"),
        "{screen}"
    );
    assert!(screen.contains("d deletes it"), "{screen}");
    insta::assert_snapshot!("launch_failed", screen);
    let commands = key(&mut app, KeyCode::Char('d'));
    assert!(
        matches!(commands.first(), Some(Command::DeleteStack { name, region })
            if name == "rev-conus-us-west-2" && region == "us-west-2"),
        "{commands:?}"
    );
    app.update(Action::Launch(LaunchEvent::Deleted(Ok(()))));
    assert!(draw(&app).contains("✔ The failed stack is deleted."));
}

#[test]
fn launch_stops_at_errors_and_ends_ready_with_the_ssh_command() {
    let mut app = at_launch_step();
    key(&mut app, KeyCode::Enter);
    app.update(Action::LaunchChecked {
        name: "rev-conus-us-west-2".into(),
        preflight: Box::new(preflight(vec![ConfigFinding {
            id: "launch.name-taken",
            severity: Severity::Error,
            message:
                "A stack named rev-conus-us-west-2 already exists in us-west-2 (CREATE_COMPLETE)."
                    .into(),
            fix: "Pick another name, or clean up the old cluster first".into(),
        }])),
    });
    let screen = draw(&app);
    assert!(screen.contains("Fix the errors first"), "{screen}");
    assert!(
        !screen.contains("to launch:"),
        "no confirmation offered: {screen}"
    );
    insta::assert_snapshot!("launch_blocked", screen);
    key(&mut app, KeyCode::Char('r'));
    for _ in 0.."us-west-2".len() {
        key(&mut app, KeyCode::Backspace);
    }
    for c in "2".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let commands = key(&mut app, KeyCode::Enter);
    assert!(
        matches!(commands.first(), Some(Command::LaunchPreflight { name, .. }) if name == "rev-conus-2"),
        "{commands:?}"
    );
    app.update(Action::LaunchChecked {
        name: "rev-conus-2".into(),
        preflight: Box::new(preflight(vec![])),
    });
    for c in "rev-conus-2".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    app.update(Action::Launch(LaunchEvent::DryRun(Ok(DryRunVerdict {
        would_succeed: true,
        message: String::new(),
        problems: vec![],
    }))));
    app.update(Action::Launch(LaunchEvent::Created(Ok(None))));
    let commands = progress(
        &mut app,
        launch_status("CREATE_COMPLETE", vec![], 12, Some("54.201.3.4")),
        120,
    );
    // Ready: the idle guard is armed with the step's default window; no email, no budget.
    assert!(
        matches!(commands.as_slice(), [Command::SetUpUpkeep { name, region, upkeep }]
            if name == "rev-conus-2" && region == "us-west-2"
                && upkeep.idle_guard_minutes == Some(60) && upkeep.budget.is_none()),
        "{commands:?}"
    );
    let screen = draw(&app);
    assert!(screen.contains("✔ rev-conus-2 is ready."), "{screen}");
    assert!(
        screen.contains("ssh -i ~/.ssh/id_ed25519 ubuntu@54.201.3.4"),
        "{screen}"
    );
    assert!(
        screen.contains("Arming the idle guard on the head node…"),
        "{screen}"
    );
    insta::assert_snapshot!("launch_ready", screen);
    // A second look at the finished stack sets nothing up twice.
    let again = progress(
        &mut app,
        launch_status("CREATE_COMPLETE", vec![], 12, Some("54.201.3.4")),
        121,
    );
    assert!(again.is_empty(), "{again:?}");
    app.update(Action::Launch(LaunchEvent::UpkeepDone(vec![
        "✔ Idle guard armed: the head node stops after 60 idle minutes (pcwiz guard rev-conus-2 --off removes it).".into(),
        "! No budget: pcwiz could not create the budget: your IAM policy lacks budgets:ModifyBudget (AccessDenied). Try again: pcwiz budget rev-conus-2 --monthly USD --email ADDRESS".into(),
    ])));
    let screen = draw(&app);
    assert!(!screen.contains("Arming the idle guard"), "{screen}");
    assert!(screen.contains("✔ Idle guard armed"), "{screen}");
    insta::assert_snapshot!("launch_ready_with_its_upkeep", screen);
}

#[test]
fn a_resumed_draft_whose_cluster_was_launched_follows_it_again() {
    // pcwiz was closed while the cluster was being created: the draft knows its name.
    let mut app = at_launch_step();
    let mut draft = app.wizard.as_ref().unwrap().draft.clone();
    draft.launched = Some("rev-conus-us-west-2".into());
    let (wizard, commands) = pcwiz::tui::screens::wizard::WizardUi::new(
        draft,
        Some("us-west-2"),
        None,
        "/tmp/pcwiz-configs".into(),
        (pcwiz::cluster::presets::builtin(), vec![]),
    );
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::FollowLaunch { name, region }
            if name == "rev-conus-us-west-2" && region == "us-west-2")),
        "{commands:?}"
    );
    app.wizard = Some(wizard);
    assert!(draw(&app).contains("Creating rev-conus-us-west-2: waiting for CloudFormation"));
    assert!(
        key(&mut app, KeyCode::Esc).is_empty(),
        "nothing to go back to"
    );
}

/// What the background sizing answers, made the same way from the bundled catalog and
/// snapshot prices (offline: no session).
fn sized_offline(region: &str, command: &Command) -> Action {
    use pcwiz::cluster::sizing::{self, candidates};
    let Command::SizeJob {
        unit, job, knobs, ..
    } = command
    else {
        panic!("not a sizing: {command:?}");
    };
    let (types, _) = candidates::describe_all(&candidates::default_names());
    let keys = candidates::price_keys(&types, false);
    let engine = PriceEngine::in_dir(std::path::Path::new("/nonexistent/pcwiz-test-cache"));
    let book = engine.known(region, &keys);
    let candidates = candidates::priced(types, &book, false);
    let sizing = sizing::size(unit, job, knobs, &candidates).unwrap();
    Action::Sized(Ok(Box::new(pcwiz::tui::action::Sized {
        sizing,
        unknown: "unknown offline".into(),
        notes: vec![],
    })))
}

#[test]
fn the_queue_step_sizes_its_queue_from_one_unit_and_the_pick_fills_it_in() {
    let mut app = at_head_node_step();
    key(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), StepId::Queues);
    // Whole nodes on the queue (the reV preset already turns SMT off): the sizing must
    // count that way.
    key(&mut app, KeyCode::Char('x'));
    key(&mut app, KeyCode::Char('z'));
    assert_eq!(app.screen, Screen::Sizing);
    // "200 reV sites took 9 min on 4 cores, peak memory 6 GiB"; a million sites in a day.
    for value in ["", "540", "3.9", "6", "", "200", "1,000,000", "", "24"] {
        for c in value.chars() {
            key(&mut app, KeyCode::Char(c));
        }
        key(&mut app, KeyCode::Down);
    }
    let asked = key(&mut app, KeyCode::Enter);
    assert!(
        matches!(asked.as_slice(), [Command::SizeJob { job, unit, .. }] if job.units == 5000 && unit.wall_seconds == 540.0),
        "{asked:?}"
    );
    // Sized as the queue is set: physical cores only, whole nodes.
    let Command::SizeJob { knobs, .. } = &asked[0] else {
        unreachable!()
    };
    assert!(!knobs.smt && !knobs.shared_nodes, "{knobs:?}");
    app.update(sized_offline("us-west-2", &asked[0]));
    let screen = draw(&app);
    assert!(screen.contains("cheapest"), "{screen}");
    assert!(screen.contains("HSDS 503 risk"), "{screen}");
    insta::assert_snapshot!("sizing_from_the_queue_step", screen);

    // The suggested point fills the selected queue (standard) and the wizard says so.
    let pick = app
        .sizing
        .as_ref()
        .unwrap()
        .view
        .plans
        .as_ref()
        .unwrap()
        .pick()
        .unwrap();
    let saved = key(&mut app, KeyCode::Enter);
    assert!(
        saved.iter().any(|c| matches!(c, Command::SaveDraft(_))),
        "{saved:?}"
    );
    assert_eq!(app.screen, Screen::Wizard);
    let screen = draw(&app);
    assert!(screen.contains("Sized:"), "{screen}");
    let config = app.wizard.as_ref().unwrap().draft.config.as_ref().unwrap();
    let standard = &config.scheduling.slurm_queues[0].compute_resources[0];
    assert_eq!(
        standard.instance_type.as_deref(),
        Some(pick.instance_type.as_str())
    );
    assert_eq!(standard.max_count, Some(pick.max_count));
}

#[test]
fn a_pick_from_the_main_menu_says_where_it_can_go() {
    let mut app = wizard();
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::MainMenu);
    let door = app
        .doors()
        .iter()
        .position(|d| d.title() == "Size a job")
        .unwrap();
    key(&mut app, KeyCode::Char(char::from(b'1' + door as u8)));
    assert_eq!(app.screen, Screen::Sizing);
    for value in ["", "540", "3.9", "6", "", "200", "1,000,000", "", "24"] {
        for c in value.chars() {
            key(&mut app, KeyCode::Char(c));
        }
        key(&mut app, KeyCode::Down);
    }
    let asked = key(&mut app, KeyCode::Enter);
    app.update(sized_offline("us-west-2", &asked[0]));
    let asked = key(&mut app, KeyCode::Enter);
    assert!(asked.is_empty(), "nothing to save from the menu: {asked:?}");
    let screen = draw(&app);
    assert!(
        screen.contains("press z on the wizard's queue step") && screen.contains("--write-config"),
        "{screen}"
    );
}

#[test]
fn a_price_list_denied_earlier_is_said_in_the_cost_panel_with_when_pcwiz_asks_again() {
    let mut app = at_head_node_step();
    let mut denied = pcwiz::cluster::price_outage::PriceOutage::new(
        pcwiz::cluster::price_outage::OutageKind::Denied,
        "AccessDeniedException: User: arn:aws:iam::123456789012:user/jane is not authorized",
        app.wall - chrono::Duration::minutes(5),
    );
    denied.remembered = true;
    app.update(Action::PricesLoaded {
        region: "us-west-2".into(),
        book: Box::new(pcwiz::cluster::price_book::PriceBook::new("us-west-2")),
        problem: Some(denied),
        finished: true,
    });
    let screen = draw(&app);
    assert!(screen.contains("│not live: Price List   │"), "{screen}");
    assert!(
        screen.contains("offline snapshot 2023-08"),
        "prices still labelled: {screen}"
    );
    insta::assert_snapshot!("cost_panel_price_list_denied", screen);
    // The review's breakdown has room for the whole sentence, and when it is asked again.
    while step(&app) != StepId::Review {
        key(&mut app, KeyCode::Enter);
    }
    key(&mut app, KeyCode::Char('c'));
    let screen = draw(&app);
    assert!(
        screen
            .contains("│! Prices are cached or the offline snapshot: your AWS user may not read│"),
        "first, before the numbers: {screen}"
    );
    assert!(
        screen
            .contains("│the Price List (pricing:GetProducts) (5 min ago; asking again in 5 h 55│"),
        "{screen}"
    );
    assert!(
        !screen.contains("arn:aws"),
        "AWS's words stay out of it: {screen}"
    );
}

/// pcluster missing at the launch: the step offers `i`, the same install as Check my
/// setup's (its progress bar in the step), and once installed the checks run again.
#[test]
fn the_launch_step_installs_a_missing_pcluster_then_checks_again() {
    let mut app = at_launch_step();
    key(&mut app, KeyCode::Enter);
    let mut missing = preflight(vec![ConfigFinding {
        id: "launch.pcluster",
        severity: Severity::Error,
        message: "pcluster (the ParallelCluster CLI) is not installed.".into(),
        fix: "Install it: `pcwiz doctor --install-pcluster` (or Check my setup → i)".into(),
    }]);
    missing.pcluster = None;
    app.update(Action::LaunchChecked {
        name: "rev-conus-us-west-2".into(),
        preflight: Box::new(missing),
    });
    let screen = draw(&app);
    assert!(screen.contains("i installs pcluster and node"), "{screen}");
    assert!(
        screen.contains("i install pcluster"),
        "the footer: {screen}"
    );
    assert_eq!(
        key(&mut app, KeyCode::Char('i')),
        vec![Command::InstallPcluster]
    );
    crate::setup_screens::install_halfway(&mut app);
    // This file's own drawing size, as its other snapshots.
    let screen = draw(&app);
    assert!(
        !screen.contains("i install pcluster "),
        "no second install while one runs: {screen}"
    );
    insta::assert_snapshot!("launch_installing_pcluster", screen);
    assert!(key(&mut app, KeyCode::Char('i')).is_empty());

    let commands = app.update(Action::PclusterInstalled(Ok("3.16.1".into())));
    assert!(
        matches!(commands.first(), Some(Command::LaunchPreflight { name, .. }) if name == "rev-conus-us-west-2"),
        "the checks again: {commands:?}"
    );
    assert!(
        commands.contains(&Command::CheckIdentity),
        "doctor too: {commands:?}"
    );
}
