//! HSDS keys in the OS keyring (macOS Keychain, Windows Credential Manager, the Secret
//! Service on Linux), one entry per bucket, never in a file. A machine without a keyring
//! (a headless Linux with no Secret Service running), a locked one, or one that does not
//! answer within `KEYRING_WAIT` is told so in one sentence with what to do, and pcwiz asks
//! for the keys each time instead of keeping them in plain text.

use std::time::Duration;

use super::keys::HsdsKeys;

const SERVICE: &str = "pcwiz-hsds";

/// How long a keyring call may take. A locked Secret Service can wait for a password
/// prompt nobody sees, and a dead D-Bus for ever: past this pcwiz goes on without it.
pub const KEYRING_WAIT: Duration = Duration::from_secs(5);

/// Why the keyring could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoKeyring {
    /// No keyring to talk to (no Secret Service on this D-Bus, no D-Bus at all).
    Absent(String),
    /// The keyring is there but refuses access until it is unlocked.
    Locked(String),
    /// No answer within `KEYRING_WAIT`.
    Silent,
}

impl NoKeyring {
    /// One sentence: what happened, and what to do about it.
    pub fn explained(&self) -> String {
        match self {
            NoKeyring::Absent(why) => format!(
                "No OS keyring answers here ({why}), so pcwiz asks for the keys each time instead of writing them to a plain-text file; start one (gnome-keyring, or KeePassXC's Secret Service) to have them kept."
            ),
            NoKeyring::Locked(why) => format!(
                "The OS keyring is locked ({why}): unlock it (log in to your desktop session, or open Passwords and Keys) and run this again, or go on and type the keys each time."
            ),
            NoKeyring::Silent => format!(
                "The OS keyring did not answer within {} s (a locked keyring may be waiting for a password nobody was asked for): unlock it and run this again, or go on and type the keys each time.",
                KEYRING_WAIT.as_secs()
            ),
        }
    }
}

impl From<keyring::Error> for NoKeyring {
    fn from(error: keyring::Error) -> Self {
        match error {
            keyring::Error::NoStorageAccess(e) => NoKeyring::Locked(e.to_string()),
            other => NoKeyring::Absent(other.to_string()),
        }
    }
}

fn entry(bucket: &str) -> Result<keyring::Entry, NoKeyring> {
    keyring::Entry::new(SERVICE, bucket).map_err(NoKeyring::from)
}

/// The keys kept for `bucket`: Ok(None) when the keyring works but has none.
pub async fn load(bucket: &str) -> Result<Option<HsdsKeys>, NoKeyring> {
    let bucket = bucket.to_string();
    // The keyring's calls block (D-Bus on Linux): off the async workers.
    blocking(move || match entry(&bucket)?.get_password() {
        Ok(text) => Ok(HsdsKeys::from_keyring_text(&text)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(e.into()),
    })
    .await
}

pub async fn save(bucket: &str, keys: &HsdsKeys) -> Result<(), NoKeyring> {
    let bucket = bucket.to_string();
    let text = keys.to_keyring_text();
    blocking(move || entry(&bucket)?.set_password(&text).map_err(NoKeyring::from)).await
}

pub async fn forget(bucket: &str) -> Result<(), NoKeyring> {
    let bucket = bucket.to_string();
    blocking(move || match entry(&bucket)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(e.into()),
    })
    .await
}

/// `work` on a thread of its own, waited for at most `KEYRING_WAIT`. Not tokio's blocking
/// pool: the runtime waits for those threads when it shuts down, so a hung keyring call
/// would hang pcwiz's exit too; a detached thread is simply left behind.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, NoKeyring> + Send + 'static,
) -> Result<T, NoKeyring> {
    answered_within(KEYRING_WAIT, work).await
}

async fn answered_within<T: Send + 'static>(
    wait: Duration,
    work: impl FnOnce() -> Result<T, NoKeyring> + Send + 'static,
) -> Result<T, NoKeyring> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name("pcwiz-keyring".into())
        .spawn(move || {
            let _ = tx.send(work());
        });
    if let Err(e) = spawned {
        return Err(NoKeyring::Absent(format!("no thread to ask it from: {e}")));
    }
    match tokio::time::timeout(wait, rx).await {
        Ok(Ok(answer)) => answer,
        // The call panicked inside the keyring crate: as good as no keyring.
        Ok(Err(_)) => Err(NoKeyring::Absent("the keyring call failed".into())),
        Err(_) => {
            tracing::warn!("the OS keyring did not answer within {wait:?}");
            Err(NoKeyring::Silent)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_keyring_that_never_answers_is_given_up_on_in_time() {
        let (_keep, never) = std::sync::mpsc::channel::<()>();
        let started = std::time::Instant::now();
        let answer: Result<(), NoKeyring> =
            answered_within(Duration::from_millis(200), move || {
                // Blocks as a D-Bus call to a locked keyring does: until nobody is left.
                let _ = never.recv();
                Ok(())
            })
            .await;
        assert_eq!(answer, Err(NoKeyring::Silent));
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert!(NoKeyring::Silent.explained().contains("unlock it"));
    }

    #[tokio::test]
    async fn an_answer_in_time_is_passed_on() {
        let answer = answered_within(Duration::from_secs(5), || Ok(7)).await;
        assert_eq!(answer, Ok(7));
    }

    #[test]
    fn a_locked_keyring_is_told_apart_from_none_at_all() {
        let locked: NoKeyring =
            keyring::Error::NoStorageAccess("collection is locked".into()).into();
        assert!(locked.explained().starts_with("The OS keyring is locked"));
        let absent: NoKeyring = keyring::Error::PlatformFailure("no D-Bus".into()).into();
        assert!(absent.explained().contains("asks for the keys each time"));
    }
}
