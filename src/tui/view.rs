//! Top-level rendering: header, the current screen, footer, and the help overlay.

use ratatui::Frame;

use super::app::{App, Screen};
use super::screens::{cleanup, clusters, dashboard, help, main_menu, setup, sizing, wizard};
use super::widgets::{footer, header};

pub fn render(app: &App, frame: &mut Frame) {
    let [top, body, bottom] = super::layout::areas(frame.area());
    header::render(app, frame, top);
    match app.screen {
        Screen::MainMenu => main_menu::render(app, frame, body),
        Screen::Setup => setup::render(app, frame, body),
        Screen::Wizard => wizard::render(app, frame, body),
        Screen::Dashboard => {
            if let Some(ui) = &app.dashboard {
                dashboard::render(app, ui, frame, body);
            }
        }
        Screen::CleanUp => {
            if let Some(ui) = &app.cleanup {
                cleanup::render(app, ui, frame, body);
            }
        }
        Screen::Clusters => {
            if let Some(ui) = &app.clusters {
                clusters::render(app, ui, frame, body);
            }
        }
        Screen::Sizing => {
            if let Some(ui) = &app.sizing {
                sizing::render_screen(ui, app.theme, frame, body);
            }
        }
    }
    footer::render(app, frame, bottom);
    if app.help_open {
        help::render(app, frame, frame.area());
    }
}
