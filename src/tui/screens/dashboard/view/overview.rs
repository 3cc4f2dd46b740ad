//! The overview tab, read from across the room: the stack, nodes per queue and jobs as bars
//! of glyphs (each state also a word, so nothing rests on colour alone), reV's steps, HSDS
//! as a glyph per node, and (`glance_cost.rs`) money and alerts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::state_style::{job_level, node_level, style};
use super::{freshness, with_reason};
use crate::cluster::glance::{self, JobState, NodeState};
use crate::cluster::probe_report::HsdsNode;
use crate::cluster::rev_status;
use crate::cluster::rev_watch::{Watched, WatchedStep};
use crate::doctor::Level;
use crate::tui::screens::dashboard::DashboardUi;
use crate::tui::theme::Theme;
use crate::tui::widgets::ViewContext;

pub fn render(ctx: &ViewContext, ui: &DashboardUi, frame: &mut Frame, area: Rect) {
    // Wide terminals get two columns: what runs on the left, money and alerts on the
    // right. 80 columns stack them, alerts first.
    if area.width >= TWO_COLUMNS_FROM {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)])
                .spacing(2)
                .areas(area);
        let running = running_lines(ctx, ui, left.width);
        frame.render_widget(Paragraph::new(running).wrap(Wrap { trim: false }), left);
        super::glance_cost::render(ctx, ui, frame, right, true);
    } else {
        let mut lines = super::glance_cost::alert_lines(ctx, ui, area.width);
        lines.extend(running_lines(ctx, ui, area.width));
        let used = lines.len() as u16 + 1;
        let [top, bottom] =
            Layout::vertical([Constraint::Length(used), Constraint::Min(0)]).areas(area);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), top);
        super::glance_cost::render(ctx, ui, frame, bottom, false);
    }
}

/// Where the Overview splits in two.
const TWO_COLUMNS_FROM: u16 = 110;

/// The stack, the host key, and what runs: nodes per queue, jobs, reV, HSDS, as bars of
/// glyphs with their words.
fn running_lines(ctx: &ViewContext, ui: &DashboardUi, width: u16) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    // Room for the label and the words after the bar, whatever the width.
    let bar_width = usize::from(width.saturating_sub(52)).clamp(8, 60);
    let mut lines = vec![stack_line(ui, theme)];
    if let Some(line) = host_key_line(ui, theme) {
        lines.push(line);
    }
    lines.push(Line::raw(""));
    lines.extend(queue_lines(ui, bar_width, width, theme));
    lines.push(freshness(&ui.nodes, ctx.now, theme));
    lines.extend(job_lines(ui, bar_width, width, theme));
    if let Some(hsds) = &ui.hsds.value {
        lines.push(hsds_line(ui, hsds, theme));
    }
    lines.push(freshness(&ui.jobs, ctx.now, theme));
    lines
}

/// The glyphs' legend, then each queue's nodes as a bar with the counts in words.
fn queue_lines(ui: &DashboardUi, bar_width: usize, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let Some(nodes) = &ui.nodes.value else {
        return vec![];
    };
    let queues = glance::queues(nodes);
    let name_width = queues
        .iter()
        .map(|q| q.queue.len())
        .max()
        .unwrap_or(0)
        .max(5);
    // Every queue's bar as wide as the others', and short enough for the longest counts
    // to stay on the bar's line.
    let words = queues
        .iter()
        .map(|q| q.words().chars().count())
        .max()
        .unwrap_or(0);
    let bar_width = bar_width.min(usize::from(width).saturating_sub(name_width + words + 4));
    let mut lines = vec![Line::styled(
        format!(
            "Nodes  {}",
            NodeState::ALL
                .iter()
                .map(|s| format!("{} {}", s.glyph(), s.word()))
                .collect::<Vec<_>>()
                .join("  ")
        ),
        theme.title(),
    )];
    for queue in &queues {
        let glyphs = NodeState::ALL.map(NodeState::glyph);
        let mut spans = vec![Span::raw(format!("  {:<name_width$} ", queue.queue))];
        spans.extend(bar_spans(
            &queue.counts,
            &glyphs,
            &NodeState::ALL.map(node_level),
            bar_width,
            theme,
        ));
        spans.push(Span::raw(format!(" {}", queue.words())));
        lines.push(Line::from(spans));
    }
    lines
}

/// The jobs as a bar with their counts, then each reV step's progress, in `width` columns.
pub(super) fn job_lines(
    ui: &DashboardUi,
    bar_width: usize,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![];
    if let Some(jobs) = &ui.jobs.value {
        let counts = glance::job_counts(jobs);
        let words: Vec<String> = JobState::ALL
            .iter()
            .zip(counts)
            .map(|(s, n)| format!("{n} {}", s.word()))
            .collect();
        let mut spans = vec![Span::styled("Jobs   ", theme.title())];
        spans.extend(bar_spans(
            &counts,
            &JobState::ALL.map(JobState::glyph),
            &JobState::ALL.map(job_level),
            bar_width,
            theme,
        ));
        spans.push(Span::raw(format!(" {}", words.join(" · "))));
        lines.push(Line::from(spans));
    }
    if let Some(watched) = ui.rev_watched() {
        lines.extend(rev_lines(&watched, bar_width, width, theme));
    }
    lines
}

