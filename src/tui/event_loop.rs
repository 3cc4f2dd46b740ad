//! The one loop: terminal events, ticks, background results and signals become actions.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use super::action::Action;
use super::app::App;
use super::effects;
use super::terminal::TerminalGuard;
use super::theme::Theme;
use super::view;
use crate::context::Context;
use crate::store::drafts;
use crate::store::presets as store_presets;

/// Spinners turn and ages count at this pace; drawing is diffed, so idle ticks are cheap.
const TICK: Duration = Duration::from_millis(120);

/// How the full screen is run, for the benchmark and the terminal-restore test.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Draw the first frame, then exit.
    pub exit_after_first_frame: bool,
    /// Panic after the first frame (the terminal must still be restored).
    pub panic_after_first_frame: bool,
}

pub async fn run(ctx: &Context, global: Options) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the full-screen app needs a terminal, and standard output is not one. \
             For text output use a subcommand, e.g. `pcwiz doctor` (or `pcwiz --help`)"
        );
    }
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    // A small local file: read before the first frame so the menu shows "Resume draft".
    let saved_draft = drafts::load(&ctx.dirs).map_err(|e| e.to_string());
    let mut app = App::new(Theme { color: ctx.color }, size.width, size.height)
        .with_saved_draft(saved_draft)
        .with_home(ctx.aws_env.home().cloned())
        .with_configured_region(ctx.region().map(|r| r.name))
        .with_configs_dir(ctx.dirs.data.join("configs"))
        .with_suppress_validators(ctx.suppress_validators.clone())
        .with_profile(ctx.profile().explicit())
        .with_presets(store_presets::load(&ctx.dirs));
    let env = Arc::new(effects::CommandEnv::from_context(ctx));
    let (tx, mut rx) = mpsc::unbounded_channel();
    for command in App::startup_commands() {
        effects::spawn(command, env.clone(), tx.clone());
    }

    guard.terminal.draw(|frame| view::render(&app, frame))?;
    tracing::info!("first frame drawn");
    if global.exit_after_first_frame {
        return Ok(());
    }
    if global.panic_after_first_frame {
        panic!("--panic-after-first-frame was given: testing that the terminal is restored");
    }

    let mut events = EventStream::new();
    let mut ticks = tokio::time::interval(TICK);
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    loop {
        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind == KeyEventKind::Press => Action::Key(key),
                Some(Ok(Event::Mouse(mouse))) => Action::Mouse(mouse),
                Some(Ok(Event::Resize(w, h))) => Action::Resize(w, h),
                Some(Ok(_)) => continue,
                // The terminal went away (closed window): nothing left to draw on.
                Some(Err(_)) | None => Action::Quit,
            },
            Some(action) = rx.recv() => action,
            _ = ticks.tick() => Action::Tick,
            _ = terminate.recv() => Action::Quit,
            _ = hangup.recv() => Action::Quit,
        };
        for command in app.update(action) {
            match command {
                super::action::Command::OpenShell { name, target } => {
                    // The key reader goes first, or it would eat the shell's keystrokes.
                    drop(events);
                    let result = super::shell::run(&mut guard.terminal, &target);
                    events = EventStream::new();
                    let _ = tx.send(Action::DashboardActionDone { name, result });
                }
                command => effects::spawn(command, env.clone(), tx.clone()),
            }
        }
        if app.quit {
            break;
        }
        guard.terminal.draw(|frame| view::render(&app, frame))?;
    }
    Ok(())
}
