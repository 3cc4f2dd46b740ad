//! "Resume or monitor an existing cluster" (and the clean-up door's list): the region's
//! clusters, the selected one's details, and Enter to its dashboard or clean-up plan.

mod state;
mod view;

pub use state::{ClustersOutcome, ClustersUi, Purpose};
pub use view::render;
