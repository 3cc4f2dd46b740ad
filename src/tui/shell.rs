//! `s` on the dashboard: the full screen steps aside for an interactive ssh on the head
//! node and comes back when it ends. The event loop runs this itself, because it owns the
//! terminal and its key reader (which must not steal the shell's keystrokes).

use crossterm::event::EnableMouseCapture;
use crossterm::execute;
use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};
use ratatui::backend::CrosstermBackend;

use super::terminal::{Tui, restore};
use crate::remote::SshTarget;

/// Runs ssh in the plain terminal; answers what to tell the user when the screen is back.
pub fn run(terminal: &mut Tui, target: &SshTarget) -> Result<String, String> {
    restore();
    println!(
        "pcwiz: ssh {}@{} (exit the shell to return to the dashboard)",
        target.user, target.host
    );
    let status = crate::remote::interactive::run(target);
    tracing::info!("interactive ssh ended: {status:?}");
    let back = enable_raw_mode()
        .map_err(|e| ("raw mode", e))
        .and_then(|()| {
            execute!(std::io::stdout(), EnterAlternateScreen, EnableMouseCapture)
                .map_err(|e| ("alternate screen", e))
        })
        // A fresh Terminal rather than `clear()`, which asks the terminal where its cursor
        // is and can time out just after another program owned the tty.
        .and_then(|()| {
            execute!(std::io::stdout(), Clear(ClearType::All)).map_err(|e| ("clear", e))?;
            *terminal =
                Tui::new(CrosstermBackend::new(std::io::stdout())).map_err(|e| ("redraw", e))?;
            Ok(())
        });
    if let Err((step, e)) = back {
        tracing::warn!("taking the terminal back after ssh failed at {step}: {e}");
        return Err(format!("could not take the terminal back ({step}): {e}"));
    }
    match status {
        Ok(s) if s.code() == Some(255) => Err(format!(
            "ssh could not log in to {}@{} (exit 255); try `pcwiz ssh NAME` to see its message",
            target.user, target.host
        )),
        Ok(_) => Ok(format!("Back from {}@{}.", target.user, target.host)),
        Err(e) => Err(format!("could not run ssh: {e}")),
    }
}
