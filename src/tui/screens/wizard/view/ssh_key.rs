//! Step 3: the SSH key: key pairs matched to local files, imports, or a new key.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, ListItem, ListState, Paragraph, Wrap};

use super::fetched;
use crate::doctor::Level;
use crate::tui::screens::wizard::{FormField, KeyForm, WizardUi};
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::spinner;
use crate::wizard::key_step::KeyAction;

pub fn render(ctx: &ViewContext, wizard: &WizardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let region = wizard.draft.region.clone().unwrap_or_default();
    let Some(inventory) = fetched(
        ctx,
        &wizard.keys,
        &format!("reading ~/.ssh and the key pairs in {region}"),
        frame,
        area,
    ) else {
        return;
    };
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Min(4), Constraint::Length(9)]).areas(area);

    let items: Vec<ListItem> = wizard
        .key_rows
        .iter()
        .map(|row| {
            let (mark, style) = match (&row.action, &row.refused) {
                (_, Some(_)) => ("✖", theme.level(Level::Fail)),
                (None, _) => ("·", theme.dim()),
                (Some(_), None) if !row.warnings.is_empty() => ("!", theme.level(Level::Warn)),
                (Some(_), None) => ("✔", theme.level(Level::Ok)),
            };
            ListItem::new(Line::from(vec![
                Span::styled(format!("{mark} "), style),
                Span::raw(row.title.clone()),
            ]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(wizard.key_selected));
    frame.render_stateful_widget(
        crate::tui::widgets::pick_list(items, theme),
        list_area,
        &mut state,
    );

    let mut lines = vec![];
    if let Some(row) = wizard.key_rows.get(wizard.key_selected) {
        lines.push(Line::raw(row.detail.clone()));
        if let Some(reason) = &row.refused {
            lines.push(Line::styled(
                format!("✖ {reason}"),
                theme.level(Level::Fail),
            ));
        }
        for warning in &row.warnings {
            lines.push(Line::styled(
                format!("! {warning}"),
                theme.level(Level::Warn),
            ));
        }
    }
    for bad in &inventory.local.unreadable {
        lines.push(Line::styled(
            format!("! {} is not a key: {}", bad.path.display(), bad.reason),
            theme.dim(),
        ));
    }
    frame.render_widget(crate::tui::widgets::detail_box(lines), detail_area);

    if let Some(form) = &wizard.key_form {
        render_form(ctx, wizard, form, frame, area);
    } else if let Some(error) = &wizard.key_error {
        frame.render_widget(
            Paragraph::new(Line::styled(format!("✖ {error}"), theme.level(Level::Fail)))
                .wrap(Wrap { trim: true }),
            detail_area.inner(ratatui::layout::Margin::new(1, 1)),
        );
    }
}

fn render_form(
    ctx: &ViewContext,
    wizard: &WizardUi,
    form: &KeyForm,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = ctx.theme;
    let popup = crate::tui::widgets::centered(area, 64, 10);
    frame.render_widget(Clear, popup);
    let generating = matches!(form.action, KeyAction::Generate { .. });
    let title = if generating {
        " New ed25519 key "
    } else {
        " Import public key "
    };
    let cursor = |field: FormField| if form.field == field { "▏" } else { "" };
    let mut lines = vec![Line::from(vec![
        Span::styled("Key pair name: ", theme.key()),
        Span::raw(format!("{}{}", form.name, cursor(FormField::Name))),
    ])];
    if generating {
        lines.push(Line::from(vec![
            Span::styled("Passphrase:    ", theme.key()),
            // Never the passphrase itself: one dot per character.
            Span::raw(format!(
                "{}{}",
                "•".repeat(form.passphrase.chars().count()),
                cursor(FormField::Passphrase)
            )),
        ]));
        lines.push(Line::styled(
            "  optional; protects the private key if this machine is lost",
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    if wizard.key_busy {
        lines.push(Line::raw(format!(
            "{} {}…",
            spinner(ctx.frame),
            if generating {
                "making the key and importing it"
            } else {
                "importing"
            }
        )));
    } else if let Some(error) = &wizard.key_error {
        lines.push(Line::styled(format!("✖ {error}"), theme.level(Level::Fail)));
    } else if generating {
        lines.push(Line::styled(
            "Enter: next field / create · Tab: switch field · Esc: cancel",
            theme.dim(),
        ));
    } else {
        lines.push(Line::styled("Enter: import · Esc: cancel", theme.dim()));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(title).title_style(theme.title())),
        popup,
    );
}
