//! One keystroke in the head-node picker over every instance type the bundled snapshot
//! knows (645, about what a region offers): the app's update (filter, re-sort, the cost
//! estimate for the type under the cursor, the price requests) plus drawing the whole frame
//! into ratatui's TestBackend. No network: prices come from the snapshot, as before any
//! live answer. Not a test: it prints timings and asserts nothing.
//!
//!   cargo bench --bench keystroke

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use pcwiz::aws::price_engine::PriceEngine;
use pcwiz::cluster::instance::InstanceInfo;
use pcwiz::cluster::os::Os;
use pcwiz::cluster::ssh_key::KeyKind;
use pcwiz::tui::action::{Action, Command};
use pcwiz::tui::app::{App, Screen};
use pcwiz::tui::screens::wizard::WizardUi;
use pcwiz::tui::theme::Theme;
use pcwiz::tui::view;
use pcwiz::wizard::draft::{KeyChoice, KeyOrigin, NetworkChoice};
use pcwiz::wizard::{Draft, StepId};

const SNAPSHOT: &str = include_str!("../assets/prices/ec2-prices-us-east-1-2023-08.tsv");

/// Every type in the snapshot, described as the catalog would.
fn catalog() -> Vec<InstanceInfo> {
    SNAPSHOT
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("instance_type"))
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some(InstanceInfo {
                name: f[0].to_string(),
                architectures: vec![f[1].to_string()],
                vcpus: f[2].parse().ok()?,
                memory_mib: (f[3].parse::<f64>().ok()? * 1024.0) as u64,
                network: "Up to 12.5 Gigabit".into(),
                burstable: f[0].starts_with('t'),
                efa: false,
                gpus: 0,
            })
        })
        .collect()
}

fn app_at_head_node(types: Vec<InstanceInfo>) -> App {
    let draft = Draft {
        region: Some("us-west-2".into()),
        os: Os::ALL[0],
        preset: Some("rev-conus".into()),
        key: Some(KeyChoice {
            name: "laptop".into(),
            kind: KeyKind::Ed25519,
            private_key: None,
            origin: KeyOrigin::Existing,
        }),
        network: Some(NetworkChoice {
            vpc_id: "vpc-1".into(),
            head_subnet: "subnet-1".into(),
            compute_subnet: "subnet-1".into(),
            availability_zone: "us-west-2a".into(),
            created_stack: None,
        }),
        current: StepId::HeadNode,
        ..Draft::default()
    };
    let (mut wizard, _) = WizardUi::new(
        draft,
        Some("us-west-2"),
        None,
        "/tmp/pcwiz-bench".into(),
        (pcwiz::cluster::presets::builtin(), vec![]),
    );
    let commands = wizard.catalog_loaded(Some("us-west-2a"), Ok(types));
    let mut app = App::new(Theme { color: true }, 100, 30);
    app.screen = Screen::Wizard;
    app.wizard = Some(wizard);
    answer_prices(&mut app, commands);
    app
}

/// The snapshot's prices, as the background's first answer would bring them.
fn answer_prices(app: &mut App, commands: Vec<Command>) {
    let engine = PriceEngine::in_dir(std::path::Path::new("/nonexistent"));
    for command in commands {
        if let Command::LoadPrices {
            region,
            first,
            rest,
            ..
        } = command
        {
            let all: Vec<_> = first.into_iter().chain(rest).collect();
            app.update(Action::PricesLoaded {
                book: Box::new(engine.known(&region, &all)),
                region,
                problem: None,
                finished: true,
            });
        }
    }
}

fn main() {
    let types = catalog();
    let count = types.len();
    let mut app = app_at_head_node(types);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| view::render(&app, f)).unwrap();

    // Type a filter and erase it again, many times: each key is one update and one frame.
    let typed = "c6a.12x";
    let mut samples: Vec<Duration> = Vec::new();
    for _ in 0..200 {
        let keys = typed
            .chars()
            .map(KeyCode::Char)
            .chain(std::iter::repeat_n(KeyCode::Backspace, typed.len()));
        for code in keys {
            let start = Instant::now();
            app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
            terminal.draw(|f| view::render(&app, f)).unwrap();
            samples.push(start.elapsed());
        }
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mean = samples.iter().map(|d| ms(*d)).sum::<f64>() / samples.len() as f64;
    println!(
        "keystroke in the head-node picker over {count} types (update + full frame): \
         mean {mean:.3} ms, median {:.3} ms, p99 {:.3} ms, max {:.3} ms ({} keys)",
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() * 99 / 100]),
        ms(*samples.last().unwrap()),
        samples.len()
    );
}
