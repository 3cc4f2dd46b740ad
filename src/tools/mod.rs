//! The external programs pcwiz relies on: finding them and asking their version. (`pcluster`
//! itself, and its installer, are `pcluster/`'s.)

pub mod editor;
pub mod locate;
pub mod probe;
pub mod ssh_keygen;
