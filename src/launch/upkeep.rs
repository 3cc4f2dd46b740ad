//! What a launch sets up once the cluster is ready, so that it looks after itself: the idle
//! guard armed on the head node, and the AWS Budget made. Neither failing fails the launch:
//! each says what happened and how to do it later.

use std::path::PathBuf;

use serde::Serialize;

use crate::aws::session::AwsSession;
use crate::guard::budget::{self, BudgetMade, BudgetRequest};
use crate::guard::idle::{self, Armed};
use crate::monitor::status::{self, HSDS_PORT, SshSetup};
use crate::remote::probe::ProbeOptions;
use crate::store::dirs::Dirs;
use crate::store::history::History;

/// What the user asked for (the wizard's "Tags & upkeep" step, or launch's flags).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Upkeep {
    /// The idle guard's window; None leaves the guard off.
    pub idle_guard_minutes: Option<u32>,
    pub budget: Option<BudgetRequest>,
}

/// What was set up, each part on its own.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UpkeepDone {
    pub guard: Option<Result<Armed, String>>,
    pub budget: Option<Result<BudgetMade, String>>,
}

impl UpkeepDone {
    /// One line per part and its notes, for either front end: "✔ …", "! …".
    pub fn lines(&self, name: &str) -> Vec<String> {
        let mut lines = vec![];
        match &self.guard {
            Some(Ok(armed)) if !armed.failed() => lines.push(format!(
                "✔ Idle guard armed: the head node stops after {} idle minutes (pcwiz guard {name} --off removes it).",
                armed.idle_minutes
            )),
            Some(Ok(armed)) => {
                lines.push(format!(
                    "! The idle guard is not fully installed; arm it again with: pcwiz guard {name} --idle {}",
                    armed.idle_minutes
                ));
                lines.extend(
                    armed
                        .steps
                        .iter()
                        .filter(|s| s.failed())
                        .map(|s| format!("  {}", s.describe())),
                );
            }
            Some(Err(why)) => lines.push(format!(
                "! {why}. Arm it later: pcwiz guard {name} --idle 60 (or g on the dashboard)."
            )),
            None => lines.push(format!(
                "  No idle guard: nothing stops the head node while it idles (pcwiz guard {name} --idle 60 arms one)."
            )),
        }
        match &self.budget {
            Some(Ok(made)) => {
                lines.push(format!(
                    "✔ Budget {} made: ${} a month.",
                    made.name, made.monthly_usd
                ));
                lines.extend(made.notes.iter().map(|n| format!("  {n}")));
            }
            Some(Err(why)) => lines.push(format!(
                "! No budget: {why}. Try again: pcwiz budget {name} --monthly USD --email ADDRESS"
            )),
            None => {}
        }
        lines
    }
}

/// Sets up what `upkeep` asks for on the ready cluster `name`.
pub async fn after_ready(
    session: &AwsSession,
    dirs: &Dirs,
    name: &str,
    ssh_config: Option<PathBuf>,
    upkeep: &Upkeep,
) -> UpkeepDone {
    let (guard, budget) = tokio::join!(
        async {
            let minutes = upkeep.idle_guard_minutes?;
            Some(arm(session, dirs, name, ssh_config, minutes).await)
        },
        async {
            let request = upkeep.budget.as_ref()?;
            Some(budget::create(session, dirs, name, request).await)
        }
    );
    UpkeepDone { guard, budget }
}

/// Reaches the head node as the dashboard does (its host key pinned first), then arms.
async fn arm(
    session: &AwsSession,
    dirs: &Dirs,
    name: &str,
    ssh_config: Option<PathBuf>,
    minutes: u32,
) -> Result<Armed, String> {
    let record = History::in_dir(&dirs.data).load().ok().and_then(|l| {
        l.clusters
            .into_iter()
            .find(|c| c.name == name && c.region == session.region)
    });
    let setup = SshSetup::new(&dirs.state, ssh_config);
    let options = ProbeOptions {
        hsds_port: HSDS_PORT,
        rev_dir: None,
        nodes_up_since: None,
    };
    let refresh = status::refresh(session, name, record.as_ref(), &setup, &options, None).await;
    if let Some(Err(failure)) = &refresh.probe {
        return Err(format!(
            "the idle guard was not armed: the head node could not be reached ({})",
            failure.message
        ));
    }
    let (Some(target), Some(head)) = (refresh.target.as_ref(), refresh.head_node()) else {
        return Err("the idle guard was not armed: the head node is not running".into());
    };
    idle::arm(session, target, &head.instance_id, minutes).await
}
