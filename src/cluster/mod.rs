//! The pure domain: what a cluster is made of and the rules it must follow. No I/O here:
//! `aws/`, `store/` and `tools/` fetch and write; this module only decides.

pub mod access_keys;
pub mod aws_scope;
pub mod budget;
pub mod cleanup_plan;
pub mod cluster_instance;
pub mod cluster_name;
pub mod cluster_row;
pub mod config;
pub mod cost;
pub mod cost_text;
pub mod edits;
pub mod findings;
pub mod guard;
pub mod host_keys;
pub mod hsds_files;
pub mod instance;
pub mod launch;
pub mod launch_failure;
pub mod local_keys;
pub mod network;
pub mod node_billing;
pub mod os;
pub mod presets;
pub mod price;
pub mod price_book;
pub mod price_outage;
pub mod probe_report;
pub mod regions;
pub mod rev_status;
pub mod sizing;
pub mod slurm;
pub mod snapshot;
pub mod spent;
pub mod ssh_key;
pub mod stack;
