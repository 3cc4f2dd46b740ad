//! The stack tab: CloudFormation's status and its events, newest first, failures in red
//! with their reason.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{freshness, with_reason};
use crate::doctor::Level;
use crate::tui::screens::dashboard::DashboardUi;
use crate::tui::widgets::ViewContext;

pub fn render(ctx: &ViewContext, ui: &DashboardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let [top, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    frame.render_widget(Paragraph::new(freshness(&ui.stack, ctx.now, theme)), top);
    let Some(stack) = &ui.stack.value else {
        return;
    };
    let mut lines = vec![Line::raw(with_reason(
        &stack.status,
        stack.reason.as_deref(),
    ))];
    lines.extend(stack.events.iter().map(|e| {
        let text = format!(
            "{} {} {} {}",
            e.time
                .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                .unwrap_or_default(),
            e.logical_id,
            e.resource_type,
            with_reason(&e.status, e.reason.as_deref())
        );
        if e.status.ends_with("_FAILED") {
            Line::styled(text, theme.level(Level::Fail))
        } else {
            Line::raw(text)
        }
    }));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
}
