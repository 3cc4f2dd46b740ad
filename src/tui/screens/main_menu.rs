//! The main menu: the doors, and why you would open the selected one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::app::App;
use crate::tui::view;

/// Each door takes two rows: its title and a one-line summary.
const ROWS_PER_DOOR: u16 = 2;

struct MenuAreas {
    title: Rect,
    doors: Rect,
    why: Rect,
}

fn layout(body: Rect, doors: usize) -> MenuAreas {
    let inner = body.inner(ratatui::layout::Margin::new(2, 0));
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

/// Which door is at this screen position, for mouse clicks.
pub fn door_at(size: Rect, count: usize, column: u16, row: u16) -> Option<usize> {
    let [_, body, _] = view::areas(size);
    let doors = layout(body, count).doors;
    let inside =
        column >= doors.x && column < doors.right() && row >= doors.y && row < doors.bottom();
    inside.then(|| ((row - doors.y) / ROWS_PER_DOOR) as usize)
}

pub fn render(app: &App, frame: &mut Frame, body: Rect) {
    let theme = app.theme;
    let doors = app.doors();
    let areas = layout(body, doors.len());
    let title = match &app.draft_problem {
        // A draft that could not be read: said once, where the user looks first.
        Some(problem) => Line::styled(
            format!("! {problem}"),
            theme.level(crate::doctor::Level::Warn),
        ),
        None => Line::styled("What would you like to do?", theme.title()),
    };
    frame.render_widget(Paragraph::new(title), areas.title);

    let mut lines = Vec::new();
    for (index, door) in doors.iter().enumerate() {
        let selected = index == app.menu_selected;
        let marker = if selected { "› " } else { "  " };
        let title = format!("{marker}{}  {}", index + 1, door.title());
        let style = if selected {
            theme.selected()
        } else {
            theme.title()
        };
        lines.push(Line::from(Span::styled(title, style)));
        lines.push(Line::styled(
            format!("      {}", door.summary(app.saved_draft.as_ref())),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), areas.doors);

    let door = doors[app.menu_selected.min(doors.len() - 1)];
    frame.render_widget(
        Paragraph::new(door.why())
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(format!(" Why: {} ", door.title()))),
        areas.why,
    );
}
