//! Step 2: the region, with reV's data region marked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{ListItem, ListState, Paragraph, Wrap};

use crate::cluster::regions::{REV_DATA_REGION, REV_WHY, SUPPORTED};
use crate::doctor::IdentityCheck;
use crate::tui::screens::wizard::WizardUi;
use crate::tui::widgets::ViewContext;

pub fn render(
    ctx: &ViewContext,
    wizard: &WizardUi,
    identity: Option<&IdentityCheck>,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = ctx.theme;
    let [list_area, note] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(area);
    let configured = identity.and_then(|c| c.region.as_ref());
    let items: Vec<ListItem> = SUPPORTED
        .iter()
        .map(|region| {
            let mut spans = vec![
                Span::raw(format!("{:<15}", region.code)),
                Span::raw(format!("{:<26}", region.name)),
            ];
            if region.code == REV_DATA_REGION {
                spans.push(Span::styled("★ reV data here ", theme.key()));
            }
            if configured.is_some_and(|c| c.name == region.code) {
                spans.push(Span::styled("(configured)", theme.dim()));
            }
            if region.separate_partition {
                spans.push(Span::styled("needs a separate account", theme.dim()));
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(wizard.region_selected));
    frame.render_stateful_widget(
        crate::tui::widgets::pick_list(items, theme),
        list_area,
        &mut state,
    );
    let selected = SUPPORTED[wizard.region_selected].code;
    let text = if selected == REV_DATA_REGION {
        REV_WHY.to_string()
    } else {
        format!("For reV, prefer {REV_DATA_REGION}: {REV_WHY}")
    };
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .style(theme.dim()),
        note,
    );
}
