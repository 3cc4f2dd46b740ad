//! The reV tab's screens over the dashboard: the new run's form, its progress (with pip's
//! bar while reV installs) and what came of it; and the outputs fetch with its bar.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::doctor::Level;
use crate::remote::put_files::Installed;
use crate::rev::start::Started;
use crate::tui::screens::dashboard::{FetchStage, RevFetchUi, RevField, RevRunUi, RevStage};
use crate::tui::theme::Theme;
use crate::tui::widgets::{ViewContext, spinner};

const ABOUT: &str = "pcwiz installs reV (pinned, in ~/envs/rev on the shared home) if needed, \
counts the sites (a box on a compute node, through its HSDS), writes config_gen.json, \
config_pipeline.json and the SAM file into the project directory (backing up what differs), \
then starts the pipeline on the head node: it goes on without pcwiz.";

/// A bar of `width` cells: "[#########---------] 45%".
fn bar(fraction: f64, width: usize) -> String {
    let fraction = fraction.clamp(0.0, 1.0);
    let filled = (fraction * width as f64).round() as usize;
    format!(
        "[{}{}] {:>3.0}%",
        "#".repeat(filled),
        "-".repeat(width - filled),
        fraction * 100.0
    )
}

fn boxed(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    hint: &str,
    lines: Vec<Line<'static>>,
    theme: Theme,
) {
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(format!(" {title} "))
                .title_style(theme.title())
                .title_bottom(Line::styled(format!(" {hint} "), theme.dim())),
        ),
        area,
    );
}

pub fn render(ctx: &ViewContext, run: &RevRunUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let (lines, hint) = match &run.stage {
        RevStage::Form => (
            form(run, theme),
            "↑↓ field · ←→ / space: choose · Enter: start · Esc: back",
        ),
        RevStage::Running { lines, fraction } => {
            let mut shown: Vec<Line> = lines.iter().map(|l| Line::raw(format!("  {l}"))).collect();
            if let Some(f) = fraction {
                shown.push(Line::styled(format!("  {}", bar(*f, 30)), theme.key()));
            }
            shown.push(Line::raw(format!("{} working…", spinner(ctx.frame))));
            (shown, "it ends by itself")
        }
        RevStage::Done(started) => (done(started, theme), "Esc / Enter: back to the reV tab"),
        RevStage::Failed(why) => (
            vec![Line::styled(format!("✖ {why}"), theme.level(Level::Fail))],
            "e: back to the form · Esc: close",
        ),
    };
    boxed(frame, area, "New reV run", hint, lines, theme);
}

fn form(run: &RevRunUi, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(ABOUT, theme.dim()), Line::raw("")];
    let choice = |on: bool, text: &str| format!("{} {text}", if on { "◉" } else { "○" });
    for field in crate::tui::screens::dashboard::rev_run_fields() {
        let (label, value, note) = match field {
            RevField::Dir => (
                "Project dir",
                run.dir.clone(),
                "on the cluster; jobs are named after it",
            ),
            RevField::Technology => (
                "Technology",
                format!(
                    "{}   {}",
                    choice(
                        run.technology.rev_name() == "pvwattsv8",
                        "PVWatts solar (NSRDB)"
                    ),
                    choice(
                        run.technology.rev_name() == "windpower",
                        "wind (WIND Toolkit)"
                    )
                ),
                "",
            ),
            RevField::Year => ("Year", run.year.clone(), ""),
            RevField::Sites => (
                "Sites",
                run.sites.clone(),
                "gids 0-99,120 or: box LAT_MIN LON_MIN LAT_MAX LON_MAX",
            ),
            RevField::Resource => ("Resource", run.resource.clone(), "on HSDS, {} for the year"),
            RevField::Sam => (
                "SAM changes",
                run.sam.clone(),
                "key=value … over the defaults",
            ),
            RevField::Queue => ("Queue", run.queue.clone(), "empty: Slurm's default"),
            RevField::Whole => (
                "Nodes",
                format!(
                    "{}   {}",
                    choice(run.whole_nodes, "whole (--exclusive)"),
                    choice(!run.whole_nodes, "shared with other jobs")
                ),
                "",
            ),
            RevField::Nodes => (
                "Node jobs",
                run.nodes.clone(),
                "the sites are split over them",
            ),
            RevField::Workers => ("Workers/node", run.workers.clone(), "reV's max_workers"),
            RevField::Walltime => ("Walltime h", run.walltime.clone(), "empty: no limit"),
            RevField::From => (
                "reV from",
                run.from.clone(),
                "empty: PyPI · a local wheelhouse dir · an index URL",
            ),
            RevField::Submit => (
                "Then",
                format!(
                    "{}   {}",
                    choice(run.submit, "submit the pipeline"),
                    choice(!run.submit, "only write the project")
                ),
                "",
            ),
        };
        let at = field == run.field;
        let text = !matches!(
            field,
            RevField::Technology | RevField::Whole | RevField::Submit
        );
        let cursor = if at && text { "▏" } else { "" };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {label:<13}", if at { "›" } else { " " }),
                if at { theme.selected() } else { theme.dim() },
            ),
            Span::raw(format!("{value}{cursor}  ")),
            Span::styled(note.to_string(), theme.dim()),
        ]));
    }
    if let Some(error) = &run.error {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("✖ {error}"), theme.level(Level::Fail)));
    }
    lines
}

