//! A head node's SSH host keys as data: what AWS can vouch for (the block cloud-init prints
//! to the instance's serial console, which EC2's GetConsoleOutput returns), the lines of
//! pcwiz's own known-hosts file for one cluster, and what a pin says about how far the key
//! was verified.
//!
//! cloud-init's `write-ssh-key-fingerprints` prints, through `logger --stderr -t ec2`:
//! ```text
//! <14>Dec  5 23:59:01 ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----
//! <14>Dec  5 23:59:01 ec2: 256 SHA256:Ab3… root@ip-10-0-0-5 (ED25519)
//! <14>Dec  5 23:59:01 ec2: -----END SSH HOST KEY FINGERPRINTS-----
//! -----BEGIN SSH HOST KEY KEYS-----
//! ssh-ed25519 AAAAC3… root@ip-10-0-0-5
//! -----END SSH HOST KEY KEYS-----
//! ```
//! Either block may carry a syslog prefix, and a console that saw several boots holds
//! several blocks: the last of each is the one that counts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ssh_key::PublicKey;

const KEYS_BEGIN: &str = "-----BEGIN SSH HOST KEY KEYS-----";
const KEYS_END: &str = "-----END SSH HOST KEY KEYS-----";
const FINGERPRINTS_BEGIN: &str = "-----BEGIN SSH HOST KEY FINGERPRINTS-----";
const FINGERPRINTS_END: &str = "-----END SSH HOST KEY FINGERPRINTS-----";

/// What the console output says about the host's keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsoleHostKeys {
    /// The public keys themselves (the KEYS block).
    pub keys: Vec<PublicKey>,
    /// `SHA256:…` of each key (the FINGERPRINTS block), for consoles that print only those.
    pub fingerprints: Vec<String>,
}

impl ConsoleHostKeys {
    /// True when the console vouches for nothing (not booted far enough yet, or cloud-init
    /// told not to print keys).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.fingerprints.is_empty()
    }

    /// Whether a key the host presented is one AWS vouches for.
    pub fn vouches_for(&self, fingerprint: &str) -> bool {
        self.keys.iter().any(|k| k.fingerprint == fingerprint)
            || self.fingerprints.iter().any(|f| f == fingerprint)
    }
}

/// Reads the host keys out of an instance's console output (already base64-decoded).
pub fn from_console_output(text: &str) -> ConsoleHostKeys {
    let keys = last_block(text, KEYS_BEGIN, KEYS_END)
        .iter()
        .filter_map(|line| key_in_line(line))
        .collect();
    let fingerprints = last_block(text, FINGERPRINTS_BEGIN, FINGERPRINTS_END)
        .iter()
        .filter_map(|line| {
            line.split_whitespace()
                .find(|word| word.starts_with("SHA256:"))
                .map(str::to_string)
        })
        .collect();
    ConsoleHostKeys { keys, fingerprints }
}

/// The lines between the last `begin` and the `end` after it (none when either is missing:
/// a block cut off by the console's 64 KB window vouches for nothing).
fn last_block<'a>(text: &'a str, begin: &str, end: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().rposition(|l| l.contains(begin)) else {
        return vec![];
    };
    let Some(length) = lines[start + 1..].iter().position(|l| l.contains(end)) else {
        return vec![];
    };
    lines[start + 1..start + 1 + length].to_vec()
}

/// A public key somewhere in a console line, whatever prefix the line carries.
fn key_in_line(line: &str) -> Option<PublicKey> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| w.starts_with("ssh-") || w.starts_with("ecdsa-sha2-"))?;
    PublicKey::parse(&words[at..].join(" ")).ok()
}

/// pcwiz's known-hosts file for one cluster: each key under `alias` (the head node's
/// instance id, given to ssh as HostKeyAlias, so the pin follows the instance and not an
/// address AWS may hand to someone else tomorrow).
pub fn known_hosts_text(alias: &str, keys: &[PublicKey]) -> String {
    keys.iter()
        .map(|k| format!("{alias} {} {}\n", k.type_name, k.blob))
        .collect()
}

/// The keys a known-hosts file holds for `alias` (lines ssh itself wrote included).
pub fn keys_in_known_hosts(text: &str, alias: &str) -> Vec<PublicKey> {
    text.lines()
        .filter_map(|line| {
            let (hosts, key) = line.trim().split_once(char::is_whitespace)?;
            hosts
                .split(',')
                .any(|h| h == alias)
                .then(|| PublicKey::parse(key.trim()).ok())
                .flatten()
        })
        .collect()
}

