//! The form: a command to measure one unit with, or the unit's numbers typed in, and the
//! size of the whole job.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::doctor::Level;
use crate::tui::screens::sizing::{FIELDS, FieldKey, Form};
use crate::tui::theme::Theme;

const LABEL_WIDTH: usize = 20;
const VALUE_WIDTH: usize = 30;

pub fn render(form: &Form, theme: Theme, frame: &mut Frame, area: Rect) {
    let mut lines = vec![
        Line::raw(
            "One unit of your work, run once: pcwiz measures a command here (⏎ on the first field), or type what it took.",
        ),
        Line::raw(""),
    ];
    for (i, key) in FIELDS.iter().enumerate() {
        if *key == FieldKey::UnitSeconds {
            lines.push(Line::styled("…or type the unit in:", theme.dim()));
        }
        if *key == FieldKey::Sites {
            lines.push(Line::styled("The whole job:", theme.dim()));
        }
        lines.push(field_line(form, i, *key, theme));
    }
    lines.push(Line::raw(""));
    if let Some(error) = &form.error {
        lines.push(Line::styled(format!("✖ {error}"), theme.level(Level::Fail)));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn field_line(form: &Form, i: usize, key: FieldKey, theme: Theme) -> Line<'static> {
    let focused = form.focus == i;
    // The cursor is a visible bar: the focus shows without colour too.
    let value = format!("{}{}", form.values[i], if focused { "▏" } else { "" });
    Line::from(vec![
        Span::raw(if focused { "› " } else { "  " }),
        Span::styled(
            format!("{:<LABEL_WIDTH$}", key.label()),
            if focused { theme.key() } else { theme.dim() },
        ),
        Span::styled(
            format!("{value:<VALUE_WIDTH$}"),
            if focused {
                theme.selected()
            } else {
                Default::default()
            },
        ),
        Span::styled(format!("  {}", key.hint()), theme.dim()),
    ])
}
