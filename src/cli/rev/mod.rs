//! `pcwiz rev NAME`: reV on a cluster, step by step or all at once (`--install --new
//! --submit`), then the run as it stands, and its outputs fetched (`--fetch`). One file per
//! step; each calls the `rev/` service that does it.

pub mod args;
mod install;
mod new;
mod progress;

use serde::Serialize;

use crate::context::Context;
use crate::store::history::ClusterRecord;
use crate::store::watch_settings::WatchSettings;
use args::RevArgs;

#[derive(Serialize, Default)]
struct Out {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    install: Option<crate::rev::install::Installed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    project: Option<new::Written>,
}

pub async fn run(ctx: &Context, args: &RevArgs) -> anyhow::Result<i32> {
    let mut found = super::cluster_arg::find_cluster(ctx, &args.name)?;
    let session = ctx.session_in(&found.region).await;
    found.acting_as(&session).await?;
    let (target, refresh) = super::head_node::find(ctx, &session, &found, "to run reV on").await?;
    let store = WatchSettings::in_dir(&ctx.dirs.data);
    let mut settings = store.get(&found.region, &found.name);
    let dir = args.dir.clone().or_else(|| settings.rev_dir.clone());
    let mut out = Out {
        name: args.name.clone(),
        ..Out::default()
    };
    if args.install {
        out.install = Some(install::run(&target, args).await?);
    }
    if args.new {
        let dir = dir.clone().ok_or_else(|| {
            anyhow::anyhow!(
                "--new needs --dir: the project directory on the cluster (e.g. ~/rev_runs/colorado)"
            )
        })?;
        let nodes = match &refresh.probe {
            Some(Ok(report)) => report
                .nodes
                .as_ref()
                .map(|n| n.items.clone())
                .unwrap_or_default(),
            _ => vec![],
        };
        let config = found
            .record
            .as_ref()
            .and_then(ClusterRecord::recorded_config);
        let form = new::form(args, dir.clone(), config.as_ref(), &nodes)?;
        out.project = Some(new::run(&target, form, args.nodes.is_some(), args.json).await?);
    }
    if let Some(dir) = &dir
        && settings.rev_dir.as_ref() != Some(dir)
    {
        // The reV tab opens on it.
        settings.rev_dir = Some(dir.clone());
        store.set(&found.region, &found.name, settings)?;
    }
    if args.json {
        super::print_json(&out)?;
    }
    Ok(0)
}
