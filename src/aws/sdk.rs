//! Building the SDK configuration the same way for every AWS call pcwiz makes.
//!
//! Timeouts are short on purpose: a user staring at doctor should learn in seconds that an
//! endpoint is unreachable, not wait for the SDK's defaults.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};

use super::credential_source::{ChosenBy, ProfileChoice};
use super::environment::AwsEnvironment;

/// Upper bound for one AWS operation, retries included.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(12);

pub async fn load(profile: &ProfileChoice, region: Option<&str>) -> SdkConfig {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(3))
        .read_timeout(Duration::from_secs(5))
        .operation_attempt_timeout(Duration::from_secs(6))
        .operation_timeout(OPERATION_TIMEOUT)
        .build();
    // Three attempts with backoff absorbs throttling without stretching past the timeout.
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(timeouts)
        .retry_config(RetryConfig::standard().with_max_attempts(3));
    // AWS_PROFILE is read by the SDK itself; only a --profile flag must be passed on.
    if profile.chosen_by == ChosenBy::Flag {
        loader = loader.profile_name(&profile.name);
    }
    if let Some(region) = region {
        loader = loader.region(Region::new(region.to_string()));
    }
    loader.load().await
}

/// The endpoint a service's calls go to, for error messages ("could not reach …").
pub fn endpoint_for(env: &AwsEnvironment, service_env_suffix: &str, default_host: &str) -> String {
    env.var(&format!("AWS_ENDPOINT_URL_{service_env_suffix}"))
        .or_else(|| env.var("AWS_ENDPOINT_URL"))
        .map(str::to_string)
        .unwrap_or_else(|| format!("https://{default_host}"))
}
