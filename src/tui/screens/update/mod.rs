//! Changing a running cluster (the dashboard's `u`): its config as pcluster stored it, the
//! wizard's own queue, storage and "Tags & upkeep" steps over it, pcluster's change set in
//! words with what it stops, kills and costs, one question, then the update followed as a
//! launch is (the fleet stopped and started around it when pcluster needs that).

mod keys;
mod state;
mod view;

pub use keys::{KEYS, Key};
pub use state::{Following, Stage, UpdateOutcome, UpdateUi};
pub use view::render;
