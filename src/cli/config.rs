//! `pcwiz config presets | new | check`: a ParallelCluster config from a preset, and the
//! pre-launch checks (pcwiz's own, then optionally pcluster's dry run).

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;
use serde::Serialize;

use crate::aws::surroundings;
use crate::cli::args::{ConfigCheckArgs, ConfigCommand, ConfigNewArgs, ConfigPresetsArgs};
use crate::cluster::config::{ClusterConfig, Tag};
use crate::cluster::findings::{self, ConfigFinding, Severity, Surroundings};
use crate::cluster::presets::{PRESET_TAG, Preset};
use crate::context::Context;
use crate::pcluster::{DryRunVerdict, Pcluster};
use crate::store::atomic;
use crate::store::presets as store_presets;

pub async fn run(ctx: &Context, command: &ConfigCommand) -> anyhow::Result<i32> {
    let (presets, problems) = store_presets::load(&ctx.dirs);
    for problem in &problems {
        eprintln!("warning: {problem}");
    }
    match command {
        ConfigCommand::Presets(args) => list_presets(ctx, &presets, args),
        ConfigCommand::New(args) => new(ctx, presets, args),
        ConfigCommand::Check(args) => check(ctx, args).await,
        ConfigCommand::Cost(args) => super::config_cost::run(ctx, args).await,
    }
}

fn list_presets(
    ctx: &Context,
    presets: &[Preset],
    args: &ConfigPresetsArgs,
) -> anyhow::Result<i32> {
    if args.json {
        #[derive(Serialize)]
        struct Entry<'a> {
            name: &'a str,
            title: &'a str,
            r#for: &'a str,
        }
        let entries: Vec<Entry> = presets
            .iter()
            .map(|p| Entry {
                name: &p.name,
                title: &p.title,
                r#for: &p.r#for,
            })
            .collect();
        super::print_json(&entries)?;
        return Ok(0);
    }
    let mut out = std::io::stdout().lock();
    for preset in presets {
        writeln!(
            out,
            "{}: {}\n  {}\n",
            preset.name, preset.title, preset.r#for
        )?;
    }
    writeln!(
        out,
        "Your own presets (same format as presets/*.yaml in the source) go in {}.",
        store_presets::dir(&ctx.dirs).display()
    )?;
    Ok(0)
}

fn new(ctx: &Context, presets: Vec<Preset>, args: &ConfigNewArgs) -> anyhow::Result<i32> {
    let names: Vec<String> = presets.iter().map(|p| p.name.clone()).collect();
    let preset = presets
        .into_iter()
        .find(|p| p.name == args.preset)
        .with_context(|| format!("no preset `{}`; one of: {}", args.preset, names.join(", ")))?;
    let mut config = preset.config;
    if let Some(region) = ctx.region_flag.clone() {
        config.region = Some(region);
    }
    let compute = args.compute_subnet.as_deref().unwrap_or(&args.subnet);
    config.place(&args.key_name, &args.subnet, compute);
    for pair in &args.tag {
        let (key, value) = pair
            .split_once('=')
            .with_context(|| format!("--tag takes KEY=VALUE, not `{pair}`"))?;
        set_tag(&mut config, key, value);
    }
    set_tag(&mut config, PRESET_TAG, &preset.name);

    let text = format!(
        "# ParallelCluster config made by pcwiz from preset `{}` ({}).\n{}",
        preset.name,
        chrono::Utc::now().format("%Y-%m-%d"),
        config.to_yaml()
    );
    // The config names the account's subnets and key: private to the user.
    atomic::write(&args.output, text.as_bytes(), 0o600)
        .with_context(|| format!("could not write {}", args.output.display()))?;
    let found = findings::check(&config, &Surroundings::default());
    report(args.json, &args.output, &found, None)?;
    eprintln!(
        "Wrote {} (mode 0600). Check it against AWS: pcwiz config check {} --pcluster",
        args.output.display(),
        args.output.display()
    );
    Ok(0)
}

