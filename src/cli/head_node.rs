//! The head node of a cluster named on the command line, for commands that run something
//! there (`pcwiz hsds`, `pcwiz size --cluster`): found through one dashboard refresh, so
//! with the same user, address, key and ssh config as the dashboard, and Slurm's nodes as
//! they are now.

use anyhow::Context as _;

use super::cluster_arg::Found;
use crate::aws::session::AwsSession;
use crate::context::Context;
use crate::monitor::status::{self, HSDS_PORT, Refresh, SshSetup};
use crate::remote::probe::ProbeOptions;
use crate::remote::{SshFailureKind, SshTarget};

/// `to_do`: what the head node is wanted for, for the error ("to install on").
pub async fn find(
    ctx: &Context,
    session: &AwsSession,
    found: &Found,
    to_do: &str,
) -> anyhow::Result<(SshTarget, Refresh)> {
    let (name, record) = (found.name.as_str(), &found.record);
    let ssh_config = super::cluster_arg::ssh_config();
    let probe_options = probe_options();
    let setup = SshSetup::new(&ctx.dirs.state, ssh_config);
    let refresh =
        status::refresh(session, name, record.as_ref(), &setup, &probe_options, None).await;
    // A head node whose host key does not match its pin gets nothing run on it.
    if let Some(Err(failure)) = &refresh.probe
        && failure.kind == SshFailureKind::HostKeyChanged
    {
        anyhow::bail!("{}", failure.message);
    }
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

/// The probe as these commands send it: HSDS on its port (PCWIZ_HSDS_PORT, else HSDS's
/// default), no reV directory.
pub fn probe_options() -> ProbeOptions {
    ProbeOptions {
        hsds_port: std::env::var("PCWIZ_HSDS_PORT")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(HSDS_PORT),
        rev_dir: None,
        nodes_up_since: None,
    }
}
