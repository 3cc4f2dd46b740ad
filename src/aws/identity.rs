//! Who the credentials belong to: STS GetCallerIdentity, and what kind of principal that is.

use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::error::{self, AwsError};
use super::sdk;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrincipalKind {
    IamUser,
    Sso,
    AssumedRole,
    Root,
    Unknown,
}

impl PrincipalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IamUser => "iam-user",
            Self::Sso => "sso",
            Self::AssumedRole => "assumed-role",
            Self::Root => "root",
            Self::Unknown => "unknown",
        }
    }
}

/// The answer of GetCallerIdentity plus what pcwiz derives from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account: String,
    pub arn: String,
    pub kind: PrincipalKind,
    /// The user or role-session name, for the header ("alice").
    pub principal_name: String,
    /// Temporary credentials carry a session token.
    pub temporary: bool,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Classify an ARN by the shapes STS returns (FACTS.md: "STS GetCallerIdentity ARN").
pub fn classify_arn(arn: &str) -> (PrincipalKind, String) {
    // arn:PARTITION:SERVICE::ACCOUNT:RESOURCE
    let resource = arn.splitn(6, ':').nth(5).unwrap_or("");
    let last = |r: &str| r.rsplit('/').next().unwrap_or("").to_string();
    if resource == "root" {
        return (PrincipalKind::Root, "root".into());
    }
    if let Some(rest) = resource.strip_prefix("user/") {
        return (PrincipalKind::IamUser, last(rest));
    }
    if let Some(rest) = resource.strip_prefix("assumed-role/") {
        let role = rest.split('/').next().unwrap_or("");
        let kind = if role.starts_with("AWSReservedSSO_") {
            PrincipalKind::Sso
        } else {
            PrincipalKind::AssumedRole
        };
        return (kind, last(rest));
    }
    (PrincipalKind::Unknown, last(resource))
}

/// Resolve credentials through the SDK's chain, then ask STS who they belong to.
pub async fn caller_identity(
    config: &aws_config::SdkConfig,
    endpoint: &str,
) -> Result<Identity, AwsError> {
    let provider = config
        .credentials_provider()
        .ok_or_else(|| AwsError::NoCredentials("no credential provider configured".into()))?;
    let credentials = tokio::time::timeout(sdk::OPERATION_TIMEOUT, provider.provide_credentials())
        .await
        .map_err(|_| AwsError::TimedOut {
            endpoint: "the credential provider".into(),
        })?
        .map_err(error::credentials_error)?;

    // Sign with exactly the credentials just resolved, so SSO/role providers run once.
    let sts_config = aws_sdk_sts::config::Builder::from(config)
        .credentials_provider(SharedCredentialsProvider::new(credentials.clone()))
        .build();
    let answer = aws_sdk_sts::Client::from_conf(sts_config)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| error::sdk_error(e, endpoint, "sts:GetCallerIdentity"))?;
    let arn = answer.arn().unwrap_or_default().to_string();
    let (kind, principal_name) = classify_arn(&arn);
    Ok(Identity {
        account: answer.account().unwrap_or_default().to_string(),
        arn,
        kind,
        principal_name,
        temporary: credentials.session_token().is_some(),
        expires_at: expiry(&credentials),
    })
}

/// Whose `keys` are: STS asked with them alone, not the profile chain (they are in no
/// file yet). `config` gives the region and endpoints.
pub async fn whose_keys(
    config: &aws_config::SdkConfig,
    endpoint: &str,
    keys: &crate::cluster::access_keys::AccessKeys,
) -> Result<Identity, AwsError> {
    let credentials = Credentials::new(keys.id(), keys.secret(), None, None, "pcwiz-pasted");
    let config = config
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .build();
    caller_identity(&config, endpoint).await
}

fn expiry(credentials: &Credentials) -> Option<DateTime<Utc>> {
    credentials.expiry().map(DateTime::<Utc>::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_shapes_from_facts() {
        let cases = [
            (
                "arn:aws:iam::123456789012:user/alice",
                PrincipalKind::IamUser,
                "alice",
            ),
            (
                "arn:aws:iam::123456789012:user/team/bob",
                PrincipalKind::IamUser,
                "bob",
            ),
            (
                "arn:aws:iam::123456789012:root",
                PrincipalKind::Root,
                "root",
            ),
            (
                "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Developers_0123abcd/jane",
                PrincipalKind::Sso,
                "jane",
            ),
            (
                "arn:aws:sts::123456789012:assumed-role/ci-deployer/session-1",
                PrincipalKind::AssumedRole,
                "session-1",
            ),
            (
                "arn:aws:sts::123456789012:federated-user/x",
                PrincipalKind::Unknown,
                "x",
            ),
            ("", PrincipalKind::Unknown, ""),
        ];
        for (arn, kind, name) in cases {
            assert_eq!(classify_arn(arn), (kind, name.to_string()), "{arn}");
        }
    }

    #[test]
    fn kinds_print_as_the_json_contract_says() {
        assert_eq!(
            serde_json::to_string(&PrincipalKind::IamUser).unwrap(),
            "\"iam-user\""
        );
        assert_eq!(
            serde_json::to_string(&PrincipalKind::AssumedRole).unwrap(),
            "\"assumed-role\""
        );
        assert_eq!(PrincipalKind::Sso.as_str(), "sso");
    }
}