fn set_tag(config: &mut ClusterConfig, key: &str, value: &str) {
    match config.tags.iter_mut().find(|t| t.key == key) {
        Some(tag) => tag.value = value.to_string(),
        None => config.tags.push(Tag {
            key: key.to_string(),
            value: value.to_string(),
        }),
    }
}

async fn check(ctx: &Context, args: &ConfigCheckArgs) -> anyhow::Result<i32> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("could not read {}", args.file.display()))?;
    let config = ClusterConfig::from_yaml(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let mut found = Vec::new();
    let surroundings = match look_around(ctx, &config).await {
        Ok(around) => around,
        Err(why) => {
            found.push(ConfigFinding {
                id: "aws.lookup",
                severity: Severity::Warning,
                message: format!("Could not check the key pair and subnet against AWS ({why}); those checks were skipped."),
                fix: "Run `pcwiz doctor` to see what is wrong with the credentials or network".into(),
            });
            Surroundings::default()
        }
    };
    found.extend(findings::check(&config, &surroundings));

    let verdict = if args.pcluster {
        let pcluster = Pcluster::locate(&ctx.search_path())
            .context("pcluster is not installed: run `pcwiz doctor --install-pcluster`")?;
        let region = config
            .region
            .clone()
            .or_else(|| ctx.region().map(|r| r.name))
            .context("the config has no Region and none is set: pass --region")?;
        let scope = ctx.session_in(&region).await.scope();
        let verdict = pcluster
            .dry_run(&args.name, &args.file, &scope, &args.suppress_validators)
            .await
            .map_err(|e| anyhow::anyhow!("pcluster's dry run did not run: {e}"))?;
        found.extend(verdict.problems.iter().map(|p| ConfigFinding {
            id: "pcluster.validator",
            severity: if p.level == "ERROR" {
                Severity::Error
            } else {
                Severity::Warning
            },
            message: format!("pcluster {}: {}", p.validator, p.message),
            fix: "Fix the setting pcluster names, then check again".into(),
        }));
        if !verdict.would_succeed && verdict.problems.is_empty() {
            found.push(ConfigFinding {
                id: "pcluster.refused",
                severity: Severity::Error,
                message: format!("pcluster refused the config: {}", verdict.message),
                fix: "Fix what pcluster names, then check again".into(),
            });
        }
        Some(verdict)
    } else {
        None
    };
    report(args.json, &args.file, &found, verdict.as_ref())?;
    Ok(if found.iter().any(|f| f.severity == Severity::Error) {
        1
    } else {
        0
    })
}

/// The account's side of the checks, in the config's region.
async fn look_around(ctx: &Context, config: &ClusterConfig) -> Result<Surroundings, String> {
    let Some(region) = config
        .region
        .clone()
        .or_else(|| ctx.region().map(|r| r.name))
    else {
        return Err("no region".into());
    };
    let session = crate::aws::session::AwsSession::new(&ctx.aws_env, &ctx.profile(), &region).await;
    surroundings::look_around(&session, config).await
}

fn report(
    json: bool,
    file: &Path,
    found: &[ConfigFinding],
    verdict: Option<&DryRunVerdict>,
) -> anyhow::Result<()> {
    if json {
        #[derive(Serialize)]
        struct Report<'a> {
            file: &'a Path,
            findings: &'a [ConfigFinding],
            pcluster: Option<&'a DryRunVerdict>,
        }
        return super::print_json(&Report {
            file,
            findings: found,
            pcluster: verdict,
        });
    }
    let mut out = std::io::stdout().lock();
    for finding in found {
        let label = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warn ",
        };
        writeln!(
            out,
            "  {label}  {}\n         fix: {}",
            finding.message, finding.fix
        )?;
    }
    if let Some(verdict) = verdict {
        writeln!(
            out,
            "  pcluster dry run: {}",
            if verdict.would_succeed {
                "the request would have succeeded"
            } else {
                &verdict.message
            }
        )?;
    }
    let errors = found
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    writeln!(
        out,
        "{}: {errors} error(s), {} warning(s)",
        file.display(),
        found.len() - errors
    )?;
    Ok(())
}
