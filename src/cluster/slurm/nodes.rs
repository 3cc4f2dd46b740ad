//! `sinfo --json` (and `scontrol show nodes --json`) into one [`Node`] per node name.
//!
//! Two layouts exist. 22.05 (and, by its v0.0.39 schema, 23.02) lists `nodes[]`, one
//! object per node with its `partitions`, as `scontrol show nodes --json` does in every
//! version; 23.11+ sinfo lists `sinfo[]`, one group per partition × state, names in
//! `nodes.nodes[]`, so a node in two partitions appears twice. Both become one `Node`
//! per name with the partitions merged, in the order Slurm listed them.

use std::collections::HashMap;

use serde_json::Value;

use super::envelope;
use super::value::{at, count, text, timestamp, words};
use super::{Answer, Node, SlurmError};

/// Node base states (`NODE_STATE_BASE` in slurm.h); every other word is a flag.
const BASE_STATES: &[&str] = &[
    "IDLE",
    "ALLOCATED",
    "MIXED",
    "DOWN",
    "ERROR",
    "FUTURE",
    "UNKNOWN",
];

/// A hostlist that expands past this is garbage, not a cluster.
pub(super) const MAX_EXPANDED: usize = 100_000;

pub fn parse_sinfo(json: &str) -> Result<Answer<Node>, SlurmError> {
    let env = envelope::open(json)?;
    let mut merged = Merged::default();
    match (env.root.get("sinfo"), env.root.get("nodes")) {
        (Some(Value::Array(groups)), _) => {
            for group in groups {
                read_group(group, &mut merged);
            }
        }
        (_, Some(Value::Array(nodes))) => {
            for node in nodes {
                read_node(node, &mut merged);
            }
        }
        _ if !env.errors.is_empty() => {}
        _ => {
            return Err(SlurmError::Unexpected(
                "neither `sinfo` nor `nodes` array: is this `sinfo --json` output?".into(),
            ));
        }
    }
    Ok(Answer {
        items: merged.nodes,
        errors: env.errors,
        warnings: env.warnings,
        version: env.version,
    })
}

/// Nodes in first-seen order; a name seen again adds its partitions.
#[derive(Default)]
struct Merged {
    nodes: Vec<Node>,
    /// Name → position in `nodes`: a big cluster lists thousands of names per group.
    index: HashMap<String, usize>,
}

impl Merged {
    fn add(&mut self, node: Node) {
        match self.index.get(&node.name) {
            Some(&i) => {
                let seen = &mut self.nodes[i];
                for p in node.partitions {
                    if !seen.partitions.contains(&p) {
                        seen.partitions.push(p);
                    }
                }
                // The same node reads the same in every partition; fill gaps only.
                seen.cpus = seen.cpus.or(node.cpus);
                if seen.reason.is_none() {
                    seen.reason = node.reason;
                }
                seen.address = seen.address.take().or(node.address);
                seen.last_busy = seen.last_busy.or(node.last_busy);
            }
            None => {
                self.index.insert(node.name.clone(), self.nodes.len());
                self.nodes.push(node);
            }
        }
    }
}

/// One 23.11+ `sinfo[]` group: several nodes sharing a partition and a state.
fn read_group(group: &Value, merged: &mut Merged) {
    let (state, flags) = state_and_flags(words(at(group, &["node", "state"])));
    let partition = text(at(group, &["partition", "name"]));
    // The group's default partition is marked "standard*" in sinfo's text; not a name.
    let partition = partition.trim_end_matches('*').to_string();
    // cpus per node: only certain when every node in the group has the same count.
    let (min, max) = (
        count(at(group, &["cpus", "minimum"])),
        count(at(group, &["cpus", "maximum"])),
    );
    let cpus = (min == max).then_some(min).flatten().filter(|&c| c > 0);
    // 24.x: `reason: {description, time, user}`; accept a plain string too.
    let reason = match group.get("reason") {
        Some(r @ Value::Object(_)) => text(r.get("description")),
        other => text(other),
    };
    // `addresses[]` parallels `nodes[]` when Slurm fills it (it often leaves it empty).
    let addresses = words(at(group, &["nodes", "addresses"]));
    let names = names(at(group, &["nodes", "nodes"]));
    let aligned = addresses.len() == names.len();
    for (i, name) in names.into_iter().enumerate() {
        let seen = Seen {
            name,
            partitions: partition_list(&partition),
            cpus,
            reason: reason.clone(),
            address: aligned.then(|| addresses[i].clone()),
            last_busy: None,
        };
        merged.add(node(seen, &state, &flags));
    }
}

/// One `nodes[]` entry: 22.05/23.02 sinfo, or `scontrol show nodes --json`.
fn read_node(v: &Value, merged: &mut Merged) {
    let name = text(v.get("name"));
    if name.trim().is_empty() {
        return;
    }
    // 22.05: `state: "idle"` plus `state_flags: ["CLOUD", ...]`; 23.02+: `state: [..]`.
    let mut all = words(v.get("state"));
    all.extend(words(v.get("state_flags")));
    let (state, flags) = state_and_flags(all);
    let seen = Seen {
        name: name.trim().to_string(),
        partitions: words(v.get("partitions")),
        cpus: count(v.get("cpus")).filter(|&c| c > 0),
        reason: text(v.get("reason")),
        address: Some(text(v.get("address"))),
        // 0 (or unset) means "never busy since slurmctld started": unknown, not 1970.
        last_busy: timestamp(v.get("last_busy")),
    };
    merged.add(node(seen, &state, &flags));
}

fn partition_list(p: &str) -> Vec<String> {
    if p.is_empty() {
        Vec::new()
    } else {
        vec![p.to_string()]
    }
}

