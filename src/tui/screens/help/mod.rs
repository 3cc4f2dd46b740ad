//! The `?` overlay: the keys that work everywhere and on the screen below it.

mod keys;
mod view;

pub use keys::{KEYS, Key};
pub use view::{detail_text, render};
