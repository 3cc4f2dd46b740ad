//! Doctor's checks for the header and "Check my setup": who the user is, and the local
//! programs pcwiz drives.

use std::time::Duration;

use super::CommandEnv;
use crate::doctor::gather;
use crate::doctor::{Finding, IdentityCheck, tools};
use crate::tui::action::Action;

/// Safety nets above the per-call timeouts inside.
const IDENTITY_LIMIT: Duration = Duration::from_secs(40);
const TOOLS_LIMIT: Duration = Duration::from_secs(90);

pub async fn check_identity(env: &CommandEnv) -> Action {
    let check = tokio::time::timeout(IDENTITY_LIMIT, gather::check_identity(&env.doctor))
        .await
        .unwrap_or_else(|_| IdentityCheck::gave_up(IDENTITY_LIMIT.as_secs()));
    Action::IdentityChecked(Box::new(check))
}

pub async fn check_tools(env: &CommandEnv) -> Action {
    let findings =
        match tokio::time::timeout(TOOLS_LIMIT, gather::check_tools(&env.doctor.search)).await {
            Ok(states) => tools::findings(&states),
            Err(_) => vec![Finding::fail(
                "tools",
                format!(
                    "Looking for pcluster, node and ssh took longer than {} s.",
                    TOOLS_LIMIT.as_secs()
                ),
                "Press r to check again; run `pcluster version` by hand to see what hangs",
            )],
        };
    Action::ToolsChecked(findings)
}
