//! The sizing assistant: one measured (or typed) unit of work to a plan per instance type,
//! with cost and time to finish. Opened from the main menu, or from the wizard's queue step
//! (`z`), where the picked point fills in the queue.

mod keys;
mod state;
mod view;

pub use keys::{KEYS, Key};
pub use state::{
    FIELDS, FieldKey, Form, Measuring, Origin, Plans, SAMPLES_KEPT, SizingOutcome, SizingUi,
    SizingView, Stage,
};
pub use view::{render, render_screen};
