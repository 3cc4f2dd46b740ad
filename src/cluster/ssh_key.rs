//! SSH public keys: parsing OpenSSH's one-line format, and the rules about which key an OS
//! accepts. Local files and EC2 key pairs are compared by their key blob, never by name.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::os::Os;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyKind {
    Ed25519,
    Rsa,
    Ecdsa,
    Other,
}

impl KeyKind {
    pub fn from_openssh(name: &str) -> KeyKind {
        match name {
            "ssh-ed25519" => KeyKind::Ed25519,
            "ssh-rsa" => KeyKind::Rsa,
            n if n.starts_with("ecdsa-sha2-") => KeyKind::Ecdsa,
            _ => KeyKind::Other,
        }
    }

    /// EC2's `KeyType` values.
    pub fn from_ec2(name: &str) -> KeyKind {
        match name {
            "ed25519" => KeyKind::Ed25519,
            "rsa" => KeyKind::Rsa,
            _ => KeyKind::Other,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            KeyKind::Ed25519 => "ed25519",
            KeyKind::Rsa => "rsa",
            KeyKind::Ecdsa => "ecdsa",
            KeyKind::Other => "other",
        }
    }
}

/// One public key, as in `~/.ssh/id_ed25519.pub`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicKey {
    /// The OpenSSH type name, e.g. `ssh-ed25519` or `ecdsa-sha2-nistp384`.
    pub type_name: String,
    pub kind: KeyKind,
    /// Key size in bits: 256 for ed25519, the modulus size for RSA.
    pub bits: Option<u32>,
    /// The base64 key blob: what identifies the key.
    pub blob: String,
    pub comment: String,
    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    pub fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyParseError {
    #[error("this is not an OpenSSH public key (expected `ssh-ed25519 AAAA… comment`)")]
    NotAPublicKey,
    #[error(
        "this looks like a PRIVATE key; give the .pub file instead (a private key never leaves your machine)"
    )]
    PrivateKey,
    #[error("the key data is not valid base64 or is cut short")]
    Corrupt,
}

impl PublicKey {
    pub fn parse(text: &str) -> Result<PublicKey, KeyParseError> {
        let text = text.trim();
        if text.starts_with("-----BEGIN") {
            return Err(KeyParseError::PrivateKey);
        }
        let mut fields = text.split_whitespace();
        let (Some(type_name), Some(blob)) = (fields.next(), fields.next()) else {
            return Err(KeyParseError::NotAPublicKey);
        };
        if !type_name.starts_with("ssh-") && !type_name.starts_with("ecdsa-") {
            return Err(KeyParseError::NotAPublicKey);
        }
        let bytes = STANDARD.decode(blob).map_err(|_| KeyParseError::Corrupt)?;
        let mut reader = Reader(&bytes);
        // The blob repeats the type name first; a mismatch means a damaged file.
        if reader.string().ok_or(KeyParseError::Corrupt)? != type_name.as_bytes() {
            return Err(KeyParseError::Corrupt);
        }
        let kind = KeyKind::from_openssh(type_name);
        let bits = match kind {
            KeyKind::Ed25519 => Some(256),
            KeyKind::Rsa => {
                let _exponent = reader.string().ok_or(KeyParseError::Corrupt)?;
                let modulus = reader.string().ok_or(KeyParseError::Corrupt)?;
                Some(mpint_bits(modulus))
            }
            KeyKind::Ecdsa => type_name
                .rsplit("nistp")
                .next()
                .and_then(|n| n.parse().ok()),
            KeyKind::Other => None,
        };
        Ok(PublicKey {
            type_name: type_name.to_string(),
            kind,
            bits,
            blob: blob.to_string(),
            comment: fields.collect::<Vec<_>>().join(" "),
            fingerprint: format!("SHA256:{}", STANDARD_NO_PAD.encode(Sha256::digest(&bytes))),
        })
    }

    /// Two keys are the same key when their blobs are; comments and names do not matter.
    pub fn same_key(&self, other_blob: &str) -> bool {
        self.blob == other_blob
    }

    /// The one-line OpenSSH form, as ImportKeyPair takes it.
    pub fn openssh_line(&self) -> String {
        format!("{} {} {}", self.type_name, self.blob, self.comment)
            .trim_end()
            .to_string()
    }
}

/// Reads SSH wire-format strings (u32 length, then bytes).
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn string(&mut self) -> Option<&'a [u8]> {
        let len = u32::from_be_bytes(self.0.get(..4)?.try_into().ok()?) as usize;
        let value = self.0.get(4..4 + len)?;
        self.0 = &self.0[4 + len..];
        Some(value)
    }
}

/// Bits of a positive SSH mpint (big-endian, possibly with a leading zero byte).
fn mpint_bits(bytes: &[u8]) -> u32 {
    let significant: &[u8] = match bytes.iter().position(|b| *b != 0) {
        Some(first) => &bytes[first..],
        None => return 0,
    };
    (significant.len() as u32 - 1) * 8 + (8 - significant[0].leading_zeros())
}

