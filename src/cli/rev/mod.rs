//! `pcwiz rev NAME`: reV on a cluster, step by step or all at once (`--install --new
//! --submit`), then the run as it stands, and its outputs fetched (`--fetch`). One file per
//! step; each calls the `rev/` service that does it.

pub mod args;
mod install;
mod new;
mod progress;
mod watch;

use serde::Serialize;

use crate::cluster::rev_install::DEFAULT_VENV;
use crate::cluster::rev_watch::Watched;
use crate::context::Context;
use crate::monitor::status::HSDS_PORT;
use crate::rev::fetch::Fetched;
use crate::rev::submit::Submitted;
use crate::store::history::ClusterRecord;
use crate::store::watch_settings::WatchSettings;
use args::RevArgs;
use progress::{Bar, megabytes};

#[derive(Serialize, Default)]
struct Out {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    install: Option<crate::rev::install::Installed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    project: Option<crate::rev::project::Written>,
    #[serde(skip_serializing_if = "Option::is_none")]
    submitted: Option<Submitted>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dir: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    run: Option<Watched>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fetched: Option<Vec<Fetched>>,
}

pub async fn run(ctx: &Context, args: &RevArgs) -> anyhow::Result<i32> {
    let mut found = super::cluster_arg::find_cluster(ctx, &args.name)?;
    let session = ctx.session_in(&found.region).await;
    found.acting_as(&session).await?;
    let (target, refresh) = super::head_node::find(ctx, &session, &found, "to run reV on").await?;
    let store = WatchSettings::in_dir(&ctx.dirs.data);
    let mut settings = store.get(&found.region, &found.name);
    let dir = args.dir.clone().or_else(|| settings.rev_dir.clone());
    let venv = args.venv.clone().unwrap_or_else(|| DEFAULT_VENV.into());
    let mut out = Out {
        name: args.name.clone(),
        dir: dir.clone(),
        ..Out::default()
    };
    if args.install {
        out.install = Some(install::run(&target, args).await?);
    }
    let needs_dir = || {
        dir.clone().ok_or_else(|| {
            anyhow::anyhow!(
                "which project? --dir DIR: the reV project directory on the cluster (e.g. ~/rev_runs/colorado)"
            )
        })
    };
    if args.new {
        let nodes = match &refresh.probe {
            Some(Ok(report)) => report.slurm_nodes(),
            _ => vec![],
        };
        let config = found
            .record
            .as_ref()
            .and_then(ClusterRecord::recorded_config);
        let form = new::form(args, needs_dir()?, config.as_ref(), &nodes)?;
        out.project = Some(new::run(&target, form, args.nodes.is_some(), args.json).await?);
    }
    if let Some(dir) = &dir
        && settings.rev_dir.as_ref() != Some(dir)
    {
        // The probe reads it from now on, and the reV tab opens on it.
        settings.rev_dir = Some(dir.clone());
        store.set(&found.region, &found.name, settings)?;
    }
    if args.submit {
        let dir = needs_dir()?;
        let submitted = crate::rev::submit::submit(&target, &dir, &venv)
            .await
            .map_err(anyhow::Error::msg)?;
        if !args.json {
            match (submitted.already_running, submitted.monitor_pid) {
                (true, Some(pid)) => println!(
                    "The pipeline in {dir} is already running (gaps' monitor PID {pid}): nothing new started."
                ),
                (_, pid) => println!(
                    "Submitted: gaps' pipeline monitor{} runs on the head node and submits each step to Slurm; it goes on without pcwiz. Watch it with `pcwiz rev {}` or on the dashboard's reV tab.",
                    pid.map(|p| format!(" (PID {p})")).unwrap_or_default(),
                    args.name
                ),
            }
        }
        out.submitted = Some(submitted);
    }
    let only_install_or_new = (args.install || args.new) && !args.submit && args.fetch.is_none();
    if !only_install_or_new {
        let dir = needs_dir()?;
        let ssh_config = super::cluster_arg::ssh_config();
        let hsds_port = std::env::var("PCWIZ_HSDS_PORT")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(HSDS_PORT);
        let (watched, _) = crate::rev::watch::look(
            &session,
            &ctx.dirs,
            &found.name,
            ssh_config.as_deref(),
            hsds_port,
        )
        .await
        .map_err(anyhow::Error::msg)?;
        if !args.json {
            watch::print(&mut std::io::stdout().lock(), &dir, &watched)?;
        }
        if let Some(into) = &args.fetch {
            let outputs: Vec<(String, u64)> = watched
                .present_outputs()
                .map(|(p, s)| (p.to_string(), s))
                .collect();
            if outputs.is_empty() {
                anyhow::bail!(
                    "no output to fetch yet: the run has written none (or it was removed)"
                );
            }
            let mut bar = Bar::new();
            let count = outputs.len();
            let fetched = crate::rev::fetch::fetch(&target, &outputs, into, |i, got, of| {
                bar.show(
                    got as f64 / of.max(1) as f64,
                    &format!("{}/{count} {} of {}", i + 1, megabytes(got), megabytes(of)),
                )
            })
            .await;
            bar.done();
            let fetched = fetched.map_err(anyhow::Error::msg)?;
            if !args.json {
                for f in &fetched {
                    println!(
                        "fetched {} → {} ({}){}",
                        f.remote,
                        f.local.display(),
                        megabytes(f.bytes),
                        f.backup
                            .as_ref()
                            .map(|b| format!("; the old one is kept as {}", b.display()))
                            .unwrap_or_default()
                    );
                }
            }
            out.fetched = Some(fetched);
        }
        out.run = Some(watched);
    }
    if args.json {
        super::print_json(&out)?;
    }
    Ok(0)
}
