//! Files pcwiz keeps under the platform's config, data, cache and state directories.

pub mod atomic;
pub mod config_copies;
pub mod dirs;
pub mod drafts;
pub mod history;
pub mod known_hosts;
pub mod presets;
pub mod price_cache;
pub mod price_outage;
pub mod ssh_dir;
pub mod watch_settings;
