//! `s` on the dashboard: the full screen steps aside for an interactive ssh on the head
//! node and comes back when it ends. The event loop runs this itself, because it owns the
//! terminal and its key reader (which must not steal the shell's keystrokes).

use std::path::Path;

use crossterm::event::EnableMouseCapture;
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};

use super::terminal::{Tui, restore};
use crate::monitor::ssh::{SshTarget, interactive_args};

/// Runs ssh in the plain terminal; answers what to tell the user when the screen is back.
pub fn run(terminal: &mut Tui, target: &SshTarget, control_dir: &Path) -> Result<String, String> {
    restore();
    println!(
        "pcwiz: ssh {}@{} (exit the shell to return to the dashboard)",
        target.user, target.host
    );
    let status = std::process::Command::new("ssh")
        .args(interactive_args(target, control_dir))
        .status();
    let back = enable_raw_mode()
        .and_then(|()| execute!(std::io::stdout(), EnterAlternateScreen, EnableMouseCapture))
        .and_then(|()| terminal.clear());
    if let Err(e) = back {
        return Err(format!("could not take the terminal back: {e}"));
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
