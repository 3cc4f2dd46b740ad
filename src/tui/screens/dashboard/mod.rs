//! A cluster's dashboard: its state refreshed by itself (one CloudFormation call, one EC2
//! call, one ssh round trip), the tabs, the actions that ask first (`actions.rs`), and the
//! "Set up HSDS" screen over it (`hsds_setup.rs`), the idle guard and the budget
//! (`guard.rs`), the reV tab's run as watched (`rev_watch.rs`), its new run (`rev_run.rs`)
//! and its outputs fetched (`rev_fetch.rs`).

mod actions;
mod guard;
mod history;
mod hsds_setup;
mod keys;
mod rev_fetch;
mod rev_run;
mod rev_watch;
mod state;
mod view;

pub use actions::{ActionResult, DashAction, Dialog};
pub use guard::BudgetLook;
pub use keys::{KEYS, Key};
pub use rev_fetch::{FetchStage, RevFetchUi};
pub use rev_run::{Field as RevField, RevRunUi, Stage as RevStage};

/// The new reV run's fields, in order (for the view).
pub fn rev_run_fields() -> [RevField; 13] {
    rev_run::FIELDS
}
pub use state::{CleanUp, DashboardOutcome, DashboardUi, Part, RECENT_503, REFRESH_EVERY, Tab};
pub use view::render;
