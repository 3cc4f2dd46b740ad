//! The main menu: the doors, and why you would open the selected one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::doors;
use super::state::MainMenu;
use crate::tui::layout;
use crate::tui::widgets::ViewContext;
use crate::wizard::Draft;

/// `saved_draft`: the draft on disk, for the "Resume draft" door.
pub fn render(
    ctx: &ViewContext,
    menu: &MainMenu,
    saved_draft: Option<&Draft>,
    frame: &mut Frame,
    body: Rect,
) {
    let selected = menu.selected;
    let theme = ctx.theme;
    let doors = doors::doors(saved_draft);
    let areas = layout::menu(body, doors.len());
    let title = match &menu.draft_problem {
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
        let selected = index == selected;
        let marker = if selected { "› " } else { "  " };
        let title = format!("{marker}{}  {}", index + 1, door.title());
        let style = if selected {
            theme.selected()
        } else {
            theme.title()
        };
        lines.push(Line::from(Span::styled(title, style)));
        lines.push(Line::styled(
            format!("      {}", door.summary(saved_draft)),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), areas.doors);

    let door = doors[selected.min(doors.len() - 1)];
    frame.render_widget(
        Paragraph::new(door.why())
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(format!(" Why: {} ", door.title()))),
        areas.why,
    );
}
