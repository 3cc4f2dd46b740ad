//! Step 7: the config as YAML, every check, and saving it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::cluster::findings::Severity;
use crate::doctor::Level;
use crate::tui::remote::Remote;
use crate::tui::screens::wizard::{ReviewUi, WizardUi};
use crate::tui::theme::Theme;
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::spinner;

pub fn render(ctx: &ViewContext, wizard: &WizardUi, frame: &mut Frame, area: Rect) {
    let Some(review) = &wizard.review else {
        return;
    };
    let theme = ctx.theme;
    let config = match &review.config {
        Ok(config) => config,
        Err(why) => {
            frame.render_widget(
                Paragraph::new(Line::styled(
                    format!("✖ The config cannot be built yet: {why}. Esc goes back."),
                    theme.level(Level::Fail),
                )),
                area,
            );
            return;
        }
    };
    let (top_lines, top_title) = if review.show_cost {
        let lines = wizard
            .cost_estimate()
            .map(|e| super::review_cost::lines(&e, wizard.prices.problem.as_ref(), ctx.wall, theme))
            .unwrap_or_default();
        (lines, " Cost estimate (c: checks) ".to_string())
    } else {
        (findings_lines(ctx, review), checks_title(review))
    };
    // The breakdown is long; it gets most of the room while it is shown.
    let top_share = if review.show_cost { 75 } else { 50 };
    let [findings_area, yaml_area, status_area] = Layout::vertical([
        Constraint::Percentage(top_share),
        Constraint::Min(4),
        Constraint::Length(1),
    ])
    .areas(area);
    let focus = |focused: bool| if focused { theme.title() } else { theme.dim() };
    frame.render_widget(
        Paragraph::new(top_lines)
            .wrap(Wrap { trim: false })
            .scroll((review.checks_scroll, 0))
            .block(
                Block::bordered()
                    .title(top_title)
                    .title_style(focus(review.checks_focused)),
            ),
        findings_area,
    );
    let yaml: Vec<Line> = review.yaml.lines().map(|l| yaml_line(l, theme)).collect();
    frame.render_widget(
        Paragraph::new(yaml).scroll((review.scroll, 0)).block(
            Block::bordered()
                .title(format!(
                    " {} · {} ",
                    config.region.as_deref().unwrap_or("?"),
                    crate::wizard::build::default_file_name(&wizard.draft)
                ))
                .title_style(focus(!review.checks_focused)),
        ),
        yaml_area,
    );
    let status = match &review.saved {
        Some(Ok(path)) => Line::styled(
            format!("✔ Saved to {} (mode 0600).", path.display()),
            theme.level(Level::Ok),
        ),
        Some(Err(why)) => Line::styled(format!("✖ {why}"), theme.level(Level::Fail)),
        None => Line::styled(
            "w saves · c cost/checks · Tab switches pane · j/k scroll · r checks again",
            theme.dim(),
        ),
    };
    frame.render_widget(Paragraph::new(status), status_area);

    if let Some(path) = &review.save_path {
        let popup = crate::tui::widgets::centered(area, 70, 5);
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(vec![
                    Span::styled("Save to: ", theme.key()),
                    Span::raw(format!("{path}▏")),
                ]),
                Line::styled("Enter saves (mode 0600) · Esc cancels", theme.dim()),
            ])
            .block(
                Block::bordered()
                    .title(" Save config ")
                    .title_style(theme.title()),
            ),
            popup,
        );
    }
}

/// " Checks · 1 error · 4 warnings ": the pane scrolls, so the counts say what is below.
fn checks_title(review: &ReviewUi) -> String {
    match review.findings.value() {
        None => " Checks ".into(),
        Some(found) => {
            let errors = found
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            format!(
                " Checks · {} · {} (c: cost) ",
                plural(errors, "error"),
                plural(found.len() - errors, "warning")
            )
        }
    }
}

fn findings_lines(ctx: &ViewContext, review: &ReviewUi) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = vec![];
    match &review.findings {
        Remote::Loading => lines.push(Line::raw(format!(
            "{} checking the key pair, subnet and instance types against your account…",
            spinner(ctx.frame)
        ))),
        Remote::Ready { value, .. } => {
            if let Some(problem) = &review.lookup_problem {
                lines.push(Line::styled(
                    format!("! Could not check against AWS: {problem}"),
                    theme.level(Level::Warn),
                ));
            }
            if value.is_empty() {
                lines.push(Line::styled("✔ No problems found.", theme.level(Level::Ok)));
            }
            for finding in value {
                let (mark, level) = match finding.severity {
                    Severity::Error => ("✖", Level::Fail),
                    Severity::Warning => ("!", Level::Warn),
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{mark} "), theme.level(level)),
                    Span::raw(finding.message.clone()),
                ]));
                lines.push(Line::styled(format!("  Fix: {}", finding.fix), theme.dim()));
            }
        }
    }
    lines
}

/// Keys in the title colour, comments dim: enough colour to read YAML by.
fn yaml_line(line: &str, theme: Theme) -> Line<'static> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') {
        return Line::styled(line.to_string(), theme.dim());
    }
    let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    match body.split_once(':') {
        Some((key, value)) if !key.contains(' ') => {
            let indent = &line[..line.len() - body.len()];
            Line::from(vec![
                Span::raw(indent.to_string()),
                Span::styled(key.to_string(), theme.title()),
                Span::raw(format!(":{value}")),
            ])
        }
        _ => Line::raw(line.to_string()),
    }
}
