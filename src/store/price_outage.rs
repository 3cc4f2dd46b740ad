//! The last failed Price List call, remembered on disk (`<cache dir>/price-outage.json`)
//! per endpoint and principal, so the next pcwiz run does not wait for the same failure.
//!
//! The key names the endpoint and who asked ("profile default", "key …WXYZ": never a
//! secret, a key id's last 4 characters at most). A damaged file is treated as empty.
//! Writing credentials from inside pcwiz forgets everything here: new keys deserve a try.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::atomic;
use crate::cluster::price_outage::PriceOutage;

#[derive(Debug, Clone)]
pub struct OutageMemory {
    path: PathBuf,
}

impl OutageMemory {
    pub fn in_dir(cache_dir: &Path) -> Self {
        Self {
            path: cache_dir.join("price-outage.json"),
        }
    }

    fn read(&self) -> BTreeMap<String, PriceOutage> {
        std::fs::read(&self.path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    fn write(&self, all: &BTreeMap<String, PriceOutage>) -> std::io::Result<()> {
        if all.is_empty() {
            return match std::fs::remove_file(&self.path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        let text = serde_json::to_vec_pretty(all).map_err(std::io::Error::other)?;
        atomic::write(&self.path, &text, 0o600)
    }

    /// The failure remembered for `key`, if it still holds at `now` (marked remembered).
    pub fn recall(&self, key: &str, now: DateTime<Utc>) -> Option<PriceOutage> {
        let mut outage = self.read().remove(key)?;
        outage.in_force(now).then(|| {
            outage.remembered = true;
            outage
        })
    }

    /// Remembers `outage` for `key`, dropping ones that no longer hold.
    pub fn remember(&self, key: &str, outage: &PriceOutage) -> std::io::Result<()> {
        let mut all = self.read();
        all.retain(|_, o| o.in_force(outage.at));
        all.insert(key.to_string(), outage.clone());
        self.write(&all)
    }

    /// AWS answered for `key`: nothing to remember.
    pub fn forget(&self, key: &str) -> std::io::Result<()> {
        let mut all = self.read();
        if all.remove(key).is_some() {
            self.write(&all)?;
        }
        Ok(())
    }

    /// Everything forgotten (new credentials were written).
    pub fn forget_all(&self) -> std::io::Result<()> {
        self.write(&BTreeMap::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::price_outage::OutageKind;
    use chrono::Duration;

    #[test]
    fn a_failure_is_recalled_while_it_holds_then_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let memory = OutageMemory::in_dir(dir.path());
        let t: DateTime<Utc> = "2026-11-21T12:00:00Z".parse().unwrap();
        let key = "http://127.0.0.1:1 · profile default";
        assert!(memory.recall(key, t).is_none());
        let down = PriceOutage::new(OutageKind::Unreachable, "connection refused", t);
        memory.remember(key, &down).unwrap();
        let recalled = memory.recall(key, t + Duration::minutes(3)).unwrap();
        assert!(recalled.remembered);
        assert_eq!(recalled.detail, "connection refused");
        assert!(memory.recall("another · profile x", t).is_none(), "per key");
        assert!(memory.recall(key, t + Duration::minutes(11)).is_none());
        memory.forget(key).unwrap();
        assert!(memory.recall(key, t).is_none());
        assert!(
            !dir.path().join("price-outage.json").exists(),
            "nothing left"
        );

        memory.remember(key, &down).unwrap();
        memory.forget_all().unwrap();
        assert!(memory.recall(key, t).is_none());
        std::fs::write(dir.path().join("price-outage.json"), "{oops").unwrap();
        assert!(memory.recall(key, t).is_none(), "a damaged file is empty");
    }
}
