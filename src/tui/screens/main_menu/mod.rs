//! The main menu: the doors (after gismo's `mainmenu`), and why you would open each.

pub mod doors;
mod view;

pub use doors::Door;
pub use view::render;
