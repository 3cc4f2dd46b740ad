//! HSDS and reV set-up on a cluster (issue 9, in progress): the files reV's guide has
//! users write by hand (section 5 and 6 of seed 000), generated per cluster.

pub mod files;
