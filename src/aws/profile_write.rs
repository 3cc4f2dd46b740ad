//! Writing one profile into the AWS CLI's files (`~/.aws/credentials`, `~/.aws/config`)
//! without touching anything else: the one section is updated in place (or added at the
//! end), every other line stays byte for byte, the file is backed up first when it
//! changes, and written atomically with mode 0600 (it may hold a secret).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::store::atomic;

/// `text` with the section `[header]` holding `set` (replacing those keys' values where
/// present, adding the others at the section's end) and without the keys in `remove`.
/// A section that appears twice is edited where it appears last (the one the AWS CLI
/// reads); a missing one is added at the end.
pub fn upsert(text: &str, header: &str, set: &[(&str, &str)], remove: &[&str]) -> String {
    let header = header.split_whitespace().collect::<Vec<_>>().join(" ");
    let lines: Vec<&str> = text.lines().collect();
    let is_header = |line: &str| line.trim_start().starts_with('[');
    let names = |line: &str| {
        let inner = line.trim().trim_start_matches('[');
        let inner = inner.split(']').next().unwrap_or("");
        inner.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let key_of = |line: &str| {
        line.split_once('=')
            .map(|(k, _)| k.trim().to_string())
            .filter(|_| !line.starts_with([' ', '\t']))
    };
    let start = lines
        .iter()
        .rposition(|l| is_header(l) && names(l) == header);
    let header = header.as_str();
    let setting = |(key, value): &(&str, &str)| format!("{key} = {value}");
    let Some(start) = start else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        if !out.trim().is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("[{header}]\n"));
        for pair in set {
            out.push_str(&setting(pair));
            out.push('\n');
        }
        return out;
    };
    let end = lines[start + 1..]
        .iter()
        .position(|l| is_header(l))
        .map_or(lines.len(), |i| start + 1 + i);
    let mut out: Vec<String> = lines[..=start].iter().map(|l| l.to_string()).collect();
    let mut done: Vec<&str> = vec![];
    let mut section: Vec<String> = vec![];
    for line in &lines[start + 1..end] {
        match key_of(line) {
            Some(key) if remove.contains(&key.as_str()) => {}
            Some(key) => match set.iter().find(|(k, _)| *k == key) {
                Some(pair) if !done.contains(&pair.0) => {
                    done.push(pair.0);
                    section.push(setting(pair));
                }
                Some(_) => {} // a duplicate of a key just set
                None => section.push(line.to_string()),
            },
            None => section.push(line.to_string()),
        }
    }
    // New keys go after the section's last setting, before its trailing blank lines.
    let last = section
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(0, |i| i + 1);
    let added: Vec<String> = set
        .iter()
        .filter(|(k, _)| !done.contains(k))
        .map(setting)
        .collect();
    section.splice(last..last, added);
    out.extend(section);
    out.extend(lines[end..].iter().map(|l| l.to_string()));
    let mut text_out = out.join("\n");
    text_out.push('\n');
    text_out
}

/// Writes `text` to `path` (mode 0600, its directory 0700 if made), first copying a file
/// that is there and differs to `<path>.pcwiz-backup-<stamp>` (0600). Returns the backup.
pub fn write_with_backup(
    path: &Path,
    text: &str,
    now: DateTime<Utc>,
) -> std::io::Result<Option<PathBuf>> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if let Some(dir) = path.parent().filter(|d| !d.exists()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let backup = match std::fs::read(path) {
        Ok(old) if old == text.as_bytes() => return Ok(None),
        Ok(old) => {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
            let backup = path.with_file_name(format!(
                "{name}.pcwiz-backup-{}",
                now.format("%Y%m%dT%H%M%S")
            ));
            atomic::write(&backup, &old, 0o600)?;
            Some(backup)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    atomic::write(path, text.as_bytes(), 0o600)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    Ok(backup)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# mine\n[default]\naws_access_key_id = AKIAOLD\naws_secret_access_key = old\naws_session_token = tok\n\n[lab] ; a comment\nregion=eu-west-1\n";

    #[test]
    fn one_section_changes_and_every_other_line_stays() {
        let out = upsert(
            FILE,
            "lab",
            &[("aws_access_key_id", "AKIANEW"), ("region", "us-west-2")],
            &["aws_session_token"],
        );
        assert_eq!(
            out,
            "# mine\n[default]\naws_access_key_id = AKIAOLD\naws_secret_access_key = old\naws_session_token = tok\n\n[lab] ; a comment\nregion = us-west-2\naws_access_key_id = AKIANEW\n"
        );
        let out = upsert(
            FILE,
            "default",
            &[
                ("aws_access_key_id", "AKIANEW"),
                ("aws_secret_access_key", "new"),
            ],
            &["aws_session_token"],
        );
        assert!(out.starts_with("# mine\n[default]\naws_access_key_id = AKIANEW\naws_secret_access_key = new\n\n[lab] ; a comment\nregion=eu-west-1\n"), "{out}");
    }

    #[test]
    fn a_missing_section_is_added_at_the_end_and_headers_match_by_words() {
        let out = upsert(FILE, "profile  new", &[("region", "us-west-2")], &[]);
        assert!(out.starts_with(FILE));
        assert!(
            out.ends_with("\n\n[profile new]\nregion = us-west-2\n"),
            "{out}"
        );
        let config = "[profile  rev]\nregion = us-east-1\n";
        assert_eq!(
            upsert(config, "profile rev", &[("region", "us-west-2")], &[]),
            "[profile  rev]\nregion = us-west-2\n"
        );
        assert_eq!(upsert("", "x", &[("a", "b")], &[]), "[x]\na = b\n");
    }

    #[test]
    fn a_changed_file_is_backed_up_once_and_written_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".aws/credentials");
        let now: DateTime<Utc> = "2026-11-21T12:00:00Z".parse().unwrap();
        assert_eq!(
            write_with_backup(&path, "a\n", now).unwrap(),
            None,
            "new file"
        );
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(
            write_with_backup(&path, "a\n", now).unwrap(),
            None,
            "unchanged"
        );
        let backup = write_with_backup(&path, "b\n", now).unwrap().unwrap();
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), "a\n");
        assert_eq!(mode(&backup), 0o600);
        assert!(backup.ends_with("credentials.pcwiz-backup-20261121T120000"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "b\n");
    }
}
