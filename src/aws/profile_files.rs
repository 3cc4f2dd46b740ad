//! A reader for `~/.aws/config` and `~/.aws/credentials` that keeps line numbers.
//!
//! The SDK parses these files too, but when a file is malformed it only says that it failed.
//! pcwiz users edit these files by hand from guides, so doctor must point at the exact line.
//! This parser follows the AWS CLI's rules: `[profile NAME]` / `[default]` /
//! `[sso-session NAME]` sections in the config file, `[NAME]` in the credentials file,
//! `key = value` properties, `#`/`;` comments, and indented continuation lines for nested
//! settings such as `s3 =`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Which of the two files a section came from: their header syntax differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Config,
    Credentials,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionName {
    Profile(String),
    SsoSession(String),
    /// Sections pcwiz does not use (`[services x]`, unknown kinds); kept so nothing is lost.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub name: SectionName,
    /// 1-based line of the `[header]`, for messages that point into the file.
    pub line: usize,
    pub properties: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}, line {line}: {reason} (the line reads `{text}`)")]
pub struct ParseError {
    pub path: PathBuf,
    pub line: usize,
    /// The line as it may be shown: a header whole, a setting as its key and the value's
    /// last 4 characters (`masked`): a typo in `aws_secret_access_key` must not print it.
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFile {
    pub sections: Vec<Section>,
}

impl ParsedFile {
    pub fn profile(&self, name: &str) -> Option<&Section> {
        self.sections
            .iter()
            .rev() // a later section of the same name wins, as in the AWS CLI
            .find(|s| matches!(&s.name, SectionName::Profile(n) if n == name))
    }

    pub fn sso_session(&self, name: &str) -> Option<&Section> {
        self.sections
            .iter()
            .rev()
            .find(|s| matches!(&s.name, SectionName::SsoSession(n) if n == name))
    }

    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.sections.iter().filter_map(|s| match &s.name {
            SectionName::Profile(n) => Some(n.as_str()),
            _ => None,
        })
    }
}

/// Parse the text of one file. `path` is only used in error messages.
pub fn parse(text: &str, kind: FileKind, path: &Path) -> Result<ParsedFile, ParseError> {
    let mut file = ParsedFile::default();
    let error = |line: usize, raw: &str, reason: &str| ParseError {
        path: path.to_path_buf(),
        line,
        text: masked(raw.trim()),
        reason: reason.to_string(),
    };
    // The last property seen, so that an indented line can continue it.
    let mut last_key: Option<String> = None;

    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indented = raw.starts_with(' ') || raw.starts_with('\t');

        if trimmed.starts_with('[') {
            let Some(inner) = trimmed.strip_prefix('[').and_then(|t| {
                // Comments may follow the closing bracket.
                t.split_once(']').map(|(inner, _)| inner)
            }) else {
                return Err(error(
                    number,
                    raw,
                    "a section header is missing its closing `]`",
                ));
            };
            let name = section_name(inner.trim(), kind)
                .ok_or_else(|| error(number, raw, "a section header has no name"))?;
            file.sections.push(Section {
                name,
                line: number,
                properties: BTreeMap::new(),
            });
            last_key = None;
            continue;
        }

        let Some(section) = file.sections.last_mut() else {
            return Err(error(
                number,
                raw,
                "a setting appears before any `[profile …]` header",
            ));
        };

        if indented && let Some(key) = &last_key {
            // Continuation of a nested setting (`s3 =` followed by indented lines).
            let value = section.properties.entry(key.clone()).or_default();
            if !value.is_empty() {
                value.push('\n');
            }
            value.push_str(trimmed);
            continue;
        }

        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(error(
                number,
                raw,
                "expected `key = value` or a `[section]` header",
            ));
        };
        let key = key.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(error(
                number,
                raw,
                "the setting's name is empty or has spaces",
            ));
        }
        section
            .properties
            .insert(key.to_ascii_lowercase(), strip_inline_comment(value.trim()));
        last_key = Some(key.to_ascii_lowercase());
    }
    Ok(file)
}

fn section_name(inner: &str, kind: FileKind) -> Option<SectionName> {
    if inner.is_empty() {
        return None;
    }
    let mut words = inner.split_whitespace();
    let first = words.next()?;
    let rest: Vec<&str> = words.collect();
    let name = match (kind, first, rest.as_slice()) {
        (FileKind::Credentials, name, []) => SectionName::Profile(name.to_string()),
        (FileKind::Config, "default", []) => SectionName::Profile("default".into()),
        (FileKind::Config, "profile", [name]) => SectionName::Profile(name.to_string()),
        (FileKind::Config, "sso-session", [name]) => SectionName::SsoSession(name.to_string()),
        _ => SectionName::Other(inner.to_string()),
    };
    Some(name)
}

/// `region = us-west-2 # Oregon` → `us-west-2`. Only ` #` / ` ;` start a comment, because
/// values such as SSO start URLs may contain `#` (the reV guide's `…/start/#`).
fn strip_inline_comment(value: &str) -> String {
    let cut = [" #", "\t#", " ;", "\t;"]
        .iter()
        .filter_map(|marker| value.find(marker))
        .min();
    match cut {
        Some(at) => value[..at].trim_end().to_string(),
        None => value.to_string(),
    }
}

