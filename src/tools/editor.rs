//! The user's own editor on a private file: `pcwiz update NAME --edit` opens the cluster's
//! config in it, as `git commit` and `kubectl edit` do. `$VISUAL`, then `$EDITOR`, else
//! `vi`, run through `sh` so a setting with arguments (`code --wait`) works.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Writes `text` to `file` (0600), opens it in the editor, and returns what was saved.
/// The file is removed afterwards.
pub fn edit(text: &str, file: &Path) -> Result<String, String> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".into());
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("could not write {}: {e}", file.display()))?;
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg("editor")
        .arg(file)
        .status();
    let result = match status {
        Err(e) => Err(format!("could not start the editor ({editor}): {e}")),
        Ok(s) if !s.success() => Err(format!(
            "the editor ({editor}) exited with {s}; nothing was changed"
        )),
        Ok(_) => std::fs::read_to_string(file)
            .map_err(|e| format!("could not read back {}: {e}", file.display())),
    };
    let _ = std::fs::remove_file(file);
    result
}
