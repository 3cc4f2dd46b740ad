//! One look at a process tree through /proc (Linux): which processes belong to it, their
//! resident memory summed, and the CPU time they have used.

use std::collections::{HashMap, HashSet};
use std::fs;

/// A process as /proc/PID/stat shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcStat {
    pub pid: i32,
    pub ppid: i32,
    pub pgrp: i32,
    /// utime + stime + cutime + cstime, in clock ticks: its own CPU time and that of the
    /// children it has waited for (so a finished worker's time is not lost).
    pub cpu_ticks: u64,
    pub rss_pages: u64,
}

/// The tree's totals at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TreeUsage {
    pub processes: u32,
    pub rss_bytes: u64,
    pub cpu_ticks: u64,
}

/// Parses a /proc/PID/stat line. The command name sits in parentheses and may hold spaces
/// or parentheses itself, so fields are counted from the last ')'.
pub fn parse_stat(line: &str) -> Option<ProcStat> {
    let (head, tail) = line.rsplit_once(')')?;
    let pid = head.split_whitespace().next()?.parse().ok()?;
    // After ')': state(3) ppid(4) pgrp(5) … utime(14) stime(15) cutime(16) cstime(17) …
    // rss(24); index 0 here is field 3.
    let fields: Vec<&str> = tail.split_whitespace().collect();
    let field = |n: usize| -> Option<u64> { fields.get(n - 3)?.parse().ok() };
    let signed = |n: usize| -> Option<i64> { fields.get(n - 3)?.parse().ok() };
    Some(ProcStat {
        pid,
        ppid: signed(4)? as i32,
        pgrp: signed(5)? as i32,
        cpu_ticks: field(14)? + field(15)? + signed(16)?.max(0) as u64 + signed(17)?.max(0) as u64,
        rss_pages: signed(24)?.max(0) as u64,
    })
}

/// Every process readable in /proc now. Processes that end while being read are skipped.
pub fn all_processes() -> Vec<ProcStat> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|e| fs::read_to_string(e.path().join("stat")).ok())
        .filter_map(|line| parse_stat(&line))
        .collect()
}

/// The processes of `root`'s tree: its descendants by parent, plus anything left in its
/// process group (a child that daemonized and was re-parented to init).
pub fn tree_of(root: i32, processes: &[ProcStat]) -> Vec<ProcStat> {
    let mut children: HashMap<i32, Vec<i32>> = HashMap::new();
    for p in processes {
        children.entry(p.ppid).or_default().push(p.pid);
    }
    let mut stack: Vec<i32> = std::iter::once(root)
        .chain(processes.iter().filter(|p| p.pgrp == root).map(|p| p.pid))
        .collect();
    let mut members = HashSet::new();
    while let Some(pid) = stack.pop() {
        if members.insert(pid)
            && let Some(kids) = children.get(&pid)
        {
            stack.extend(kids);
        }
    }
    processes
        .iter()
        .filter(|p| members.contains(&p.pid))
        .copied()
        .collect()
}

/// The tree's totals; `page_size` in bytes.
pub fn usage(tree: &[ProcStat], page_size: u64) -> TreeUsage {
    TreeUsage {
        processes: tree.len() as u32,
        // Shared pages count once per process: an overestimate for forked workers.
        rss_bytes: tree.iter().map(|p| p.rss_pages * page_size).sum(),
        cpu_ticks: tree.iter().map(|p| p.cpu_ticks).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_spaces_and_parentheses_does_not_shift_the_fields() {
        // A real line from /proc/self/stat, with the name changed to "py (worker) 2".
        let line = "4242 (py (worker) 2) S 4200 4200 4200 34816 4242 4194304 1234 0 0 0 150 25 7 3 20 0 1 0 123456 123456789 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        let stat = parse_stat(line).unwrap();
        assert_eq!((stat.pid, stat.ppid, stat.pgrp), (4242, 4200, 4200));
        assert_eq!(stat.cpu_ticks, 150 + 25 + 7 + 3);
        assert_eq!(stat.rss_pages, 2560);
    }

    #[test]
    fn the_tree_takes_descendants_and_the_process_group_but_not_strangers() {
        let p = |pid, ppid, pgrp, rss| ProcStat {
            pid,
            ppid,
            pgrp,
            cpu_ticks: 10,
            rss_pages: rss,
        };
        let all = [
            p(100, 1, 100, 1),    // the root
            p(101, 100, 100, 2),  // its child
            p(102, 101, 102, 4),  // a grandchild in its own group
            p(103, 1, 100, 8),    // re-parented to init, still in the group
            p(104, 103, 104, 32), // its child, in a group of its own
            p(200, 1, 200, 16),   // a stranger
        ];
        let tree = tree_of(100, &all);
        let usage = usage(&tree, 4096);
        assert_eq!(usage.processes, 5);
        assert_eq!(usage.rss_bytes, (1 + 2 + 4 + 8 + 32) * 4096);
        assert_eq!(usage.cpu_ticks, 50);
    }

    #[test]
    fn this_process_is_found_in_proc() {
        let me = std::process::id() as i32;
        let all = all_processes();
        let tree = tree_of(me, &all);
        assert!(tree.iter().any(|p| p.pid == me));
        assert!(usage(&tree, 4096).rss_bytes > 0);
    }
}
