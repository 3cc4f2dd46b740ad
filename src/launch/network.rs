//! Creating the network the wizard offers (the two layouts `pcluster configure` makes),
//! recorded in pcwiz's history BEFORE CloudFormation is asked: a network left by an
//! abandoned wizard, a failed dry run, Ctrl-C or a timeout is then found again by
//! `pcwiz sweep`, instead of billing for its NAT gateway unseen.

use chrono::Utc;

use crate::aws::error::AwsError;
use crate::aws::identity;
use crate::aws::network_stack::{self, Layout};
use crate::aws::session::AwsSession;
use crate::store::dirs::Dirs;
use crate::store::history::{History, NetworkRecord, NetworkState};

/// Asks CloudFormation for the network stack; answers its name. Nothing is asked for when
/// the history cannot record it first.
pub async fn create(
    session: &AwsSession,
    dirs: &Dirs,
    layout: Layout,
    availability_zone: &str,
) -> Result<String, String> {
    let name = network_stack::stack_name(availability_zone, Utc::now());
    let account = identity::caller_identity(&session.config, &session.endpoint("sts"))
        .await
        .map(|i| i.account)
        .map_err(|e| e.explained())?;
    let history = History::in_dir(&dirs.data);
    history
        .record_network(NetworkRecord {
            stack_name: name.clone(),
            region: session.region.clone(),
            account_id: Some(account),
            layout: layout.parameter().to_string(),
            requested_at: Utc::now(),
            state: NetworkState::Requested,
        })
        .map_err(|e| {
            format!(
                "pcwiz could not record the network in {} before creating it ({e}), so it created nothing",
                history.path().display()
            )
        })?;
    let asked = network_stack::create(session, &name, layout, availability_zone).await;
    let state = match &asked {
        Ok(stack_id) => NetworkState::Created {
            stack_id: stack_id.clone(),
        },
        Err(e) => NetworkState::Refused {
            reason: e.to_string(),
        },
    };
    if let Err(e) = history.network_became(&name, &session.region, state) {
        tracing::warn!("could not record what became of {name}: {e}");
    }
    asked.map(|_| name).map_err(|e: AwsError| e.explained())
}
