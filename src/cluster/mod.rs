//! The pure domain: what a cluster is made of and the rules it must follow. No I/O here:
//! `aws/`, `store/` and `tools/` fetch and write; this module only decides.

pub mod aws_scope;
pub mod cluster_name;
pub mod cluster_row;
pub mod config;
pub mod cost;
pub mod cost_text;
pub mod findings;
pub mod host_keys;
pub mod instance;
pub mod launch;
pub mod launch_failure;
pub mod network;
pub mod os;
pub mod presets;
pub mod price;
pub mod price_book;
pub mod regions;
pub mod sizing;
pub mod slurm;
pub mod snapshot;
pub mod spent;
pub mod ssh_key;
pub mod stack;
