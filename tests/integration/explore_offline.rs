//! Exploring without an account (issue 20): with no identity, the wizard goes from the
//! region to the review's YAML and cost breakdown over the bundled catalog and the offline
//! price snapshot, putting off the SSH key and network steps (they need AWS) and asking
//! AWS nothing; once credentials work, the resumed draft does those two steps, then goes
//! back to the review. The tmux run of the real binary is in `e2e_explore`.

use std::sync::Arc;

use crossterm::event::KeyCode;

use pcwiz::context::Context;
use pcwiz::doctor::IdentityCheck;
use pcwiz::store::dirs::Dirs;
use pcwiz::tui::action::{Action, Command};
use pcwiz::tui::app::{App, Screen};
use pcwiz::tui::effects::{self, CommandEnv};
use pcwiz::tui::theme::Theme;
use pcwiz::wizard::draft::{KeyChoice, KeyOrigin};
use pcwiz::wizard::{Draft, StepId};

use crate::wizard_screens::{answer_prices, draw, inventory, key, signed_in, step};

/// What doctor says on a machine with no AWS files and no keys in the environment.
fn nobody() -> IdentityCheck {
    IdentityCheck::stopped(
        "No AWS credentials found.".into(),
        "Open Check my setup to add them",
    )
}

/// The commands that would reach AWS; exploring must send none.
fn asks_aws(command: &Command) -> bool {
    match command {
        Command::LoadCatalog { zone, .. } => zone.is_some(),
        Command::LoadPrices { offline, .. } => !offline,
        Command::SaveDraft(_) | Command::SaveConfig { .. } => false,
        _ => true,
    }
}

/// Runs a command through the real effects (offline ones only), with a cache of its own.
fn answer(app: &mut App, command: Command, dirs: &std::path::Path) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let action = runtime.block_on(async {
        let mut env = CommandEnv::from_context(&Context::from_process(None, None));
        env.dirs = Dirs::under(dirs);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        effects::spawn(command, Arc::new(env), tx);
        tokio::time::timeout(std::time::Duration::from_secs(10), rx.recv())
            .await
            .unwrap()
            .unwrap()
    });
    let more = app.update(action);
    assert!(more.iter().all(|c| !asks_aws(c)), "{more:?}");
    answer_prices(app, more);
}

/// Enter, checking that nothing it asks for needs AWS; the catalog comes from the effect.
fn enter(app: &mut App, dirs: &std::path::Path) {
    for command in key(app, KeyCode::Enter) {
        assert!(!asks_aws(&command), "exploring asked AWS: {command:?}");
        if matches!(command, Command::LoadCatalog { .. }) {
            answer(app, command, dirs);
        }
    }
}

