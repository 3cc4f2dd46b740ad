//! The wizard as data: its steps, the draft it fills in, and the choices each step offers.
//! No I/O and no rendering: the TUI (and later the `--plain` front end) drive this model,
//! and `store::drafts` saves it.

pub mod build;
pub mod change;
pub mod draft;
pub mod explore;
pub mod key_step;
pub mod network_step;
pub mod steps;

pub use draft::Draft;
pub use steps::StepId;
