//! An instance's serial console output (EC2 GetConsoleOutput), where cloud-init prints the
//! host's SSH keys: the one way AWS can vouch for a head node's host key.

use base64::Engine;

use super::error::{AwsError, sdk_error};
use super::session::AwsSession;

/// The console text, decoded. `Latest` asks Nitro instances for the newest 64 KB (the host
/// keys are printed late in the first boot); Xen instances refuse it, and then the
/// instance's whole buffer is asked for instead. Empty when the console has nothing yet.
pub async fn text(session: &AwsSession, instance_id: &str) -> Result<String, AwsError> {
    let endpoint = session.endpoint("ec2");
    let ask = |latest: bool| {
        session
            .ec2()
            .get_console_output()
            .instance_id(instance_id)
            .latest(latest)
            .send()
    };
    let answer = match ask(true).await {
        Ok(answer) => answer,
        Err(error) => {
            let error = sdk_error(error, &endpoint, "ec2:GetConsoleOutput");
            if error.code() != Some("UnsupportedOperation") {
                return Err(error);
            }
            ask(false)
                .await
                .map_err(|e| sdk_error(e, &endpoint, "ec2:GetConsoleOutput"))?
        }
    };
    let encoded = answer.output().unwrap_or_default();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .unwrap_or_default();
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
