//! The `?` overlay: the keys that work everywhere and on the screen below it.

mod view;

pub use view::render;
