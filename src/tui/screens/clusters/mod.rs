//! "Resume or monitor an existing cluster" (and the clean-up door's list): the region's
//! clusters, the selected one's details, and Enter to its dashboard or clean-up plan.

mod keys;
mod state;
mod view;

pub use keys::{KEYS, Key};
pub use state::{ClustersOutcome, ClustersUi, Open, Purpose};
pub use view::render;
