//! The main menu's state: the selected door, and a saved draft that could not be read
//! (said once, where the user looks first). Keys move the selection or open a door.

use super::doors::Door;
use super::keys::Key;
use crate::tui::keys::Pressed;

#[derive(Debug, Clone, Default)]
pub struct MainMenu {
    pub selected: usize,
    /// A draft that could not be read, said once on the main menu.
    pub draft_problem: Option<String>,
}

impl MainMenu {
    /// A key on the menu of `doors`: the door it opens, if any.
    pub fn on_key(&mut self, pressed: Pressed<Key>, doors: &[Door]) -> Option<Door> {
        let count = doors.len();
        match pressed.action? {
            Key::Next => self.selected = (self.selected + 1) % count,
            Key::Previous => self.selected = (self.selected + count - 1) % count,
            Key::Number => {
                let index = pressed.char? as usize - '1' as usize;
                if index < count {
                    self.selected = index;
                    return Some(doors[index]);
                }
            }
            Key::Open => return Some(doors[self.selected.min(count - 1)]),
        }
        None
    }
}
