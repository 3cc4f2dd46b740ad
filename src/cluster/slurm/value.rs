//! Small readers for the value shapes Slurm's JSON uses, so `jobs.rs` and `nodes.rs`
//! never look at a `serde_json::Value` type directly. Every reader answers `None` (or an
//! empty value) for a shape it does not know: garbage in a field costs that field, never
//! the whole answer and never a panic.

use serde_json::Value;

/// Slurm's "no value" and "infinite" sentinels. 22.05 prints plain numbers, and a field
/// that is unset there carries one of these instead of the `{set, infinite}` object that
/// 23.02 and later use.
const NO_VAL: u64 = 0xffff_fffe;
const INFINITE: u64 = 0xffff_ffff;
const NO_VAL64: u64 = 0xffff_ffff_ffff_fffe;
const INFINITE64: u64 = u64::MAX;

/// A number that may be plain (`12`, 22.05) or wrapped (`{"set":true,"infinite":false,
/// "number":12}`, 23.02+). Infinite, `set: false`, null and the sentinels above are all
/// `None`: for pcwiz "unlimited" and "unknown" both mean "no number to show".
pub fn number(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => plain(n),
        Value::Object(map) => {
            if map.get("infinite").and_then(Value::as_bool) == Some(true) {
                return None;
            }
            // 23.02+ always sends `set`; an object without it is not one of these.
            if map.get("set").and_then(Value::as_bool) != Some(true) {
                return None;
            }
            match map.get("number")? {
                Value::Number(n) => plain(n),
                _ => None,
            }
        }
        // 24.x prints version parts as strings; accept digits wherever a number is due.
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
}

fn plain(n: &serde_json::Number) -> Option<i64> {
    if let Some(u) = n.as_u64() {
        if matches!(u, NO_VAL | INFINITE | NO_VAL64 | INFINITE64) {
            return None;
        }
        return i64::try_from(u).ok();
    }
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    // `billable_tres` and a few others are floats; a whole float is still a count.
    let f = n.as_f64()?;
    (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
}

/// A count that fits a `u32` (node and CPU counts).
pub fn count(value: Option<&Value>) -> Option<u32> {
    number(value).and_then(|n| u32::try_from(n).ok())
}

/// Epoch seconds. Slurm uses 0 for "not yet" (a pending job's start), so 0 is `None`.
pub fn timestamp(value: Option<&Value>) -> Option<i64> {
    number(value).filter(|&t| t > 0)
}

/// A string field; anything else (missing, null, a number) is empty.
pub fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// A list of words that may come as an array (`["RUNNING","CONFIGURING"]`, 23.11+), a
/// single string (`"RUNNING"`, 22.05 and 23.02), or a joined string (`"IDLE+CLOUD"` as
/// scontrol prints it, `"standard,bigmem"` for 22.05 partitions). Empty words are dropped.
pub fn words(value: Option<&Value>) -> Vec<String> {
    let split = |s: &str| -> Vec<String> {
        s.split([',', '+'])
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    match value {
        Some(Value::String(s)) => split(s),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .flat_map(split)
            .collect(),
        _ => Vec::new(),
    }
}

/// Follow a path of object keys: `at(v, &["meta", "slurm", "version"])`.
pub fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(key))
}
