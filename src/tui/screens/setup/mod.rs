//! "Check my setup": doctor's findings (credentials, region, the programs pcwiz drives),
//! each with what to do next, and the two things a newcomer lacks, done from here: an IAM
//! user's keys written as a profile (`a`), and pcluster installed (`i`).

mod form;
mod keys;
mod state;
mod view;
mod view_extras;

pub use form::KeysForm;
pub use keys::{KEYS, Key};
pub use state::{Install, Setup, SetupOutcome};
pub use view::{findings, render};
