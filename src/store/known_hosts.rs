//! pcwiz's own known hosts, one file per cluster (`<state>/known_hosts/<region>/<name>`),
//! with a note beside it (`….pin.json`) saying which instance the keys belong to and how
//! they came to be trusted. The user's `~/.ssh/known_hosts` is neither read for a head
//! node nor written: an address AWS gives to a new instance tomorrow must not inherit
//! today's trust, and a new head node must not be refused because of an old one.

use std::path::{Path, PathBuf};

use chrono::Utc;

use super::atomic;
use crate::cluster::host_keys::{self, HostPin, PinSource};
use crate::cluster::ssh_key::PublicKey;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPins {
    dir: PathBuf,
}

impl HostPins {
    pub fn in_state_dir(state: &Path) -> Self {
        Self {
            dir: state.join("known_hosts"),
        }
    }

    /// The known-hosts file ssh is given for this cluster (it may not exist yet).
    pub fn file(&self, region: &str, name: &str) -> PathBuf {
        self.dir.join(region).join(name)
    }

    fn note(&self, region: &str, name: &str) -> PathBuf {
        self.dir.join(region).join(format!("{name}.pin.json"))
    }

    /// The pin for this cluster, if its note and file are both there.
    pub fn load(&self, region: &str, name: &str) -> Option<HostPin> {
        if !self.file(region, name).exists() {
            return None;
        }
        let text = std::fs::read(self.note(region, name)).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Pins `keys`, which AWS vouched for, replacing whatever was pinned before.
    pub fn pin(
        &self,
        region: &str,
        name: &str,
        instance_id: &str,
        keys: &[PublicKey],
        source: PinSource,
    ) -> std::io::Result<HostPin> {
        let text = host_keys::known_hosts_text(instance_id, keys);
        atomic::write(&self.file(region, name), text.as_bytes(), 0o600)?;
        self.write_note(region, name, instance_id, keys, source)
    }

    /// After ssh accepted a key on first use into `file`: what it wrote, recorded.
    pub fn record_first_use(
        &self,
        region: &str,
        name: &str,
        instance_id: &str,
    ) -> std::io::Result<Option<HostPin>> {
        let text = match std::fs::read_to_string(self.file(region, name)) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let keys = host_keys::keys_in_known_hosts(&text, instance_id);
        if keys.is_empty() {
            return Ok(None);
        }
        self.write_note(region, name, instance_id, &keys, PinSource::FirstUse)
            .map(Some)
    }

    /// Removes the pin, so the next contact starts afresh (a new head node, or a re-pin).
    pub fn forget(&self, region: &str, name: &str) -> std::io::Result<()> {
        for path in [self.file(region, name), self.note(region, name)] {
            match std::fs::remove_file(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }

    fn write_note(
        &self,
        region: &str,
        name: &str,
        instance_id: &str,
        keys: &[PublicKey],
        source: PinSource,
    ) -> std::io::Result<HostPin> {
        let pin = HostPin {
            instance_id: instance_id.to_string(),
            source,
            fingerprints: keys.iter().map(|k| k.fingerprint.clone()).collect(),
            pinned_at: Utc::now(),
        };
        let text = serde_json::to_vec_pretty(&pin).map_err(std::io::Error::other)?;
        atomic::write(&self.note(region, name), &text, 0o600)?;
        Ok(pin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDQzcy5v/1++Nl/+Ckx/FexmYf+uycKtNK7AafDg6bkt root@ip-10-0-0-5";

    #[test]
    fn a_pin_is_kept_per_cluster_and_region_and_forgotten_whole() {
        let state = tempfile::tempdir().unwrap();
        let pins = HostPins::in_state_dir(state.path());
        let key = PublicKey::parse(KEY).unwrap();
        let pin = pins
            .pin(
                "us-west-2",
                "rev",
                "i-0abc",
                std::slice::from_ref(&key),
                PinSource::ConsoleOutput,
            )
            .unwrap();
        assert_eq!(pins.load("us-west-2", "rev"), Some(pin));
        assert_eq!(
            pins.load("us-east-1", "rev"),
            None,
            "the region is part of the name"
        );
        let text = std::fs::read_to_string(pins.file("us-west-2", "rev")).unwrap();
        assert_eq!(text, format!("i-0abc ssh-ed25519 {}\n", key.blob));
        pins.forget("us-west-2", "rev").unwrap();
        assert_eq!(pins.load("us-west-2", "rev"), None);
        pins.forget("us-west-2", "rev").unwrap();
    }

    #[test]
    fn what_ssh_accepted_on_first_use_is_recorded_as_not_verified() {
        let state = tempfile::tempdir().unwrap();
        let pins = HostPins::in_state_dir(state.path());
        assert_eq!(
            pins.record_first_use("us-west-2", "rev", "i-0abc").unwrap(),
            None
        );
        let file = pins.file("us-west-2", "rev");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        // As ssh writes it with StrictHostKeyChecking=accept-new and HostKeyAlias.
        std::fs::write(
            &file,
            format!("i-0abc {}\n", &KEY[..KEY.rfind(' ').unwrap()]),
        )
        .unwrap();
        let pin = pins
            .record_first_use("us-west-2", "rev", "i-0abc")
            .unwrap()
            .unwrap();
        assert_eq!(pin.source, PinSource::FirstUse);
        assert_eq!(
            pin.fingerprints,
            ["SHA256:Z9D/C+N96DuGaZ2QplMn0MnYM7s7OSJAaht8F04N3Zk"]
        );
    }
}