fn done(started: &Started, theme: Theme) -> Vec<Line<'static>> {
    let ok = theme.level(Level::Ok);
    let i = &started.installed;
    let w = &started.written;
    let mut lines = vec![Line::styled(
        format!(
            "✔ {} in {} ({}){}",
            i.rev,
            i.venv,
            i.pinned.join(", "),
            if i.changed { "" } else { ", already there" }
        ),
        ok,
    )];
    lines.push(Line::styled(
        format!(
            "✔ {}: {} sites in {} node jobs",
            w.form.dir, w.sites.selected, w.jobs
        ),
        ok,
    ));
    for file in &w.files {
        let text = match file {
            Installed::Installed { path, backup: None } => format!("  {path} written"),
            Installed::Installed {
                path,
                backup: Some(b),
            } => format!("  {path} written; the old one is kept as {b}"),
            Installed::Unchanged { path } => format!("  {path} unchanged"),
            Installed::Failed { path, reason } => format!("  {path} NOT written: {reason}"),
        };
        lines.push(Line::raw(text));
    }
    for note in &w.notes {
        lines.push(Line::styled(format!("  note: {note}"), theme.dim()));
    }
    match &started.submitted {
        Some(s) if s.already_running => lines.push(Line::styled(
            format!(
                "! already running (gaps' monitor PID {}): nothing new started",
                s.monitor_pid.unwrap_or(0)
            ),
            theme.level(Level::Warn),
        )),
        Some(s) => lines.push(Line::styled(
            format!(
                "✔ submitted: gaps' monitor{} runs on the head node and goes on without pcwiz. The reV tab follows it.",
                s.monitor_pid.map(|p| format!(" (PID {p})")).unwrap_or_default()
            ),
            ok,
        )),
        None => lines.push(Line::raw("Not submitted: n again with \"submit\", or `pcwiz rev NAME --submit`.")),
    }
    lines
}

pub fn render_fetch(ctx: &ViewContext, fetch: &RevFetchUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let total: u64 = fetch.outputs.iter().map(|o| o.1).sum();
    let mut lines = vec![Line::raw(format!(
        "{} output file{} ({:.1} MB) over the dashboard's ssh connection:",
        fetch.outputs.len(),
        if fetch.outputs.len() == 1 { "" } else { "s" },
        total as f64 / 1e6
    ))];
    for (path, size) in &fetch.outputs {
        lines.push(Line::styled(
            format!("  {path}  {:.1} MB", *size as f64 / 1e6),
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    let hint = match &fetch.stage {
        FetchStage::Asking => {
            lines.push(Line::from(vec![
                Span::styled("› Into ", theme.selected()),
                Span::raw(format!("{}▏", fetch.into)),
                Span::styled("  a local directory (made if missing)", theme.dim()),
            ]));
            "Enter: fetch · Esc: back"
        }
        FetchStage::Fetching {
            file,
            received,
            size,
        } => {
            lines.push(Line::raw(format!(
                "{} file {}/{}  {}",
                spinner(ctx.frame),
                file + 1,
                fetch.outputs.len(),
                bar(*received as f64 / (*size).max(1) as f64, 30)
            )));
            "it ends by itself"
        }
        FetchStage::Done(files) => {
            for f in files {
                lines.push(Line::styled(
                    format!(
                        "✔ {} ({:.1} MB){}",
                        f.local.display(),
                        f.bytes as f64 / 1e6,
                        f.backup
                            .as_ref()
                            .map(|b| format!("; the old one is kept as {}", b.display()))
                            .unwrap_or_default()
                    ),
                    theme.level(Level::Ok),
                ));
            }
            "Esc / Enter: back"
        }
        FetchStage::Failed(why) => {
            lines.push(Line::styled(format!("✖ {why}"), theme.level(Level::Fail)));
            "Esc: back"
        }
    };
    boxed(frame, area, "Fetch reV outputs", hint, lines, theme);
}
