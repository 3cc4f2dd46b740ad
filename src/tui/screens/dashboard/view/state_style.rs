//! The colour each state the dashboard sorts nodes and jobs into is drawn in. Colour only
//! repeats what the state's glyph and word already say, so `NO_COLOR` and a 16-colour
//! terminal lose nothing; the Overview, Nodes and Jobs tabs share it so a state looks the
//! same on each.

use ratatui::style::Style;

use crate::cluster::glance::{JobState, NodeState};
use crate::doctor::Level;
use crate::tui::theme::Theme;

/// Busy is what the nodes are for; starting and idle cost without working yet; off costs
/// nothing (no colour); down needs a person.
pub(super) fn node_level(state: NodeState) -> Option<Level> {
    match state {
        NodeState::Busy => Some(Level::Ok),
        NodeState::PoweringUp | NodeState::Idle => Some(Level::Warn),
        NodeState::PoweredOff => None,
        NodeState::Down => Some(Level::Fail),
    }
}

pub(super) fn job_level(state: JobState) -> Option<Level> {
    match state {
        JobState::Done | JobState::Running => Some(Level::Ok),
        JobState::Pending => None,
        JobState::Failed => Some(Level::Fail),
    }
}

/// A level's colour, or dim for a state with none.
pub(super) fn style(theme: Theme, level: Option<Level>) -> Style {
    level.map_or_else(|| theme.dim(), |level| theme.level(level))
}
