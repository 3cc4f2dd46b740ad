//! HSDS and reV set-up on a cluster: the files reV's guide has users write by hand
//! (sections 5 and 6 of seed 000), generated per cluster, the keys for private data kept
//! in the OS keyring, installed over ssh (HSDS itself pip-installed into a venv on the
//! shared file system) and checked through Slurm on a compute node.

pub mod install;
pub mod key_check;
pub mod keyring_store;
pub mod keys;
pub mod setup;
pub mod venv;
pub mod verify;
