//! The overview tab: is the stack healthy, what runs, what HSDS says, what it costs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{freshness, with_reason};
use crate::cluster::slurm::{describe_node, node_bills};
use crate::doctor::Level;
use crate::tui::screens::dashboard::DashboardUi;
use crate::tui::widgets::ViewContext;

pub fn render(ctx: &ViewContext, ui: &DashboardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let mut lines = vec![];
    match &ui.stack.value {
        Some(stack) => {
            let level = if stack.status.ends_with("_COMPLETE") && !stack.status.contains("ROLLBACK")
            {
                Level::Ok
            } else if stack.status.contains("FAILED") || stack.status.contains("ROLLBACK") {
                Level::Fail
            } else {
                Level::Warn
            };
            lines.push(Line::styled(
                format!(
                    "Stack: {}",
                    with_reason(&stack.status, stack.reason.as_deref())
                ),
                theme.level(level),
            ));
        }
        None => lines.push(Line::raw("Stack: …")),
    }
    lines.push(freshness(&ui.stack, ctx.now, theme));
    if let Some(line) = host_key_line(ui, theme) {
        lines.push(line);
    }
    lines.push(Line::raw(""));
    if let Some(nodes) = &ui.nodes.value {
        let up = nodes.iter().filter(|n| node_bills(n)).count();
        let mut states: Vec<String> = nodes.iter().map(|n| describe_node(n).0).collect();
        states.sort();
        states.dedup();
        lines.push(Line::raw(format!(
            "Slurm nodes: {} ({} with an instance) · {}",
            nodes.len(),
            up,
            states.join(", ")
        )));
    }
    if let Some(jobs) = &ui.jobs.value {
        let count = |state: &str| jobs.iter().filter(|j| j.state == state).count();
        lines.push(Line::raw(format!(
            "Jobs: {} running · {} pending · {} failed · {} in all",
            count("RUNNING"),
            count("PENDING"),
            count("FAILED") + count("TIMEOUT") + count("OUT_OF_MEMORY") + count("NODE_FAIL"),
            jobs.len()
        )));
    }
    if let Some(hsds) = &ui.hsds.value {
        let ready = hsds
            .iter()
            .filter(|h| h.state.as_deref() == Some("READY") && h.problem.is_none())
            .count();
        let line = format!("HSDS: READY on {ready} of {} node(s)", hsds.len());
        lines.push(if ready < hsds.len() {
            Line::styled(line, theme.level(Level::Warn))
        } else {
            Line::raw(line)
        });
    }
    if let Some(pipeline) = &ui.rev.value {
        let steps: Vec<String> = pipeline
            .steps
            .iter()
            .map(|s| format!("{} {}", s.name, s.step_status()))
            .collect();
        let failed = pipeline.steps.iter().any(|s| s.any_failed());
        let line = format!(
            "reV: {}",
            if steps.is_empty() {
                "not started".into()
            } else {
                steps.join(" → ")
            }
        );
        lines.push(if failed {
            Line::styled(line, theme.level(Level::Fail))
        } else {
            Line::raw(line)
        });
    }
    if ui.recent_503().is_some_and(|n| n > 0) {
        lines.push(Line::styled(
            "! HSDS is refusing requests (503): see the HSDS tab for why and the fix",
            theme.level(Level::Fail),
        ));
    }
    lines.push(freshness(&ui.jobs, ctx.now, theme));
    lines.push(Line::raw(""));
    lines.extend(super::cost::cost_lines(ctx, ui, theme));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// How far the head node's host key is trusted: verified by AWS, accepted on first use,
/// or refused as changed (then nothing runs there until K re-pins it).
fn host_key_line(ui: &DashboardUi, theme: crate::tui::theme::Theme) -> Option<Line<'static>> {
    if ui.host_key_refused {
        return Some(Line::styled(
            "Host key: CHANGED, refused; nothing runs on the head node. K re-pins it once AWS confirms the new key.",
            theme.level(Level::Fail),
        ));
    }
    let pin = ui.host_key.as_ref()?;
    let (text, level) = if pin.verified() {
        (
            format!(
                "Host key: verified from {}'s EC2 console output",
                pin.instance_id
            ),
            Level::Ok,
        )
    } else {
        (
            format!(
                "Host key: accepted on first use, NOT verified (the console output listed no keys): {}",
                pin.fingerprints.join(", ")
            ),
            Level::Warn,
        )
    };
    Some(Line::styled(text, theme.level(level)))
}

/// Instances run, yet no job does.
pub(super) fn idle_but_billing(ui: &DashboardUi) -> bool {
    let billing = ui.usd_per_hour.is_some_and(|u| u > 0.0);
    let running = ui
        .jobs
        .value
        .as_ref()
        .is_some_and(|jobs| jobs.iter().any(|j| j.state == "RUNNING"));
    billing && ui.jobs.value.is_some() && !running
}
