//! pcwiz: a terminal wizard and dashboard for AWS ParallelCluster.
//!
//! Front ends (`tui`, `cli`) sit on top of the domain (`doctor`) and the I/O layers
//! (`aws`, `tools`, `pcluster`, `store`). See DESIGN.md in the shared folder for the plan.

pub mod aws;
pub mod cleanup;
pub mod cli;
pub mod cluster;
pub mod context;
pub mod credentials;
pub mod doctor;
pub mod guard;
pub mod hsds;
pub mod keys;
pub mod launch;
pub mod logging;
pub mod measure;
pub mod monitor;
pub mod pcluster;
pub mod plain;
pub mod remote;
pub mod rev;
pub mod store;
pub mod tools;
pub mod tui;
pub mod update;
pub mod wizard;
