//! The jobs tab: the jobs and reV's steps as bars, then squeue with state (its glyph, word
//! and colour), reason, partition, nodes, elapsed and limit; `/` filters; failed jobs stay
//! with their exit code while squeue keeps them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, TableState};

use super::freshness;
use super::state_style::{job_level, style};
use crate::cluster::glance::{self, JobState};
use crate::cluster::slurm::Job;
use crate::doctor::Level;
use crate::tui::screens::dashboard::DashboardUi;
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::pick_table;

pub fn render(ctx: &ViewContext, ui: &DashboardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    // The jobs and reV's steps as bars over the table, as on the Overview.
    let progress = super::overview::job_lines(ui, 24, area.width, theme);
    let [bars, top, table_area] = Layout::vertical([
        Constraint::Length(progress.len() as u16),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(progress), bars);
    let jobs = ui.visible_jobs();
    let filter = if ui.filtering || !ui.filter.is_empty() {
        Line::from(vec![
            Span::styled("Filter: ", theme.key()),
            Span::raw(format!(
                "{}{}",
                ui.filter,
                if ui.filtering { "▏" } else { "" }
            )),
            Span::styled(format!("  {} job(s)", jobs.len()), theme.dim()),
        ])
    } else {
        freshness(&ui.jobs, ctx.now, theme)
    };
    frame.render_widget(Paragraph::new(filter), top);
    let now = ui.cluster_clock.unwrap_or_else(|| ctx.wall.timestamp());
    // Only the rows that fit are built: a queue of 10,000 jobs costs no more per frame
    // than a screenful.
    let height = table_area.height.saturating_sub(1).max(1) as usize;
    let selected = ui.selected.min(jobs.len().saturating_sub(1));
    let first = selected.saturating_sub(height - 1);
    // Narrow terminals keep what tells a job's fate (its state, name, time and why) and
    // leave out its nodes and time limit; the widths below are what each column needs.
    let wide = table_area.width >= WIDE_FROM;
    let keep = |column: usize| wide || !matches!(column, NODES | LIMIT);
    let rows: Vec<Row> = jobs
        .iter()
        .skip(first)
        .take(height)
        .map(|j| {
            let state = glance::job_state(j);
            let cells = [
                Cell::from(j.id.clone()),
                // The gauge's glyph before Slurm's word: the state reads without colour.
                Cell::from(format!("{} {}", state.glyph(), j.state))
                    .style(style(theme, job_level(state))),
                Cell::from(j.name.clone()),
                Cell::from(j.partition.clone()),
                Cell::from(j.nodes.clone()),
                Cell::from(elapsed(j, now)),
                Cell::from(
                    j.time_limit_minutes
                        .map(minutes)
                        .unwrap_or_else(|| "none".into()),
                ),
                Cell::from(outcome(j)),
            ];
            let row = Row::new(
                cells
                    .into_iter()
                    .enumerate()
                    .filter(|(n, _)| keep(*n))
                    .map(|(_, c)| c),
            );
            if state == JobState::Failed {
                row.style(theme.level(Level::Fail))
            } else {
                row
            }
        })
        .collect();
    let columns = COLUMNS
        .iter()
        .enumerate()
        .filter(|(n, _)| keep(*n))
        .map(|(_, c)| *c);
    let mut state =
        TableState::default().with_selected((!jobs.is_empty()).then(|| selected - first));
    frame.render_stateful_widget(
        pick_table(
            rows,
            columns.clone().map(|(_, width)| width),
            columns.map(|(title, _)| title),
            theme,
        ),
        table_area,
        &mut state,
    );
}

/// The table's columns: title and width.
const COLUMNS: [(&str, Constraint); 8] = [
    ("job", Constraint::Length(10)),
    ("state", Constraint::Length(13)),
    ("name", Constraint::Min(12)),
    ("partition", Constraint::Length(10)),
    ("nodes", Constraint::Min(10)),
    ("elapsed", Constraint::Length(8)),
    ("limit", Constraint::Length(6)),
    ("reason / exit", Constraint::Min(13)),
];
const NODES: usize = 4;
const LIMIT: usize = 6;
/// The width from which every column fits: 82 for the columns, 7 gaps, 2 for the "› ".
const WIDE_FROM: u16 = 91;

/// Running: since it started, by the head node's clock. Ended: its run time. Pending: none
/// (Slurm's start and end times for pending and running jobs are only estimates).
fn elapsed(job: &Job, now: i64) -> String {
    match (job.state.as_str(), job.start_time, job.end_time) {
        ("PENDING", _, _) => "-".into(),
        ("RUNNING", Some(start), _) if now > start => minutes(((now - start) / 60) as u64),
        (_, Some(start), Some(end)) if end > start => minutes(((end - start) / 60) as u64),
        _ => "-".into(),
    }
}

fn minutes(m: u64) -> String {
    if m >= 60 {
        format!("{}h{:02}", m / 60, m % 60)
    } else {
        format!("{m}m")
    }
}

/// Why it waits, or how it ended.
fn outcome(job: &Job) -> String {
    match job.exit_code {
        Some(code) if job.state != "RUNNING" && job.state != "PENDING" => format!("exit {code}"),
        _ => job.reason.clone(),
    }
}
