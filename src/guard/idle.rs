//! Arming and disarming the idle guard on a cluster's head node. Armed only where an OS
//! shutdown stops the instance rather than ending it (EC2 says so, asked first); installed
//! over the dashboard's ssh connection as root.

use crate::aws::instance_power::{self, ShutdownFacts};
use crate::aws::session::AwsSession;
use crate::cluster::guard::{self, DEFAULT_GRACE_SECONDS, GuardSettings};
use crate::remote::SshTarget;
use crate::remote::guard::{self as remote_guard, GuardStep};

/// What arming did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Armed {
    pub idle_minutes: u32,
    pub shutdown_behaviour: String,
    pub steps: Vec<GuardStep>,
}

impl Armed {
    pub fn failed(&self) -> bool {
        self.steps.iter().any(GuardStep::failed)
    }
}

/// Arms (or re-arms with a new window) the guard on the head node `head_instance_id`,
/// reached at `target`. Err, with nothing installed, when EC2 says an OS shutdown would not
/// just stop it, or cannot say.
pub async fn arm(
    session: &AwsSession,
    target: &SshTarget,
    head_instance_id: &str,
    idle_minutes: u32,
) -> Result<Armed, String> {
    let ShutdownFacts {
        behaviour,
        root_device_type,
    } = instance_power::shutdown_facts(session, head_instance_id)
        .await
        .map_err(|e| {
            format!(
                "the idle guard was not armed: pcwiz could not ask EC2 what an OS shutdown does to the head node ({})",
                e.explained()
            )
        })?;
    if let Some(refusal) = guard::arming_refusal(&behaviour, &root_device_type) {
        return Err(format!("the idle guard was not armed: {refusal}"));
    }
    let settings = GuardSettings {
        idle_minutes: idle_minutes.max(guard::MIN_IDLE_MINUTES),
        grace_seconds: DEFAULT_GRACE_SECONDS,
        shutdown_behaviour: behaviour.clone(),
    };
    let steps = remote_guard::install(target, &settings).await?;
    Ok(Armed {
        idle_minutes: settings.idle_minutes,
        shutdown_behaviour: behaviour,
        steps,
    })
}

/// Removes the guard from the head node (its log stays there).
pub async fn disarm(target: &SshTarget) -> Result<Vec<GuardStep>, String> {
    remote_guard::remove(target).await
}
