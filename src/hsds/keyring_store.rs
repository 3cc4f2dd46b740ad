//! HSDS keys in the OS keyring (macOS Keychain, Windows Credential Manager, the Secret
//! Service on Linux), one entry per bucket, never in a file. A machine without a keyring
//! (a headless Linux with no Secret Service running) is told so, and pcwiz asks for the
//! keys each time instead of keeping them in plain text.

use super::keys::HsdsKeys;

const SERVICE: &str = "pcwiz-hsds";

/// Why the keyring could not be used, in words for the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoKeyring(pub String);

impl NoKeyring {
    pub fn explained(&self) -> String {
        format!(
            "No OS keyring here ({}), so pcwiz will not keep the keys: it asks for them each \
             time you set up HSDS rather than write them to a plain-text file.",
            self.0
        )
    }
}

fn entry(bucket: &str) -> Result<keyring::Entry, NoKeyring> {
    keyring::Entry::new(SERVICE, bucket).map_err(|e| NoKeyring(e.to_string()))
}

/// The keys kept for `bucket`: Ok(None) when the keyring works but has none.
pub async fn load(bucket: &str) -> Result<Option<HsdsKeys>, NoKeyring> {
    let bucket = bucket.to_string();
    // The keyring's calls block (D-Bus on Linux): off the async workers.
    blocking(move || match entry(&bucket)?.get_password() {
        Ok(text) => Ok(HsdsKeys::from_keyring_text(&text)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(NoKeyring(e.to_string())),
    })
    .await
}

pub async fn save(bucket: &str, keys: &HsdsKeys) -> Result<(), NoKeyring> {
    let bucket = bucket.to_string();
    let text = keys.to_keyring_text();
    blocking(move || {
        entry(&bucket)?
            .set_password(&text)
            .map_err(|e| NoKeyring(e.to_string()))
    })
    .await
}

pub async fn forget(bucket: &str) -> Result<(), NoKeyring> {
    let bucket = bucket.to_string();
    blocking(move || match entry(&bucket)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(NoKeyring(e.to_string())),
    })
    .await
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, NoKeyring> + Send + 'static,
) -> Result<T, NoKeyring> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(NoKeyring(e.to_string())))
}
