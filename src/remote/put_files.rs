//! Putting files on the head node over the shared connection: contents travel on ssh's
//! stdin (base64 in a here-document), so keys are never on a command line. A user's file
//! that differs is backed up first (`NAME.pcwiz-backup-STAMP`); pcwiz's own files (given
//! by absolute path, installed as root: the idle guard's) are replaced.

use base64::Engine;
use serde::Serialize;

use super::shell_quote;

const INSTALLER: &str = include_str!("../../assets/remote/install_files.sh");

/// One file for the head node: relative to the login user's home (shared with the compute
/// nodes), or an absolute path for pcwiz's own files, installed as root.
pub struct InstallFile {
    pub path: &'static str,
    pub mode: &'static str,
    pub contents: String,
}

/// The installer, then one `put` per file: the start of the script sent to the head node.
pub fn script(files: &[InstallFile]) -> String {
    puts(INSTALLER.to_string(), files)
}

/// The same with the relative paths under `dir` on the head node (`~/` or relative: in the
/// login's home), e.g. a reV project's files; a backup stays beside its file.
pub fn script_in(dir: &str, files: &[InstallFile]) -> String {
    let start = format!("{INSTALLER}in_dir {}\n", shell_quote(dir));
    puts(start, files)
}

fn puts(mut text: String, files: &[InstallFile]) -> String {
    for file in files {
        let encoded = base64::engine::general_purpose::STANDARD.encode(&file.contents);
        text.push_str(&format!(
            "put {} {} <<'PCWIZ_END'\n",
            shell_quote(file.path),
            file.mode
        ));
        // base64's alphabet cannot spell the terminator; 76-column lines as base64(1) does.
        for chunk in encoded.as_bytes().chunks(76) {
            text.push_str(std::str::from_utf8(chunk).unwrap_or_default());
            text.push('\n');
        }
        text.push_str("PCWIZ_END\n");
    }
    text
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "outcome")]
pub enum Installed {
    Installed {
        path: String,
        backup: Option<String>,
    },
    Unchanged {
        path: String,
    },
    Failed {
        path: String,
        reason: String,
    },
}

impl Installed {
    /// "~/start_hsds.sh installed; the old one is kept as ~/start_hsds.sh.pcwiz-backup-…".
    pub fn describe(&self) -> String {
        match self {
            Installed::Installed { path, backup: None } => format!("{} installed", shown(path)),
            Installed::Installed {
                path,
                backup: Some(b),
            } => format!(
                "{} installed; the old one is kept as {}",
                shown(path),
                shown(b)
            ),
            Installed::Unchanged { path } => format!("{} already up to date", shown(path)),
            Installed::Failed { path, reason } => {
                format!("{} NOT installed: {reason}", shown(path))
            }
        }
    }

    pub fn failed(&self) -> bool {
        matches!(self, Installed::Failed { .. })
    }
}

/// A path as the user would type it on the head node: home-relative ones with `~/`.
fn shown(path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("~/{path}")
    }
}

/// Reads the installer's lines; a file with no line at all failed silently.
pub fn parse(output: &str, files: &[InstallFile]) -> Vec<Installed> {
    files
        .iter()
        .map(|file| {
            let line = output
                .lines()
                .map(|l| l.split('\t').collect::<Vec<_>>())
                .find(|parts| parts.get(1) == Some(&file.path));
            let path = file.path.to_string();
            match line.as_deref() {
                Some(["installed", _, backup]) => Installed::Installed {
                    path,
                    backup: Some(backup.to_string()).filter(|b| !b.is_empty()),
                },
                Some(["unchanged", ..]) => Installed::Unchanged { path },
                Some(["failed", _, reason]) => Installed::Failed {
                    path,
                    reason: reason.to_string(),
                },
                _ => Installed::Failed {
                    path,
                    reason: "the head node gave no answer for it".into(),
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_the_head_node_did_not_answer_for_is_a_failure() {
        let files = vec![
            InstallFile {
                path: "start_hsds.sh",
                mode: "755",
                contents: "#!/bin/sh\n".into(),
            },
            InstallFile {
                path: ".hscfg",
                mode: "644",
                contents: "hs_endpoint = http://localhost:5101\n".into(),
            },
        ];
        let results = parse("installed\tstart_hsds.sh\t\n", &files);
        assert_eq!(
            results[0],
            Installed::Installed {
                path: "start_hsds.sh".into(),
                backup: None
            }
        );
        assert!(results[1].failed() && results[1].describe().contains("NOT installed"));
    }
}
