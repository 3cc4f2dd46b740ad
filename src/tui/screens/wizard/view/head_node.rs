//! Step 7: the head node's instance type, from what the chosen zone offers.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, TableState};

use super::fetched;
use crate::cluster::instance::{InstanceInfo, Picker};
use crate::cluster::price::{hourly, money};
use crate::cluster::price_book::PriceKey;
use crate::tui::screens::wizard::{PriceState, WizardUi};
use crate::tui::widgets::ViewContext;

pub fn render(ctx: &ViewContext, wizard: &WizardUi, frame: &mut Frame, area: Rect) {
    let zone = wizard.catalog_place();
    let zone = zone.as_str();
    let Some(picker) = fetched(
        ctx,
        &wizard.catalog,
        &format!("reading the instance types {zone} offers"),
        frame,
        area,
    ) else {
        return;
    };
    render_picker(ctx, picker, zone, &wizard.prices, frame, area);
}

/// The picker itself: filter line, table, and the selected type's detail. Also used by the
/// queue step for a compute resource's type.
pub fn render_picker(
    ctx: &ViewContext,
    picker: &Picker,
    zone: &str,
    prices: &PriceState,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = ctx.theme;
    let [filter_area, table_area, detail_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(5),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Filter: ", theme.key()),
            Span::raw(format!("{}▏", picker.filter)),
            Span::styled(
                format!(
                    "  {} of {} types in {zone} · sorted by {} (Tab)",
                    picker.visible_count(),
                    picker.total(),
                    picker.sort.map_or("name", |s| s.label())
                ),
                theme.dim(),
            ),
        ])),
        filter_area,
    );
    let rows: Vec<Row> = picker
        .visible()
        .map(|t| {
            Row::new(vec![
                Cell::from(t.name.clone()),
                Cell::from(format!("{:>4}", t.vcpus)),
                Cell::from(format!("{:>7.1}", t.memory_gib())),
                Cell::from(t.architecture().to_string()),
                Cell::from(short_network(&t.network)),
                Cell::from(price_cell(&t.name, prices, theme)),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(16),
        Constraint::Length(5),
        Constraint::Length(8),
        Constraint::Length(7),
        Constraint::Length(9),
        Constraint::Length(21),
    ];
    let mut state = TableState::default().with_selected(Some(picker.selected));
    frame.render_stateful_widget(
        crate::tui::widgets::pick_table(
            rows,
            widths,
            [
                "type",
                "vCPU",
                "mem GiB",
                "arch",
                "network",
                "$/hour · $/month",
            ],
            theme,
        ),
        table_area,
        &mut state,
    );
    let detail = picker
        .current()
        .map(|t| describe(t, prices, ctx.wall))
        .unwrap_or_else(|| "No type matches the filter: Backspace or Esc.".into());
    frame.render_widget(crate::tui::widgets::detail_box(detail), detail_area);
}

/// "$0.0832 · $60.74" on demand; "…" while prices are on their way; else "unknown offline".
fn price_cell(
    instance_type: &str,
    prices: &PriceState,
    theme: crate::tui::theme::Theme,
) -> Span<'static> {
    match prices.book.get(&PriceKey::instance(instance_type, false)) {
        Some(price) => Span::raw(format!(
            "{} · {}",
            hourly(price.usd),
            money(price.per_month())
        )),
        None if prices.pending > 0 => Span::styled("…", theme.dim()),
        None if prices.problem.is_some() => Span::styled("unknown offline", theme.dim()),
        // AWS answered and lists no Linux on-demand price for it (rare, new types).
        None => Span::styled("no price listed", theme.dim()),
    }
}

/// "Up to 12.5 Gigabit" → "≤12.5 Gb", "50 Gigabit" → "50 Gb": the table is narrow.
fn short_network(performance: &str) -> String {
    performance
        .replace("Low to Moderate", "low–mod")
        .replace("Up to ", "≤")
        .replace(" Gigabit", " Gb")
        .replace(" Megabit", " Mb")
}

/// What a newcomer should know about a type as a head node.
fn describe(t: &InstanceInfo, prices: &PriceState, now: chrono::DateTime<chrono::Utc>) -> String {
    let price = match prices.book.get(&PriceKey::instance(&t.name, false)) {
        Some(p) => format!(
            " {}/hour, {}/month on demand ({}).",
            hourly(p.usd),
            money(p.per_month()),
            p.source.label(now)
        ),
        None if prices.pending > 0 => " Price on its way.".into(),
        None if prices.problem.is_some() => {
            format!(" Price unknown offline in {}.", prices.book.region)
        }
        None => format!(
            " AWS lists no Linux on-demand price for it in {}.",
            prices.book.region
        ),
    };
    let mut parts = vec![format!(
        "{}: {} vCPUs, {:.0} GiB, {}.{price}",
        t.name,
        t.vcpus,
        t.memory_gib(),
        t.architecture()
    )];
    if t.burstable {
        parts.push("Burstable: it runs on CPU credits, ideal for a head node that mostly waits, poor for sustained compute.".into());
    }
    if t.efa {
        parts.push("Supports EFA (fast MPI networking): wasted on a head node.".into());
    }
    if t.gpus > 0 {
        parts.push(format!("{} GPU(s): costly for a head node.", t.gpus));
    }
    if t.architecture() == "arm64" {
        parts
            .push("Arm (Graviton): every node must then run arm64 builds of your software.".into());
    }
    parts.push("Enter chooses it.".into());
    parts.join(" ")
}
