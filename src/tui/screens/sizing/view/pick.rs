//! The selected point in full: its price and where it came from, the fit, and what `⏎`
//! fills in (the queue and reV's `execution_control`), with the HSDS 503 check. Or, with
//! `a`, the model's assumptions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::cluster::sizing::precision::number;
use crate::doctor::Level;
use crate::tui::screens::sizing::Plans;
use crate::tui::theme::Theme;

pub fn render(plans: &Plans, theme: Theme, frame: &mut Frame, area: Rect) {
    let (Some(row), Some(plan)) = (
        plans.rows.get(plans.selected),
        plans.sizing.plans.get(plans.selected),
    ) else {
        return;
    };
    let fit = &plan.fit;
    let smt_off = if fit.cores < plan.instance.vcpus {
        format!(" of {} vCPUs, SMT off", plan.instance.vcpus)
    } else {
        String::new()
    };
    let mut lines = vec![
        Line::styled(
            format!(
                "{} · {} {} · {}",
                row.instance_type, row.price, plans.market, row.source
            ),
            theme.title(),
        ),
        Line::raw(format!(
            "{} workers a node: {} by its {} cores{smt_off}, {} by memory ({} GiB usable)",
            fit.workers(),
            fit.by_cores,
            fit.cores,
            fit.by_memory,
            number(fit.usable_memory_gib)
        )),
    ];
    if let Some(note) = &row.note {
        lines.push(Line::styled(format!("! {note}"), theme.level(Level::Warn)));
    }
    let Some(pick) = plans.pick() else {
        frame.render_widget(paragraph(lines, " Selected "), area);
        return;
    };
    lines.push(Line::raw(format!(
        "{} nodes · {} · {} node-hours · {}, {} a unit",
        row.nodes, row.time, row.node_hours, row.cost, row.per_unit
    )));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "⏎ fills in the queue ({}, MaxCount {}) and reV's execution_control:",
            pick.instance_type, pick.max_count
        ),
        theme.dim(),
    ));
    let control = &pick.execution_control;
    let sites = control
        .sites_per_worker
        .map_or_else(|| "reV's default".into(), |s| s.to_string());
    lines.push(Line::raw(format!(
        "nodes {} · max_workers {} · sites_per_worker {sites}",
        control.nodes, control.max_workers
    )));
    lines.push(Line::raw(format!(
        "memory_utilization_limit {} · walltime {} h{}",
        control.memory_utilization_limit,
        control.walltime.unwrap_or_default(),
        control
            .feature
            .as_ref()
            .map(|f| format!(" · feature {f}"))
            .unwrap_or_default()
    )));
    lines.push(match pick.warning() {
        Some(warning) => Line::styled(format!("! {warning}"), theme.level(Level::Warn)),
        None => Line::styled(
            format!(
                "✔ HSDS: {} requests in flight a node, within its max_task_count {}",
                pick.hsds_503.requests_in_flight, pick.hsds_503.max_task_count
            ),
            theme.level(Level::Ok),
        ),
    });
    frame.render_widget(paragraph(lines, " Selected "), area);
}

pub fn render_assumptions(plans: &Plans, theme: Theme, frame: &mut Frame, area: Rect) {
    let lines: Vec<Line> = plans
        .sizing
        .assumptions
        .iter()
        .map(|a| Line::raw(format!("• {}", a.text)))
        .chain([Line::styled("a: back to the selected point", theme.dim())])
        .collect();
    frame.render_widget(paragraph(lines, " What the plan assumes "), area);
}

fn paragraph<'a>(lines: Vec<Line<'a>>, title: &'a str) -> Paragraph<'a> {
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(Block::bordered().title(title))
}
