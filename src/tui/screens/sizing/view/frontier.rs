//! The frontier chart: cost against time to finish for every type with a price, the
//! frontier through the ones nothing beats on both, the deadline, and the selected point.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph, Wrap};

use crate::cluster::sizing::precision::{duration, usd};
use crate::tui::screens::sizing::Plans;
use crate::tui::theme::Theme;

pub fn render(plans: &Plans, theme: Theme, frame: &mut Frame, area: Rect) {
    let sizing = &plans.sizing;
    let point = |i: usize| {
        let plan = &sizing.plans[i];
        Some((plan.hours()?, plan.usd()?))
    };
    let all: Vec<(f64, f64)> = (0..sizing.plans.len()).filter_map(point).collect();
    let block = Block::bordered().title(" Cost against time to finish ");
    if all.is_empty() {
        frame.render_widget(
            Paragraph::new("No plan has a price to chart (prices unknown offline here).")
                .style(theme.dim())
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let frontier: Vec<(f64, f64)> = sizing
        .frontier
        .pareto
        .iter()
        .filter_map(|&i| point(i))
        .collect();
    let selected: Vec<(f64, f64)> = point(plans.selected).into_iter().collect();
    let deadline = sizing.job.deadline_hours;
    // Axes fit the points (and the deadline) rather than start at zero: the labels say
    // where they start, and the differences between types stay visible.
    let x = span(all.iter().map(|p| p.0).chain(deadline));
    let y = span(all.iter().map(|p| p.1));
    let deadline_line: Vec<(f64, f64)> = deadline
        .map(|d| vec![(d, y[0]), (d, y[1])])
        .unwrap_or_default();

    let mut datasets = vec![
        Dataset::default()
            .name("types")
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .data(&all),
        Dataset::default()
            .name("frontier")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.key())
            .data(&frontier),
    ];
    if !deadline_line.is_empty() {
        datasets.push(
            Dataset::default()
                .name("deadline")
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.dim())
                .data(&deadline_line),
        );
    }
    datasets.push(
        Dataset::default()
            .name("selected")
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(theme.title())
            .data(&selected),
    );
    let label = |text: String| Line::styled(text, theme.dim());
    let chart = Chart::new(datasets)
        .block(block.title_bottom(" • a type  ⠤ frontier  █ selected  ⢸ deadline "))
        .legend_position(None)
        .x_axis(
            Axis::default()
                .title("time")
                .bounds(x)
                .labels(
                    [
                        duration(x[0]),
                        duration((x[0] + x[1]) / 2.0),
                        duration(x[1]),
                    ]
                    .map(label),
                )
                .style(Style::default()),
        )
        .y_axis(
            Axis::default()
                .title("cost")
                .bounds(y)
                .labels([usd(y[0]), usd((y[0] + y[1]) / 2.0), usd(y[1])].map(label)),
        );
    frame.render_widget(chart, area);
}

/// The values' range with a tenth of it spare on each side (never below zero).
fn span(values: impl Iterator<Item = f64>) -> [f64; 2] {
    let (low, high) = values.fold((f64::INFINITY, 0.0_f64), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let spare = if high > low {
        (high - low) / 10.0
    } else {
        high / 10.0
    };
    [(low - spare).max(0.0), high + spare]
}
