//! Whether a node's reV workers would overrun its HSDS: the 503 trap of seed 000, section 6
//! ("you are, by default, allowed 100 concurrent tasks per node").
//!
//! The check is per node: each compute node runs its own HSDS (start_hsds.sh, reV's
//! `sh_script`), so a node's HSDS only ever sees that node's `max_workers`, and multiplying
//! by the node count, as issue 10 words it, would warn about load no single HSDS receives.

use serde::Serialize;

use crate::cluster::hsds_files::{REQUESTS_PER_WORKER, max_task_count, requests_in_flight};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Hsds503Check {
    pub max_workers: u32,
    /// What the node's workers may ask of its HSDS at once.
    pub requests_in_flight: u32,
    /// The node's HSDS limit: its default, or an override's.
    pub max_task_count: u32,
    /// The `max_task_count` pcwiz's override.yml would set for these workers.
    pub override_max_task_count: u32,
    /// The most workers that stay within `max_task_count`.
    pub max_workers_within: u32,
}

impl Hsds503Check {
    /// Exactly when more requests would be in flight than HSDS takes: at the limit is fine.
    pub fn warns(&self) -> bool {
        self.requests_in_flight > self.max_task_count
    }

    /// The warning and its two fixes, or `None` when the node's HSDS keeps up.
    pub fn warning(&self) -> Option<String> {
        self.warns().then(|| {
            format!(
                "HSDS 503 risk: {} workers on a node ask its HSDS for about {} requests at once, over its max_task_count of {}. Install pcwiz's override.yml (max_task_count: {}), or lower max_workers to {}.",
                self.max_workers,
                self.requests_in_flight,
                self.max_task_count,
                self.override_max_task_count,
                self.max_workers_within
            )
        })
    }
}

pub fn check(max_workers: u32, node_max_task_count: u32) -> Hsds503Check {
    Hsds503Check {
        max_workers,
        requests_in_flight: requests_in_flight(max_workers),
        max_task_count: node_max_task_count,
        override_max_task_count: max_task_count(max_workers),
        max_workers_within: node_max_task_count / REQUESTS_PER_WORKER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_five_workers_fill_hsds_default_exactly_and_twenty_six_overrun_it() {
        let at_limit = check(25, 100);
        assert_eq!(at_limit.requests_in_flight, 100);
        assert!(!at_limit.warns());
        assert_eq!(at_limit.warning(), None);

        let over = check(26, 100);
        assert_eq!(over.requests_in_flight, 104);
        assert!(over.warns());
        let warning = over.warning().unwrap();
        assert!(warning.contains("about 104 requests"), "{warning}");
        assert!(warning.contains("max_task_count: 124"), "{warning}");
        assert!(warning.contains("lower max_workers to 25"), "{warning}");
    }

    #[test]
    fn pcwiz_override_silences_it() {
        // 44 workers want 176 in flight; pcwiz's override gives 196.
        let with_override = check(44, max_task_count(44));
        assert_eq!(with_override.max_task_count, 196);
        assert!(!with_override.warns());
    }
}
