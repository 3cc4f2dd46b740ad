//! The AWS CLI's SSO token cache (`~/.aws/sso/cache/*.json`).
//!
//! `aws sso login` writes one file per SSO session, named by the SHA-1 of the session name
//! (or, for legacy profiles, of the start URL). We read `expiresAt` only; the token itself is
//! never copied anywhere.

use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;
use sha1::{Digest, Sha1};

use super::environment::AwsEnvironment;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoToken {
    pub expires_at: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CacheFile {
    start_url: Option<String>,
    expires_at: Option<String>,
}

/// The file name the AWS CLI uses for a session name or start URL.
pub fn cache_file_name(key: &str) -> String {
    let digest = Sha1::digest(key.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{hex}.json")
}

/// Find the cached token for a session (by name) or a legacy profile (by start URL).
/// Falls back to scanning the cache for a file with the same start URL, because older CLI
/// versions named files differently.
pub fn find(env: &AwsEnvironment, session: Option<&str>, start_url: &str) -> Option<SsoToken> {
    let dir = env.sso_cache_dir()?;
    let key = session.unwrap_or(start_url);
    if let Some(token) = read_token(&dir.join(cache_file_name(key))) {
        return Some(token);
    }
    if start_url.is_empty() {
        return None;
    }
    std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            let file: CacheFile = serde_json::from_str(&text).ok()?;
            (file.start_url.as_deref() == Some(start_url))
                .then(|| parse_expiry(file.expires_at.as_deref()?))
                .flatten()
        })
        .max()
        .map(|expires_at| SsoToken { expires_at })
}

fn read_token(path: &Path) -> Option<SsoToken> {
    let text = std::fs::read_to_string(path).ok()?;
    let file: CacheFile = serde_json::from_str(&text).ok()?;
    parse_expiry(file.expires_at.as_deref()?).map(|expires_at| SsoToken { expires_at })
}

/// CLI v2 writes RFC 3339 (`2026-11-21T20:00:00Z`); CLI v1 wrote `2026-11-21T20:00:00UTC`.
fn parse_expiry(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text.trim_end_matches("UTC"), "%Y-%m-%dT%H:%M:%S")
        .ok()
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_matches_the_aws_cli() {
        // `printf my-sso | sha1sum`: the name `aws sso login` gives the session's cache file.
        assert_eq!(
            cache_file_name("my-sso"),
            "0ad374308c5a4e22f723adf10145eafad7c4031c.json"
        );
    }

    #[test]
    fn both_expiry_formats_parse() {
        let v2 = parse_expiry("2026-11-21T20:00:00Z").unwrap();
        let v1 = parse_expiry("2026-11-21T20:00:00UTC").unwrap();
        assert_eq!(v1, v2);
        assert!(parse_expiry("tomorrow").is_none());
    }

    #[test]
    fn scans_by_start_url_when_the_name_differs() {
        let home = tempfile::tempdir().unwrap();
        let cache = home.path().join(".aws/sso/cache");
        std::fs::create_dir_all(&cache).unwrap();
        std::fs::write(
            cache.join("botocore-client-id.json"),
            r#"{"clientId":"x","expiresAt":"2030-01-01T00:00:00Z"}"#,
        )
        .unwrap();
        std::fs::write(
            cache.join("odd-name.json"),
            r#"{"startUrl":"https://a/start","expiresAt":"2026-11-21T20:00:00Z"}"#,
        )
        .unwrap();
        let env = AwsEnvironment::from_pairs([], Some(home.path().into()));
        let token = find(&env, None, "https://a/start").unwrap();
        assert_eq!(
            token.expires_at,
            parse_expiry("2026-11-21T20:00:00Z").unwrap()
        );
    }
}
