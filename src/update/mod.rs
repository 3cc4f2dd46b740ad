//! Changing a running cluster, the use case both front ends share: its config as pcluster
//! stored it (`current`), pcluster's dry run said in words with what it would stop, kill and
//! cost (`preview`), then the update itself, with the fleet stopped around it when pcluster
//! needs that, recorded in the history and followed on the stack (`apply`).

pub mod apply;
pub mod current;
pub mod preview;
