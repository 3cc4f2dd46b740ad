//! "Check my setup"'s state: the selected finding. The findings themselves are doctor's
//! answers, which the app keeps (the header and the wizard show them too).

use super::keys::Key;
use crate::tui::keys::Pressed;

#[derive(Debug, Clone, Copy, Default)]
pub struct Setup {
    pub selected: usize,
}

/// What the app should do after a key here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupOutcome {
    Stay,
    /// Back to the main menu.
    Leave,
    /// Ask doctor again.
    Recheck,
}

impl Setup {
    /// A key, with `count` findings on the list.
    pub fn on_key(&mut self, pressed: Pressed<Key>, count: usize) -> SetupOutcome {
        match pressed.action {
            Some(Key::Back) => return SetupOutcome::Leave,
            Some(Key::Down) => self.move_by(1, count),
            Some(Key::Up) => self.move_by(-1, count),
            Some(Key::First) => self.selected = 0,
            Some(Key::Last) => self.selected = count.saturating_sub(1),
            Some(Key::Recheck) => return SetupOutcome::Recheck,
            None => {}
        }
        SetupOutcome::Stay
    }

    pub fn move_by(&mut self, delta: isize, count: usize) {
        if count == 0 {
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(count - 1);
    }

    /// Findings came or went: the selection stays on the list.
    pub fn clamp(&mut self, count: usize) {
        self.selected = self.selected.min(count.saturating_sub(1));
    }
}
