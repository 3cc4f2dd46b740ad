//! A cluster's dashboard: its state refreshed by itself (one CloudFormation call, one EC2
//! call, one ssh round trip), the tabs, the actions that ask first (`actions.rs`), and the
//! "Set up HSDS" screen over it (`hsds_setup.rs`), the idle guard and the budget
//! (`guard.rs`).

mod actions;
mod guard;
mod history;
mod hsds_setup;
mod keys;
mod state;
mod view;

pub use actions::{ActionResult, DashAction, Dialog};
pub use guard::BudgetLook;
pub use keys::{KEYS, Key};
pub use state::{CleanUp, DashboardOutcome, DashboardUi, Part, RECENT_503, REFRESH_EVERY, Tab};
pub use view::render;
