//! The reV tab: the run in the project directory on the cluster (asked once with `e`,
//! remembered, or set by a new run `n`), live: each step and job with its state, Slurm id,
//! node, runtime and cost so far, the cost in all and the time against the sizing's
//! estimate, each failed job's cause in words with the fix and the end of its log, and the
//! outputs with their sizes (`F` fetches them).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, TableState, Wrap};

use super::freshness;
use crate::cluster::rev_status;
use crate::cluster::rev_watch::{Watched, WatchedJob, WatchedStep};
use crate::doctor::Level;
use crate::tui::screens::dashboard::DashboardUi;
use crate::tui::theme::Theme;
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::pick_table;

const KEYS_HINT: &str = "n new run · F fetch outputs · e directory";

pub fn render(ctx: &ViewContext, ui: &DashboardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let watched = ui.rev_watched();
    let mut top = vec![directory(ui, theme), freshness(&ui.rev, ctx.now, theme)];
    if let Some(w) = watched.as_ref().filter(|w| !w.steps.is_empty()) {
        top.push(summary(w, theme));
    }
    if let Some(note) = &ui.rev_note {
        top.push(Line::styled(note.clone(), theme.level(Level::Warn)));
    }
    let [top_area, body] =
        Layout::vertical([Constraint::Length(top.len() as u16), Constraint::Min(3)]).areas(area);
    frame.render_widget(Paragraph::new(top).wrap(Wrap { trim: false }), top_area);
    let Some(watched) = watched else {
        return;
    };
    if watched.steps.is_empty() {
        frame.render_widget(
            Paragraph::new(
                "No GAPs status files in its .gaps/ yet: the pipeline has not been started there (n starts a new run; or `reV pipeline -c config_pipeline.json`).",
            )
            .style(theme.dim())
            .wrap(Wrap { trim: true }),
            body,
        );
        return;
    }
    let details = details(&watched, theme);
    let rows = table_rows(&watched, theme);
    // The table as tall as it needs (and its header), the details under it.
    let table_height = (rows.len() as u16 + 1).min(body.height.saturating_sub(3).max(4));
    let [table_area, details_area] =
        Layout::vertical([Constraint::Length(table_height), Constraint::Min(0)]).areas(body);
    let mut state = TableState::default();
    frame.render_stateful_widget(
        pick_table(
            rows,
            [
                Constraint::Min(24),
                Constraint::Length(13),
                Constraint::Length(8),
                Constraint::Length(20),
                Constraint::Length(12),
                Constraint::Length(9),
            ],
            [
                "step / job",
                "status",
                "slurm id",
                "node",
                "runtime",
                "cost",
            ],
            theme,
        ),
        table_area,
        &mut state,
    );
    frame.render_widget(
        Paragraph::new(details).wrap(Wrap { trim: false }),
        details_area,
    );
}

fn directory(ui: &DashboardUi, theme: Theme) -> Line<'static> {
    match (&ui.editing_rev_dir, &ui.rev_dir) {
        (Some(text), _) => Line::from(vec![
            Span::raw("reV project directory on the cluster: "),
            Span::styled(format!("{text}▏"), theme.selected()),
            Span::styled("  Enter keeps it · Esc cancels", theme.dim()),
        ]),
        (None, Some(dir)) => Line::from(vec![
            Span::raw(format!("reV project {dir}  ")),
            Span::styled(KEYS_HINT, theme.dim()),
        ]),
        (None, None) => Line::from(vec![Span::raw(
            "n starts a new reV run here (install, project, submit); e reads an existing project directory (where you ran `reV pipeline`, e.g. ~/rev_runs/conus).  ",
        )]),
    }
}

/// "cost $0.42 so far · 0.4 h of the sizing's estimated 1.6 h · ended".
fn summary(w: &Watched, theme: Theme) -> Line<'static> {
    let mut parts = vec![w.cost_sentence()];
    if let Some(estimate) = &w.estimate {
        parts.push(estimate.sentence());
    }
    parts.push(match (w.over, w.monitor_pid) {
        (true, _) => "the run has ended".into(),
        (false, Some(pid)) => format!("gaps' monitor PID {pid} on the head node"),
        (false, None) => "running".into(),
    });
    let failed = w.steps.iter().any(|s| s.any_failed);
    Line::styled(
        parts.join(" · "),
        if failed {
            theme.level(Level::Fail)
        } else if w.over {
            theme.level(Level::Ok)
        } else {
            theme.dim()
        },
    )
}

