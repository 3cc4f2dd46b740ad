//! The main menu: the doors (after gismo's `mainmenu`), and why you would open each.

pub mod doors;
mod keys;
mod state;
mod view;

pub use doors::Door;
pub use keys::{KEYS, Key};
pub use state::MainMenu;
pub use view::render;
