//! Errors on screen (issue 20): each in one sentence of the user's words, with the SDK's
//! own words behind `?` (the help), never across the screen; and a panic in a background
//! task becomes an error on the screen that asked, never a terminal restored under a
//! still-running app with a spinner forever. The task is made to panic through
//! PCWIZ_PANIC_IN_BACKGROUND (the command's name), the way `--panic-after-first-frame`
//! makes the drawing thread panic.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use pcwiz::context::Context;
use pcwiz::tui::action::{Action, Command};
use pcwiz::tui::app::{App, Screen};
use pcwiz::tui::effects::{self, CommandEnv};
use pcwiz::tui::theme::Theme;
use pcwiz::tui::view;

use crate::common::Home;
use crate::common::tmux::{TmuxSession, terminal_is_sane};

/// What `command` answers when its task panics, through the real `effects::spawn`.
fn answer_of_a_panicking(command: Command, name: &str) -> Action {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut env = CommandEnv::from_context(&Context::from_process(None, None));
        env.panic_in = Some(name.to_string());
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        effects::spawn(command, Arc::new(env), tx);
        tokio::time::timeout(std::time::Duration::from_secs(10), rx.recv())
            .await
            .expect("an answer, not silence")
            .expect("the channel is open")
    })
}

fn draw(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|frame| view::render(app, frame)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn a_panicking_task_answers_with_its_commands_failure_on_the_screen_that_asked() {
    let answer = answer_of_a_panicking(Command::CheckTools, "CheckTools");
    let Action::ToolsChecked(findings) = &answer else {
        panic!("the tools check's own answer, not {answer:?}");
    };
    assert_eq!(findings.len(), 1);
    assert_eq!(
        findings[0].message,
        "pcwiz stopped this because of a bug (CheckTools); the log has the details."
    );
    let mut app = App::new(Theme { color: false }, 100, 30);
    app.update(answer);
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('2'),
        KeyModifiers::NONE,
    )));
    assert_eq!(app.screen, Screen::Setup);
    let screen = draw(&app);
    assert!(
        screen.contains("pcwiz stopped this because of a bug"),
        "{screen}"
    );
    insta::assert_snapshot!("setup_after_a_panicking_tools_check", screen);

    // The cluster list: the error where the rows go, not "loading" forever.
    let answer = answer_of_a_panicking(
        Command::LoadClusters {
            region: "us-west-2".into(),
        },
        "LoadClusters",
    );
    let Action::ClustersLoaded { region, listing } = answer else {
        panic!("the list's own answer");
    };
    assert_eq!(region, "us-west-2");
    assert_eq!(
        listing.unwrap_err(),
        "pcwiz stopped this because of a bug (LoadClusters); the log has the details."
    );

    // A command that is not asked to panic runs as before.
    let answer = answer_of_a_panicking(Command::CheckTools, "LoadClusters");
    let Action::ToolsChecked(findings) = answer else {
        panic!("answered");
    };
    assert!(
        findings.iter().all(|f| !f.message.contains("bug")),
        "{findings:?}"
    );
}

#[test]
#[ignore = "needs tmux: run tests/run.sh"]
fn a_panic_in_the_background_leaves_the_app_running_on_its_screen() {
    let home = Home::new();
    let env = crate::e2e_tmux::environment(&home, &[("PCWIZ_PANIC_IN_BACKGROUND", "CheckTools")]);
    let tmux = TmuxSession::start(&env, env!("CARGO_BIN_EXE_pcwiz"));
    tmux.wait_for("What would you like to do?");
    tmux.keys(&["2"]);
    let screen = tmux.wait_for("pcwiz stopped this because of a bug (CheckTools)");
    assert!(tmux.alternate_screen(), "still full-screen:\n{screen}");
    assert!(
        !screen.contains("panicked at"),
        "no panic text on the screen:\n{screen}"
    );
    // Still answering keys: the help opens and closes, and q quits cleanly.
    tmux.keys(&["?"]);
    tmux.wait_for("Keys (? or Esc to close)");
    tmux.keys(&["?"]);
    tmux.keys(&["q"]);
    let (status, stty) = tmux.wait_for_exit();
    assert_eq!(status, 0, "a background panic does not fail the app");
    assert!(terminal_is_sane(&stty), "{stty}");
    let log = std::fs::read_to_string(home.path().join(".local/state/pcwiz/pcwiz.log"))
        .unwrap_or_default();
    assert!(
        log.contains("a test asked this task to panic"),
        "the panic's message is in the log:\n{log}"
    );
}

#[test]
fn an_error_is_one_sentence_on_screen_and_the_sdks_words_are_behind_the_help() {
    let chain = "dispatch failure: other: the credential provider was not enabled: no credentials found in chain. Attempted: Environment: no AWS_ACCESS_KEY_ID; Profile: no profile file";
    let error = pcwiz::aws::error::AwsError::NoCredentials(chain.into());
    let mut app =
        App::new(Theme { color: false }, 100, 30).with_configured_region(Some("us-west-2".into()));
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('3'),
        KeyModifiers::NONE,
    )));
    assert_eq!(app.screen, Screen::Clusters);
    let region = match &app.clusters {
        Some(ui) => ui.region.clone().unwrap_or_default(),
        None => panic!("the list opened"),
    };
    // What the effect sends: its one sentence, then the detail it collected.
    app.update(Action::ClustersLoaded {
        region,
        listing: Err(error.explained()),
    });
    app.update(Action::ErrorDetail(error.to_string()));
    let screen = draw(&app);
    assert!(
        screen.contains("pcwiz found no AWS credentials on this machine."),
        "{screen}"
    );
    assert!(!screen.contains("dispatch failure"), "{screen}");
    app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('?'),
        KeyModifiers::NONE,
    )));
    let screen = draw(&app);
    assert!(
        screen.contains("What AWS said, last error (just now):"),
        "{screen}"
    );
    assert!(
        screen.contains("dispatch failure: other: the credential"),
        "{screen}"
    );
    insta::assert_snapshot!("help_with_the_last_errors_detail", screen);
}
