//! What every `--json` answer carries around its records: `meta` (the Slurm version),
//! `errors` and `warnings`. Read the same way for squeue and sinfo.

use serde_json::{Map, Value};

use super::SlurmError;
use super::value::{at, text};

/// The decoded top level of one answer, before the records are read.
pub struct Envelope {
    pub root: Map<String, Value>,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    pub version: Option<String>,
}

/// Parse stdout into an object. Empty stdout is its own error: 24.11 prints nothing at
/// all (and exits 1) when the controller is down, and the caller should say so rather
/// than "invalid JSON at line 1".
pub fn open(json: &str) -> Result<Envelope, SlurmError> {
    let trimmed = json.trim();
    if trimmed.is_empty() {
        return Err(SlurmError::NotJson(
            "Slurm printed nothing (is slurmctld running?)".into(),
        ));
    }
    let value: Value = serde_json::from_str(trimmed)
        .map_err(|e| SlurmError::NotJson(format!("{e}; output starts: {:?}", preview(trimmed))))?;
    let Value::Object(root) = value else {
        return Err(SlurmError::Unexpected(format!(
            "expected a JSON object, got: {:?}",
            preview(trimmed)
        )));
    };
    Ok(from_top(root))
}

/// The envelope from the answer's top-level object (or the part of it kept).
pub fn from_top(root: Map<String, Value>) -> Envelope {
    let errors = messages(root.get("errors"));
    let warnings = messages(root.get("warnings"));
    let version = root.get("meta").and_then(version);
    Envelope {
        root,
        errors,
        warnings,
        version,
    }
}

fn preview(s: &str) -> String {
    s.chars().take(80).collect()
}

/// `errors` / `warnings` entries: objects with `description` (the sentence) and, for
/// errors, `error` (the errno text, e.g. "Unable to contact slurm controller"). The
/// description is the more specific; the error text stands in when it is empty.
fn messages(value: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(items)) = value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let message = match item {
                Value::String(s) => s.clone(),
                Value::Object(_) => {
                    let description = text(item.get("description"));
                    if description.trim().is_empty() {
                        text(item.get("error"))
                    } else {
                        description
                    }
                }
                _ => String::new(),
            };
            let message = message.trim().to_string();
            (!message.is_empty()).then_some(message)
        })
        .collect()
}

/// "24.11.5" from `meta`. 22.05 and 23.02 write `meta.Slurm.version` with numbers, 23.11+
/// `meta.slurm.version` with strings; both also give `release`, which is preferred since
/// it is exactly what `sinfo -V` prints.
fn version(meta: &Value) -> Option<String> {
    let slurm = meta.get("slurm").or_else(|| meta.get("Slurm"))?;
    let release = text(slurm.get("release"));
    if !release.trim().is_empty() {
        return Some(release.trim().to_string());
    }
    let part = |key: &str| -> Option<String> {
        match at(slurm, &["version", key])? {
            Value::Number(n) => n.as_u64().map(|n| n.to_string()),
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        }
    };
    let (major, minor, micro) = (part("major")?, part("minor")?, part("micro")?);
    // Slurm writes minor versions as two digits ("22.05"); numbers lose the zero.
    let minor = if minor.len() == 1 {
        format!("0{minor}")
    } else {
        minor
    };
    Some(format!("{major}.{minor}.{micro}"))
}
