//! Copies of a cluster's config kept by pcwiz around each update
//! (`<data dir>/updates/REGION/NAME/<time>-before.yaml` and `-after.yaml`, mode 0600): the
//! history points at them, so the config a cluster ran with before a change is never lost,
//! whatever became of the file the user edited.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::atomic;

#[derive(Debug, Clone)]
pub struct ConfigCopies {
    dir: PathBuf,
}

impl ConfigCopies {
    pub fn in_dir(data_dir: &Path) -> Self {
        Self {
            dir: data_dir.join("updates"),
        }
    }

    /// The new config of an update not yet started, where pcluster reads it
    /// (`…/NAME/proposed.yaml`, replaced by the next one).
    pub fn stage(&self, region: &str, name: &str, text: &str) -> std::io::Result<PathBuf> {
        let path = self.dir.join(region).join(name).join("proposed.yaml");
        atomic::write(&path, text.as_bytes(), 0o600)?;
        Ok(path)
    }

    /// Keeps `text` as the config `which` ("before", "after") of the update started at
    /// `at`; returns where.
    pub fn keep(
        &self,
        region: &str,
        name: &str,
        at: DateTime<Utc>,
        which: &str,
        text: &str,
    ) -> std::io::Result<PathBuf> {
        let path = self
            .dir
            .join(region)
            .join(name)
            .join(format!("{}-{which}.yaml", at.format("%Y%m%dT%H%M%SZ")));
        atomic::write(&path, text.as_bytes(), 0o600)?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn copies_are_private_and_named_by_time() {
        let dir = tempfile::tempdir().unwrap();
        let at = "2026-11-21T12:00:00Z".parse().unwrap();
        let path = ConfigCopies::in_dir(dir.path())
            .keep("us-west-2", "rev", at, "before", "Region: us-west-2\n")
            .unwrap();
        assert!(path.ends_with("updates/us-west-2/rev/20261121T120000Z-before.yaml"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "Region: us-west-2\n"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
