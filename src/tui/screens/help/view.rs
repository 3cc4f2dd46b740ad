//! The `?` overlay: every key, on top of whatever screen is showing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::app::{App, Screen};

const KEYS: &str = include_str!("../../../../assets/help/keys.txt");

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

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let keys = keys_for(app.screen);
    let height = keys.lines().count() as u16 + 2;
    let width = keys.lines().map(|l| l.chars().count()).max().unwrap_or(40) as u16 + 4;
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(row);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(keys).block(
            Block::bordered()
                .title(" Keys (? or Esc to close) ")
                .title_style(app.theme.title()),
        ),
        popup,
    );
}
