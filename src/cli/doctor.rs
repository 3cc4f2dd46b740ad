//! `pcwiz doctor`: the setup check as text or JSON; exit status 1 when anything fails.

use std::io::{IsTerminal, Write};

use crate::cli::args::DoctorArgs;
use crate::context::Context;
use crate::doctor::{Level, Report, gather};
use crate::pcluster::install::{self, InstallEvent};

pub async fn run(ctx: &Context, args: &DoctorArgs) -> anyhow::Result<i32> {
    if args.install_pcluster {
        install(ctx).await?;
    }
    let report = gather::run(&ctx.doctor_inputs()).await;
    if args.json {
        super::print_json(&report)?;
    } else {
        let color = std::io::stdout().is_terminal() && ctx.color;
        write!(std::io::stdout().lock(), "{}", render_text(&report, color))?;
    }
    Ok(if report.worst() == Level::Fail { 1 } else { 0 })
}

async fn install(ctx: &Context) -> anyhow::Result<()> {
    let venv = ctx.dirs.managed_venv();
    let mut err = std::io::stderr().lock();
    let version = install::install_pcluster(&venv, &ctx.search_path(), |event| {
        // Progress goes to stderr so `--install-pcluster --json` still prints clean JSON.
        let _ = match event {
            InstallEvent::Stage { number, of, text } => writeln!(err, "[{number}/{of}] {text}"),
            InstallEvent::Output(line) if is_pip_milestone(&line) => writeln!(err, "      {line}"),
            InstallEvent::Output(_) => Ok(()),
        };
    })
    .await?;
    writeln!(
        std::io::stderr(),
        "Installed pcluster {version} in {}. pcwiz uses it whenever no pcluster is on PATH.\n",
        venv.display()
    )?;
    Ok(())
}

/// pip prints hundreds of lines; these few tell the user it is moving.
fn is_pip_milestone(line: &str) -> bool {
    [
        "Collecting ",
        "Installing collected",
        "Successfully installed",
        "Requirement already satisfied: aws-parallelcluster",
    ]
    .iter()
    .any(|p| line.starts_with(p))
}

pub fn render_text(report: &Report, color: bool) -> String {
    let paint = |level: Level, text: &str| -> String {
        if !color {
            return text.to_string();
        }
        let code = match level {
            Level::Ok => "32",
            Level::Warn => "33",
            Level::Fail => "1;31",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    };
    let mut text = String::new();
    let who = match (&report.credentials.kind, &report.credentials.arn) {
        (Some(kind), Some(arn)) => format!("{} ({arn})", kind.as_str()),
        _ => format!(
            "unknown identity (credential source: {})",
            report.credentials.source
        ),
    };
    text.push_str(&format!(
        "pcwiz doctor: {who}, region {}\n\n",
        report.region.as_deref().unwrap_or("not set")
    ));
    for finding in &report.findings {
        let label = format!("{:<4}", finding.level.as_str());
        text.push_str(&format!(
            "  {}  {}\n",
            paint(finding.level, &label),
            finding.message
        ));
        if let Some(next) = &finding.next_step {
            text.push_str(&format!("        next: {next}\n"));
        }
    }
    let count = |level| report.findings.iter().filter(|f| f.level == level).count();
    text.push_str(&format!(
        "\n{} ok, {} warn, {} fail\n",
        count(Level::Ok),
        count(Level::Warn),
        count(Level::Fail)
    ));
    text
}
