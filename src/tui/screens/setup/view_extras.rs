//! What Check my setup shows beside the findings: the pcluster install's progress and
//! result, how the last keys form ended, the SSO login as it goes, and the two forms (the
//! keys form shows the secret as dots and its last 4 characters).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::form::{FIELDS, KeysForm};
use super::sso_form::{SSO_FIELDS, SsoForm};
use super::state::{Setup, SsoLogin};
use crate::doctor::Level;
use crate::tui::widgets::{ViewContext, centered, install_bar, spinner};

/// Lines the strip above the detail needs (0: nothing to show).
pub fn strip_height(setup: &Setup) -> u16 {
    match (&setup.install, &setup.login, &setup.note) {
        (Some(_), _, _) => 4,
        (None, Some(_), _) => 9,
        (None, None, Some(_)) => 3,
        (None, None, None) => 0,
    }
}

/// The install's progress (or result), else the keys form's result.
pub fn render_strip(ctx: &ViewContext, setup: &Setup, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    if let Some(install) = &setup.install {
        return install_bar::render(ctx, install, frame, area);
    }
    if let Some(login) = &setup.login {
        return render_login(ctx, login, setup.note.as_ref(), frame, area);
    }
    if let Some(note) = &setup.note {
        let (text, level) = match note {
            Ok(said) => (said.clone(), Level::Ok),
            Err(why) => (format!("✖ {why}"), Level::Fail),
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme.level(level)))
                .wrap(Wrap { trim: true })
                .block(Block::bordered().title(" Keys ")),
            area,
        );
    }
}

/// The SSO profile as written, then `aws sso login`'s latest lines (the address and the
/// code, when no browser opens), then how the login ended.
fn render_login(
    ctx: &ViewContext,
    login: &SsoLogin,
    written: Option<&Result<String, String>>,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = ctx.theme;
    let mut lines = vec![];
    if let Some(Ok(said)) = written {
        lines.push(Line::styled(said.clone(), theme.level(Level::Ok)));
    }
    let shown = login.lines.len().saturating_sub(3);
    lines.extend(
        login.lines[shown..]
            .iter()
            .map(|l| Line::styled(l.clone(), theme.dim())),
    );
    lines.push(match &login.done {
        None => Line::raw(format!(
            "{} waiting for you to approve the login in your browser…",
            spinner(ctx.frame)
        )),
        Some(Ok(())) => Line::styled(
            format!(
                "✔ Logged in as profile `{}`; doctor looks again.",
                login.profile
            ),
            theme.level(Level::Ok),
        ),
        Some(Err(why)) => Line::styled(format!("✖ {why}"), theme.level(Level::Fail)),
    });
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(format!(
                " SSO login: aws sso login --profile {} ",
                login.profile
            ))),
        area,
    );
}

/// The keys form, over the screen.
pub fn render_form(ctx: &ViewContext, form: &KeysForm, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let status = match (&form.error, form.checking) {
        (_, true) => Line::raw(format!(
            "{} asking AWS whose keys these are…",
            spinner(ctx.frame)
        )),
        (Some(why), false) => Line::styled(format!("✖ {why}"), theme.level(Level::Fail)),
        (None, false) => Line::styled(
            "Checked with AWS before anything is written; ~/.aws is backed up first, and the secret shows only by its last 4 characters.",
            theme.dim(),
        ),
    };
    let fields: Vec<(&str, String)> = FIELDS
        .iter()
        .enumerate()
        .map(|(n, label)| (*label, form.shown(n)))
        .collect();
    let popup = Popup {
        title: " Add AWS access keys ",
        intro: "An IAM user's access keys (IAM console → Users → Security credentials → Create access key).",
        fields: &fields,
        field: form.field,
        status,
    };
    render_popup(ctx, popup, frame, area);
}

/// The SSO profile form, over the screen.
pub fn render_sso_form(ctx: &ViewContext, form: &SsoForm, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let status = match (&form.error, form.writing) {
        (_, true) => Line::raw(format!("{} writing ~/.aws/config…", spinner(ctx.frame))),
        (Some(why), false) => Line::styled(format!("✖ {why}"), theme.level(Level::Fail)),
        (None, false) => Line::styled(
            "Written to ~/.aws/config as `aws configure sso` writes it (backed up first); then `aws sso login` opens your browser.",
            theme.dim(),
        ),
    };
    let fields: Vec<(&str, String)> = SSO_FIELDS
        .iter()
        .zip(&form.values)
        .map(|(label, value)| (*label, value.clone()))
        .collect();
    let popup = Popup {
        title: " Add an SSO (IAM Identity Center) profile ",
        intro: "From your AWS access portal: its start URL, the account and the role (permission set) you use there.",
        fields: &fields,
        field: form.field,
        status,
    };
    render_popup(ctx, popup, frame, area);
}

/// A form over the screen: a line of what it is for, its fields, and its status line.
struct Popup<'a> {
    title: &'a str,
    intro: &'a str,
    /// Each field's label and its value as shown.
    fields: &'a [(&'a str, String)],
    field: usize,
    status: Line<'a>,
}

fn render_popup(ctx: &ViewContext, popup: Popup, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let height = popup.fields.len() as u16 + 9;
    let rect = centered(area, 78, height);
    frame.render_widget(Clear, rect);
    let mut lines = vec![Line::styled(popup.intro, theme.dim()), Line::raw("")];
    for (n, (label, shown)) in popup.fields.iter().enumerate() {
        let cursor = if n == popup.field { "▏" } else { "" };
        let style = if n == popup.field {
            theme.selected()
        } else {
            theme.key()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{label:<18}"), style),
            Span::raw(format!("{shown}{cursor}")),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(popup.status);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(Span::styled(popup.title, theme.title()))),
        rect,
    );
}
