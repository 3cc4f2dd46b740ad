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
        Screen::CleanUp => app
            .cleanup
            .as_ref()
            .map_or(vec![], |ui| cleanup::KEYS.footer(ui)),
        Screen::Dashboard => app
            .dashboard
            .as_ref()
            .map_or(vec![], |ui| dashboard::KEYS.footer(ui)),
        Screen::Sizing => app
            .sizing
            .as_ref()
            .map_or(vec![], |ui| sizing::KEYS.footer(&ui.view)),
        Screen::Wizard => app
            .wizard
            .as_ref()
            .map_or(vec![], |ui| wizard::KEYS.footer(ui)),
        _ => old_footer_keys(app),
    }
}

/// The footer's keys for the stage on screen.
fn old_cleanup_footer(ui: &cleanup::CleanupUi) -> &'static [(&'static str, &'static str)] {
    let stage = Some(&ui.stage);
    let sweep = ui.sweep.is_some();
    match stage {
        // A sweep's leftovers belong to no cluster: there is nothing to park.
        Some(cleanup::Stage::Plan) if sweep => &[
            ("↑↓", "select"),
            ("space", "tick"),
            ("a", "all"),
            ("⏎", "delete…"),
            ("r", "look again"),
            ("Esc", "back"),
            ("?", "help"),
        ],
        Some(cleanup::Stage::Confirm { .. }) if sweep => &[
            ("type", "the region's name"),
            ("⏎", "delete"),
            ("Esc", "back to the plan"),
        ],
        Some(cleanup::Stage::Plan) => &[
            ("↑↓", "select"),
            ("space", "tick"),
            ("a", "all"),
            ("⏎", "delete…"),
            ("p", "park instead"),
            ("r", "look again"),
            ("Esc", "back"),
            ("?", "help"),
        ],
        Some(cleanup::Stage::Confirm { .. }) => &[
            ("type", "the cluster name"),
            ("⏎", "delete"),
            ("Esc", "back to the plan"),
        ],
        Some(cleanup::Stage::ParkConfirm { .. }) => &[("y ⏎", "go ahead"), ("n Esc", "no")],
        Some(cleanup::Stage::Running | cleanup::Stage::Parking { .. }) => &[
            ("q", "quit (AWS carries on; run again to finish)"),
            ("?", "help"),
        ],
        Some(cleanup::Stage::Finished) => &[
            ("r", "look again"),
            ("Esc", "back"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Some(cleanup::Stage::PlanFailed(_)) => {
            &[("r", "look again"), ("Esc", "back"), ("q", "quit")]
        }
        _ => &[("Esc", "back"), ("?", "help"), ("q", "quit")],
    }
}

/// The footer's keys for the stage on screen.
fn old_sizing_footer(view: &sizing::SizingView) -> &'static [(&'static str, &'static str)] {
    match view.stage {
        sizing::Stage::Form => &[
            ("↑↓", "field"),
            ("type", "a value"),
            ("⏎", "measure the command, or size it"),
            ("Esc", "back"),
        ],
        sizing::Stage::Measuring if view.measuring.as_ref().is_some_and(|m| m.result.is_none()) => {
            &[("Esc", "stop it")]
        }
        sizing::Stage::Measuring => &[("⏎", "size it"), ("Esc", "back to the form")],
        sizing::Stage::Plans => &[
            ("↑↓", "select"),
            ("⏎", "use this point"),
            ("a", "assumptions"),
            ("e", "edit the unit"),
            ("Esc", "back"),
        ],
    }
}

/// The help's text for the screen on show.
fn help_for(app: &App) -> String {
    match app.screen {
        Screen::MainMenu => keys::help_text(&main_menu::KEYS.help()),
        Screen::Setup => keys::help_text(&setup::KEYS.help()),
        Screen::Clusters => keys::help_text(&clusters::KEYS.help()),
        Screen::CleanUp => keys::help_text(&cleanup::KEYS.help()),
        Screen::Dashboard => keys::help_text(&dashboard::KEYS.help()),
        Screen::Wizard => keys::help_text(&wizard::KEYS.help()),
        Screen::Sizing => keys::help_text(&sizing::KEYS.help()),
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
            Some(ui) => old_cleanup_footer(ui),
            None => &[],
        },
        Screen::Sizing => match &app.sizing {
            Some(ui) => old_sizing_footer(&ui.view),
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
    fn cleanup() {
        use crate::cleanup::park::ParkReport;
        use cleanup::{Back, CleanupUi, Stage, SweepSummary};
        let stages = [
            Stage::Planning,
            Stage::PlanFailed("no".into()),
            Stage::Plan,
            Stage::Confirm {
                typed: "x".into(),
                mismatch: false,
            },
            Stage::Running,
            Stage::Finished,
            Stage::ParkConfirm { resume: false },
            Stage::Parking { resume: true },
            Stage::Parked {
                resume: false,
                result: Err::<ParkReport, _>("no".into()),
            },
        ];
        for sweep in [false, true] {
            for stage in stages.clone() {
                let mut ui = CleanupUi::open("rev", "us-west-2", Back::Clusters).0;
                ui.stage = stage.clone();
                ui.sweep = sweep.then(|| SweepSummary {
                    clusters: vec![],
                    usd_per_month: 0.0,
                    unpriced: 0,
                });
                let mut app = app(Screen::CleanUp);
                app.cleanup = Some(ui);
                assert_eq!(
                    footer_keys(&app),
                    old_footer_keys(&app),
                    "{stage:?} sweep {sweep}"
                );
                assert_eq!(help_for(&app), keys_for(Screen::CleanUp));
            }
        }
    }

    #[test]
    fn sizing() {
        use crate::measure::Measurement;
        use sizing::{Measuring, Origin, SizingUi, Stage};
        let finished: Result<Measurement, String> = Err("no".into());
        for (stage, measuring) in [
            (Stage::Form, None),
            (Stage::Measuring, Some(Measuring::new("sleep 1"))),
            (Stage::Measuring, None),
            (Stage::Plans, None),
        ] {
            for result in [None, Some(finished.clone())] {
                let mut ui = SizingUi::open("us-west-2", Origin::Menu, Default::default());
                ui.view.stage = stage;
                ui.view.measuring = measuring.clone().map(|mut m| {
                    m.result = result.clone();
                    m
                });
                let mut app = app(Screen::Sizing);
                app.sizing = Some(ui);
                assert_eq!(footer_keys(&app), old_footer_keys(&app), "{stage:?}");
                assert_eq!(help_for(&app), keys_for(Screen::Sizing));
            }
        }
    }

    #[test]
    fn dashboard() {
        let mut ui = dashboard::DashboardUi::open("rev", "us-west-2").0;
        for filtering in [false, true] {
            ui.filtering = filtering;
            let mut app = app(Screen::Dashboard);
            app.dashboard = Some(ui.clone());
            assert_eq!(footer_keys(&app), old_footer_keys(&app));
            assert_eq!(help_for(&app), keys_for(Screen::Dashboard));
        }
    }

    #[test]
    fn wizard() {
        let mut app = app(Screen::Wizard);
        let draft = crate::wizard::Draft::default();
        let presets = (crate::cluster::presets::builtin(), vec![]);
        let (ui, _) = wizard::WizardUi::new(draft, None, None, ".".into(), presets);
        app.wizard = Some(ui);
        assert_eq!(footer_keys(&app), old_footer_keys(&app));
        assert_eq!(help_for(&app), keys_for(Screen::Wizard));
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
