//! The clean-up screen: everything a cluster (or, from the clean-up door, the region)
//! leaves billing, ticked and removed once its name is typed; or parking instead.

mod keys;
mod state;
mod summary;
mod view;

pub use keys::{KEYS, Key};
pub use state::{Back, CleanupOutcome, CleanupUi, ParkFrom, Stage, SweepSummary};
pub use view::render;
