//! An IAM user's access keys for HSDS's reads of a private bucket. The secret never goes
//! to the screen, a log or a command line: `Debug` and `masked` show the last 4
//! characters of the key id only, and the one text that holds the secret is the
//! credentials file pcwiz sends to the cluster over ssh's stdin.

/// Why SSO or other temporary keys cannot serve HSDS (FACTS.md, seed 000 section 5).
pub const WHY_NOT_TEMPORARY: &str = "HSDS on the compute nodes reads S3 with fixed keys: SSO \
or role keys expire within hours, in the middle of a run, and HSDS's docker-compose never \
passes their AWS_SESSION_TOKEN. It needs an IAM user's access keys (AKIA…). For NREL's \
public data it needs no keys at all.";

#[derive(Clone, PartialEq, Eq)]
pub struct HsdsKeys {
    access_key_id: String,
    secret_access_key: String,
}

impl std::fmt::Debug for HsdsKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HsdsKeys({})", self.masked())
    }
}

impl HsdsKeys {
    /// Checks the keys' shape: long-term IAM user keys only (AWS prefixes them AKIA;
    /// temporary STS/SSO keys start ASIA).
    pub fn new(access_key_id: &str, secret_access_key: &str) -> Result<Self, String> {
        let id = access_key_id.trim();
        let secret = secret_access_key.trim();
        if id.starts_with("ASIA") {
            return Err(format!(
                "…{} is a temporary (SSO or role) key. {WHY_NOT_TEMPORARY}",
                last4(id)
            ));
        }
        let id_ok = id.len() >= 16 && id.chars().all(|c| c.is_ascii_alphanumeric());
        if !id.starts_with("AKIA") || !id_ok {
            return Err(
                "That is not an access key id: an IAM user's key id starts with AKIA and has \
                 20 letters and digits (IAM console → Users → Security credentials)."
                    .into(),
            );
        }
        // AWS secrets are 40 characters of base64's alphabet; anything else is a paste
        // gone wrong (and could not be written safely into a shell-sourced file).
        let secret_ok = secret.len() >= 30
            && secret
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '+' | '='));
        if !secret_ok {
            return Err(
                "That secret access key does not look right: it has 40 letters, digits, / or +."
                    .into(),
            );
        }
        Ok(Self {
            access_key_id: id.into(),
            secret_access_key: secret.into(),
        })
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// What the screen may show: "…WXYZ".
    pub fn masked(&self) -> String {
        format!("…{}", last4(&self.access_key_id))
    }

    /// The cluster's mode-0600 file that start_hsds.sh sources (shell assignments; the
    /// values were checked to hold no quote or space).
    pub fn credentials_file(&self) -> String {
        format!(
            "# HSDS's keys, written by pcwiz (mode 0600). start_hsds.sh reads them.\n\
             AWS_ACCESS_KEY_ID='{}'\n\
             AWS_SECRET_ACCESS_KEY='{}'\n",
            self.access_key_id, self.secret_access_key
        )
    }

    /// The text the OS keyring keeps.
    pub fn to_keyring_text(&self) -> String {
        format!("{}:{}", self.access_key_id, self.secret_access_key)
    }

    pub fn from_keyring_text(text: &str) -> Option<Self> {
        let (id, secret) = text.split_once(':')?;
        Self::new(id, secret).ok()
    }
}

fn last4(text: &str) -> &str {
    let start = text.len().saturating_sub(4);
    text.get(start..).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "AKIAIOSFODNN7EXAMPLE";
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn an_iam_users_keys_are_taken_and_shown_only_by_their_last_four_characters() {
        let keys = HsdsKeys::new(ID, SECRET).unwrap();
        assert_eq!(keys.masked(), "…MPLE");
        let debug = format!("{keys:?}");
        assert!(!debug.contains(SECRET) && !debug.contains(ID), "{debug}");
        assert!(
            keys.credentials_file()
                .contains(&format!("AWS_SECRET_ACCESS_KEY='{SECRET}'"))
        );
        let back = HsdsKeys::from_keyring_text(&keys.to_keyring_text()).unwrap();
        assert_eq!(back, keys);
    }

    #[test]
    fn sso_keys_are_refused_with_the_reason_and_bad_pastes_are_named() {
        let sso = HsdsKeys::new("ASIAXAMPLEXAMPLE1234", SECRET).unwrap_err();
        assert!(
            sso.contains("temporary") && sso.contains("AWS_SESSION_TOKEN"),
            "{sso}"
        );
        assert!(
            !sso.contains("ASIAXAMPLEXAMPLE1234"),
            "the key id is masked: {sso}"
        );
        assert!(
            HsdsKeys::new("my-user", SECRET)
                .unwrap_err()
                .contains("AKIA")
        );
        let quote = HsdsKeys::new(ID, "abc' ; rm -rf ~ #aaaaaaaaaaaaaaaaaaaaaaaaaa");
        assert!(quote.unwrap_err().contains("does not look right"));
    }
}