/// What one listing says about one node, before its state words are read.
struct Seen {
    name: String,
    partitions: Vec<String>,
    cpus: Option<u32>,
    reason: String,
    address: Option<String>,
    last_busy: Option<i64>,
}

fn node(seen: Seen, base: &str, flags: &[String]) -> Node {
    let Seen {
        name,
        partitions,
        cpus,
        reason,
        address,
        last_busy,
    } = seen;
    let state = state_word(base, flags);
    let reason = reason.trim();
    // A node's address is its own name until it has one (powered-down cloud nodes).
    let address = address.filter(|a| !a.trim().is_empty() && *a != name);
    // Slurm keeps a reason after the node recovers ("A node's reason can outlive the
    // state that caused it"); show it only while the node is in a state it explains.
    let troubled = matches!(state.as_str(), "down" | "drained" | "draining" | "error")
        || flags.iter().any(|f| {
            matches!(
                f.as_str(),
                "DRAIN" | "FAIL" | "NOT_RESPONDING" | "MAINTENANCE" | "REBOOT_REQUESTED"
            )
        });
    Node {
        name,
        partitions,
        state,
        flags: flags.to_vec(),
        cpus,
        reason: (troubled && !reason.is_empty()).then(|| reason.to_string()),
        address,
        last_busy,
    }
}

/// The word for a node's state, as sinfo's long form says it: the base state
/// lowercased, except that DRAIN turns a working node into "draining" (it finishes its
/// jobs first) and an idle one into "drained". A DOWN node stays "down", the harder fact.
fn state_word(base: &str, flags: &[String]) -> String {
    let base = base.to_ascii_lowercase();
    let has = |f: &str| flags.iter().any(|x| x == f);
    if has("DRAIN") {
        match base.as_str() {
            "allocated" | "mixed" => return "draining".into(),
            "down" => {}
            _ if has("COMPLETING") => return "draining".into(),
            _ => return "drained".into(),
        }
    }
    base
}

/// Base state first, flags after, all upper case. 22.05's lowercase strings and older
/// spellings are normalised here so the rest of pcwiz sees one vocabulary.
fn state_and_flags(all: Vec<String>) -> (String, Vec<String>) {
    let mut base = None;
    let mut flags: Vec<String> = Vec::new();
    for word in all {
        let word = normalise(&word.to_ascii_uppercase());
        if base.is_none() && BASE_STATES.contains(&word.as_str()) {
            base = Some(word);
        } else if !flags.contains(&word) {
            flags.push(word);
        }
    }
    // 22.05 may print the combined words sinfo shows ("drained", "draining"): their
    // base is IDLE or ALLOCATED with DRAIN on top.
    let base = match base {
        Some(b) => b,
        None => match flags.iter().position(|f| f == "DRAINED" || f == "DRAINING") {
            Some(i) => {
                let word = flags.remove(i);
                if !flags.iter().any(|f| f == "DRAIN") {
                    flags.push("DRAIN".into());
                }
                if word == "DRAINING" {
                    "ALLOCATED".into()
                } else {
                    "IDLE".into()
                }
            }
            None => {
                if flags.is_empty() {
                    String::new()
                } else {
                    flags.remove(0)
                }
            }
        },
    };
    (base, flags)
}

/// Spellings that differ between versions and tools.
fn normalise(word: &str) -> String {
    match word {
        "ALLOC" => "ALLOCATED",
        "MIX" => "MIXED",
        "NO_RESPOND" | "NOT_RESPONDING" => "NOT_RESPONDING",
        "MAINT" => "MAINTENANCE",
        other => other,
    }
    .to_string()
}

/// Node names from a HOSTLIST field: an array of names (Slurm expands them) or, to be
/// safe, compressed expressions like "standard-dy-standard-[1-3,5]".
pub(super) fn names(value: Option<&Value>) -> Vec<String> {
    let raw: Vec<String> = match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for expr in raw {
        for name in split_top_level(&expr) {
            expand(name, &mut out);
            if out.len() > MAX_EXPANDED {
                out.truncate(MAX_EXPANDED);
                return out;
            }
        }
    }
    out
}

/// "a-[1-2],b" → ["a-[1-2]", "b"]: commas inside brackets belong to the range.
fn split_top_level(expr: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in expr.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&expr[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&expr[start..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Expand the first bracket group of `name` and recurse for the rest. Zero-padding is
/// kept ("[01-03]" → 01, 02, 03). Anything malformed is taken literally.
fn expand(name: &str, out: &mut Vec<String>) {
    if out.len() > MAX_EXPANDED {
        return;
    }
    let (Some(open), Some(close)) = (name.find('['), name.find(']')) else {
        out.push(name.to_string());
        return;
    };
    if close < open {
        out.push(name.to_string());
        return;
    }
    let (prefix, ranges, suffix) = (&name[..open], &name[open + 1..close], &name[close + 1..]);
    let mut expanded = Vec::new();
    for range in ranges.split(',') {
        let range = range.trim();
        let (lo, hi) = range.split_once('-').unwrap_or((range, range));
        let (Ok(a), Ok(b)) = (lo.parse::<u64>(), hi.parse::<u64>()) else {
            out.push(name.to_string());
            return;
        };
        // Reject reversed and oversized ranges before allocating anything.
        if b < a || (b - a) as usize >= MAX_EXPANDED.saturating_sub(expanded.len()) {
            out.push(name.to_string());
            return;
        }
        let width = lo.len();
        for i in a..=b {
            expanded.push(format!("{prefix}{i:0width$}{suffix}"));
        }
    }
    for e in expanded {
        expand(&e, out);
    }
}
