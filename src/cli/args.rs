//! Command-line arguments (clap). Global flags apply to the TUI and every subcommand.

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "pcwiz",
    version,
    about = "A terminal wizard and dashboard for AWS ParallelCluster, made for running NREL's reV",
    long_about = "Run without a subcommand for the full-screen app. Subcommands print text (or JSON with --json) and need no terminal."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// AWS profile to use (default: AWS_PROFILE, then `default`)
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region)
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// More detail in the log file (the log is in pcwiz's state dir, never on screen)
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// Draw the first frame, then exit: used by the start-up benchmark.
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,
    /// Panic after the first frame: used by the test that checks the terminal is restored.
    #[arg(long, hide = true)]
    pub panic_after_first_frame: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check credentials, region and tools; say what to do about each problem
    Doctor(DoctorArgs),
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
    /// Install pcluster and node into a private venv in pcwiz's data dir, then check again
    #[arg(long)]
    pub install_pcluster: bool,
}
