//! The review as lines: the YAML, the findings (checked against the account where it can
//! be), the full cost breakdown, then where to save the config.

use std::path::PathBuf;

use anyhow::Context as _;

use super::prompts::ask_text;
use super::{Flow, Next, money};
use crate::aws::surroundings;
use crate::cluster::findings::{self, Severity};
use crate::store::atomic;
use crate::wizard::build;

pub(super) fn review(flow: &mut Flow, n: usize) -> anyhow::Result<Next> {
    println!("{n}. Review.");
    let config = build::build(&flow.draft).map_err(anyhow::Error::msg)?;
    let yaml = config.to_yaml();
    println!("{yaml}");
    let around = match flow
        .rt
        .block_on(surroundings::look_around(flow.session(), &config))
    {
        Ok(around) => around,
        Err(problem) => {
            println!(
                "! Could not check against AWS ({problem}); the checks that need it were skipped."
            );
            Default::default()
        }
    };
    let found = findings::check(&config, &around);
    for finding in &found {
        let label = if finding.severity == Severity::Error {
            "error"
        } else {
            "warn"
        };
        println!(
            "  {label}: {}\n         fix: {}",
            finding.message, finding.fix
        );
    }
    flow.errors = found
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    println!(
        "{} error(s), {} warning(s).",
        flow.errors,
        found.len() - flow.errors
    );
    println!("\nWhat it costs:");
    for line in money::breakdown(&config, &flow.book, flow.surroundings) {
        println!("{line}");
    }
    let default = flow.draft.config_file.clone().unwrap_or_else(|| {
        flow.ctx
            .dirs
            .data
            .join("configs")
            .join(build::default_file_name(&flow.draft))
    });
    let path = PathBuf::from(ask_text(
        "Save the config to",
        &default.display().to_string(),
    )?);
    let text = format!(
        "# ParallelCluster config made by pcwiz from preset `{}`.\n{yaml}",
        flow.draft.preset.as_deref().unwrap_or("?")
    );
    atomic::write(&path, text.as_bytes(), 0o600)
        .with_context(|| format!("could not write {}", path.display()))?;
    flow.draft.config_file = Some(path.clone());
    println!(
        "Saved {} (mode 0600). Check it with pcluster: pcwiz config check {} --pcluster",
        path.display(),
        path.display()
    );
    Ok(Next::Forward)
}
