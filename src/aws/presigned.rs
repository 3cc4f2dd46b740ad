//! One GET of a presigned S3 URL: how pcwiz reads a cluster's stored config, the URL
//! `pcluster describe-cluster` hands out (`clusterConfiguration.url`, valid an hour). The
//! signature is in the URL, so no credentials are sent; the SDK's own HTTP client (rustls,
//! the system's roots) makes the request, so pcwiz has no second HTTP stack.

use std::time::Duration;

use aws_smithy_http_client::Connector;
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
use aws_smithy_runtime_api::client::http::HttpConnector;
use aws_smithy_runtime_api::http::Request;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;

use super::error::AwsError;

/// A config is a few kilobytes; anything far larger is not one.
const LARGEST: usize = 1 << 20;
const LIMIT: Duration = Duration::from_secs(30);

/// The object's text.
pub async fn get_text(url: &str) -> Result<String, AwsError> {
    let endpoint = url.split('?').next().unwrap_or(url).to_string();
    let unreachable = |detail: String| AwsError::Unreachable {
        endpoint: endpoint.clone(),
        detail,
    };
    let connector = Connector::builder()
        .tls_provider(Provider::Rustls(CryptoMode::AwsLc))
        .build();
    let mut request = Request::new(SdkBody::empty());
    request
        .set_uri(url)
        .map_err(|e| AwsError::Other(format!("not a URL ({e}): {endpoint}")))?;
    let response = tokio::time::timeout(LIMIT, connector.call(request))
        .await
        .map_err(|_| AwsError::TimedOut {
            endpoint: endpoint.clone(),
        })?
        .map_err(|e| unreachable(e.to_string()))?;
    let status = response.status().as_u16();
    let body = ByteStream::new(response.into_body())
        .collect()
        .await
        .map_err(|e| unreachable(e.to_string()))?
        .into_bytes();
    if body.len() > LARGEST {
        return Err(AwsError::Other(format!(
            "{endpoint} answered {} bytes: not a cluster config",
            body.len()
        )));
    }
    let text = String::from_utf8_lossy(&body).into_owned();
    match status {
        200 => Ok(text),
        403 if text.contains("Request has expired") => Err(AwsError::Expired(format!(
            "the presigned URL for {endpoint} has expired"
        ))),
        _ => Err(AwsError::Service {
            code: format!("HTTP {status}"),
            message: s3_message(&text).unwrap_or_else(|| format!("GET {endpoint}")),
        }),
    }
}

/// S3's `<Message>` from its error XML.
fn s3_message(xml: &str) -> Option<String> {
    let start = xml.find("<Message>")? + "<Message>".len();
    let end = xml[start..].find("</Message>")? + start;
    Some(xml[start..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3s_error_message_is_read() {
        assert_eq!(
            s3_message("<Error><Code>NoSuchVersion</Code><Message>The specified version does not exist.</Message></Error>").as_deref(),
            Some("The specified version does not exist.")
        );
        assert_eq!(s3_message("nope"), None);
    }
}
