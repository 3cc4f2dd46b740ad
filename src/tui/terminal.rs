//! Entering and leaving the full-screen mode. The terminal is restored on every exit path:
//! normal return, error (the guard's Drop), panic (the hook), and signals (the event loop).

use std::io::{Stdout, stdout};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Holds the terminal in full-screen mode until dropped.
pub struct TerminalGuard {
    pub terminal: Tui,
}

impl TerminalGuard {
    pub fn enter() -> std::io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        if let Err(error) = execute!(stdout(), EnterAlternateScreen, EnableMouseCapture) {
            restore();
            return Err(error);
        }
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(terminal) => Ok(Self { terminal }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Undo everything `enter` did. Safe to call more than once.
pub fn restore() {
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// The thread that draws: a panic there ends the app, so the terminal is restored.
static UI_THREAD: std::sync::OnceLock<std::thread::ThreadId> = std::sync::OnceLock::new();

/// A panic on the drawing thread restores the terminal, then prints as usual. A panic in
/// a background task (another thread) does neither: the app is still running on the full
/// screen, and the task's command answers with its failure (`effects::spawn`), so the
/// message goes to the log rather than across the screen.
fn install_panic_hook() {
    let ui = *UI_THREAD.get_or_init(|| std::thread::current().id());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() != ui {
            tracing::error!("panic in a background task: {info}");
            return;
        }
        // Restore first, or the panic message lands in the alternate screen and vanishes.
        restore();
        previous(info);
    }));
}
