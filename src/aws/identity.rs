//! Who the credentials belong to: STS GetCallerIdentity, and what kind of principal that is.

use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::http::Response as HttpResponse;
use chrono::{DateTime, Utc};
use serde::Serialize;

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

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("no credentials were found: {0}")]
    NoCredentials(String),
    #[error("loading the credentials failed: {0}")]
    CredentialsFailed(String),
    #[error("could not reach {endpoint}: {detail}")]
    Unreachable { endpoint: String, detail: String },
    #[error("{endpoint} did not answer in time")]
    TimedOut { endpoint: String },
    #[error("access denied: {0}")]
    AccessDenied(String),
    #[error("AWS does not recognise these credentials ({code}): {message}")]
    InvalidCredentials { code: String, message: String },
    #[error("the credentials have expired: {0}")]
    Expired(String),
    #[error("AWS is throttling requests: {0}")]
    Throttled(String),
    #[error("{0}")]
    Other(String),
}

/// Resolve credentials through the SDK's chain, then ask STS who they belong to.
pub async fn caller_identity(
    config: &aws_config::SdkConfig,
    endpoint: &str,
) -> Result<Identity, IdentityError> {
    let provider = config
        .credentials_provider()
        .ok_or_else(|| IdentityError::NoCredentials("no credential provider configured".into()))?;
    let credentials = tokio::time::timeout(sdk::OPERATION_TIMEOUT, provider.provide_credentials())
        .await
        .map_err(|_| IdentityError::TimedOut {
            endpoint: "the credential provider".into(),
        })?
        .map_err(credentials_error)?;

    // Sign with exactly the credentials just resolved, so SSO/role providers run once.
    let sts_config = aws_sdk_sts::config::Builder::from(config)
        .credentials_provider(SharedCredentialsProvider::new(credentials.clone()))
        .build();
    let answer = aws_sdk_sts::Client::from_conf(sts_config)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| sdk_error(e, endpoint))?;
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

fn expiry(credentials: &Credentials) -> Option<DateTime<Utc>> {
    credentials.expiry().map(DateTime::<Utc>::from)
}

fn credentials_error(error: CredentialsError) -> IdentityError {
    let detail = error_chain(&error);
    match error {
        CredentialsError::CredentialsNotLoaded(_) => IdentityError::NoCredentials(detail),
        CredentialsError::ProviderTimedOut(_) => IdentityError::TimedOut {
            endpoint: "the credential provider".into(),
        },
        _ => IdentityError::CredentialsFailed(detail),
    }
}

/// Map any SDK operation error to what a user can act on. Shared by every AWS call.
pub fn sdk_error<E>(error: SdkError<E, HttpResponse>, endpoint: &str) -> IdentityError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match &error {
        SdkError::TimeoutError(_) => IdentityError::TimedOut {
            endpoint: endpoint.into(),
        },
        SdkError::DispatchFailure(failure) if failure.is_timeout() => IdentityError::TimedOut {
            endpoint: endpoint.into(),
        },
        SdkError::DispatchFailure(failure) if failure.is_io() => IdentityError::Unreachable {
            endpoint: endpoint.into(),
            detail: error_chain(&error),
        },
        SdkError::ServiceError(service) => {
            let inner = service.err();
            let (code, message) = match inner.code() {
                Some(code) => (code.to_string(), inner.message().unwrap_or("").to_string()),
                // The SDK could not read the error (a proxy's page, or an emulator's
                // variant of the XML): read the body ourselves and keep the HTTP status.
                None => unparsed_error(service.raw()),
            };
            match code.as_str() {
                "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" => {
                    IdentityError::AccessDenied(message)
                }
                "InvalidClientTokenId"
                | "SignatureDoesNotMatch"
                | "UnrecognizedClientException"
                | "AuthFailure" => IdentityError::InvalidCredentials { code, message },
                "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" => {
                    IdentityError::Expired(message)
                }
                "Throttling"
                | "ThrottlingException"
                | "RequestLimitExceeded"
                | "TooManyRequestsException" => IdentityError::Throttled(message),
                _ => IdentityError::Other(format!("{code}: {message}")),
            }
        }
        _ => {
            let chain = error_chain(&error);
            if chain.contains("credentials") {
                IdentityError::NoCredentials(chain)
            } else {
                IdentityError::Other(chain)
            }
        }
    }
}

/// Code and message from an error body the SDK could not parse, e.g. moto's
/// `<ErrorResponse><Errors><Error><Code>…` or an HTML page from a proxy.
fn unparsed_error(raw: &HttpResponse) -> (String, String) {
    let status = raw.status().as_u16();
    let body = raw
        .body()
        .bytes()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let tag = |name: &str| {
        let open = format!("<{name}>");
        let start = body.find(&open)? + open.len();
        let end = body[start..].find(&format!("</{name}>"))? + start;
        Some(body[start..end].trim().to_string())
    };
    match tag("Code") {
        Some(code) => (code, tag("Message").unwrap_or_default()),
        None => {
            let snippet: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
            let snippet: String = snippet.chars().take(160).collect();
            (format!("HTTP {status}"), snippet)
        }
    }
}

/// "outer: inner: innermost", because the SDK's top-level message alone ("dispatch failure")
/// tells a user nothing.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(e) = source {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = e.source();
    }
    parts.join(": ")
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
    fn error_bodies_the_sdk_cannot_read_still_say_something() {
        use aws_smithy_types::body::SdkBody;
        let response = |status: u16, body: &'static str| {
            HttpResponse::new(status.try_into().unwrap(), SdkBody::from(body))
        };
        let moto = response(
            403,
            "<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code><Message>bad token</Message></Error></Errors></ErrorResponse>",
        );
        assert_eq!(
            unparsed_error(&moto),
            ("InvalidClientTokenId".to_string(), "bad token".to_string())
        );
        let proxy = response(
            407,
            "<html>\n<body>Proxy   Authentication Required</body></html>",
        );
        let (code, message) = unparsed_error(&proxy);
        assert_eq!(code, "HTTP 407");
        assert!(
            message.contains("Proxy Authentication Required"),
            "{message}"
        );
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
