//! A unit's command running: its process tree's memory and cores as they come, then what
//! was measured (or why it is no measurement).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Sparkline, Wrap};

use crate::doctor::Level;
use crate::tui::screens::sizing::Measuring;
use crate::tui::theme::Theme;
use crate::tui::widgets::spinner;

pub fn render(measuring: &Measuring, frame_no: usize, theme: Theme, frame: &mut Frame, area: Rect) {
    let [text, charts, _] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(10),
        Constraint::Min(0),
    ])
    .areas(area);
    let mut lines = vec![Line::raw(format!(
        "Measuring one unit: {}",
        measuring.command
    ))];
    match (&measuring.result, measuring.latest()) {
        (None, latest) => {
            lines.push(Line::raw(format!(
                "{} running · {}",
                spinner(frame_no),
                latest.map_or_else(|| "starting…".into(), |s| s.summary())
            )));
            lines.push(Line::styled(
                "Its output goes to a log, not here. Esc stops it (the whole process tree).",
                theme.dim(),
            ));
        }
        (Some(Ok(measured)), _) if measured.succeeded() => {
            lines.push(Line::styled(
                format!("✔ Measured: {}", measured.summary()),
                theme.level(Level::Ok),
            ));
            lines.push(Line::raw(
                "⏎ sizes the job from it (the numbers are in the form; Esc to check or change them).",
            ));
        }
        (Some(Ok(measured)), _) => {
            lines.push(Line::styled(
                format!(
                    "✖ The unit did not finish ({}): a failed run is no measurement.",
                    measured.outcome()
                ),
                theme.level(Level::Fail),
            ));
            lines.push(Line::raw(
                "Esc: fix the command in the form and measure again.",
            ));
        }
        (Some(Err(why)), _) => {
            lines.push(Line::styled(format!("✖ {why}"), theme.level(Level::Fail)));
            lines.push(Line::raw(
                "Esc: fix the command in the form and measure again.",
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), text);

    let [memory, cores] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(charts);
    // Sparklines take integers: MiB, and hundredths of a core.
    let mib: Vec<u64> = measuring
        .samples
        .iter()
        .map(|s| s.rss_bytes >> 20)
        .collect();
    let centi_cores: Vec<u64> = measuring
        .samples
        .iter()
        .map(|s| (s.cores_now * 100.0).round() as u64)
        .collect();
    // Once measured, the peak includes what the kernel saw between samples.
    let peak_bytes = match &measuring.result {
        Some(Ok(measured)) => measured.peak_memory_bytes,
        _ => measuring.latest().map_or(0, |s| s.peak_rss_bytes),
    };
    let peak_mib = peak_bytes >> 20;
    frame.render_widget(
        Sparkline::default()
            .block(Block::bordered().title(format!(" Memory, whole tree (peak {peak_mib} MiB) ")))
            .data(&mib)
            .style(theme.key()),
        memory,
    );
    frame.render_widget(
        Sparkline::default()
            .block(Block::bordered().title(" Cores busy (full height: 1 core or the most seen) "))
            .data(&centi_cores)
            .max(centi_cores.iter().copied().max().unwrap_or(0).max(100))
            .style(theme.key()),
        cores,
    );
}
