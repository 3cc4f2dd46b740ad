//! The full-screen front end, in the Elm style of ratatui's component template: terminal
//! events, ticks and background results become `Action`s (`action.rs`); `App::update`
//! (`app.rs`) is pure and returns `Command`s, which `effects/` runs as tokio tasks, one file
//! per service; `view::render` draws from state only and never waits. Each screen is a
//! folder of `screens/` (its state, its view, and the key table that drives its handler,
//! footer and help; `keys.rs` is the table's machinery); `widgets/` are the drawing pieces
//! screens share, `layout.rs` where things go on the screen.

pub mod action;
pub mod app;
pub mod effects;
pub mod event_loop;
pub mod keys;
pub mod layout;
pub mod remote;
pub mod screens;
pub mod shell;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod widgets;

pub use event_loop::{Options, run};
