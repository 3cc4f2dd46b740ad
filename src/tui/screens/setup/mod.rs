//! "Check my setup": doctor's findings (credentials, region, the programs pcwiz drives),
//! each with what to do next, and the things a newcomer lacks, done from here: an IAM
//! user's keys written as a profile (`a`), an SSO profile written and logged in to (`s`),
//! and pcluster installed (`i`).

mod fields;
mod form;
mod keys;
mod sso_form;
mod state;
mod view;
mod view_extras;

pub use form::KeysForm;
pub use keys::{KEYS, Key};
pub use sso_form::SsoForm;
pub use state::{Install, Setup, SetupOutcome, SsoLogin};
pub use view::{findings, render};
