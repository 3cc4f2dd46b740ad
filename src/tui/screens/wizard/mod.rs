//! "Create a new cluster": the guided wizard, step by step, each with a default and a
//! "why", the draft saved after every step, a cost panel from the head node on, and the
//! launch with its progress.

mod keys;
mod state;
mod view;

pub use keys::{KEYS, Key};
pub use state::{
    CHANGING_STEPS, Changing, CreateNetworkUi, CreatePhase, Deletion, EXTRAS_FIELDS, FormField,
    KeyForm, LaunchStage, LaunchUi, Outcome, PriceState, ReviewUi, SaveState, UpkeepStage,
    WizardUi,
};
pub use view::render;
