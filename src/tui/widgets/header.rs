//! The top line: who the user is, once known. Filled in the background; never waited for.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::ViewContext;
use super::spinner;
use crate::doctor::IdentityCheck;

/// `identity`: doctor's answer, once it came.
pub fn render(ctx: &ViewContext, identity: Option<&IdentityCheck>, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let mut spans = vec![Span::styled(" pcwiz ", theme.selected()), Span::raw(" ")];
    match identity {
        None => spans.push(Span::styled(
            format!("{} checking who you are…", spinner(ctx.frame)),
            theme.dim(),
        )),
        Some(check) => {
            match &check.identity {
                Some(who) => {
                    spans.push(Span::styled(who.principal_name.clone(), theme.title()));
                    spans.push(Span::raw(format!(
                        " · {} · account {}",
                        who.kind.as_str(),
                        who.account
                    )));
                }
                None => spans.push(Span::styled(
                    "identity unknown: open Check my setup",
                    theme.level(crate::doctor::Level::Fail),
                )),
            }
            spans.push(Span::raw(format!(
                " · {}",
                check
                    .region
                    .as_ref()
                    .map_or("no region set", |r| r.name.as_str())
            )));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
