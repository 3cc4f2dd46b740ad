//! The non-interactive front end: one file per subcommand, plus the shared arguments.

pub mod args;
pub mod budget;
pub mod cleanup;
pub mod cluster_arg;
pub mod config;
pub mod config_cost;
pub mod credentials;
pub mod doctor;
pub mod guard;
pub mod head_node;
pub mod hsds;
pub mod keys;
pub mod launch;
pub mod list;
pub mod network;
pub mod price;
pub mod rev;
pub mod size;
pub mod ssh;
pub mod status;
pub mod sweep;
pub mod update;

/// Print `value` as pretty JSON on stdout: every `--json` goes through here.
pub fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}
