//! Every AWS call pcwiz makes, one file per concern. Nothing here returns SDK types.

pub mod budgets;
pub mod catalog;
pub mod cleanup_deletes;
pub mod cleanup_reads;
pub mod cluster_list;
pub mod clusters;
pub mod console_output;
pub mod credential_source;
pub mod environment;
pub mod error;
pub mod identity;
pub mod in_use;
pub mod instance_power;
pub mod keypairs;
pub mod network;
pub mod network_stack;
pub mod price_engine;
pub mod price_list;
pub mod pricing;
pub mod profile_files;
pub mod sdk;
pub mod session;
pub mod sizing_catalog;
pub mod sso_cache;
pub mod stacks;
pub mod surroundings;
