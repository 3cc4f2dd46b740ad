//! EC2 key pairs: list (with their public keys, to match local files), import, and find a
//! name in other regions.

use aws_sdk_ec2::types::{Filter, ResourceType, Tag, TagSpecification};
use chrono::{DateTime, Utc};

use super::error::{AwsError, sdk_error};
use super::session::AwsSession;
use crate::cluster::ssh_key::{KeyKind, PublicKey, RemoteKeyPair};

/// The tag pcwiz puts on key pairs it imports, so cleanup and the wizard recognise them.
pub const MANAGED_TAG: &str = "pcwiz:managed";
/// Where the public key came from (a path on the user's machine), for the user's memory.
pub const SOURCE_TAG: &str = "pcwiz:public-key-file";

pub async fn list(session: &AwsSession) -> Result<Vec<RemoteKeyPair>, AwsError> {
    let answer = session
        .ec2()
        .describe_key_pairs()
        .include_public_key(true)
        .send()
        .await
        .map_err(|e| sdk_error(e, &session.endpoint("ec2"), "ec2:DescribeKeyPairs"))?;
    let mut pairs: Vec<RemoteKeyPair> = answer
        .key_pairs()
        .iter()
        .map(|k| RemoteKeyPair {
            name: k.key_name().unwrap_or_default().to_string(),
            id: k.key_pair_id().unwrap_or_default().to_string(),
            kind: k
                .key_type()
                .map_or(KeyKind::Other, |t| KeyKind::from_ec2(t.as_str())),
            created: k
                .create_time()
                .and_then(|t| DateTime::<Utc>::from_timestamp(t.secs(), 0)),
            // "ssh-ed25519 AAAA… name": the second field is the blob.
            blob: k
                .public_key()
                .and_then(|p| p.split_whitespace().nth(1))
                .map(str::to_string),
            imported_by_pcwiz: k.tags().iter().any(|t| t.key() == Some(MANAGED_TAG)),
        })
        .collect();
    pairs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(pairs)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "a key pair named `{0}` already exists in this region; pick another name, or use the existing one"
    )]
    Duplicate(String),
    #[error(
        "`{0}` is not a valid key pair name: use up to 255 letters, digits, spaces and ._-:/()#,@[]+=&;{{}}!$*"
    )]
    BadName(String),
    #[error(transparent)]
    Aws(#[from] AwsError),
}

/// Import a public key (never a private one: the type makes that impossible), tagged as
/// pcwiz's.
pub async fn import(
    session: &AwsSession,
    name: &str,
    key: &PublicKey,
    source_file: &str,
) -> Result<RemoteKeyPair, ImportError> {
    if name.is_empty() || name.len() > 255 || name.trim() != name {
        return Err(ImportError::BadName(name.to_string()));
    }
    let tags = TagSpecification::builder()
        .resource_type(ResourceType::KeyPair)
        .tags(Tag::builder().key(MANAGED_TAG).value("true").build())
        .tags(Tag::builder().key(SOURCE_TAG).value(source_file).build())
        .build();
    let answer = session
        .ec2()
        .import_key_pair()
        .key_name(name)
        .public_key_material(aws_sdk_ec2::primitives::Blob::new(key.openssh_line()))
        .tag_specifications(tags)
        .send()
        .await
        .map_err(|e| sdk_error(e, &session.endpoint("ec2"), "ec2:ImportKeyPair"))
        .map_err(|e| match e.code() {
            Some("InvalidKeyPair.Duplicate") => ImportError::Duplicate(name.to_string()),
            _ => ImportError::Aws(e),
        })?;
    Ok(RemoteKeyPair {
        name: answer.key_name().unwrap_or(name).to_string(),
        id: answer.key_pair_id().unwrap_or_default().to_string(),
        kind: key.kind,
        created: Some(Utc::now()),
        blob: Some(key.blob.clone()),
        imported_by_pcwiz: true,
    })
}

/// Does a key pair called `name` exist in `session`'s region?
pub async fn exists(session: &AwsSession, name: &str) -> Result<bool, AwsError> {
    let answer = session
        .ec2()
        .describe_key_pairs()
        .filters(Filter::builder().name("key-name").values(name).build())
        .send()
        .await
        .map_err(|e| sdk_error(e, &session.endpoint("ec2"), "ec2:DescribeKeyPairs"))?;
    Ok(!answer.key_pairs().is_empty())
}
