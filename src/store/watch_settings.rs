//! What a person told the dashboard about one cluster, kept between runs: its reV project
//! directory (asked once, remembered per cluster). A cluster need not have been launched
//! from pcwiz, so this lives apart from the launch history, in `watch.json`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterSettings {
    /// The reV project directory on the cluster, as typed (`~/` allowed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev_dir: Option<String>,
    /// Where reV's data comes from, as answered in the wizard that launched the cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hsds_data: Option<crate::cluster::hsds_files::HsdsData>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    /// "region/name" → settings.
    #[serde(default)]
    clusters: BTreeMap<String, ClusterSettings>,
}

pub struct WatchSettings {
    path: PathBuf,
}

impl WatchSettings {
    pub fn in_dir(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join("watch.json"),
        }
    }

    /// The cluster's settings; a missing or damaged file counts as none (they are
    /// conveniences, asked again if lost).
    pub fn get(&self, region: &str, name: &str) -> ClusterSettings {
        self.load()
            .clusters
            .remove(&key(region, name))
            .unwrap_or_default()
    }

    pub fn set(&self, region: &str, name: &str, settings: ClusterSettings) -> std::io::Result<()> {
        let mut file = self.load();
        file.clusters.insert(key(region, name), settings);
        let text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
        atomic::write(&self.path, text.as_bytes(), 0o600)
    }

    fn load(&self) -> File {
        std::fs::read_to_string(&self.path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }
}

fn key(region: &str, name: &str) -> String {
    format!("{region}/{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rev_directory_and_hsds_data_are_remembered_per_cluster_and_region() {
        let dir = tempfile::tempdir().unwrap();
        let store = WatchSettings::in_dir(dir.path());
        assert_eq!(store.get("us-west-2", "rev"), ClusterSettings::default());
        let rev = ClusterSettings {
            rev_dir: Some("~/conus".into()),
            hsds_data: Some(crate::cluster::hsds_files::HsdsData::PrivateBucket),
        };
        store.set("us-west-2", "rev", rev.clone()).unwrap();
        store
            .set("us-east-1", "rev", ClusterSettings::default())
            .unwrap();
        let again = WatchSettings::in_dir(dir.path());
        assert_eq!(again.get("us-west-2", "rev"), rev);
        assert_eq!(again.get("us-east-1", "rev").rev_dir, None);
        std::fs::write(dir.path().join("watch.json"), "{not json").unwrap();
        assert_eq!(again.get("us-west-2", "rev"), ClusterSettings::default());
    }
}
