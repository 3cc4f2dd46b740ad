//! Parking: the question (what stops, what keeps billing, how to come back), the work
//! going on, and what was done.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::cleanup::park::ParkReport;
use crate::cluster::price::{hourly, money};
use crate::doctor::Level;
use crate::tui::screens::cleanup::state::{CleanupUi, Stage};
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::spinner;

pub fn render_question(
    ctx: &ViewContext,
    ui: &CleanupUi,
    resume: bool,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = ctx.theme;
    let name = &ui.name;
    if matches!(ui.stage, Stage::Parking { .. }) {
        let doing = if resume {
            "starting the head node, then the compute fleet"
        } else {
            "stopping the compute fleet, then the head node"
        };
        let mut lines = vec![Line::raw(format!("{} {doing}…", spinner(ctx.frame)))];
        if let Some(progress) = &ui.park_progress {
            lines.push(Line::raw(format!("  {progress}")));
        }
        if !resume {
            lines.push(Line::styled(
                "The head node stops only once every compute instance has ended: it is what ends them.",
                theme.dim(),
            ));
        }
        let title = if resume { "Resuming" } else { "Parking" };
        super::dialog(ctx, &format!("{title} {name}"), lines, frame, area);
        return;
    }
    let (title, mut lines) = if resume {
        (
            format!("Resume {name}?"),
            vec![
                Line::raw("Starts the head node, then the compute fleet."),
                Line::raw(
                    "The head node bills by the hour again; compute nodes start (and bill) when jobs ask for them.",
                ),
                Line::raw("Its public IP may change; the dashboard follows it."),
            ],
        )
    } else {
        (
            format!("Park {name}?"),
            vec![
                Line::raw(
                    "Stops the compute fleet, then the head node: no instance bills while parked.",
                ),
                Line::raw(ui.park_note.clone()),
                Line::raw(format!(
                    "Nothing is deleted. Come back with `pcwiz resume {name}`, or p again."
                )),
            ],
        )
    };
    if !ui.acting_as().is_empty() {
        lines.push(Line::raw(format!("As {}.", ui.acting_as())));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "y / Enter: go ahead · n / Esc: no",
        theme.dim(),
    ));
    super::dialog(ctx, &title, lines, frame, area);
}

pub fn render_result(
    ctx: &ViewContext,
    ui: &CleanupUi,
    resume: bool,
    result: &Result<ParkReport, String>,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = ctx.theme;
    let verb = if resume { "resume" } else { "park" };
    let mut lines = match result {
        Err(why) => vec![Line::styled(
            format!("✖ Could not {verb} {}: {why}", ui.name),
            theme.level(Level::Fail),
        )],
        Ok(report) if !report.finished => {
            let mut lines = vec![Line::styled(
                format!("✖ {} is not parked", ui.name),
                theme.level(Level::Fail),
            )];
            lines.extend(report.done.iter().map(|d| Line::raw(format!("  ✔ {d}"))));
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                report.come_back.clone(),
                theme.level(Level::Warn),
            ));
            lines
        }
        Ok(report) => {
            let mut lines = vec![Line::styled(
                format!(
                    "✔ {} {}",
                    if resume { "Resumed" } else { "Parked" },
                    ui.name
                ),
                theme.level(Level::Ok),
            )];
            lines.extend(report.done.iter().map(|d| Line::raw(format!("  ✔ {d}"))));
            if let (Some(before), Some(after)) =
                (report.usd_per_hour_before, report.usd_per_hour_after)
            {
                lines.push(Line::raw(format!(
                    "Billing {}/h before, {}/h now.",
                    hourly(before),
                    hourly(after)
                )));
            }
            if !report.still_bills.is_empty() {
                lines.push(Line::raw(""));
                lines.push(Line::raw(match report.still_bills_usd_per_month {
                    Some(usd) => format!("Still billing {}/month:", money(usd)),
                    None => "Still billing:".into(),
                }));
                lines.extend(
                    report
                        .still_bills
                        .iter()
                        .map(|s| Line::raw(format!("  {s}"))),
                );
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!("Come back: {}", report.come_back),
                theme.title(),
            ));
            lines
        }
    };
    lines.push(Line::raw(""));
    lines.push(Line::styled("Esc back", theme.dim()));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
