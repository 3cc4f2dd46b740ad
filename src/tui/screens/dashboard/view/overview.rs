//! The overview tab, read from across the room: the stack, nodes per queue and jobs as bars
//! of glyphs (each state also a word, so nothing rests on colour alone), reV's steps, HSDS
//! as a glyph per node, and (`glance_cost.rs`) money and alerts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{freshness, with_reason};
use crate::cluster::glance::{self, JobState, NodeState};
use crate::cluster::probe_report::HsdsNode;
use crate::cluster::rev_status;
use crate::cluster::rev_watch::Watched;
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
    lines.extend(queue_lines(ui, bar_width, theme));
    lines.push(freshness(&ui.nodes, ctx.now, theme));
    lines.extend(job_lines(ui, bar_width, theme));
    if let Some(hsds) = &ui.hsds.value {
        lines.push(hsds_line(ui, hsds, theme));
    }
    lines.push(freshness(&ui.jobs, ctx.now, theme));
    lines
}

/// The glyphs' legend, then each queue's nodes as a bar with the counts in words.
pub(super) fn queue_lines(ui: &DashboardUi, bar_width: usize, theme: Theme) -> Vec<Line<'static>> {
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

/// The jobs as a bar with their counts, then each reV step's progress.
pub(super) fn job_lines(ui: &DashboardUi, bar_width: usize, theme: Theme) -> Vec<Line<'static>> {
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
        lines.extend(rev_lines(&watched, bar_width, theme));
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
            (!run.is_empty()).then(|| match level {
                Some(level) => Span::styled(run, theme.level(*level)),
                None => Span::styled(run, theme.dim()),
            })
        })
        .collect()
}

fn node_level(state: NodeState) -> Option<Level> {
    match state {
        NodeState::Busy => Some(Level::Ok),
        NodeState::PoweringUp | NodeState::Idle => Some(Level::Warn),
        NodeState::PoweredOff => None,
        NodeState::Down => Some(Level::Fail),
    }
}

fn job_level(state: JobState) -> Option<Level> {
    match state {
        JobState::Done | JobState::Running => Some(Level::Ok),
        JobState::Pending => None,
        JobState::Failed => Some(Level::Fail),
    }
}

/// "reV generation ████░░ 4 of 10 jobs done · running · $0.42", a line per step, then the
/// run against the sizing's estimate ("0.4 h of the sizing's estimated 1.6 h: about 1.2 h
/// left") when the run was sized.
fn rev_lines(watched: &Watched, width: usize, theme: Theme) -> Vec<Line<'static>> {
    if watched.steps.is_empty() {
        return vec![Line::raw("reV    not started")];
    }
    let name_width = watched
        .steps
        .iter()
        .map(|s| s.name.len())
        .max()
        .unwrap_or(0);
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
                    width,
                    theme,
                ));
                spans.push(Span::raw(format!(
                    " {done} of {} jobs done · {} · ${:.2}",
                    step.jobs.len(),
                    step.status,
                    step.usd
                )));
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
