//! The external programs pcwiz relies on: finding them, asking their version, installing
//! the ones pcwiz can install itself.

pub mod install;
pub mod locate;
pub mod probe;
pub mod ssh_keygen;
