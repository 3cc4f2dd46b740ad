//! What the clean-up screen says in sums: what parking keeps billing, how a run went, and
//! what still bills after it. Pure arithmetic over the plan and the engine's results.

use super::state::CleanupUi;
use crate::cleanup::{Item, Kind, Outcome, Plan, Progress};
use crate::cluster::network::{HOURS_PER_MONTH, NAT_USD_PER_HOUR};
use crate::cluster::price::money;

/// What still bills once parked: the data and the network stay, while compute instances
/// end and the head node stops (its stack itself is free).
fn bills_while_parked(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::EbsVolume
            | Kind::EbsSnapshot
            | Kind::EfsFileSystem
            | Kind::FsxFileSystem
            | Kind::LogGroup
            | Kind::NetworkStack
    )
}

/// "$40.85/month (+2 unpriced)": a sum that says when it is only a floor.
pub fn per_month(usd: f64, unpriced: usize) -> String {
    match unpriced {
        0 => format!("{}/month", money(usd)),
        n => format!("{}/month (+{n} unpriced)", money(usd)),
    }
}

/// Sums items' $/month; those with no price but a cost note count as unpriced.
pub fn sum<'a>(items: impl Iterator<Item = &'a Item>) -> (f64, usize) {
    items.fold((0.0, 0), |(usd, unknown), i| match i.usd_per_month {
        Some(u) => (usd + u, unknown),
        None if i.cost_note.is_some() => (usd, unknown + 1),
        None => (usd, unknown),
    })
}

/// The park question's money line, from the plan on screen.
pub fn park_note(plan: &Plan) -> String {
    let (usd, unpriced) = sum(plan.items.iter().filter(|i| bills_while_parked(i.kind)));
    format!(
        "Storage and the network keep billing {}.",
        per_month(usd, unpriced)
    )
}

/// The park question's money line without a plan (parking from the dashboard), which knows
/// the storage's price but not whether the network has a NAT gateway.
pub fn park_note_without_plan(storage_usd_per_hour: Option<f64>) -> String {
    let nat = money(NAT_USD_PER_HOUR * HOURS_PER_MONTH);
    let storage = match storage_usd_per_hour {
        Some(usd) => format!("{}/month", money(usd * HOURS_PER_MONTH)),
        None => "an amount unknown here".into(),
    };
    format!("Storage keeps billing {storage}; a NAT gateway, if any, {nat}/month.")
}

/// How a run went, counted over the plan's items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub removed: usize,
    pub already_gone: usize,
    pub failed: usize,
    pub kept: usize,
}

impl CleanupUi {
    /// The latest word on one item, if any.
    pub fn progress_of(&self, item: &Item) -> Option<&Progress> {
        self.progress
            .iter()
            .find(|p| p.kind == item.kind && p.id == item.id)
    }

    /// The ticked items, each with its progress: the rows of a run.
    pub fn run_rows(&self) -> Vec<(&Item, Option<&Progress>)> {
        self.plan
            .iter()
            .flat_map(|p| p.selected())
            .map(|i| (i, self.progress_of(i)))
            .collect()
    }

    /// A ticked item the run ended without removing: failed, or never reached.
    fn not_removed(&self, item: &Item) -> bool {
        item.selected
            && !matches!(
                self.progress_of(item).and_then(|p| p.outcome.as_ref()),
                Some(Outcome::Deleted | Outcome::AlreadyGone | Outcome::Kept)
            )
    }

    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for item in self.plan.iter().flat_map(|p| p.items.iter()) {
            let outcome = self.progress_of(item).and_then(|p| p.outcome.as_ref());
            match (item.selected, outcome) {
                (false, _) | (true, Some(Outcome::Kept)) => tally.kept += 1,
                (true, Some(Outcome::Deleted)) => tally.removed += 1,
                (true, Some(Outcome::AlreadyGone)) => tally.already_gone += 1,
                (true, _) => tally.failed += 1,
            }
        }
        tally
    }

    /// After a run: what still bills, the unticked items and those that failed.
    pub fn still_billing(&self) -> Vec<&Item> {
        self.plan
            .iter()
            .flat_map(|p| p.items.iter())
            .filter(|i| !i.selected || self.not_removed(i))
            .filter(|i| i.usd_per_month.is_some_and(|u| u > 0.0) || i.cost_note.is_some())
            .collect()
    }
}
