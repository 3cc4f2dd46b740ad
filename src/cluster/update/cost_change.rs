//! What the cluster costs per hour before and after a change, idle and at full scale: the
//! same cost model as the wizard's panel, run on the current config and on the new one.

use serde::Serialize;

use crate::cluster::cost::{Breakdown, Estimate};
use crate::cluster::price::hourly;

/// One of the two figures, before → after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BeforeAfter {
    pub before_usd_per_hour: f64,
    pub after_usd_per_hour: f64,
    /// A line without a price on either side: the figures are then "at least".
    pub at_least: bool,
}

impl BeforeAfter {
    fn of(before: &Breakdown, after: &Breakdown) -> Self {
        Self {
            before_usd_per_hour: before.usd_per_hour(),
            after_usd_per_hour: after.usd_per_hour(),
            at_least: before.unpriced() + after.unpriced() > 0,
        }
    }

    /// "$0.2056/h → $0.2056/h (no change)", "$18.56/h → $36.92/h (+$18.36/h)".
    pub fn text(&self) -> String {
        let delta = self.after_usd_per_hour - self.before_usd_per_hour;
        let change = if delta.abs() < 0.00005 {
            "no change".to_string()
        } else if delta > 0.0 {
            format!("+{}/h", hourly(delta))
        } else {
            format!("−{}/h", hourly(-delta))
        };
        let at_least = if self.at_least { "at least " } else { "" };
        format!(
            "{at_least}{}/h → {at_least}{}/h ({change})",
            hourly(self.before_usd_per_hour),
            hourly(self.after_usd_per_hour)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CostChange {
    /// Nothing running: the head node, static nodes and storage.
    pub idle: BeforeAfter,
    /// Every queue at MaxCount.
    pub full_scale: BeforeAfter,
}

pub fn compare(before: &Estimate, after: &Estimate) -> CostChange {
    CostChange {
        idle: BeforeAfter::of(&before.idle, &after.idle),
        full_scale: BeforeAfter::of(&before.full_scale, &after.full_scale),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(before: f64, after: f64) -> BeforeAfter {
        BeforeAfter {
            before_usd_per_hour: before,
            after_usd_per_hour: after,
            at_least: false,
        }
    }

    #[test]
    fn before_and_after_read_with_the_difference() {
        assert_eq!(
            figures(18.5632, 36.9232).text(),
            "$18.5632/h → $36.9232/h (+$18.36/h)"
        );
        assert_eq!(figures(0.2, 0.2).text(), "$0.2/h → $0.2/h (no change)");
        assert_eq!(figures(2.0, 1.5).text(), "$2/h → $1.5/h (−$0.5/h)");
        let unpriced = BeforeAfter {
            at_least: true,
            ..figures(1.0, 2.0)
        };
        assert_eq!(unpriced.text(), "at least $1/h → at least $2/h (+$1/h)");
    }
}