#[test]
fn without_an_account_the_wizard_explores_to_the_cost_and_resumes_once_signed_in() {
    let dirs = tempfile::tempdir().unwrap();
    let mut app = App::new(Theme { color: false }, 100, 30)
        .with_home(Some("/home/jane".into()))
        .with_configs_dir("/tmp/pcwiz-configs".into());
    app.update(Action::IdentityChecked(Box::new(nobody())));
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.screen, Screen::Wizard);
    assert!(draw(&app).contains("Enter explores anyway"));

    enter(&mut app, dirs.path()); // credentials: explore
    assert_eq!(step(&app), StepId::Region);
    enter(&mut app, dirs.path()); // us-west-2
    assert_eq!(step(&app), StepId::SshKey);
    let screen = draw(&app);
    assert!(
        screen.contains("○ Later: Key pairs live in your AWS account"),
        "{screen}"
    );
    insta::assert_snapshot!("explore_ssh_key_later", screen);
    enter(&mut app, dirs.path());
    assert_eq!(step(&app), StepId::Network);
    assert!(draw(&app).contains("○ Later: Subnets live in your AWS account"));
    enter(&mut app, dirs.path());
    enter(&mut app, dirs.path()); // rev-conus
    enter(&mut app, dirs.path()); // Ubuntu 24.04
    assert_eq!(step(&app), StepId::HeadNode);

    let screen = draw(&app);
    assert!(screen.contains("types in the offline catalog"), "{screen}");
    assert!(
        screen.contains("› t3.large") && screen.contains("$0.0832 · $60.74"),
        "{screen}"
    );
    assert!(screen.contains("(offline snapshot 2023-08)"), "{screen}");
    assert!(screen.contains("3. SSH key (later)"), "{screen}");
    insta::assert_snapshot!("explore_head_node_offline_catalog", screen);

    enter(&mut app, dirs.path()); // t3.large
    assert_eq!(step(&app), StepId::Queues);
    // Sizing the queue works offline too: the bundled catalog and offline prices.
    key(&mut app, KeyCode::Char('z'));
    assert_eq!(app.screen, Screen::Sizing);
    assert!(
        app.sizing.as_ref().unwrap().offline,
        "sizing asks AWS nothing"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Wizard);
    for _ in 0..3 {
        enter(&mut app, dirs.path()); // queues, storage, extras
    }
    assert_eq!(step(&app), StepId::Review);
    let review = app.wizard.as_ref().unwrap().review.as_ref().unwrap();
    assert!(
        review
            .yaml
            .contains("KeyName: '<key pair: chosen once signed in>'")
            || review
                .yaml
                .contains("KeyName: <key pair: chosen once signed in>"),
        "{}",
        review.yaml
    );
    assert!(
        review.yaml.contains("<subnet: chosen once signed in>"),
        "{}",
        review.yaml
    );
    let screen = draw(&app);
    assert!(
        screen.contains("Exploring without an AWS account"),
        "{screen}"
    );

    key(&mut app, KeyCode::Char('c'));
    let screen = draw(&app);
    assert!(
        screen.contains("Head node             1 × t3.large"),
        "{screen}"
    );
    assert!(screen.contains("$0.0832      $60.74"), "{screen}");
    insta::assert_snapshot!("explore_review_cost", screen);
    for _ in 0..16 {
        key(&mut app, KeyCode::Down);
    }
    let screen = draw(&app);
    assert!(
        screen.contains("offline snapshot 2023-08"),
        "each price's source: {screen}"
    );

    // It cannot be saved (or launched) until the put-off steps are done.
    assert!(key(&mut app, KeyCode::Char('w')).is_empty());
    assert!(
        draw(&app).contains("✖ Saving waits for the SSH key and network steps (they need AWS)."),
        "{}",
        draw(&app)
    );
    let draft: Draft = app.wizard.as_ref().unwrap().draft.clone();
    assert_eq!(draft.later, [StepId::SshKey, StepId::Network]);
    assert_eq!(draft.current, StepId::Review);

    // Credentials work now: resuming the draft goes to the put-off steps first.
    let mut app = App::new(Theme { color: false }, 100, 30)
        .with_home(Some("/home/jane".into()))
        .with_configs_dir("/tmp/pcwiz-configs".into())
        .with_saved_draft(Ok(Some(draft)));
    app.update(Action::IdentityChecked(Box::new(signed_in())));
    let commands = key(&mut app, KeyCode::Char('2')); // Resume draft
    assert_eq!(step(&app), StepId::SshKey);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::LoadKeys { region } if region == "us-west-2")),
        "{commands:?}"
    );
    let commands = app.update(Action::KeyReady(Ok(KeyChoice {
        name: "laptop".into(),
        kind: pcwiz::cluster::ssh_key::KeyKind::Ed25519,
        private_key: None,
        origin: KeyOrigin::Existing,
    })));
    assert_eq!(step(&app), StepId::Network);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::LoadNetwork { .. })),
        "{commands:?}"
    );
    app.update(Action::NetworkLoaded {
        region: "us-west-2".into(),
        result: Ok(Box::new(inventory())),
    });
    let commands = key(&mut app, KeyCode::Enter);
    assert_eq!(step(&app), StepId::Review, "back to where exploring got");
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::LookAround { .. })),
        "now checked against the account: {commands:?}"
    );
    let wizard = app.wizard.as_ref().unwrap();
    assert!(wizard.draft.later.is_empty());
    let yaml = &wizard.review.as_ref().unwrap().yaml;
    assert!(yaml.contains("KeyName: laptop"), "{yaml}");
    assert!(!yaml.contains("once signed in"), "{yaml}");
}
