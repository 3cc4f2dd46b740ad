//! A step that needs AWS, while exploring without an account: what it needs, that it
//! comes once you are signed in, and that Enter goes on to the rest (`wizard::explore`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::doctor::Level;
use crate::tui::widgets::ViewContext;
use crate::wizard::StepId;
use crate::wizard::explore::what_it_needs;

pub fn render(ctx: &ViewContext, step: StepId, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let lines = vec![
        Line::styled(
            format!("○ Later: {}", what_it_needs(step)),
            theme.level(Level::Warn),
        ),
        Line::raw(""),
        Line::raw(
            "Enter goes on. You can explore the rest now: presets, the operating system, \
             instance types with offline prices, queues, storage, the config's YAML and what \
             it would cost.",
        ),
        Line::raw(""),
        Line::styled(
            "Once Check my setup finds your credentials, resuming the draft brings you back \
             here first, then to where you left off.",
            theme.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}
