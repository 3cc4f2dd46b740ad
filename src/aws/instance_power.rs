//! Stopping and starting one instance (the head node): EC2 StopInstances/StartInstances.
//! A stopped instance bills its volumes only.

use super::error::{AwsError, sdk_error};
use super::session::AwsSession;

/// Asks EC2 to start or stop the instance; answers the state EC2 reports it moving to
/// ("pending", "stopping", …).
pub async fn set_running(
    session: &AwsSession,
    instance_id: &str,
    start: bool,
) -> Result<String, AwsError> {
    let endpoint = session.endpoint("ec2");
    let changes = if start {
        session
            .ec2()
            .start_instances()
            .instance_ids(instance_id)
            .send()
            .await
            .map_err(|e| sdk_error(e, &endpoint, "ec2:StartInstances"))?
            .starting_instances
    } else {
        session
            .ec2()
            .stop_instances()
            .instance_ids(instance_id)
            .send()
            .await
            .map_err(|e| sdk_error(e, &endpoint, "ec2:StopInstances"))?
            .stopping_instances
    };
    Ok(changes
        .unwrap_or_default()
        .first()
        .and_then(|c| c.current_state())
        .and_then(|s| s.name())
        .map(|n| n.as_str().to_string())
        .unwrap_or_else(|| if start { "pending" } else { "stopping" }.into()))
}
