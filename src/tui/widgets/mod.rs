//! Small pieces shared by screens.

pub mod footer;
pub mod hanging;
pub mod header;
pub mod install_bar;
pub mod stack_events;

use std::time::Duration;

use ratatui::layout::Constraint;
use ratatui::text::Text;
use ratatui::widgets::{Block, HighlightSpacing, List, ListItem, Paragraph, Row, Table, Wrap};

use super::theme::Theme;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn spinner(frame: usize) -> &'static str {
    SPINNER[frame % SPINNER.len()]
}

/// "4 s ago", "2 min ago": how old a fetched answer is.
pub fn age(elapsed: Duration) -> String {
    match elapsed.as_secs() {
        s @ 0..=59 => format!("{s} s ago"),
        s @ 60..=3599 => format!("{} min ago", s / 60),
        s => format!("{} h ago", s / 3600),
    }
}

/// A list with a visible "›" on the selected row: the selection shows without colour too.
pub fn pick_list<'a>(items: Vec<ListItem<'a>>, theme: Theme) -> List<'a> {
    List::new(items)
        .highlight_style(theme.selected())
        .highlight_symbol("› ")
        .highlight_spacing(HighlightSpacing::Always)
}

/// A table with a dim header and a visible "›" on the selected row, like `pick_list`.
pub fn pick_table<'a>(
    rows: Vec<Row<'a>>,
    widths: impl IntoIterator<Item = Constraint>,
    header: impl IntoIterator<Item = &'a str>,
    theme: Theme,
) -> Table<'a> {
    Table::new(rows, widths)
        .header(Row::new(header).style(theme.dim()))
        .row_highlight_style(theme.selected())
        .highlight_symbol("› ")
}

/// The bordered, wrapped "Detail" box under a list: the selected row, in full.
pub fn detail_box<'a>(text: impl Into<Text<'a>>) -> Paragraph<'a> {
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .block(Block::bordered().title(" Detail "))
}

/// A box of at most `width` × `height` in the middle of `area`, for dialogs.
pub fn centered(area: ratatui::layout::Rect, width: u16, height: u16) -> ratatui::layout::Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    ratatui::layout::Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// A bordered box of `width` in the middle of `area`, as tall as its lines need once
/// wrapped: the dialogs over the dashboard and the clean-up screens.
pub fn dialog_box(
    frame: &mut ratatui::Frame,
    area: ratatui::layout::Rect,
    width: u16,
    title: &str,
    title_style: ratatui::style::Style,
    lines: Vec<ratatui::text::Line<'static>>,
) {
    // Wrapped lines take more rows: count them at the box's inner width.
    let inner = usize::from(width - 2);
    let height = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(inner) as u16)
        .sum::<u16>()
        + 2;
    let popup = centered(area, width, height);
    frame.render_widget(ratatui::widgets::Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(format!(" {title} "))
                .title_style(title_style),
        ),
        popup,
    );
}

/// What every drawing is given besides its screen's own state: the colours and the time,
/// never the whole `App`, so a view cannot read the clock or the disk and a test fixes
/// the time by setting the app's.
#[derive(Debug, Clone, Copy)]
pub struct ViewContext {
    pub theme: Theme,
    /// The monotonic clock at the last tick: ages of answers fetched in the background.
    pub now: std::time::Instant,
    /// The wall clock at the last tick: ages and money counted from AWS's timestamps.
    pub wall: chrono::DateTime<chrono::Utc>,
    /// Counts ticks, for spinners.
    pub frame: usize,
    /// The user's time zone offset, for clock times ("stops the head node at 03:40").
    pub local: chrono::FixedOffset,
}

/// `text` cut to `width` characters, the cut marked "…".
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
