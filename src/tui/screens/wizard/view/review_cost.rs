//! The review's cost pane (`c`): the full breakdown, idle and at full scale, line by line,
//! with each line's share and where every price came from.

use crate::tui::widgets::clip;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::cluster::cost::Estimate;
use crate::cluster::cost_text::{self, Row};
use crate::cluster::price::{hourly, money};
use crate::doctor::Level;
use crate::tui::theme::Theme;

const OFFLINE: &str = "unknown offline";

/// `now`: the wall clock, for the prices' ages.
pub fn lines(
    estimate: &Estimate,
    problem: Option<&crate::cluster::price_outage::PriceOutage>,
    now: chrono::DateTime<chrono::Utc>,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![];
    // First, why the prices below are not live: it is what "unknown" and the labels mean.
    if let Some(problem) = problem {
        lines.push(Line::styled(
            format!("! {}", problem.sentence(now)),
            theme.level(Level::Warn),
        ));
    }
    // Each line once, idle's first: where its price comes from is said after the numbers.
    let mut sourced: Vec<Row> = vec![];
    for (title, breakdown) in [
        ("Idle: nothing running", &estimate.idle),
        ("Full scale: every queue at MaxCount", &estimate.full_scale),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!("{title:<44}"), theme.title()),
            Span::styled(
                format!("{:>9} {:>11} {:>5}", "$/hour", "$/month", "share"),
                theme.dim(),
            ),
        ]));
        let rows = cost_text::rows(breakdown, now, OFFLINE);
        for row in &rows {
            lines.push(row_line(row, theme));
        }
        let total = if breakdown.unpriced() > 0 {
            "Total, at least"
        } else {
            "Total"
        };
        lines.push(Line::styled(
            format!(
                "  {total:<42}{:>9} {:>11}",
                hourly(breakdown.usd_per_hour()),
                money(breakdown.usd_per_month())
            ),
            theme.key(),
        ));
        if let Some(dominant) = cost_text::dominant(breakdown) {
            lines.push(Line::styled(format!("  {dominant}"), theme.dim()));
        }
        for row in rows {
            if !sourced.iter().any(|r| r.what == row.what) {
                sourced.push(row);
            }
        }
        lines.push(Line::raw(""));
    }
    lines.extend(source_lines(&sourced, theme));
    lines.push(Line::styled(
        "Estimates from list prices: data transfer, root volumes and CloudWatch are not counted.",
        theme.dim(),
    ));
    lines
}

fn row_line(row: &Row, theme: Theme) -> Line<'static> {
    let style = if row.priced {
        Style::default()
    } else {
        theme.level(Level::Warn)
    };
    Line::styled(
        format!(
            "  {:<21} {:<19} {:>9} {:>11} {:>5}",
            clip(&row.what, 21),
            clip(&row.quantity, 19),
            row.per_hour,
            row.per_month,
            row.share
        ),
        style,
    )
}

/// "Prices: …" with the source most priced lines share (when two or more do), then each
/// line whose source (or note) differs from it.
fn source_lines(rows: &[Row], theme: Theme) -> Vec<Line<'static>> {
    let mut counts: Vec<(&str, usize)> = vec![];
    for row in rows.iter().filter(|r| r.priced) {
        match counts.iter_mut().find(|(s, _)| *s == row.source) {
            Some((_, n)) => *n += 1,
            None => counts.push((&row.source, 1)),
        }
    }
    let common = counts
        .iter()
        .filter(|(_, n)| *n >= 2)
        .max_by_key(|(_, n)| *n)
        .map(|(s, _)| *s);
    common
        .map(|s| Line::styled(format!("  Prices: {s}"), theme.dim()))
        .into_iter()
        .chain(
            rows.iter()
                .filter(|row| Some(row.source.as_str()) != common)
                .map(|row| Line::styled(format!("  {}: {}", row.what, row.source), theme.dim())),
        )
        .collect()
}
