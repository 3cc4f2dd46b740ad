//! Step 4: the subnet, with what can run where, and a network pcwiz can create.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Gauge, Paragraph, Row, TableState, Wrap};

use super::fetched;
use crate::cluster::network::{LAYOUT_WHY, NAT_PRICE_SOURCE, RouteOut, Verdict};
use crate::doctor::Level;
use crate::tui::screens::wizard::{CreateNetworkUi, CreatePhase, WizardUi};
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::spinner;
use crate::wizard::network_step::nat_monthly_usd;

pub fn render(ctx: &ViewContext, wizard: &WizardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let region = wizard.draft.region.clone().unwrap_or_default();
    if fetched(
        ctx,
        &wizard.network,
        &format!("reading the VPCs and subnets of {region}"),
        frame,
        area,
    )
    .is_none()
    {
        return;
    }
    let [intro, table_area, detail_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(7),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                "Checked against the planned types: {}",
                wizard.draft.instance_types.join(", ")
            ),
            theme.dim(),
        )),
        intro,
    );

    let rows: Vec<Row> = wizard
        .subnet_rows
        .iter()
        .map(|row| {
            let s = &row.subnet;
            let (mark, style) = match &row.verdict {
                Verdict::Usable => ("✔", theme.level(Level::Ok)),
                Verdict::Caution(_) => ("!", theme.level(Level::Warn)),
                Verdict::Unusable(_) => ("✖", theme.level(Level::Fail)),
            };
            let route = match s.route_out {
                RouteOut::InternetGateway => "igw",
                RouteOut::NatGateway => "nat",
                RouteOut::None => "none",
            };
            Row::new(vec![
                Cell::from(Span::styled(mark, style)),
                Cell::from(s.id.clone()),
                Cell::from(s.availability_zone.clone()),
                Cell::from(s.free_addresses.to_string()),
                Cell::from(if s.public_ip_on_launch { "yes" } else { "no" }),
                Cell::from(route),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(1),
        Constraint::Length(24),
        Constraint::Length(15),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(5),
    ];
    let mut state = TableState::default().with_selected(Some(wizard.subnet_selected));
    frame.render_stateful_widget(
        crate::tui::widgets::pick_table(
            rows,
            widths,
            ["", "subnet", "AZ", "free", "pub IP", "route"],
            theme,
        ),
        table_area,
        &mut state,
    );

    let mut lines = vec![];
    if let Some(row) = wizard.subnet_rows.get(wizard.subnet_selected) {
        lines.push(Line::raw(format!(
            "{} ({}) in {}{}",
            row.subnet.id,
            row.subnet.cidr,
            row.vpc_label,
            row.subnet
                .name
                .as_ref()
                .map(|n| format!(", named {n}"))
                .unwrap_or_default()
        )));
        match &row.verdict {
            Verdict::Usable => lines.push(Line::styled(
                "✔ The head node and compute nodes can both go here. Enter chooses it.",
                theme.level(Level::Ok),
            )),
            Verdict::Caution(why) => lines.push(Line::styled(
                format!("! Usable, but {why}. Enter chooses it."),
                theme.level(Level::Warn),
            )),
            Verdict::Unusable(why) => {
                lines.push(Line::styled(format!("✖ {why}."), theme.level(Level::Fail)))
            }
        }
    }
    if !wizard.subnet_rows.iter().any(|r| r.verdict.is_usable()) {
        lines.push(Line::styled(
            "No subnet here can hold the cluster. Press c and pcwiz creates one, as `pcluster configure` would.",
            theme.key(),
        ));
    } else {
        lines.push(Line::styled(
            "c: create a new network instead · r: look again",
            theme.dim(),
        ));
    }
    frame.render_widget(crate::tui::widgets::detail_box(lines), detail_area);

    if let Some(create) = &wizard.create {
        render_create(ctx, create, frame, area);
    }
}

fn render_create(ctx: &ViewContext, create: &CreateNetworkUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let popup = crate::tui::widgets::centered(area, 72, 17);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(" Create a network ")
        .title_style(theme.title());
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let zone = create
        .zones
        .get(create.zone)
        .map_or("(none)", String::as_str);
    match &create.phase {
        CreatePhase::Confirm | CreatePhase::Failed(_) => {
            let mut lines = vec![
                Line::raw(LAYOUT_WHY),
                Line::raw(""),
                Line::from(vec![
                    Span::styled("Zone: ", theme.key()),
                    Span::raw(format!("← {zone} →  ")),
                    Span::styled(
                        format!(
                            "({} of the region's {} zones offer every planned type)",
                            create.zones.len(),
                            create.zones_in_region
                        ),
                        theme.dim(),
                    ),
                ]),
                Line::from(vec![
                    Span::styled("Layout (p): ", theme.key()),
                    Span::raw(if create.private_compute {
                        "public subnet + private compute subnet behind a NAT gateway"
                    } else {
                        "one public subnet: no NAT gateway, nothing bills until instances run"
                    }),
                ]),
                if create.private_compute {
                    Line::styled(
                        format!(
                            "  NAT gateway ≈ ${:.2}/month ({NAT_PRICE_SOURCE}) plus $0.045/GB, while it exists",
                            nat_monthly_usd()
                        ),
                        theme.level(Level::Warn),
                    )
                } else {
                    Line::raw("")
                },
                Line::raw(""),
            ];
            if create.zones.is_empty() {
                lines.push(Line::styled(
                    "✖ No zone in this region offers every planned type.",
                    theme.level(Level::Fail),
                ));
            } else if let CreatePhase::Failed(why) = &create.phase {
                lines.push(Line::styled(format!("✖ {why}"), theme.level(Level::Fail)));
                lines.push(Line::styled("Enter tries again · Esc closes", theme.dim()));
            } else {
                lines.push(Line::styled(
                    "Enter creates it (a CloudFormation stack tagged for cleanup) · Esc cancels",
                    theme.dim(),
                ));
            }
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
        }
        CreatePhase::Running(progress) => {
            let [status, gauge, events] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Min(1),
            ])
            .areas(inner);
            let (done, total, name) = progress.as_ref().map_or((0, 0, "starting"), |p| {
                (p.resources_done, p.resources_total, p.status.as_str())
            });
            frame.render_widget(
                Paragraph::new(format!("{} creating in {zone}: {name}", spinner(ctx.frame))),
                status,
            );
            let ratio = if total == 0 {
                0.0
            } else {
                done as f64 / total as f64
            };
            frame.render_widget(
                Gauge::default()
                    .ratio(ratio)
                    .label(format!("{done}/{total} resources")),
                gauge,
            );
            let lines: Vec<Line> = progress
                .iter()
                .flat_map(|p| p.events.iter().take(inner.height as usize))
                .map(|e| Line::raw(format!("{:<28} {}", e.logical_id, e.status)))
                .collect();
            frame.render_widget(Paragraph::new(lines), events);
        }
    }
}
