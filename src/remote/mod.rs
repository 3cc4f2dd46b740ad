//! OpenSSH, the one way pcwiz reaches a head node. Every ssh pcwiz runs, attended or not,
//! is built here: a shared connection (ControlMaster) whose socket lives in a short private
//! directory, dead connections noticed in seconds, and the head node's host key checked
//! against pcwiz's own known hosts for that cluster (`StrictHostKeyChecking=yes`). The
//! user's `~/.ssh/config` still applies (jump hosts, agents, identity files).

pub mod args;
pub mod control_dir;
pub mod failure;
pub mod first_contact;
pub mod guard;
pub mod interactive;
pub mod probe;
pub mod put_files;
pub mod run;
pub mod stream;
pub mod target;
pub mod transfer;

pub use args::shell_quote;
pub use failure::{SshFailure, SshFailureKind};
pub use run::run_script;
pub use target::{HostKeyCheck, SshTarget};
