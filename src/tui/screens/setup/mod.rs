//! "Check my setup": doctor's findings (credentials, region, the programs pcwiz drives),
//! each with what to do next.

mod view;

pub use view::{findings, render};
