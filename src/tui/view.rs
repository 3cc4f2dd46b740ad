//! Drawing, and the one place that routes it: the header, the screen on show with its
//! footer, and the help over it. Each screen's key table gives its footer and its help.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::app::{App, Screen};
use super::keys::{self, KeyTable};
use super::layout;
use super::screens::{
    cleanup, clusters, dashboard, help, main_menu, setup, sizing, update, wizard,
};
use super::widgets::{ViewContext, footer, header};

pub fn render(app: &App, frame: &mut Frame) {
    let ctx = app.view_context();
    let [top, body, bottom] = layout::areas(frame.area());
    header::render(&ctx, app.identity.value(), frame, top);
    let mut shown = Shown {
        ctx: &ctx,
        frame,
        body,
        bottom,
        help_open: app.help_open,
        detail: app.last_detail.as_ref(),
    };
    match app.screen {
        Screen::MainMenu => shown.draw(&main_menu::KEYS, &app.menu, |ctx, frame, area| {
            main_menu::render(ctx, &app.menu, app.saved_draft.as_ref(), frame, area)
        }),
        Screen::Setup => shown.draw(&setup::KEYS, &app.setup, |ctx, frame, area| {
            setup::render(ctx, &app.setup, &app.identity, &app.tools, frame, area)
        }),
        Screen::Wizard => app.wizard.iter().for_each(|ui| {
            shown.draw(&wizard::KEYS, ui, |ctx, frame, area| {
                wizard::render(ctx, ui, app.identity.value(), frame, area)
            })
        }),
        Screen::Clusters => app.clusters.iter().for_each(|ui| {
            shown.draw(&clusters::KEYS, ui, |ctx, frame, area| {
                clusters::render(ctx, ui, frame, area)
            })
        }),
        Screen::Dashboard => app.dashboard.iter().for_each(|ui| {
            shown.draw(&dashboard::KEYS, ui, |ctx, frame, area| {
                dashboard::render(ctx, ui, frame, area)
            })
        }),
        Screen::CleanUp => app.cleanup.iter().for_each(|ui| {
            shown.draw(&cleanup::KEYS, ui, |ctx, frame, area| {
                cleanup::render(ctx, ui, frame, area)
            })
        }),
        Screen::Sizing => app.sizing.iter().for_each(|ui| {
            shown.draw(&sizing::KEYS, &ui.view, |ctx, frame, area| {
                sizing::render_screen(ctx, ui, frame, area)
            })
        }),
        // The wizard's own steps while they are open, then the change set and the update.
        Screen::Update => app.update.iter().for_each(|ui| match ui.editing() {
            Some(editor) => shown.draw(&wizard::KEYS, editor, |ctx, frame, area| {
                wizard::render(ctx, editor, None, frame, area)
            }),
            None => shown.draw(&update::KEYS, ui, |ctx, frame, area| {
                update::render(ctx, ui, frame, area)
            }),
        }),
    }
}

/// The frame around a screen: where its body and footer go, and whether the help is open.
struct Shown<'a, 'f> {
    ctx: &'a ViewContext,
    frame: &'a mut Frame<'f>,
    body: Rect,
    bottom: Rect,
    help_open: bool,
    /// The SDK's words for the last error, for the help.
    detail: Option<&'a (chrono::DateTime<chrono::Utc>, String)>,
}

impl Shown<'_, '_> {
    /// The screen's body, then the footer its table gives for `mode`, then its help.
    fn draw<M, A: Copy>(
        &mut self,
        table: &KeyTable<M, A>,
        mode: &M,
        body: impl FnOnce(&ViewContext, &mut Frame, Rect),
    ) {
        body(self.ctx, self.frame, self.body);
        footer::render(self.ctx.theme, &table.footer(mode), self.frame, self.bottom);
        if self.help_open {
            let mut text = keys::help_text(&table.help());
            if let Some((at, detail)) = self.detail {
                text.push_str(&help::detail_text(*at, detail, self.ctx.wall));
            }
            help::render(self.ctx, &text, self.frame, self.frame.area());
        }
    }
}
