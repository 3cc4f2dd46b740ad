//! The wizard's draft on disk: one file, written atomically (mode 0600) after every step.

use std::path::{Path, PathBuf};

use super::atomic;
use super::dirs::Dirs;
use crate::wizard::Draft;

pub fn path(dirs: &Dirs) -> PathBuf {
    dirs.data.join("drafts/current.json")
}

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("could not save the draft to {path}: {reason}")]
    Write { path: PathBuf, reason: String },
    #[error(
        "the saved draft at {path} could not be read ({reason}); it was moved to {kept} and a new draft starts"
    )]
    Corrupt {
        path: PathBuf,
        kept: PathBuf,
        reason: String,
    },
}

pub fn save(dirs: &Dirs, draft: &Draft) -> Result<(), DraftError> {
    let path = path(dirs);
    let text = serde_json::to_vec_pretty(draft).expect("a draft always serialises");
    atomic::write(&path, &text, 0o600).map_err(|e| DraftError::Write {
        path,
        reason: e.to_string(),
    })
}

/// The saved draft, if any. A file that cannot be read is kept aside (never deleted) and
/// reported, so the user loses nothing and learns why the draft is gone.
pub fn load(dirs: &Dirs) -> Result<Option<Draft>, DraftError> {
    load_from(&path(dirs))
}

fn load_from(path: &Path) -> Result<Option<Draft>, DraftError> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(None);
    };
    match serde_json::from_str::<Draft>(&text) {
        Ok(draft) => Ok(Some(draft)),
        Err(error) => {
            let kept = path.with_extension(format!(
                "corrupt-{}.json",
                chrono::Utc::now().format("%Y%m%d%H%M%S")
            ));
            let _ = std::fs::rename(path, &kept);
            Err(DraftError::Corrupt {
                path: path.to_path_buf(),
                kept,
                reason: error.to_string(),
            })
        }
    }
}

pub fn delete(dirs: &Dirs) {
    let _ = std::fs::remove_file(path(dirs));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn saves_privately_and_loads_back() {
        let root = tempfile::tempdir().unwrap();
        let dirs = Dirs::under(root.path());
        assert!(load(&dirs).unwrap().is_none());
        let mut draft = Draft::default();
        draft.set_region("us-west-2");
        save(&dirs, &draft).unwrap();
        assert_eq!(load(&dirs).unwrap(), Some(draft));
        let mode = std::fs::metadata(path(&dirs)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn a_corrupt_draft_is_kept_aside_and_reported() {
        let root = tempfile::tempdir().unwrap();
        let dirs = Dirs::under(root.path());
        std::fs::create_dir_all(path(&dirs).parent().unwrap()).unwrap();
        std::fs::write(path(&dirs), "{\"format\": 1, \"curr").unwrap();
        let DraftError::Corrupt { kept, .. } = load(&dirs).unwrap_err() else {
            panic!("expected Corrupt")
        };
        assert_eq!(
            std::fs::read_to_string(kept).unwrap(),
            "{\"format\": 1, \"curr"
        );
        assert!(
            load(&dirs).unwrap().is_none(),
            "the next start begins afresh"
        );
    }
}
