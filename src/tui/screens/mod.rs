//! One folder per screen, holding all of it: `state.rs` (or `state/`: the screen's state
//! and its pure update, keys included), `view.rs` (or `view/`: drawing, from a
//! `ViewContext` and the state only), and `keys.rs` (its ONE key table, which drives the
//! handler, the footer and its section of the help). A screen imports widgets, layout,
//! action, theme, keys and remote, never another screen: what would open another screen
//! (the dashboard's clean-up, the wizard's sizing) is an outcome the app routes.
//!
//! Adding a screen:
//! 1. a folder here, `pub mod` it below, with its state, view and key table;
//! 2. a variant of `app::Screen` and its state on `App`;
//! 3. one arm in the drawing router (`view::render`: body, footer and help) and one in the
//!    key router (`App::on_key`, in `app/input.rs`), plus whatever outcome opens it;
//! 4. its background results, if any, as `Action`s routed in `App::update`.

pub mod cleanup;
pub mod clusters;
pub mod dashboard;
pub mod help;
pub mod main_menu;
pub mod setup;
pub mod sizing;
pub mod update;
pub mod wizard;