/// An EC2 key pair, as DescribeKeyPairs reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemoteKeyPair {
    pub name: String,
    pub id: String,
    pub kind: KeyKind,
    pub created: Option<DateTime<Utc>>,
    /// The public key's base64 blob (IncludePublicKey), when AWS returned it.
    pub blob: Option<String>,
    /// True when pcwiz imported it (it carries pcwiz's tag).
    pub imported_by_pcwiz: bool,
}

/// Why a key cannot be used with an OS, in words for the screen.
pub fn refusal(kind: KeyKind, os: Os) -> Option<String> {
    (kind == KeyKind::Rsa && os.refuses_rsa()).then(|| {
        format!(
            "{} refuses RSA keys: its OpenSSH no longer accepts the ssh-rsa signatures AWS key pairs use. Use an ed25519 key (pcwiz can make one).",
            os.label()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Real keys, made with `ssh-keygen -t ed25519` and `ssh-keygen -t rsa -b 3072`.
    const ED25519: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL6E0DzZfUck+UMbn15vmNCMgjJ12D+JVVexhlaDKi9i jane@laptop";
    const ED25519_FINGERPRINT: &str = "SHA256:qfkPhOEkMZnCNB/p69SMUdFruWu6zSi5l0LCQhn64Os";
    const RSA_3072: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCnZrKKkWPtJVVY28O/ErBO846TOj70ZTdVPSWSDlBC/7BT/CcGNlmka6tH8X9KbALQMxPN6sMnOvqSaGYm7+bNrQHSr17oVL6cLx1/jNkAabDw9XhBqLiAlYGsDr0im6DwkTXlB+lZ553J504JFhjwPQsSL3Al5dEoSb6jtxkp1WpsBv4OBf7qTYw0IYP/ZqI+dneXlF2EZzty1c8Q3kTel3ubPMqGJHqlCWVHUaABrr6RLDf0ZwhvFMWC1QvKoNKqrJ+oWUeCq5BfSLok6LJ2OWRkjVVm5+YpduuM+v9zJ+jL8Q9bKp7SyDc42IxxbmB9qGZVY0l3vnDtzKE6ziLLCShVC1n+2gzqz5Ne8R8gHu2XwaM2QFFCmFWuYiwXO7aTdutElbR5uW6m+kZMeMDSiekuxUQcIuu8o+gu50GJfUjlByFI15qRcKFmhs2ctzPFeV620OXHazXsCfFnBtFgjJtrXdDfY7W7LxcAiXCei0aAZdvR0xspM8WaAC8oWKk= old@desktop";

    #[test]
    fn parses_an_ed25519_key() {
        let key = PublicKey::parse(ED25519).unwrap();
        assert_eq!(key.kind, KeyKind::Ed25519);
        assert_eq!(key.bits, Some(256));
        assert_eq!(key.comment, "jane@laptop");
        assert_eq!(
            key.fingerprint, ED25519_FINGERPRINT,
            "as ssh-keygen -l prints it"
        );
    }

    #[test]
    fn parses_an_rsa_key_and_its_size() {
        let key = PublicKey::parse(RSA_3072).unwrap();
        assert_eq!(key.kind, KeyKind::Rsa);
        assert_eq!(key.bits, Some(3072));
        assert_eq!(key.comment, "old@desktop");
    }

    #[test]
    fn refuses_private_keys_and_garbage() {
        assert_eq!(
            PublicKey::parse("-----BEGIN OPENSSH PRIVATE KEY-----\nabc"),
            Err(KeyParseError::PrivateKey)
        );
        assert_eq!(
            PublicKey::parse("hello world"),
            Err(KeyParseError::NotAPublicKey)
        );
        assert_eq!(
            PublicKey::parse("ssh-ed25519 !!!notbase64"),
            Err(KeyParseError::Corrupt)
        );
        // A valid blob under the wrong type name is a damaged file.
        let blob = ED25519.split_whitespace().nth(1).unwrap();
        assert_eq!(
            PublicKey::parse(&format!("ssh-rsa {blob}")),
            Err(KeyParseError::Corrupt)
        );
    }

    #[test]
    fn rsa_is_refused_on_ubuntu_22_and_24_only() {
        assert!(
            refusal(KeyKind::Rsa, Os::Ubuntu2404)
                .unwrap()
                .contains("Ubuntu 24.04")
        );
        assert!(refusal(KeyKind::Rsa, Os::Ubuntu2204).is_some());
        assert!(refusal(KeyKind::Rsa, Os::Alinux2023).is_none());
        assert!(refusal(KeyKind::Ed25519, Os::Ubuntu2404).is_none());
    }

    #[test]
    fn mpint_sizes() {
        assert_eq!(mpint_bits(&[0x00, 0x80, 0, 0]), 24);
        assert_eq!(mpint_bits(&[0x01]), 1);
        assert_eq!(mpint_bits(&[]), 0);
    }
}
