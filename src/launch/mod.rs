//! Launching a cluster, the use case both front ends share: preflight, pcluster's dry run,
//! the creation with its history record, and following the stack until the head node is
//! ready or the creation failed.

pub mod follow;
pub mod narrated;
pub mod network;
pub mod preflight;
pub mod start;
pub mod upkeep;
