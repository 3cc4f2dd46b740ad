//! Cleaning a cluster up: everything it leaves billing found and shown first (`plan`,
//! `discover`), then removed in a safe order, idempotently (`execute`); or the cluster
//! parked in its minimal state instead (`park`); and the region swept for what no cluster
//! owns any more (`sweep`).

pub mod discover;
pub mod execute;
pub mod park;
pub mod sweep;

pub use crate::cluster::cleanup_plan::{Item, Kind, Outcome, Plan, Progress};
