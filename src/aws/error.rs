//! What can go wrong with an AWS call, in terms a user can act on. Every call in `aws/`
//! maps its SDK error through `sdk_error`, so AccessDenied always names the action,
//! unreachable endpoints always name the endpoint, and so on.
//!
//! Every front end says an error in one sentence of the user's words (`sentence`,
//! `explained`); the SDK's own text (the credential chain, the dispatch failure) is the
//! Display, kept for the log and, in the full-screen app, shown behind `?`
//! (`with_details` collects it from a background task).

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
    /// The call failed before AWS gave an answer pcwiz could read (the request could not
    /// be built or sent, or the answer not parsed).
    #[error("{action} failed: {detail}")]
    Failed { action: String, detail: String },
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

    /// What happened, in one sentence of the user's words: never the SDK's chain.
    pub fn sentence(&self) -> String {
        match self {
            AwsError::NoCredentials(_) => "pcwiz found no AWS credentials on this machine.".into(),
            AwsError::CredentialsFailed(_) => "pcwiz could not load your AWS credentials.".into(),
            AwsError::Unreachable { endpoint, .. } => format!("pcwiz could not reach {endpoint}."),
            AwsError::TimedOut { endpoint } => format!("{endpoint} did not answer in time."),
            AwsError::AccessDenied { action, .. } => format!("AWS denied {action} (AccessDenied)."),
            AwsError::InvalidCredentials { code, .. } => {
                format!("AWS does not recognise these credentials ({code}).")
            }
            AwsError::Expired(_) => "Your AWS credentials have expired.".into(),
            AwsError::Throttled(_) => "AWS is throttling requests.".into(),
            AwsError::Failed { action, .. } => {
                format!("{action} failed before AWS gave an answer pcwiz could read.")
            }
            // AWS's own message for its own error code: short, and the useful part.
            AwsError::Service { code, message } => {
                format!("{code}: {}", first_line(message).trim_end_matches('.')) + "."
            }
            AwsError::Other(text) => first_line(text).to_string(),
        }
    }

    /// The error and what to do about it, in one line: what every front end shows. The
    /// SDK's own text goes to the log, and to the screen's `?` when a task collects it.
    pub fn explained(&self) -> String {
        self.keep_detail();
        match self.generic_next_step() {
            Some(next) => format!("{} Next: {next}.", self.sentence()),
            None => self.sentence(),
        }
    }

    /// The SDK's own words for this error, when they say more than the sentence: to the
    /// log, and to the task's collection (`with_details`) for the screen's `?`.
    pub fn keep_detail(&self) {
        let detail = self.to_string();
        if detail != self.sentence() {
            tracing::info!("AWS error in full: {detail}");
            let _ = DETAILS.try_with(|d| d.borrow_mut().push(detail));
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
            AwsError::Service { .. } | AwsError::Other(_) | AwsError::Failed { .. } => None,
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
                AwsError::Failed {
                    action: action.to_string(),
                    detail: chain,
                }
            }
        }
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default().trim()
}

tokio::task_local! {
    /// The SDK's own words for the errors a task explained, in order.
    static DETAILS: std::cell::RefCell<Vec<String>>;
}

/// Runs `work`, collecting the full text of every AWS error it explains: the full-screen
/// app keeps the last one behind `?`.
pub async fn with_details<F: std::future::Future>(work: F) -> (F::Output, Vec<String>) {
    DETAILS
        .scope(Default::default(), async move {
            let output = work.await;
            (output, DETAILS.with(|d| d.take()))
        })
        .await
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

    /// The sizing door's error from issue 20, as the SDK wrote it.
    const CHAIN: &str = "dispatch failure: other: the credential provider was not enabled: no credentials found in chain. Attempted: Environment: no AWS_ACCESS_KEY_ID; Profile: no profile file";

    #[test]
    fn every_error_is_one_sentence_and_the_sdks_words_are_kept_aside() {
        let errors = [
            AwsError::NoCredentials(CHAIN.into()),
            AwsError::CredentialsFailed(CHAIN.into()),
            AwsError::Unreachable {
                endpoint: "https://sts.us-west-2.amazonaws.com".into(),
                detail: CHAIN.into(),
            },
            AwsError::AccessDenied {
                action: "ec2:DescribeKeyPairs".into(),
                message: "User: arn:aws:iam::1:user/j is not authorized".into(),
            },
            AwsError::Failed {
                action: "ec2:DescribeInstanceTypeOfferings".into(),
                detail: CHAIN.into(),
            },
        ];
        for error in &errors {
            let said = error.explained();
            assert!(!said.contains("dispatch failure"), "{said}");
            assert!(!said.contains("arn:aws"), "{said}");
            assert!(!said.contains('\n'), "{said}");
            // One sentence, then the next step when there is one.
            assert_eq!(
                error.sentence().matches(". ").count(),
                0,
                "{}",
                error.sentence()
            );
        }
        assert_eq!(
            errors[0].explained(),
            "pcwiz found no AWS credentials on this machine. Next: Open Check my setup (pcwiz doctor) to see what is wrong with your credentials."
        );
        assert_eq!(
            errors[3].sentence(),
            "AWS denied ec2:DescribeKeyPairs (AccessDenied)."
        );

        // A task that explains errors hands their full text on, the last one last.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let ((), details) = runtime.block_on(with_details(async {
            errors[0].explained();
            errors[3].explained();
            AwsError::Other("pcwiz's own words".into()).explained();
        }));
        assert_eq!(details.len(), 2, "own words are not a detail: {details:?}");
        assert!(details[0].contains(CHAIN));
        assert!(details[1].contains("is not authorized"));
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
}
