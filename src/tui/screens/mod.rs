//! One file per screen.

pub mod cleanup;
pub mod clusters;
pub mod dashboard;
pub mod help;
pub mod main_menu;
pub mod setup;
pub mod sizing;
pub mod wizard;
