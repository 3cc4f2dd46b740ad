//! What can happen (`Action`) and what the app asks to be done (`Command`).

use crossterm::event::{KeyEvent, MouseEvent};

use crate::doctor::{Finding, IdentityCheck};

#[derive(Debug, Clone)]
pub enum Action {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Time passes: spinners turn, "4 s ago" counts up.
    Tick,
    IdentityChecked(Box<IdentityCheck>),
    ToolsChecked(Vec<Finding>),
    /// SIGTERM / SIGHUP: leave cleanly, restoring the terminal.
    Quit,
}

/// Work for the background: each runs as a tokio task with a timeout and answers with an
/// `Action` on the app's channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    CheckIdentity,
    CheckTools,
}
