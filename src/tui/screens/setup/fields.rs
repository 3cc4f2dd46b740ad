//! Typing into a form's text fields, shared by Check my setup's two forms (IAM keys, SSO
//! profile): letters go into the field being edited, Backspace erases, Tab and the arrows
//! move between fields, wrapping round.

use super::keys::Key;
use crate::tui::keys::Pressed;

/// Applies an editing key to `values`; false when the key is not an edit (Enter, Esc).
pub fn edit(values: &mut [String], field: &mut usize, pressed: &Pressed<Key>) -> bool {
    let count = values.len();
    match pressed.action {
        Some(Key::Type) => {
            if let Some(c) = pressed.char {
                values[*field].push(c);
            }
        }
        Some(Key::Erase) => {
            values[*field].pop();
        }
        Some(Key::NextField) => *field = (*field + 1) % count,
        Some(Key::PreviousField) => *field = (*field + count - 1) % count,
        _ => return false,
    }
    true
}
