//! One AWS session for one region: the SDK config plus the names of endpoints for messages.

use aws_config::SdkConfig;

use super::credential_source::ProfileChoice;
use super::environment::AwsEnvironment;
use super::sdk;
use crate::cluster::aws_scope::AwsScope;

pub const PRICING_REGION: &str = "us-east-1";

#[derive(Debug, Clone)]
pub struct AwsSession {
    pub config: SdkConfig,
    pub region: String,
    /// The profile the config was loaded for: handed on to every program pcwiz runs.
    pub profile: ProfileChoice,
    env: AwsEnvironment,
}

impl AwsSession {
    pub async fn new(env: &AwsEnvironment, profile: &ProfileChoice, region: &str) -> Self {
        Self {
            config: sdk::load(profile, Some(region)).await,
            region: region.to_string(),
            profile: profile.clone(),
            env: env.clone(),
        }
    }

    pub fn ec2(&self) -> aws_sdk_ec2::Client {
        aws_sdk_ec2::Client::new(&self.config)
    }

    /// The Price List API answers in us-east-1 whatever region the prices are for (FACTS.md).
    /// One attempt per call: `aws::pricing` retries throttling itself and nothing else, so
    /// an unreachable or denied Price List fails at once instead of after the SDK's backoff.
    pub fn pricing(&self) -> aws_sdk_pricing::Client {
        let config = aws_sdk_pricing::config::Builder::from(&self.config)
            .region(aws_config::Region::new(PRICING_REGION))
            .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(1))
            .build();
        aws_sdk_pricing::Client::from_conf(config)
    }

    /// Who asks the Price List, and where, as a key for remembering its failures: the
    /// endpoint, the profile, and an access key id from the environment by its last 4
    /// characters (never more: the key lands in a file).
    pub fn price_asker(&self) -> String {
        let key = self
            .env
            .var("AWS_ACCESS_KEY_ID")
            .map(|id| {
                let tail: String = id
                    .chars()
                    .rev()
                    .take(4)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                format!(" · key …{tail}")
            })
            .unwrap_or_default();
        format!(
            "{} · profile {}{key}",
            self.endpoint("pricing"),
            self.profile.name
        )
    }

    pub fn cloudformation(&self) -> aws_sdk_cloudformation::Client {
        aws_sdk_cloudformation::Client::new(&self.config)
    }

    pub fn logs(&self) -> aws_sdk_cloudwatchlogs::Client {
        aws_sdk_cloudwatchlogs::Client::new(&self.config)
    }

    pub fn efs(&self) -> aws_sdk_efs::Client {
        aws_sdk_efs::Client::new(&self.config)
    }

    pub fn fsx(&self) -> aws_sdk_fsx::Client {
        aws_sdk_fsx::Client::new(&self.config)
    }

    /// Who and where this session acts, for child processes and screens.
    pub fn scope(&self) -> AwsScope {
        AwsScope {
            profile: self.profile.explicit(),
            region: self.region.clone(),
        }
    }

    /// The same session in another region (for "does this key pair exist elsewhere?").
    pub async fn in_region(&self, profile: &ProfileChoice, region: &str) -> Self {
        Self::new(&self.env, profile, region).await
    }

    /// Where calls to `service` go, for error messages.
    pub fn endpoint(&self, service: &str) -> String {
        if service == "pricing" {
            return sdk::endpoint_for(
                &self.env,
                "PRICING",
                &format!("api.pricing.{PRICING_REGION}.amazonaws.com"),
            );
        }
        sdk::endpoint_for(
            &self.env,
            &service.to_ascii_uppercase(),
            &format!("{service}.{}.amazonaws.com", self.region),
        )
    }
}
