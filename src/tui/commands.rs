//! Running `Command`s as background tasks. Each has a timeout and always answers, so no
//! screen waits forever on a spinner.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use super::action::{Action, Command};
use crate::doctor::gather::{self, DoctorInputs};
use crate::doctor::{Finding, IdentityCheck, tools};

/// Safety nets above the per-call timeouts inside doctor.
const IDENTITY_LIMIT: Duration = Duration::from_secs(40);
const TOOLS_LIMIT: Duration = Duration::from_secs(90);

pub fn spawn(command: Command, inputs: Arc<DoctorInputs>, tx: UnboundedSender<Action>) {
    tokio::spawn(async move {
        let action = match command {
            Command::CheckIdentity => {
                let check = tokio::time::timeout(IDENTITY_LIMIT, gather::check_identity(&inputs))
                    .await
                    .unwrap_or_else(|_| IdentityCheck::gave_up(IDENTITY_LIMIT.as_secs()));
                Action::IdentityChecked(Box::new(check))
            }
            Command::CheckTools => {
                let findings = match tokio::time::timeout(
                    TOOLS_LIMIT,
                    gather::check_tools(&inputs.search),
                )
                .await
                {
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
        };
        // The app may have quit meanwhile; then nobody is listening, which is fine.
        let _ = tx.send(action);
    });
}
