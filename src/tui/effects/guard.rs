//! The dashboard's guardrails: the idle guard armed or removed over ssh, and the cluster's
//! AWS Budget read.

use super::CommandEnv;
use crate::guard::{budget, idle};
use crate::remote::SshTarget;
use crate::remote::guard::GuardStep;
use crate::tui::action::Action;

pub async fn set_guard(
    env: &CommandEnv,
    name: String,
    region: &str,
    target: &SshTarget,
    head_instance_id: &str,
    idle_minutes: Option<u32>,
) -> Action {
    let result = match idle_minutes {
        Some(minutes) => {
            let session = env.session(region).await;
            idle::arm(&session, target, head_instance_id, minutes)
                .await
                .and_then(|armed| {
                    all_done(&armed.steps).map(|()| {
                        format!(
                            "Idle guard armed: the head node stops after {} idle minutes.",
                            armed.idle_minutes
                        )
                    })
                })
        }
        None => idle::disarm(target)
            .await
            .and_then(|steps| all_done(&steps))
            .map(|()| "Idle guard removed: nothing stops the head node while it idles.".into()),
    };
    Action::DashboardActionDone { name, result }
}

/// The first step that failed, in words, or Ok.
fn all_done(steps: &[GuardStep]) -> Result<(), String> {
    match steps.iter().find(|s| s.failed()) {
        Some(step) => Err(step.describe()),
        None => Ok(()),
    }
}

pub async fn look_up_budget(env: &CommandEnv, name: String, region: &str) -> Action {
    let session = env.session(region).await;
    let result = budget::look(&session, &name).await;
    Action::BudgetLooked { name, result }
}
