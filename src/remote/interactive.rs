//! ssh for a person at the terminal: a shell on the head node over the shared connection,
//! with the host key checked as strictly as every other ssh. The caller hands the terminal
//! over first (the dashboard steps aside) or gives its process up (`pcwiz ssh`).

use std::os::unix::process::CommandExt;

use super::args::interactive_args;
use super::target::SshTarget;

/// Runs ssh attached to this terminal and waits for it.
pub fn run(target: &SshTarget) -> std::io::Result<std::process::ExitStatus> {
    std::process::Command::new("ssh")
        .args(interactive_args(target))
        .status()
}

/// Replaces this process with ssh (the terminal belongs to ssh then); returns only if ssh
/// could not be started.
pub fn replace_process(target: &SshTarget) -> std::io::Error {
    std::process::Command::new("ssh")
        .args(interactive_args(target))
        .exec()
}
