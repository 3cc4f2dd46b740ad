//! `pcwiz rev NAME`: reV on a cluster, step by step or all at once (`--install --new
//! --submit`), then the run as it stands, and its outputs fetched (`--fetch`). One file per
//! step; each calls the `rev/` service that does it.

pub mod args;
mod install;
mod progress;

use serde::Serialize;

use crate::context::Context;
use args::RevArgs;

#[derive(Serialize, Default)]
struct Out {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    install: Option<crate::rev::install::Installed>,
}

pub async fn run(ctx: &Context, args: &RevArgs) -> anyhow::Result<i32> {
    let mut found = super::cluster_arg::find_cluster(ctx, &args.name)?;
    let session = ctx.session_in(&found.region).await;
    found.acting_as(&session).await?;
    let (target, _refresh) = super::head_node::find(ctx, &session, &found, "to run reV on").await?;
    let mut out = Out {
        name: args.name.clone(),
        ..Out::default()
    };
    if args.install {
        out.install = Some(install::run(&target, args).await?);
    }
    if args.json {
        super::print_json(&out)?;
    }
    Ok(0)
}
