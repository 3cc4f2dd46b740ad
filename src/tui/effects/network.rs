//! The network step's background work: the region's VPCs and subnets, and creating a
//! network stack (through the launch service, which records it), followed to the end.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use super::{AWS_LIMIT, CommandEnv, too_long};
use crate::aws::network;
use crate::aws::network_stack::{self, Layout};
use crate::tui::action::Action;

/// How often a stack being created is looked at: CloudFormation is slow, calls are not free.
const STACK_POLL: Duration = Duration::from_secs(3);
const STACK_LIMIT: Duration = Duration::from_secs(20 * 60);

pub async fn load(env: &CommandEnv, region: String, instance_types: &[String]) -> Action {
    let session = env.session(&region).await;
    let result =
        match tokio::time::timeout(AWS_LIMIT, network::inventory(&session, instance_types)).await {
            Ok(Ok(inventory)) => Ok(Box::new(inventory)),
            Ok(Err(e)) => Err(e.explained()),
            Err(_) => Err(too_long("Listing the network")),
        };
    Action::NetworkLoaded { region, result }
}

/// Create the stack, then report its progress until it finishes (or the limit passes).
pub async fn create(
    env: &CommandEnv,
    region: &str,
    availability_zone: &str,
    layout: Layout,
    tx: &UnboundedSender<Action>,
) {
    let session = env.session(region).await;
    let name = match crate::launch::network::create(&session, &env.dirs, layout, availability_zone)
        .await
    {
        Ok(name) => name,
        Err(why) => {
            let _ = tx.send(Action::NetworkProgress(Err(why)));
            return;
        }
    };
    let started = tokio::time::Instant::now();
    loop {
        let progress = network_stack::progress(&session, &name).await;
        let finished = match &progress {
            Ok(p) => p.finished(),
            Err(_) => true,
        };
        if tx
            .send(Action::NetworkProgress(
                progress.map(Box::new).map_err(|e| e.explained()),
            ))
            .is_err()
            || finished
        {
            return;
        }
        if started.elapsed() > STACK_LIMIT {
            let _ = tx.send(Action::NetworkProgress(Err(format!(
                "{name} is still being created after {} minutes; it carries on in AWS. Press r on this step later to see it.",
                STACK_LIMIT.as_secs() / 60
            ))));
            return;
        }
        tokio::time::sleep(STACK_POLL).await;
    }
}
