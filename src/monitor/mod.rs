//! Watching existing clusters, the use case both front ends share: the cluster list now,
//! the dashboard's data next.

pub mod list;
