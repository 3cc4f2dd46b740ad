//! The "Set up HSDS" screen over the dashboard's tabs: the form, then the install and the
//! check as they happen, then what came of them and the reV snippet. Keys are drawn as
//! dots, with only the key id's last 4 characters.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::cluster::hsds_files::{DATASETS, max_task_count};
use crate::doctor::Level;
use crate::hsds::keys::WHY_NOT_TEMPORARY;
use crate::tui::screens::dashboard::hsds_setup::{Field, HsdsSetupUi, Stage};
use crate::tui::theme::Theme;
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::spinner;

const ABOUT: &str = "HSDS serves reV the NREL resource data from each compute node. pcwiz writes \
start_hsds.sh, ~/.hscfg, HSDS's override.yml and a reV execution_control snippet into your home \
on the head node (the compute nodes share it), backing up any file that differs, installs HSDS \
there with pip, then starts and checks HSDS on a compute node through Slurm.";
const PUBLIC_NOTE: &str = "No keys: NREL's bucket is read anonymously, so this works whatever \
your AWS login is, SSO included.";
const KEYRING_NOTE: &str = "Typed keys go to the OS keyring and to a mode-0600 file on the \
cluster, never to a file here. Leave both empty to use the keys kept for this bucket.";

pub fn render(ctx: &ViewContext, setup: &HsdsSetupUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let (lines, hint) = match &setup.stage {
        Stage::Form => (
            form(setup, theme),
            " ↑↓ field · ←→ / space: choose · Enter: install and check · Esc: back ",
        ),
        Stage::Running(steps) => (running(ctx, steps), " it ends by itself "),
        Stage::Done { result, notes } => (
            done(result, notes, theme),
            " Esc / Enter: back to the dashboard ",
        ),
        Stage::Failed(why) => (
            vec![Line::styled(format!("✖ {why}"), theme.level(Level::Fail))],
            " e: back to the form · Esc: close ",
        ),
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(" Set up HSDS for reV ")
                .title_style(theme.title())
                .title_bottom(Line::styled(hint, theme.dim())),
        ),
        area,
    );
}

fn form(setup: &HsdsSetupUi, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(ABOUT, theme.dim()), Line::raw("")];
    let choice = |on: bool, text: &str| format!("{} {text}", if on { "◉" } else { "○" });
    let (dataset_name, dataset_path) = DATASETS[setup.dataset];
    for field in setup.fields() {
        let (label, value) = match field {
            Field::Data => (
                "Data",
                format!(
                    "{}   {}",
                    choice(!setup.private, "NREL's public data (no keys)"),
                    choice(setup.private, "a private bucket (an IAM user's keys)")
                ),
            ),
            Field::Dataset => ("Dataset", format!("{dataset_name}   {dataset_path}")),
            Field::MaxWorkers => (
                "reV workers",
                format!(
                    "{} per node → HSDS max_task_count {} (HSDS's default is 100; beyond it, 503s)",
                    setup.max_workers,
                    max_task_count(setup.max_workers)
                ),
            ),
            Field::Bucket => ("Bucket", setup.bucket.clone()),
            Field::BucketRegion => ("Its region", setup.bucket_region.clone()),
            Field::KeyId => ("Access key id", masked_id(&setup.key_id)),
            Field::Secret => ("Secret key", setup.secret_dots()),
        };
        let at = *field == setup.field;
        let cursor = if at && is_text(*field) { "▏" } else { "" };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {label:<14}", if at { "›" } else { " " }),
                if at { theme.selected() } else { theme.dim() },
            ),
            Span::raw(format!("{value}{cursor}")),
        ]));
    }
    // The error first, where the eye is: the notes below may not fit a small terminal.
    if let Some(error) = &setup.error {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("✖ {error}"), theme.level(Level::Fail)));
    }
    lines.push(Line::raw(""));
    if setup.private {
        lines.push(Line::styled(KEYRING_NOTE, theme.dim()));
        // Refused keys already carry the reason.
        if setup.error.is_none() {
            lines.push(Line::styled(WHY_NOT_TEMPORARY, theme.dim()));
        }
    } else {
        lines.push(Line::styled(PUBLIC_NOTE, theme.dim()));
    }
    lines
}

fn is_text(field: Field) -> bool {
    matches!(
        field,
        Field::Bucket | Field::BucketRegion | Field::KeyId | Field::Secret
    )
}

/// The key id as typed, all but its last 4 characters as dots.
fn masked_id(id: &str) -> String {
    let count = id.chars().count();
    id.chars()
        .enumerate()
        .map(|(i, c)| if i + 4 < count { '•' } else { c })
        .collect()
}

fn running(ctx: &ViewContext, steps: &[String]) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = steps.iter().map(|s| Line::raw(format!("  {s}"))).collect();
    lines.push(Line::raw(format!("{} working…", spinner(ctx.frame))));
    lines
}

fn done(
    result: &crate::hsds::setup::SetupResult,
    notes: &[String],
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![];
    for note in notes {
        lines.push(Line::raw(note.clone()));
    }
    let outcome = |ok: bool, said: String| {
        let level = if ok { Level::Ok } else { Level::Fail };
        Line::styled(
            format!("{} {said}", Theme::symbol(level)),
            theme.level(level),
        )
    };
    for file in &result.installed {
        lines.push(outcome(!file.failed(), file.describe()));
    }
    if let Some(hsds) = &result.hsds {
        lines.push(outcome(!hsds.failed(), hsds.describe()));
    }
    match &result.verified {
        None => lines.push(Line::styled(
            "Not checked on a compute node: something did not install.",
            theme.level(Level::Warn),
        )),
        Some(Err(why)) => lines.push(Line::styled(
            format!("✖ the check could not run: {why}"),
            theme.level(Level::Fail),
        )),
        Some(Ok(verified)) => {
            lines.push(outcome(verified.ok(), verified.summary()));
            if !verified.ok() {
                for log in verified.log_to_show() {
                    lines.push(Line::styled(format!("    {log}"), theme.dim()));
                }
            }
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(format!(
        "Merge into your reV config (also in ~/{}):",
        crate::hsds::install::REV_SNIPPET_FILE
    )));
    for line in result.snippet.to_json().lines() {
        lines.push(Line::styled(format!("  {line}"), theme.key()));
    }
    lines
}
