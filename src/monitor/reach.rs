//! The running head node of a cluster, ready for ssh: its login user (the stack's
//! ClusterUser), address and key, and its host key pinned before anything runs there.
//! For `pcwiz ssh` and re-pinning, which need no Slurm or HSDS state (the dashboard and
//! `pcwiz status` get the same target from their refresh).

use super::host_trust;
use super::status::{self, SshSetup};
use crate::aws::cluster_list;
use crate::aws::session::AwsSession;
use crate::cluster::host_keys::HostPin;
use crate::remote::SshTarget;
use crate::store::history::ClusterRecord;

/// The head node to log in to, not yet pinned.
pub async fn head_node(
    session: &AwsSession,
    name: &str,
    record: Option<&ClusterRecord>,
    setup: &SshSetup,
) -> Result<SshTarget, String> {
    let (described, instances) = tokio::join!(
        status::describe(session, name),
        cluster_list::instances(session, Some(name))
    );
    let instances = instances
        .map_err(|e| e.explained())?
        .remove(name)
        .unwrap_or_default();
    let Some(head) = status::running_head(&instances) else {
        let state = instances
            .iter()
            .find(|i| i.node_type == "HeadNode")
            .map(|h| format!("its head node {} is {}", h.instance_id, h.state))
            .unwrap_or_else(|| "EC2 has no head node for it".into());
        return Err(format!(
            "{name} in {} has no running head node to log in to ({state}).",
            session.region
        ));
    };
    let user = described.ok().and_then(|d| d.user);
    status::head_target(session, name, head, user, record, setup).map_err(|e| e.message)
}

/// The head node, its host key pinned (on first contact, from the console output or on
/// first use, said in the pin).
pub async fn pinned_head_node(
    session: &AwsSession,
    name: &str,
    record: Option<&ClusterRecord>,
    setup: &SshSetup,
) -> Result<(SshTarget, HostPin), String> {
    let target = head_node(session, name, record, setup).await?;
    let pin = host_trust::ensure_pinned(session, &setup.pins, &target)
        .await
        .map_err(|e| e.message)?;
    Ok((target, pin))
}
