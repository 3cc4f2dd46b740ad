//! Step 5: the preset, with who it is for and what it holds.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, ListItem, ListState, Paragraph, Wrap};

use crate::tui::screens::wizard::WizardUi;
use crate::tui::widgets::ViewContext;

pub fn render(ctx: &ViewContext, wizard: &WizardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let [list_area, detail_area] = Layout::vertical([
        Constraint::Length(wizard.presets.len() as u16 + 1),
        Constraint::Min(4),
    ])
    .areas(area);
    let items: Vec<ListItem> = wizard
        .presets
        .iter()
        .map(|p| ListItem::new(Line::raw(format!("{:<12} {}", p.name, p.title))))
        .collect();
    let mut state = ListState::default().with_selected(Some(wizard.preset_selected));
    frame.render_stateful_widget(
        crate::tui::widgets::pick_list(items, theme),
        list_area,
        &mut state,
    );
    let Some(preset) = wizard.presets.get(wizard.preset_selected) else {
        return;
    };
    let config = &preset.config;
    let mut lines: Vec<Line> = wizard
        .preset_problems
        .iter()
        .map(|p| Line::styled(format!("! {p}"), theme.level(crate::doctor::Level::Warn)))
        .collect();
    lines.extend([Line::raw(preset.r#for.clone()), Line::raw("")]);
    lines.push(Line::styled(
        format!(
            "Head node   {} · {}",
            config.head_node.instance_type, config.image.os
        ),
        theme.dim(),
    ));
    for queue in &config.scheduling.slurm_queues {
        for resource in &queue.compute_resources {
            lines.push(Line::styled(
                format!(
                    "Queue       {} · {} × {}–{}",
                    queue.name,
                    resource.instance_type.as_deref().unwrap_or("?"),
                    resource.min_count.unwrap_or(0),
                    resource.max_count.unwrap_or(10)
                ),
                theme.dim(),
            ));
        }
    }
    for storage in &config.shared_storage {
        let size = storage
            .fsx_lustre_settings
            .as_ref()
            .and_then(|f| {
                f.storage_capacity
                    .map(|c| format!(" {c} GiB {}", f.deployment_type.as_deref().unwrap_or("")))
            })
            .unwrap_or_default();
        lines.push(Line::styled(
            format!(
                "Storage     {} {}{size}",
                storage.mount_dir, storage.storage_type
            ),
            theme.dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(format!(" {} ", preset.title))),
        detail_area,
    );
}
