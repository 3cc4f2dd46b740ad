//! An IAM user's access key pair, as pasted: its shape checked before anything is sent to
//! AWS, and never shown whole. `Debug` and `masked` show the key id's last 4 characters;
//! the secret is handed only to what needs it (the SDK's STS call, the credentials file).

/// A key pair that has the shape of an IAM user's long-term keys.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessKeys {
    id: String,
    secret: String,
}

/// Why a pasted pair was not taken, in the user's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeysRefused {
    #[error(
        "…{0} is a temporary key (SSO or a role): it expires within hours and needs a session token. Paste an IAM user's keys (they start AKIA), or set up SSO instead."
    )]
    Temporary(String),
    #[error(
        "That is not an access key id: an IAM user's starts with AKIA and has 20 capital letters and digits (IAM console → Users → Security credentials)."
    )]
    NotAKeyId,
    #[error(
        "That secret access key does not look right: it is 40 letters, digits, / or +, shown once when the key is made."
    )]
    NotASecret,
}

impl std::fmt::Debug for AccessKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AccessKeys({})", self.masked())
    }
}

impl AccessKeys {
    /// The pair, if it has the shape of an IAM user's keys (spaces around it ignored).
    pub fn parse(id: &str, secret: &str) -> Result<Self, KeysRefused> {
        let (id, secret) = (id.trim(), secret.trim());
        if id.starts_with("ASIA") {
            return Err(KeysRefused::Temporary(last4(id).into()));
        }
        let id_shape = (16..=128).contains(&id.len())
            && id
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if !id.starts_with("AKIA") || !id_shape {
            return Err(KeysRefused::NotAKeyId);
        }
        let secret_shape = (30..=128).contains(&secret.len())
            && secret
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/+=".contains(c));
        if !secret_shape {
            return Err(KeysRefused::NotASecret);
        }
        Ok(Self {
            id: id.into(),
            secret: secret.into(),
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// What a screen or a log may show: "…MPLE".
    pub fn masked(&self) -> String {
        format!("…{}", last4(&self.id))
    }
}

fn last4(text: &str) -> &str {
    text.get(text.len().saturating_sub(4)..).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "AKIAIOSFODNN7EXAMPLE";
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn an_iam_users_pair_is_taken_and_never_shown_whole() {
        let keys = AccessKeys::parse(&format!(" {ID}\n"), SECRET).unwrap();
        assert_eq!(keys.id(), ID);
        assert_eq!(keys.masked(), "…MPLE");
        let debug = format!("{keys:?}");
        assert!(!debug.contains(SECRET) && !debug.contains(ID), "{debug}");
    }

    #[test]
    fn temporary_keys_and_bad_pastes_are_refused_with_why() {
        let temporary = AccessKeys::parse("ASIAIOSFODNN7EXAMPLE", SECRET).unwrap_err();
        assert_eq!(temporary, KeysRefused::Temporary("MPLE".into()));
        assert!(temporary.to_string().contains("temporary"));
        assert_eq!(
            AccessKeys::parse(SECRET, ID).unwrap_err(),
            KeysRefused::NotAKeyId,
            "the two swapped"
        );
        assert_eq!(
            AccessKeys::parse(ID, "short").unwrap_err(),
            KeysRefused::NotASecret
        );
        assert_eq!(
            AccessKeys::parse(ID, &format!("{SECRET} extra")).unwrap_err(),
            KeysRefused::NotASecret
        );
    }
}
