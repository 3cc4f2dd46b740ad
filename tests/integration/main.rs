//! The one integration-test binary: a module per area, as cargo itself and bottom do, so
//! the crate and its AWS SDKs are linked once for all of them instead of once per file.
//! `tests/run.sh --test integration AREA` runs one area (any test-name filter works).

mod common;

mod budget_moto;
mod cleanup_moto;
mod cleanup_neighbours_moto;
mod cleanup_screens;
mod config_moto;
mod config_offline;
mod cost_log_sshd;
mod credentials_moto;
mod doctor_moto;
mod doctor_offline;
mod e2e_explore;
mod e2e_plain;
mod e2e_setup;
mod e2e_tmux;
mod errors_on_screen;
mod explore_offline;
mod glance_runs;
mod glance_screens;
mod guard_screens;
mod guard_script;
mod guard_sshd;
mod host_keys_sshd;
mod hsds_config;
mod hsds_docker;
mod hsds_s3;
mod hsds_script;
mod hsds_setup;
mod identity_moto;
mod install_pcluster;
mod keys_moto;
mod launch_moto;
mod list_moto;
mod measure_programs;
mod network_moto;
mod pricing_live;
mod pricing_outage;
mod rev_snippet_gaps;
mod screens;
mod secrets;
mod setup_screens;
mod size_cli;
mod size_remote;
mod size_rev;
mod sizing_screens;
mod smoke_services;
mod status_moto;
mod update_moto;
mod update_screens;
mod wizard_screens;
