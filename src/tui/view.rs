//! Top-level rendering: header, the current screen, footer, and the help overlay.

use ratatui::Frame;

use super::app::{App, Screen};
use super::keys;
use super::screens::clusters::Purpose;
use super::screens::{cleanup, clusters, dashboard, help, main_menu, setup, sizing, wizard};
use super::widgets::{footer, header};

pub fn render(app: &App, frame: &mut Frame) {
    let ctx = app.view_context();
    let [top, body, bottom] = super::layout::areas(frame.area());
    header::render(&ctx, app.identity.value(), frame, top);
    match app.screen {
        Screen::MainMenu => main_menu::render(
            &ctx,
            app.menu.selected,
            app.saved_draft.as_ref(),
            app.menu.draft_problem.as_deref(),
            frame,
            body,
        ),
        Screen::Setup => setup::render(
            &ctx,
            app.setup.selected,
            &app.identity,
            &app.tools,
            frame,
            body,
        ),
        Screen::Wizard => {
            if let Some(wizard) = &app.wizard {
                wizard::render(&ctx, wizard, app.identity.value(), frame, body);
            }
        }
        Screen::Dashboard => {
            if let Some(ui) = &app.dashboard {
                dashboard::render(&ctx, ui, frame, body);
            }
        }
        Screen::CleanUp => {
            if let Some(ui) = &app.cleanup {
                cleanup::render(&ctx, ui, frame, body);
            }
        }
        Screen::Clusters => {
            if let Some(ui) = &app.clusters {
                clusters::render(&ctx, ui, frame, body);
            }
        }
        Screen::Sizing => {
            if let Some(ui) = &app.sizing {
                sizing::render_screen(ui, app.theme, frame, body);
            }
        }
    }
    footer::render(app.theme, &footer_keys(app), frame, bottom);
    if app.help_open {
        help::render(&ctx, &help_for(app), frame, frame.area());
    }
}

/// The footer's keys for the screen on show.
fn footer_keys(app: &App) -> Vec<(&'static str, &'static str)> {
    match app.screen {
        Screen::MainMenu => main_menu::KEYS.footer(&app.menu),
        Screen::Setup => setup::KEYS.footer(&app.setup),
        Screen::Clusters => app
            .clusters
            .as_ref()
            .map_or(vec![], |ui| clusters::KEYS.footer(ui)),
        _ => old_footer_keys(app),
    }
}

/// The help's text for the screen on show.
fn help_for(app: &App) -> String {
    match app.screen {
        Screen::MainMenu => keys::help_text(&main_menu::KEYS.help()),
        Screen::Setup => keys::help_text(&setup::KEYS.help()),
        Screen::Clusters => keys::help_text(&clusters::KEYS.help()),
        screen => keys_for(screen),
    }
}

/// The footer's keys as they were written by hand (until each screen has its table).
fn old_footer_keys(app: &App) -> Vec<(&'static str, &'static str)> {
    let keys: &[(&str, &str)] = match app.screen {
        Screen::MainMenu => &[("↑↓", "move"), ("⏎", "open"), ("?", "help"), ("q", "quit")],
        Screen::Wizard => &[
            ("↑↓", "select"),
            ("⏎", "choose"),
            ("Esc", "back a step"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Screen::Dashboard => &[
            ("1-7", "tab"),
            ("s", "ssh"),
            ("f", "fleet"),
            ("h", "head node"),
            ("p", "park"),
            ("i", "HSDS"),
            ("d", "clean up"),
            ("r", "refresh"),
            ("?", "help"),
            ("Esc", "back"),
        ],
        Screen::Clusters => &[
            ("↑↓", "select"),
            match app.clusters.as_ref().map(|c| c.purpose) {
                Some(Purpose::CleanUp) => ("⏎", "plan clean-up"),
                _ => ("⏎", "dashboard"),
            },
            ("r", "refresh"),
            ("Esc", "back"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Screen::CleanUp => match &app.cleanup {
            Some(ui) => cleanup::keys(ui),
            None => &[],
        },
        Screen::Sizing => match &app.sizing {
            Some(ui) => sizing::keys(&ui.view),
            None => &[],
        },
        Screen::Setup => &[
            ("↑↓", "select"),
            ("r", "check again"),
            ("Esc", "back"),
            ("?", "help"),
            ("q", "quit"),
        ],
    };
    keys.to_vec()
}

const KEYS: &str = include_str!("../../assets/help/keys.txt");

/// The keys that work everywhere, then the current screen's: all of them at once would
/// not fit a small terminal.
fn keys_for(screen: Screen) -> String {
    let wanted = match screen {
        Screen::MainMenu => "Main menu",
        Screen::Setup => "Check my setup",
        Screen::Wizard => "Create a cluster",
        Screen::Clusters => "Clusters",
        Screen::Dashboard => "Dashboard",
        Screen::CleanUp => "Clean up",
        Screen::Sizing => "Size a job",
    };
    let mut text = String::new();
    let mut keep = false;
    for line in KEYS.lines() {
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            keep = section == "Everywhere" || section == wanted;
            if keep {
                text.push_str(section);
                text.push('\n');
            }
        } else if keep || !line.starts_with(' ') && !line.is_empty() {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

/// Temporary, while the screens move to key tables: each table's footer and help must say
/// byte for byte what the hand-written lists and `keys.txt` said.
#[cfg(test)]
mod tables_say_what_the_lists_said {
    use super::*;
    use crate::tui::theme::Theme;

    fn app(screen: Screen) -> App {
        let mut app = App::new(Theme { color: false }, 100, 28);
        app.screen = screen;
        app
    }

    #[test]
    fn main_menu_and_setup() {
        for screen in [Screen::MainMenu, Screen::Setup] {
            let app = app(screen);
            assert_eq!(footer_keys(&app), old_footer_keys(&app), "{screen:?}");
            assert_eq!(help_for(&app), keys_for(screen), "{screen:?}");
        }
    }

    #[test]
    fn clusters() {
        for purpose in [Purpose::Monitor, Purpose::CleanUp] {
            let mut app = app(Screen::Clusters);
            app.clusters = Some(clusters::ClustersUi::open(Some("us-west-2".into()), purpose).0);
            assert_eq!(footer_keys(&app), old_footer_keys(&app), "{purpose:?}");
            assert_eq!(help_for(&app), keys_for(Screen::Clusters));
        }
    }
}
