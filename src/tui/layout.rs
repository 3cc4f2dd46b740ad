//! Where things go on the screen, shared by drawing and by the mouse: the header, body and
//! footer rows, and the main menu's areas (a click must land on the door that was drawn).

use ratatui::layout::{Constraint, Layout, Margin, Rect};

/// Each door of the main menu takes two rows: its title and a one-line summary.
pub const ROWS_PER_DOOR: u16 = 2;

/// The header, body and footer rows for a terminal of this size.
pub fn areas(size: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(size)
}

/// The main menu's parts within the body.
pub struct MenuAreas {
    pub title: Rect,
    pub doors: Rect,
    pub why: Rect,
}

pub fn menu(body: Rect, doors: usize) -> MenuAreas {
    let inner = body.inner(Margin::new(2, 0));
    let [_, title, _, doors_area, _, why] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(ROWS_PER_DOOR * doors as u16),
        Constraint::Length(1),
        // Sized for the longest "why" at 80 columns; the rest of the screen stays calm.
        Constraint::Max(9),
    ])
    .areas(inner);
    MenuAreas {
        title,
        doors: doors_area,
        why,
    }
}

/// Which of `count` doors is at this screen position, for mouse clicks.
pub fn door_at(size: Rect, count: usize, column: u16, row: u16) -> Option<usize> {
    let [_, body, _] = areas(size);
    let doors = menu(body, count).doors;
    let inside =
        column >= doors.x && column < doors.right() && row >= doors.y && row < doors.bottom();
    inside.then(|| ((row - doors.y) / ROWS_PER_DOOR) as usize)
}
