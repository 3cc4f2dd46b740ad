//! Step 6: the operating system, with its login user and what reV users must know.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, ListItem, ListState, Paragraph, Wrap};

use crate::cluster::os::Os;
use crate::doctor::Level;
use crate::tui::screens::wizard::WizardUi;
use crate::tui::widgets::ViewContext;

pub fn render(ctx: &ViewContext, wizard: &WizardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Min(4), Constraint::Length(6)]).areas(area);
    let items: Vec<ListItem> = Os::ALL
        .iter()
        .map(|os| {
            ListItem::new(Line::from(vec![
                Span::raw(format!("{:<11} {:<18}", os.config_name(), os.label())),
                Span::styled(format!("ssh login: {}", os.default_user()), theme.dim()),
            ]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(wizard.os_selected));
    frame.render_stateful_widget(
        crate::tui::widgets::pick_list(items, theme),
        list_area,
        &mut state,
    );
    let selected = Os::ALL[wizard.os_selected];
    let mut lines = vec![Line::raw(selected.note())];
    if let Some(problem) = &wizard.os_problem {
        lines.push(Line::styled(
            format!("✖ {problem}"),
            theme.level(Level::Fail),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(format!(" {} ", selected.label()))),
        detail_area,
    );
}
