//! The non-interactive front end: one file per subcommand, plus the shared arguments.

pub mod args;
pub mod doctor;
pub mod keys;
pub mod network;
