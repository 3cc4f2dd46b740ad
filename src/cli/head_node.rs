//! The head node of a cluster named on the command line, for commands that run something
//! there (`pcwiz hsds`, `pcwiz size --cluster`): found through one dashboard refresh, so
//! with the same user, address, key and ssh config as the dashboard, and Slurm's nodes as
//! they are now.

use anyhow::Context as _;

use crate::aws::session::AwsSession;
use crate::context::Context;
use crate::monitor::ssh::{ProbeOptions, SshTarget};
use crate::monitor::status::{self, HSDS_PORT, Refresh};

/// `to_do`: what the head node is wanted for, for the error ("to install on").
pub async fn find(
    ctx: &Context,
    session: &AwsSession,
    name: &str,
    to_do: &str,
) -> anyhow::Result<(SshTarget, Refresh)> {
    let (record, _) = super::launch::find_cluster(ctx, name)?;
    let ssh_config = std::env::var_os("PCWIZ_SSH_CONFIG").map(std::path::PathBuf::from);
    let probe_options = ProbeOptions {
        hsds_port: std::env::var("PCWIZ_HSDS_PORT")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(HSDS_PORT),
        rev_dir: None,
    };
    let refresh = status::refresh(
        session,
        name,
        record.as_ref(),
        &ctx.dirs.state,
        ssh_config.as_deref(),
        &probe_options,
        None,
    )
    .await;
    let target = refresh.target.clone().with_context(|| {
        format!(
            "{name} has no running head node {to_do} ({}).",
            refresh
                .stack
                .as_ref()
                .map(|s| s.status.clone())
                .unwrap_or_else(|e| e.clone())
        )
    })?;
    Ok((target, refresh))
}
