//! Asks STS whose keys the user typed, with doctor's classification of the answer: HSDS
//! can use an IAM user's keys only (see `keys::WHY_NOT_TEMPORARY`).

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;

use super::keys::{HsdsKeys, WHY_NOT_TEMPORARY};
use crate::aws::identity::{self, PrincipalKind};
use crate::aws::session::AwsSession;

/// Who the keys belong to ("IAM user `hsds-reader` in 123456789012"), or why HSDS cannot
/// use them.
pub async fn check(session: &AwsSession, keys: &HsdsKeys) -> Result<String, String> {
    let credentials = Credentials::new(
        keys.access_key_id(),
        keys.secret_access_key(),
        None,
        None,
        "pcwiz-hsds-keys",
    );
    let config = session
        .config
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .build();
    let who = identity::caller_identity(&config, &session.endpoint("sts"))
        .await
        .map_err(|e| {
            format!(
                "AWS did not accept the keys {}: {}",
                keys.masked(),
                e.explained()
            )
        })?;
    match who.kind {
        PrincipalKind::IamUser => Ok(format!(
            "IAM user `{}` in {}",
            who.principal_name, who.account
        )),
        PrincipalKind::Root => Err(
            "These are the account's root keys: never hand those to a cluster. Create an IAM user \
             that can read the bucket, and use its keys."
                .into(),
        ),
        other => Err(format!(
            "These keys belong to a {} principal. {WHY_NOT_TEMPORARY}",
            other.as_str()
        )),
    }
}
