//! Cleaning a cluster up: everything it leaves billing found and shown first (`plan`,
//! `discover`), then removed in a safe order, idempotently (`execute`); or the cluster
//! parked in its minimal state instead (`park`, whose fleet stop and wait an update
//! shares: `fleet_stop`); and the region swept for what no cluster
//! owns any more (`sweep`).

pub mod discover;
pub mod execute;
pub mod fleet_stop;
pub mod park;
pub mod sweep;

pub use crate::cluster::cleanup_plan::{Item, Kind, Outcome, Plan, Progress};
