//! The reV tab: the pipeline's steps from the GAPs status files in the project directory
//! on the cluster, each with its jobs, their status and runtime. The directory is asked
//! once (`e`) and remembered for the cluster.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, TableState, Wrap};

use super::freshness;
use crate::cluster::rev_status::{self, RevJob, RevStep};
use crate::doctor::Level;
use crate::tui::screens::dashboard::DashboardUi;
use crate::tui::theme::Theme;
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::pick_table;

pub fn render(ctx: &ViewContext, ui: &DashboardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let [top, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
    let directory = match (&ui.editing_rev_dir, &ui.rev_dir) {
        (Some(text), _) => Line::from(vec![
            Span::raw("reV project directory on the cluster: "),
            Span::styled(format!("{text}▏"), theme.selected()),
            Span::styled("  Enter keeps it · Esc cancels", theme.dim()),
        ]),
        (None, Some(dir)) => Line::from(vec![
            Span::raw(format!("reV project {dir}  ")),
            Span::styled("e changes it", theme.dim()),
        ]),
        (None, None) => Line::raw(
            "Press e and type the reV project directory on the cluster (where you run `reV pipeline`, e.g. ~/rev_runs/conus).",
        ),
    };
    frame.render_widget(
        Paragraph::new(vec![directory, freshness(&ui.rev, ctx.now, theme)])
            .wrap(Wrap { trim: false }),
        top,
    );
    let Some(pipeline) = &ui.rev.value else {
        return;
    };
    if pipeline.steps.is_empty() {
        frame.render_widget(
            Paragraph::new(
                "No GAPs status files in its .gaps/ yet: the pipeline has not been started there (`reV pipeline -c config_pipeline.json`).",
            )
            .style(theme.dim())
            .wrap(Wrap { trim: true }),
            body,
        );
        return;
    }
    let now = ui
        .cluster_clock
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| t.naive_utc());
    let mut rows = vec![];
    for step in &pipeline.steps {
        rows.push(step_row(step, theme));
        for job in &step.jobs {
            rows.push(job_row(job, now, theme));
        }
    }
    for problem in &pipeline.problems {
        rows.push(
            Row::new(vec![Cell::from(format!("! {problem}"))]).style(theme.level(Level::Warn)),
        );
    }
    let mut state = TableState::default();
    frame.render_stateful_widget(
        pick_table(
            rows,
            [
                Constraint::Min(30),
                Constraint::Length(14),
                Constraint::Length(10),
                Constraint::Length(12),
                Constraint::Min(20),
            ],
            ["step / job", "status", "slurm id", "runtime", "started"],
            theme,
        ),
        body,
        &mut state,
    );
}

fn step_row(step: &RevStep, theme: Theme) -> Row<'static> {
    let status = step.step_status();
    let done = step
        .jobs
        .iter()
        .filter(|j| j.status == rev_status::SUCCESSFUL)
        .count();
    let mut label = status.to_string();
    if step.any_failed() && status != rev_status::FAILED {
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
        Cell::from(format!("{done}/{} jobs", step.jobs.len())),
        Cell::from(""),
    ])
    .style(
        status_style(status, step.any_failed(), theme).add_modifier(ratatui::style::Modifier::BOLD),
    )
}

fn job_row(job: &RevJob, now: Option<chrono::NaiveDateTime>, theme: Theme) -> Row<'static> {
    let runtime = now
        .and_then(|n| job.runtime_minutes_at(n))
        .or(job.runtime_minutes)
        .map(|m| {
            format!(
                "{}{}",
                minutes(m),
                if job.clock_running() { " (r)" } else { "" }
            )
        })
        .unwrap_or_default();
    Row::new(vec![
        Cell::from(format!("   {}", job.name)),
        Cell::from(job.status.clone()),
        Cell::from(job.job_id.clone().unwrap_or_default()),
        Cell::from(runtime),
        Cell::from(job.time_start.clone().unwrap_or_default()),
    ])
    .style(status_style(&job.status, false, theme))
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
