//! The sized plans as the screen shows them (rows made once, prices labelled as of then)
//! and the one selected, with what `⏎` fills in.

use chrono::{DateTime, Utc};

use crate::cluster::sizing::rows::{Row, rows};
use crate::cluster::sizing::{Pick, Sizing};

/// The sized plans and the one selected.
#[derive(Debug, Clone, PartialEq)]
pub struct Plans {
    pub sizing: Sizing,
    /// The plans as text, made once (rounded, prices labelled as of `new`).
    pub rows: Vec<Row>,
    pub selected: usize,
    pub show_assumptions: bool,
    pub region: String,
    /// "on-demand" or "spot".
    pub market: &'static str,
}

impl Plans {
    /// Selects pcwiz's suggestion (the cheapest that meets the deadline). `unknown` names a
    /// missing price as the cost engine does ("unknown offline").
    pub fn new(
        sizing: Sizing,
        now: DateTime<Utc>,
        unknown: &str,
        region: impl Into<String>,
        market: &'static str,
    ) -> Self {
        Self {
            rows: rows(&sizing, now, unknown),
            selected: sizing.suggested().unwrap_or(0),
            sizing,
            show_assumptions: false,
            region: region.into(),
            market,
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// What `⏎` fills in: the queue and reV's settings of the selected plan.
    pub fn pick(&self) -> Option<Pick> {
        self.sizing.pick(self.selected)
    }

    /// The selected plan as a new reV run's execution and estimate (the reV tab's `n`).
    pub fn rev_settings(
        &self,
    ) -> Option<(
        crate::cluster::rev_project::Execution,
        Option<crate::cluster::rev_project::Estimate>,
    )> {
        let plan = self.sizing.plans.get(self.selected)?;
        let pick = self.pick()?;
        Some(crate::cluster::rev_project::from_pick(
            &pick,
            plan.hours(),
            plan.usd(),
        ))
    }
}