/// How a pinned key came to be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PinSource {
    /// The key is one the instance's EC2 console output lists: AWS vouches for it.
    ConsoleOutput,
    /// The console listed no keys; the key was accepted the first time pcwiz connected.
    FirstUse,
}

/// What pcwiz pinned for one cluster's head node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostPin {
    /// The head node the keys belong to (also the HostKeyAlias).
    pub instance_id: String,
    pub source: PinSource,
    /// `SHA256:…` of each pinned key.
    pub fingerprints: Vec<String>,
    pub pinned_at: DateTime<Utc>,
}

impl HostPin {
    /// One line for a screen: how far the key is verified, and its fingerprint when it is not.
    pub fn describe(&self) -> String {
        match self.source {
            PinSource::ConsoleOutput => format!(
                "host key of {} pinned from its EC2 console output (verified by AWS)",
                self.instance_id
            ),
            PinSource::FirstUse => format!(
                "host key of {} accepted on first use, NOT verified: EC2's console output listed no keys ({})",
                self.instance_id,
                self.fingerprints.join(", ")
            ),
        }
    }

    pub fn verified(&self) -> bool {
        self.source == PinSource::ConsoleOutput
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The output of cloud-init's own write-ssh-key-fingerprints (Debian's cloud-init
    // package, run on two freshly generated host keys) as it reaches the serial console:
    // through `logger --stderr -t ec2`, hence the syslog prefixes on the fingerprint block.
    // moto's GetConsoleOutput answers a placeholder without any of this, so the console
    // path is proven here, on the text real instances print.
    const CONSOLE: &str = include_str!("../../tests/fixtures/console/cloud-init-host-keys.txt");

    #[test]
    fn keys_and_fingerprints_are_read_from_cloud_inits_console_text() {
        let found = from_console_output(CONSOLE);
        let types: Vec<&str> = found.keys.iter().map(|k| k.type_name.as_str()).collect();
        assert_eq!(types, ["ecdsa-sha2-nistp256", "ssh-ed25519"]);
        assert_eq!(found.fingerprints.len(), 2);
        // Each key the KEYS block lists is one the FINGERPRINTS block vouches for.
        for key in &found.keys {
            assert!(
                found.fingerprints.contains(&key.fingerprint),
                "{} not among {:?}",
                key.fingerprint,
                found.fingerprints
            );
        }
    }

    #[test]
    fn the_last_boot_wins_and_a_cut_block_vouches_for_nothing() {
        let first = from_console_output(CONSOLE);
        let blob = &first.keys[1].blob;
        // The blob's header names its type; a damaged one names none.
        let damaged = format!("{}ZZZZZZZZ{}", &blob[..4], &blob[12..]);
        let second_boot = CONSOLE.replace(blob.as_str(), &damaged);
        // Two boots: the earlier keys, then a block whose ed25519 key is damaged.
        let both = format!("{CONSOLE}\n[  100.0] reboot\n{second_boot}");
        let last = from_console_output(&both);
        assert_eq!(last.keys.len(), 1, "the damaged key is dropped: {last:?}");
        let cut = CONSOLE
            .lines()
            .filter(|l| !l.contains(KEYS_END))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(from_console_output(&cut).keys.is_empty());
        assert!(from_console_output("Linux version 6.1 … login:").is_empty());
    }

    #[test]
    fn a_known_hosts_file_round_trips_under_the_instance_alias() {
        let keys = from_console_output(CONSOLE).keys;
        let text = known_hosts_text("i-0abc", &keys);
        assert_eq!(text.lines().count(), 2);
        assert!(text.starts_with("i-0abc ecdsa-sha2-nistp256 AAAA"));
        let fingerprints = |keys: &[PublicKey]| -> Vec<String> {
            keys.iter().map(|k| k.fingerprint.clone()).collect()
        };
        assert_eq!(
            fingerprints(&keys_in_known_hosts(&text, "i-0abc")),
            fingerprints(&keys)
        );
        assert!(keys_in_known_hosts(&text, "i-0other").is_empty());
    }

    #[test]
    fn a_pin_says_how_far_it_is_verified() {
        let pin = HostPin {
            instance_id: "i-0abc".into(),
            source: PinSource::FirstUse,
            fingerprints: vec!["SHA256:xyz".into()],
            pinned_at: Utc::now(),
        };
        assert!(pin.describe().contains("NOT verified"));
        assert!(pin.describe().contains("SHA256:xyz"));
        assert!(!pin.verified());
    }
}