fn stack_line(ui: &DashboardUi, theme: Theme) -> Line<'static> {
    let Some(stack) = &ui.stack.value else {
        return Line::raw("Stack: …");
    };
    let level = if stack.status.ends_with("_COMPLETE") && !stack.status.contains("ROLLBACK") {
        Level::Ok
    } else if stack.status.contains("FAILED") || stack.status.contains("ROLLBACK") {
        Level::Fail
    } else {
        Level::Warn
    };
    Line::styled(
        format!(
            "Stack: {}",
            with_reason(&stack.status, stack.reason.as_deref())
        ),
        theme.level(level),
    )
}

/// Each state's share of `width` cells, in its glyph and colour.
fn bar_spans(
    counts: &[usize],
    glyphs: &[char],
    levels: &[Option<Level>],
    width: usize,
    theme: Theme,
) -> Vec<Span<'static>> {
    let text = glance::bar(counts, glyphs, width);
    glyphs
        .iter()
        .zip(levels)
        .filter_map(|(glyph, level)| {
            let run: String = text.chars().filter(|c| c == glyph).collect();
            (!run.is_empty()).then(|| Span::styled(run, style(theme, *level)))
        })
        .collect()
}

/// "reV generation ████░░ 4 of 10 jobs done · running · $0.42", a line per step, then the
/// run against the sizing's estimate ("0.4 h of the sizing's estimated 1.6 h: about 1.2 h
/// left") when the run was sized.
fn rev_lines(watched: &Watched, bar_width: usize, width: u16, theme: Theme) -> Vec<Line<'static>> {
    if watched.steps.is_empty() {
        return vec![Line::raw("reV    not started")];
    }
    let name_width = watched
        .steps
        .iter()
        .map(|s| s.name.len())
        .max()
        .unwrap_or(0);
    let words = |step: &WatchedStep| {
        format!(
            " {} of {} jobs done · {} · ${:.2}",
            step.successful,
            step.jobs.len(),
            step.status,
            step.usd
        )
    };
    // One bar width for every step, giving way to the longest words so that each step stays
    // on one line at 80 columns and the bars line up.
    let longest_words = watched
        .steps
        .iter()
        .filter(|s| !s.jobs.is_empty())
        .map(|s| words(s).chars().count())
        .max()
        .unwrap_or(0);
    let bar_width = bar_width
        .min(usize::from(width).saturating_sub("reV  ".len() + name_width + longest_words + 2))
        .max(4);
    let mut lines: Vec<Line<'static>> = watched
        .steps
        .iter()
        .map(|step| {
            let done = step.successful;
            let failed = step
                .jobs
                .iter()
                .filter(|j| j.status == rev_status::FAILED)
                .count();
            let other = step.jobs.len() - done - failed;
            let mut spans = vec![Span::styled(
                format!("reV {:<name_width$} ", step.name),
                theme.title(),
            )];
            if step.jobs.is_empty() {
                spans.push(Span::styled("not submitted", theme.dim()));
            } else {
                spans.extend(bar_spans(
                    &[done, other, failed],
                    &['█', '░', '✖'],
                    &[Some(Level::Ok), None, Some(Level::Fail)],
                    bar_width,
                    theme,
                ));
                spans.push(Span::raw(words(step)));
            }
            Line::from(spans)
        })
        .collect();
    if let Some(estimate) = &watched.estimate {
        let level = if estimate.elapsed_hours > estimate.estimate_hours {
            Level::Warn
        } else {
            Level::Ok
        };
        lines.push(Line::styled(
            format!("reV run: {}", estimate.sentence()),
            theme.level(level),
        ));
    }
    lines
}

/// "HSDS   ●●◐✖ 2 ready · 1 refusing (503) · 1 down": one glyph per compute node.
fn hsds_line(ui: &DashboardUi, hsds: &[HsdsNode], theme: Theme) -> Line<'static> {
    let refusing_now = ui.recent_503().is_some_and(|n| n > 0);
    let mut spans = vec![Span::styled("HSDS   ", theme.title())];
    let (mut ready, mut refusing, mut down) = (0, 0, 0);
    for node in hsds {
        let up = node.state.as_deref() == Some("READY") && node.problem.is_none();
        let (glyph, level) = if !up {
            down += 1;
            ('✖', Level::Fail)
        } else if refusing_now && node.refused_503.is_some_and(|n| n > 0) {
            refusing += 1;
            ('◐', Level::Warn)
        } else {
            ready += 1;
            ('●', Level::Ok)
        };
        spans.push(Span::styled(glyph.to_string(), theme.level(level)));
    }
    let mut words = vec![format!("{ready} ready")];
    if refusing > 0 {
        words.push(format!("{refusing} refusing (503)"));
    }
    if down > 0 {
        words.push(format!("{down} down"));
    }
    if hsds.is_empty() {
        words = vec!["no compute node up to ask".into()];
    }
    spans.push(Span::raw(format!(" {}", words.join(" · "))));
    Line::from(spans)
}

/// How far the head node's host key is trusted: verified by AWS, accepted on first use,
/// or refused as changed (then nothing runs there until K re-pins it).
fn host_key_line(ui: &DashboardUi, theme: Theme) -> Option<Line<'static>> {
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
