//! "Check my setup": doctor's findings (credentials, region, the programs pcwiz drives),
//! each with what to do next.

mod keys;
mod state;
mod view;

pub use keys::{KEYS, Key};
pub use state::{Setup, SetupOutcome};
pub use view::{findings, render};