fn table_rows(w: &Watched, theme: Theme) -> Vec<Row<'static>> {
    let mut rows = vec![];
    for step in &w.steps {
        rows.push(step_row(step, theme));
        for job in &step.jobs {
            rows.push(job_row(job, theme));
        }
    }
    rows
}

fn step_row(step: &WatchedStep, theme: Theme) -> Row<'static> {
    let mut label = step.status.to_string();
    if step.any_failed && step.status != rev_status::FAILED {
        label.push_str(", some failed");
    }
    Row::new(vec![
        Cell::from(format!(
            "{}. {}",
            step.index.map(|i| i.to_string()).unwrap_or_default(),
            step.name
        )),
        Cell::from(label),
        Cell::from(""),
        Cell::from(format!("{}/{} jobs", step.successful, step.jobs.len())),
        Cell::from(format!("{:.1} node-h", step.node_hours)),
        Cell::from(money(Some(step.usd), step.unpriced)),
    ])
    .style(status_style(step.status, step.any_failed, theme).add_modifier(Modifier::BOLD))
}

fn job_row(job: &WatchedJob, theme: Theme) -> Row<'static> {
    let runtime = job
        .runtime_minutes
        .map(|m| format!("{}{}", minutes(m), if job.running { " (r)" } else { "" }))
        .unwrap_or_default();
    let mut node = job.node.clone().unwrap_or_default();
    if let Some(n) = job.refused_503.filter(|n| *n > 0) {
        node.push_str(&format!(" 503×{n}"));
    }
    Row::new(vec![
        Cell::from(format!("   {}", job.name)),
        Cell::from(job.status.clone()),
        Cell::from(job.slurm_id.clone().unwrap_or_default()),
        Cell::from(node),
        Cell::from(runtime),
        Cell::from(job.usd.map(|u| format!("${u:.2}")).unwrap_or_default()),
    ])
    .style(status_style(&job.status, false, theme))
}

/// "$1.23", with a mark when some jobs could not be priced.
fn money(usd: Option<f64>, unpriced: usize) -> String {
    match (usd, unpriced) {
        (Some(u), 0) => format!("${u:.2}"),
        (Some(u), _) => format!("${u:.2}+?"),
        (None, _) => "?".into(),
    }
}

/// Under the table: each failed job's cause and fix with the end of its log, the outputs,
/// and the status files' oddities.
fn details(w: &Watched, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![];
    for job in w.steps.iter().flat_map(|s| &s.jobs) {
        let Some(cause) = &job.cause else { continue };
        lines.push(Line::styled(
            format!("✖ {}: {}", job.name, cause.words),
            theme.level(Level::Fail),
        ));
        lines.push(Line::raw(format!("  fix: {}", cause.fix)));
        for line in job
            .tail
            .iter()
            .flat_map(|t| t.lines())
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            lines.push(Line::styled(format!("  │ {line}"), theme.dim()));
        }
    }
    let present: Vec<_> = w.present_outputs().collect();
    if !present.is_empty() {
        lines.push(Line::styled(
            format!("Outputs ({} · F fetches them):", present.len()),
            theme.title(),
        ));
        for (path, bytes) in present {
            lines.push(Line::raw(format!("  {path}  {:.1} MB", bytes as f64 / 1e6)));
        }
    }
    for problem in &w.problems {
        lines.push(Line::styled(
            format!("! {problem}"),
            theme.level(Level::Warn),
        ));
    }
    lines
}

fn status_style(status: &str, some_failed: bool, theme: Theme) -> ratatui::style::Style {
    match status {
        rev_status::FAILED => theme.level(Level::Fail),
        _ if some_failed => theme.level(Level::Warn),
        rev_status::SUCCESSFUL | rev_status::COMPLETE => theme.level(Level::Ok),
        rev_status::NOT_SUBMITTED => theme.dim(),
        _ => ratatui::style::Style::default(),
    }
}

/// "42 s", "12.5 min", "3.2 h".
fn minutes(m: f64) -> String {
    if m < 1.0 {
        format!("{:.0} s", m * 60.0)
    } else if m < 120.0 {
        format!("{m:.1} min")
    } else {
        format!("{:.1} h", m / 60.0)
    }
}
