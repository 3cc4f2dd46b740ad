//! "Check my setup": doctor's findings as a list, with the selected one's detail below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, ListItem, ListState, Paragraph, Wrap};

use super::state::Setup;
use super::view_extras;
use crate::doctor::{Finding, IdentityCheck, Level};
use crate::tui::remote::Remote;
use crate::tui::theme::Theme;
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::{age, spinner};

/// `identity` and `tools`: doctor's answers, as far as they came.
pub fn render(
    ctx: &ViewContext,
    setup: &Setup,
    identity: &Remote<IdentityCheck>,
    tools: &Remote<Vec<Finding>>,
    frame: &mut Frame,
    body: Rect,
) {
    let theme = ctx.theme;
    let [list_area, strip_area, detail_area] = Layout::vertical([
        Constraint::Min(6),
        Constraint::Length(view_extras::strip_height(setup)),
        Constraint::Length(8),
    ])
    .areas(body);
    view_extras::render_strip(ctx, setup, frame, strip_area);

    // Rows: the identity part (or a spinner), then the tools part (or a spinner).
    let mut items: Vec<ListItem> = Vec::new();
    let mut selected_row = None;
    let mut index = 0;
    let mut add_part =
        |part: Option<&Vec<Finding>>, waiting: &str, items: &mut Vec<ListItem>| match part {
            Some(findings) => {
                for finding in findings {
                    if index == setup.selected {
                        selected_row = Some(items.len());
                    }
                    items.push(finding_row(finding, theme));
                    index += 1;
                }
            }
            None => items.push(ListItem::new(Line::from(vec![
                Span::styled(format!("{}     ", spinner(ctx.frame)), theme.key()),
                Span::raw(waiting.to_string()),
            ]))),
        };
    add_part(
        identity.value().map(|c| &c.findings),
        "asking AWS who you are…",
        &mut items,
    );
    add_part(
        tools.value(),
        "looking for pcluster, node, ssh and ssh-keygen…",
        &mut items,
    );

    let findings = findings(identity, tools);
    let mut title = vec![Span::styled(" Check my setup ", theme.title())];
    if !findings.is_empty() {
        title.push(Span::raw(format!("· {} ", counts(&findings))));
    }
    let checked = [identity.age(ctx.now), tools.age(ctx.now)]
        .into_iter()
        .flatten()
        .max();
    let block = Block::bordered()
        .title(Line::from(title))
        .title_bottom(Line::from(match checked {
            Some(d) => format!(" checked {} ", age(d)),
            None => " checking… ".to_string(),
        }));
    let mut state = ListState::default().with_selected(selected_row);
    frame.render_stateful_widget(
        crate::tui::widgets::pick_list(items, theme).block(block),
        list_area,
        &mut state,
    );

    render_detail(
        findings.get(setup.selected).copied(),
        theme,
        frame,
        detail_area,
    );
    if let Some(form) = &setup.form {
        view_extras::render_form(ctx, form, frame, body);
    }
    if let Some(form) = &setup.sso {
        view_extras::render_sso_form(ctx, form, frame, body);
    }
}

/// All findings known so far, credentials first, in display order.
pub fn findings<'a>(
    identity: &'a Remote<IdentityCheck>,
    tools: &'a Remote<Vec<Finding>>,
) -> Vec<&'a Finding> {
    let identity = identity.value().map(|c| c.findings.iter());
    let tools = tools.value().map(|t| t.iter());
    identity
        .into_iter()
        .flatten()
        .chain(tools.into_iter().flatten())
        .collect()
}

fn finding_row(finding: &Finding, theme: Theme) -> ListItem<'static> {
    ListItem::new(Line::from(vec![
        Span::styled(Theme::symbol(finding.level), theme.level(finding.level)),
        Span::raw("  "),
        Span::raw(finding.message.clone()),
    ]))
}

fn render_detail(finding: Option<&Finding>, theme: Theme, frame: &mut Frame, area: Rect) {
    let Some(finding) = finding else {
        frame.render_widget(
            Paragraph::new("Waiting for the first answers…")
                .block(Block::bordered().title(" Detail ")),
            area,
        );
        return;
    };
    let mut lines = vec![Line::raw(finding.message.clone())];
    match &finding.next_step {
        Some(next) => lines.push(Line::from(vec![
            Span::styled("Next: ", theme.key()),
            Span::raw(next.clone()),
        ])),
        None if finding.level == Level::Ok => {
            lines.push(Line::styled("Nothing to do here.", theme.dim()));
        }
        None => {}
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::bordered()
                .title(format!(" {} · {} ", finding.id, finding.level.as_str()))
                .title_style(theme.level(finding.level)),
        ),
        area,
    );
}

fn counts(findings: &[&Finding]) -> String {
    let count = |level| findings.iter().filter(|f| f.level == level).count();
    format!(
        "{} ok · {} warn · {} fail",
        count(Level::Ok),
        count(Level::Warn),
        count(Level::Fail)
    )
}
