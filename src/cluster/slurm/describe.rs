//! A node's state as sinfo shows it ("idle~", "mixed#") and as a person needs it
//! ("powered off, no cost"), and whether it costs money. ParallelCluster's dynamic nodes
//! live in Slurm's power-saving states, so the suffix is what tells an analyst whether
//! an instance exists.

use super::Node;

/// sinfo's suffixes, in the order Slurm's node_state_string() tests them: the first
/// flag present wins (so a booting cloud node, POWERING_UP and NOT_RESPONDING at once,
/// is "mixed#", as in the 24.11 capture).
const SUFFIXES: &[(&str, char)] = &[
    ("MAINTENANCE", '$'),
    ("REBOOT_ISSUED", '^'),
    ("REBOOT_REQUESTED", '@'),
    ("POWERING_UP", '#'),
    ("POWERING_DOWN", '%'),
    ("POWERED_DOWN", '~'),
    ("POWER_DOWN", '!'),
    ("NOT_RESPONDING", '*'),
];

pub fn describe_node(node: &Node) -> (String, &'static str) {
    let has = |flag: &str| node.flags.iter().any(|f| f == flag);
    let suffix = SUFFIXES
        .iter()
        .find(|(flag, _)| has(flag))
        .map(|&(_, c)| c)
        // Slurm's "+" marks an allocated node whose jobs are completing.
        .or_else(|| (node.state == "allocated" && has("COMPLETING")).then_some('+'));
    let label = match suffix {
        Some(c) => format!("{}{c}", node.state),
        None => node.state.clone(),
    };
    (label, words(&node.state, suffix))
}

fn words(state: &str, suffix: Option<char>) -> &'static str {
    match (state, suffix) {
        ("drained", Some('~')) => "drained and powered off, no cost",
        ("down", Some('~')) => "down and powered off, no cost",
        (_, Some('~')) => "powered off, no cost",
        (_, Some('#')) => "powering up",
        (_, Some('%')) => "powering down",
        (_, Some('!')) => "will power down soon",
        (_, Some('$')) => "in maintenance",
        (_, Some('^')) => "rebooting",
        (_, Some('@')) => "reboot pending",
        ("down", Some('*')) => "down, not responding",
        (_, Some('*')) => "not responding",
        ("idle", _) => "idle, ready for jobs",
        ("allocated", Some('+')) => "busy, jobs finishing",
        ("allocated", _) => "busy, all CPUs in use",
        ("mixed", _) => "busy, some CPUs free",
        ("draining", _) => "draining: finishing its jobs, takes no new ones",
        ("drained", _) => "drained, takes no jobs",
        ("down", _) => "down, takes no jobs",
        ("completing", _) => "finishing jobs",
        ("error", _) => "in error",
        ("future", _) => "not yet in service",
        ("unknown", _) => "state unknown",
        _ => "state not recognised",
    }
}

/// Whether an instance is running (and billing) behind this node. A powered-down cloud
/// node has no instance; one powering up or down still has one; a FUTURE node has none
/// yet. Everything else, static nodes included, is a running instance.
pub fn node_bills(node: &Node) -> bool {
    let has = |flag: &str| node.flags.iter().any(|f| f == flag);
    if node.state == "future" {
        return false;
    }
    // Powered down means no instance, unless it is already being started again.
    !has("POWERED_DOWN") || has("POWERING_UP")
}
