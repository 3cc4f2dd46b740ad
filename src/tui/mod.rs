//! The full-screen front end, in the Elm style of ratatui's component template:
//! terminal events, ticks and background results become `Action`s; `App::update` is pure and
//! returns `Command`s; `view::render` draws from state only and never waits.

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