/// A line that may hold a secret, fit to print: `[headers]` whole; anything else as its
/// key (a leading word of lowercase letters, digits, `_`, `.`, `-`, as setting names are,
/// however misspelt), its separator as typed, and the rest of the line by its last 4
/// characters only ("aws_secret_access_key: …EKEY"), or not at all when it is that short.
/// A line that is only a pasted secret has no key: it shows as "…EKEY".
fn masked(line: &str) -> String {
    if line.starts_with('[') {
        return line.to_string();
    }
    let run = line
        .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c)))
        .unwrap_or(line.len());
    let after = &line[run..];
    let is_key = run > 0
        && (after.is_empty()
            || after.starts_with(['=', ':'])
            || after.starts_with(char::is_whitespace));
    // The key and its separator as typed ("region =", "aws_secret_access_key:"), then the value.
    let value_start = if is_key {
        let spaced = run + (after.len() - after.trim_start().len());
        match line[spaced..].starts_with(['=', ':']) {
            true => spaced + 1,
            false => spaced,
        }
    } else {
        0
    };
    let prefix = line[..value_start].trim_end();
    let value = line[value_start..].trim();
    let shown = match value.chars().count() {
        0 => String::new(),
        n if n <= 4 => "…".into(),
        n => format!("…{}", value.chars().skip(n - 4).collect::<String>()),
    };
    let gap = if prefix.is_empty() || shown.is_empty() {
        ""
    } else {
        " "
    };
    format!("{prefix}{gap}{shown}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_line_shows_its_key_and_only_the_values_last_4_characters() {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let err = parse(
            &format!("[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key: {secret}\n"),
            FileKind::Credentials,
            Path::new("/home/u/.aws/credentials"),
        )
        .unwrap_err();
        assert_eq!(err.line, 3);
        assert_eq!(err.text, "aws_secret_access_key: …EKEY");
        let said = err.to_string();
        assert!(
            !said.contains("wJalr") && !said.contains("K7MDENG"),
            "{said}"
        );
        assert!(said.contains("`aws_secret_access_key: …EKEY`"), "{said}");
        // Without any separator, a space: still the key and the last 4.
        assert_eq!(
            masked(&format!("aws_secret_access_key {secret}")),
            "aws_secret_access_key …EKEY"
        );
        assert_eq!(
            masked("output json"),
            "output …",
            "short values are not shown at all"
        );
        assert_eq!(
            masked("[profile rev"),
            "[profile rev",
            "headers hold no secret"
        );
        assert_eq!(
            masked(secret),
            "…EKEY",
            "a pasted secret alone has no key to show"
        );
        assert_eq!(masked("AKIAIOSFODNN7EXAMPLE"), "…MPLE");
        assert_eq!(masked("region = us-west-2"), "region = …st-2");
    }

    fn config(text: &str) -> Result<ParsedFile, ParseError> {
        parse(text, FileKind::Config, Path::new("/home/u/.aws/config"))
    }

    #[test]
    fn reads_the_guides_sso_profile() {
        let file = config(
            "[profile rev]\nsso_session = acct\nsso_account_id = 111122223333\nregion = us-west-2\n\n\
             [sso-session acct]\nsso_start_url = https://org-name.awsapps.com/start/#\nsso_region = us-west-2\n",
        )
        .unwrap();
        let profile = file.profile("rev").unwrap();
        assert_eq!(profile.properties["sso_session"], "acct");
        assert_eq!(profile.line, 1);
        let session = file.sso_session("acct").unwrap();
        assert_eq!(
            session.properties["sso_start_url"],
            "https://org-name.awsapps.com/start/#"
        );
    }

    #[test]
    fn nested_settings_and_comments_are_accepted() {
        let file = config(
            "# mine\n[default]\nregion = us-east-1 ; comment\ns3 =\n  max_concurrent_requests = 20\n",
        )
        .unwrap();
        let default = file.profile("default").unwrap();
        assert_eq!(default.properties["region"], "us-east-1");
        assert_eq!(default.properties["s3"], "max_concurrent_requests = 20");
    }

    #[test]
    fn a_line_without_equals_is_reported_with_its_number() {
        let err = config("[default]\nregion = us-west-2\naws_access_key_id AKIA123\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.to_string().contains("line 3"), "{err}");
        assert!(
            err.to_string().contains("`aws_access_key_id …A123`"),
            "{err}"
        );
    }

    #[test]
    fn an_unclosed_header_is_reported() {
        let err = config("[profile rev\nregion = us-west-2\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.reason.contains("closing"));
    }

    #[test]
    fn settings_before_any_header_are_reported() {
        let err = config("region = us-west-2\n[default]\n").unwrap_err();
        assert_eq!(err.line, 1);
    }

    #[test]
    fn credentials_file_sections_are_bare_profile_names() {
        let file = parse(
            "[rev]\naws_access_key_id = AKIAEXAMPLE\n",
            FileKind::Credentials,
            Path::new("c"),
        )
        .unwrap();
        assert!(file.profile("rev").is_some());
        assert_eq!(file.profile_names().collect::<Vec<_>>(), vec!["rev"]);
    }

    #[test]
    fn profile_without_the_word_profile_in_config_is_not_a_profile() {
        // The AWS CLI ignores `[rev]` in the config file; users hit this when copying
        // sections between the two files, so pcwiz must not pretend it works.
        let file = config("[rev]\nregion = us-west-2\n").unwrap();
        assert!(file.profile("rev").is_none());
    }
}
