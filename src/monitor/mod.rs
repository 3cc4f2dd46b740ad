//! Watching existing clusters, the use case both front ends share: the cluster list, and a
//! cluster's state gathered in one refresh (stack, instances, and one ssh round trip).

pub mod host_trust;
pub mod list;
pub mod priced;
pub mod reach;
pub mod status;
