//! What can go wrong with an AWS call, in terms a user can act on. Every call in `aws/`
//! maps its SDK error through `sdk_error`, so AccessDenied always names the action,
//! unreachable endpoints always name the endpoint, and so on.

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::http::Response as HttpResponse;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AwsError {
    #[error("no credentials were found: {0}")]
    NoCredentials(String),
    #[error("loading the credentials failed: {0}")]
    CredentialsFailed(String),
    #[error("could not reach {endpoint}: {detail}")]
    Unreachable { endpoint: String, detail: String },
    #[error("{endpoint} did not answer in time")]
    TimedOut { endpoint: String },
    #[error("AWS denied {action} (AccessDenied): {message}")]
    AccessDenied { action: String, message: String },
    #[error("AWS does not recognise these credentials ({code}): {message}")]
    InvalidCredentials { code: String, message: String },
    #[error("the credentials have expired: {0}")]
    Expired(String),
    #[error("AWS is throttling requests: {0}")]
    Throttled(String),
    /// Any other error AWS answered with; callers match on `code`.
    #[error("{code}: {message}")]
    Service { code: String, message: String },
    #[error("{0}")]
    Other(String),
}

impl AwsError {
    /// The service's error code, for callers that handle specific ones.
    pub fn code(&self) -> Option<&str> {
        match self {
            AwsError::Service { code, .. } | AwsError::InvalidCredentials { code, .. } => {
                Some(code)
            }
            _ => None,
        }
    }

    /// The error and what to do about it, in one line: what every front end shows.
    pub fn explained(&self) -> String {
        match self.generic_next_step() {
            Some(next) => format!("{self}. Next: {next}"),
            None => self.to_string(),
        }
    }

    /// The next step for the errors every call shares; None for service-specific ones.
    pub fn generic_next_step(&self) -> Option<String> {
        match self {
            AwsError::AccessDenied { action, .. } => Some(format!(
                "Ask your AWS administrator to allow {action} for your user or role"
            )),
            AwsError::Unreachable { .. } | AwsError::TimedOut { .. } => Some(
                "Check your network connection (and AWS_ENDPOINT_URL if you set it), then try again".into(),
            ),
            AwsError::NoCredentials(_) | AwsError::InvalidCredentials { .. } | AwsError::Expired(_) | AwsError::CredentialsFailed(_) => {
                Some("Open Check my setup (pcwiz doctor) to see what is wrong with your credentials".into())
            }
            AwsError::Throttled(_) => Some("Wait a minute and try again".into()),
            AwsError::Service { .. } | AwsError::Other(_) => None,
        }
    }
}

pub fn credentials_error(error: CredentialsError) -> AwsError {
    let detail = error_chain(&error);
    match error {
        CredentialsError::CredentialsNotLoaded(_) => AwsError::NoCredentials(detail),
        CredentialsError::ProviderTimedOut(_) => AwsError::TimedOut {
            endpoint: "the credential provider".into(),
        },
        _ => AwsError::CredentialsFailed(detail),
    }
}

/// Map any SDK operation error to what a user can act on. Shared by every AWS call.
pub fn sdk_error<E>(error: SdkError<E, HttpResponse>, endpoint: &str, action: &str) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match &error {
        SdkError::TimeoutError(_) => AwsError::TimedOut {
            endpoint: endpoint.into(),
        },
        SdkError::DispatchFailure(failure) if failure.is_timeout() => AwsError::TimedOut {
            endpoint: endpoint.into(),
        },
        SdkError::DispatchFailure(failure) if failure.is_io() => AwsError::Unreachable {
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
                    AwsError::AccessDenied {
                        action: action.to_string(),
                        message,
                    }
                }
                "InvalidClientTokenId"
                | "SignatureDoesNotMatch"
                | "UnrecognizedClientException"
                | "AuthFailure" => AwsError::InvalidCredentials { code, message },
                "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" => {
                    AwsError::Expired(message)
                }
                "Throttling"
                | "ThrottlingException"
                | "RequestLimitExceeded"
                | "TooManyRequestsException" => AwsError::Throttled(message),
                _ => AwsError::Service { code, message },
            }
        }
        _ => {
            let chain = error_chain(&error);
            if chain.contains("credentials") {
                AwsError::NoCredentials(chain)
            } else {
                AwsError::Other(chain)
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
}
