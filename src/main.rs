//! Parse the command line and dispatch; nothing else.

use clap::Parser;

use pcwiz::cli::args::{Cli, Command};
use pcwiz::context::Context;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let ctx = Context::from_process(cli.global.profile.clone(), cli.global.region.clone());
    // Logging is best-effort: an unwritable state dir must not stop the program.
    let _ = pcwiz::logging::init(&ctx.dirs.log_file(), cli.global.verbose);

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("pcwiz: could not start its async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match &cli.command {
            None if cli.global.plain => {
                let handle = tokio::runtime::Handle::current();
                // Prompts block: run them where blocking is allowed.
                tokio::task::block_in_place(|| pcwiz::plain::run(&ctx, &handle))
            }
            None => {
                let options = pcwiz::tui::Options {
                    exit_after_first_frame: cli.global.exit_after_first_frame,
                    panic_after_first_frame: cli.global.panic_after_first_frame,
                };
                pcwiz::tui::run(&ctx, options).await.map(|()| 0)
            }
            Some(Command::Doctor(args)) => pcwiz::cli::doctor::run(&ctx, args).await,
            Some(Command::Credentials(command)) => {
                pcwiz::cli::credentials::run(&ctx, command).await
            }
            Some(Command::Keys(command)) => pcwiz::cli::keys::run(&ctx, command).await,
            Some(Command::Network(command)) => pcwiz::cli::network::run(&ctx, command).await,
            Some(Command::Config(command)) => pcwiz::cli::config::run(&ctx, command).await,
            Some(Command::Price(args)) => pcwiz::cli::price::run(&ctx, args).await,
            Some(Command::Launch(args)) => pcwiz::cli::launch::run(&ctx, args).await,
            Some(Command::Follow(args)) => pcwiz::cli::launch::follow(&ctx, args).await,
            Some(Command::Ssh(args)) => pcwiz::cli::ssh::run(&ctx, args).await,
            Some(Command::List(args)) => pcwiz::cli::list::run(&ctx, args).await,
            Some(Command::Status(args)) => pcwiz::cli::status::run(&ctx, args).await,
            Some(Command::Cleanup(args)) => pcwiz::cli::cleanup::run(&ctx, args).await,
            Some(Command::Sweep(args)) => pcwiz::cli::sweep::run(&ctx, args).await,
            Some(Command::Park(args)) => pcwiz::cli::cleanup::park(&ctx, args, false).await,
            Some(Command::Resume(args)) => pcwiz::cli::cleanup::park(&ctx, args, true).await,
            Some(Command::Size(args)) => pcwiz::cli::size::run(&ctx, args).await,
            Some(Command::Hsds(args)) => pcwiz::cli::hsds::run(&ctx, args).await,
            Some(Command::Rev(args)) => pcwiz::cli::rev::run(&ctx, args).await,
            Some(Command::Guard(args)) => pcwiz::cli::guard::run(&ctx, args).await,
            Some(Command::Budget(args)) => pcwiz::cli::budget::run(&ctx, args).await,
            Some(Command::Update(args)) => pcwiz::cli::update::run(&ctx, args).await,
        }
    });
    // Background work (an STS call in flight) must not hold the exit up.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    match result {
        Ok(code) => std::process::ExitCode::from(code as u8),
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("pcwiz: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
