//! Step 9: shared storage: size, deployment type, and what happens to the data.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, TableState};

use crate::cluster::edits;
use crate::doctor::Level;
use crate::tui::screens::wizard::WizardUi;
use crate::tui::widgets::ViewContext;

pub fn render(ctx: &ViewContext, wizard: &WizardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let Some(config) = &wizard.draft.config else {
        frame.render_widget(Paragraph::new("Choose a preset first (Esc)."), area);
        return;
    };
    let [table_area, detail_area] =
        Layout::vertical([Constraint::Min(4), Constraint::Length(8)]).areas(area);
    let rows: Vec<Row> = config
        .shared_storage
        .iter()
        .map(|s| {
            let (size, kind) = match &s.fsx_lustre_settings {
                Some(f) => (
                    f.storage_capacity
                        .map(|c| format!("{c} GiB"))
                        .unwrap_or_default(),
                    f.deployment_type.clone().unwrap_or_default(),
                ),
                None => ("grows".into(), String::new()),
            };
            Row::new(vec![
                Cell::from(s.mount_dir.clone()),
                Cell::from(s.storage_type.clone()),
                Cell::from(size),
                Cell::from(kind),
                Cell::from(edits::deletion_policy(s)),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(13),
        Constraint::Length(9),
    ];
    let mut state = TableState::default().with_selected(Some(wizard.storage_selected));
    frame.render_stateful_widget(
        crate::tui::widgets::pick_table(
            rows,
            widths,
            ["mount", "type", "size", "deployment", "on delete"],
            theme,
        ),
        table_area,
        &mut state,
    );
    let mut lines = vec![];
    if let Some(storage) = config.shared_storage.get(wizard.storage_selected) {
        if edits::deletion_policy(storage) == "Retain" {
            lines.push(Line::styled(
                "Retain: the file system and its data outlive the cluster, and keep billing until you delete them (pcwiz's Clean up lists them).",
                theme.level(Level::Warn),
            ));
        } else {
            lines.push(Line::raw("Delete: the data goes with the cluster. Copy your reV outputs off first (to S3, or your machine)."));
        }
        if let Some(fsx) = &storage.fsx_lustre_settings {
            lines.push(Line::raw(match fsx.deployment_type.as_deref() {
                Some("PERSISTENT_2") => "PERSISTENT_2: replicated, survives a disk failure; costs more per GB.",
                _ => "SCRATCH_2: cheapest and fast, but not replicated: a failed disk loses data. Fine for reV outputs you copy off.",
            }));
        }
    }
    if let Some(message) = &wizard.storage_message {
        lines.push(Line::styled(
            format!("✖ {message}"),
            theme.level(Level::Fail),
        ));
    }
    if let Some(dir) = &wizard.storage_mount {
        lines.push(Line::styled(
            format!("Mount dir: {dir}▏ (Enter sets it, Esc cancels)"),
            theme.key(),
        ));
    }
    lines.push(Line::styled(
        "+/- size (valid FSx steps) · t scratch/persistent · d delete/retain · m mount dir · a add EFS · b add EBS · D remove · Enter continues",
        theme.dim(),
    ));
    frame.render_widget(crate::tui::widgets::detail_box(lines), detail_area);
}
