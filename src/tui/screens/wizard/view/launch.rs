//! Step 12: launch. The name, the checks and the cost, "type the name to confirm", then the
//! creation's progress, and how it ended: the ssh command, or why it failed and what next.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Wrap};

use crate::cluster::cost_text;
use crate::cluster::findings::Severity;
use crate::cluster::launch::{self, LaunchStatus, Phase};
use crate::doctor::Level;
use crate::launch::preflight::Preflight;
use crate::tui::screens::wizard::{Deletion, LaunchStage, LaunchUi, UpkeepStage, WizardUi};
use crate::tui::theme::Theme;
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::{install_bar, spinner, stack_events};

pub fn render(ctx: &ViewContext, wizard: &WizardUi, frame: &mut Frame, area: Rect) {
    let Some(launch) = &wizard.launch else {
        return;
    };
    let theme = ctx.theme;
    let waiting = |what: &str| vec![Line::raw(format!("{} {what}", spinner(ctx.frame)))];
    let lines = match &launch.stage {
        LaunchStage::Naming { problem } => {
            let mut lines = vec![];
            if let Some(file) = &wizard.draft.config_file {
                lines.push(Line::styled(
                    format!("✔ Saved to {} (mode 0600).", file.display()),
                    theme.level(Level::Ok),
                ));
                lines.push(Line::raw(""));
            }
            lines.extend(naming(launch, problem.as_deref(), theme));
            lines
        }
        LaunchStage::Checking => waiting(
            "Checking your credentials, the config against your account, pcluster and the name…",
        ),
        LaunchStage::Confirming { preflight, typed } => {
            // The prompt is pinned to the bottom: a long list of warnings must not push it
            // off the screen.
            let (checks, prompt) = confirming(launch, preflight, typed, ctx.wall, theme);
            let [top, bottom, bar] = Layout::vertical([
                Constraint::Min(2),
                // One spare row for a line that wraps on a narrow terminal.
                Constraint::Length(prompt.len() as u16 + 1),
                Constraint::Length(if launch.install.is_some() { 4 } else { 0 }),
            ])
            .areas(area);
            frame.render_widget(Paragraph::new(checks).wrap(Wrap { trim: false }), top);
            frame.render_widget(Paragraph::new(prompt).wrap(Wrap { trim: false }), bottom);
            if let Some(install) = &launch.install {
                install_bar::render(ctx, install, frame, bar);
            }
            return;
        }
        LaunchStage::DryRun => {
            waiting("pcluster's dry run: everything but the creation (about a minute)…")
        }
        LaunchStage::Refused { message, problems } => {
            let mut lines = vec![Line::styled(
                format!("✖ pcluster refused: {message}"),
                theme.level(Level::Fail),
            )];
            lines.extend(problems.iter().map(|p| {
                Line::raw(format!(
                    "  {} {}: {}",
                    if p.level == "ERROR" { "✖" } else { "!" },
                    p.validator,
                    p.message
                ))
            }));
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "Nothing was created. Esc goes back to the review · r tries again",
                theme.dim(),
            ));
            lines
        }
        LaunchStage::Creating => waiting(
            "pcluster is handing the cluster to CloudFormation (it builds the template first; a minute or two)…",
        ),
        LaunchStage::Following { status, problem } => {
            return following(
                ctx,
                launch,
                status.as_deref(),
                problem.as_deref(),
                frame,
                area,
            );
        }
        LaunchStage::Finished {
            status,
            phase,
            deletion,
        } => finished(
            launch,
            status,
            phase,
            deletion,
            wizard.draft.region.as_deref().unwrap_or("?"),
            theme,
        ),
        LaunchStage::Broken(why) => vec![
            Line::styled(format!("✖ {why}"), theme.level(Level::Fail)),
            Line::raw(""),
            Line::styled("r tries again · Esc goes back to the review", theme.dim()),
        ],
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn naming(launch: &LaunchUi, problem: Option<&str>, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(vec![
            Span::styled("Cluster name: ", theme.key()),
            Span::raw(format!("{}▏", launch.name)),
        ]),
        Line::styled(
            "A letter first, then letters, digits and hyphens. It is also the CloudFormation stack's name.",
            theme.dim(),
        ),
    ];
    if let Some(problem) = problem {
        lines.push(Line::styled(
            format!("✖ {problem}"),
            theme.level(Level::Fail),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Enter checks everything first; nothing is created until you confirm · Esc back to the review",
        theme.dim(),
    ));
    lines
}

/// The checks (top), and the cost with the prompt (bottom).
fn confirming(
    launch: &LaunchUi,
    preflight: &Preflight,
    typed: &str,
    now: chrono::DateTime<chrono::Utc>,
    theme: Theme,
) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let mut checks = vec![Line::from(vec![
        Span::styled("As ", theme.dim()),
        Span::raw(preflight.scope.describe(preflight.account.as_deref())),
    ])];
    for check in &preflight.checks {
        let (mark, level) = match check.severity {
            Severity::Error => ("✖", Level::Fail),
            Severity::Warning => ("!", Level::Warn),
        };
        checks.push(Line::from(vec![
            Span::styled(format!("{mark} "), theme.level(level)),
            Span::raw(check.message.clone()),
        ]));
        checks.push(Line::styled(format!("  Fix: {}", check.fix), theme.dim()));
    }
    if preflight.checks.is_empty() {
        checks.push(Line::styled(
            "✔ Credentials, config, pcluster and node, and the name: all fine.",
            theme.level(Level::Ok),
        ));
    }
    let mut prompt = vec![Line::raw("")];
    if let Some(estimate) = &preflight.estimate {
        prompt.push(Line::from(vec![
            Span::styled("Idle        ", theme.key()),
            Span::raw(cost_text::total(&estimate.idle)),
        ]));
        prompt.push(Line::from(vec![
            Span::styled("Full scale  ", theme.key()),
            Span::raw(cost_text::total(&estimate.full_scale)),
        ]));
        if let Some(sources) = cost_text::sources(&estimate.full_scale, now) {
            prompt.push(Line::styled(format!("Prices: {sources}"), theme.dim()));
        }
    }
    if preflight.blocked() && preflight.needs_pcluster() {
        prompt.push(Line::styled(
            "i installs pcluster and node into pcwiz's own venv (as Check my setup's i does), then checks again · Esc goes back to the review",
            theme.level(Level::Fail),
        ));
    } else if preflight.blocked() {
        prompt.push(Line::styled(
            "Fix the errors first: Esc goes back to the review · r checks again",
            theme.level(Level::Fail),
        ));
    } else {
        prompt.push(Line::styled(
            "Launching starts the bill: the idle cost, until you delete the cluster.",
            theme.level(Level::Warn),
        ));
        prompt.push(Line::from(vec![
            Span::styled(format!("Type {} to launch: ", launch.name), theme.key()),
            Span::raw(format!("{typed}▏")),
        ]));
    }
    (checks, prompt)
}

fn following(
    ctx: &ViewContext,
    launch: &LaunchUi,
    status: Option<&LaunchStatus>,
    problem: Option<&str>,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = ctx.theme;
    let [summary, gauge, events, hint] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(area);
    let elapsed = launch
        .started
        .map(|s| launch::elapsed(s, ctx.wall))
        .unwrap_or_default();
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", spinner(ctx.frame)), theme.key()),
        Span::raw(format!(
            "Creating {}: {}",
            launch.name,
            status.map_or("waiting for CloudFormation", |s| s.stack.status.as_str())
        )),
    ])];
    let head = status
        .and_then(|s| s.head_node.as_ref())
        .map(|h| {
            format!(
                "head node {} ({}, {})",
                h.state, h.instance_type, h.instance_id
            )
        })
        .unwrap_or_else(|| "head node not launched yet".into());
    lines.push(Line::raw(format!("{head} · {elapsed}")));
    if let Some(problem) = problem {
        lines.push(Line::styled(
            format!("! {problem}"),
            theme.level(Level::Warn),
        ));
    }
    frame.render_widget(Paragraph::new(lines), summary);
    let (done, total) = status.map_or((0, 0), |s| {
        (s.stack.resources_done, s.stack.resources_total)
    });
    frame.render_widget(
        Gauge::default()
            .ratio(if total == 0 {
                0.0
            } else {
                done as f64 / total as f64
            })
            .label(format!("{done}/{total} resources"))
            .gauge_style(theme.key()),
        gauge,
    );
    let event_lines = status
        .map(|s| stack_events::lines(&s.stack.events, 12, theme))
        .unwrap_or_default();
    frame.render_widget(Paragraph::new(event_lines), events);
    frame.render_widget(
        Paragraph::new(format!(
            "q leaves pcwiz: the cluster goes on being created, and `pcwiz follow {}` picks it up. {}",
            launch.name,
            launch.history_note.as_deref().unwrap_or("")
        ))
        .style(theme.dim())
        .wrap(Wrap { trim: true }),
        hint,
    );
}

fn finished(
    launch: &LaunchUi,
    status: &LaunchStatus,
    phase: &Phase,
    deletion: &Deletion,
    region: &str,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![];
    match phase {
        Phase::Ready { ssh } => {
            lines.push(Line::styled(
                format!("✔ {} is ready.", launch.name),
                theme.level(Level::Ok),
            ));
            lines.push(Line::raw(""));
            match ssh {
                Some(ssh) => {
                    lines.push(Line::styled("Connect:", theme.key()));
                    lines.push(Line::raw(format!("  {ssh}")));
                    lines.push(Line::raw(format!("  pcwiz ssh {}", launch.name)));
                }
                None => lines.push(Line::raw("The head node has no IP address yet.")),
            }
            lines.push(Line::raw(""));
            lines.extend(upkeep_lines(&launch.upkeep, theme));
            lines.push(Line::styled(
                format!(
                    "It bills until you delete it: pcwiz cleanup {} --region {} removes it and all it leaves billing. q quits.",
                    launch.name, region
                ),
                theme.dim(),
            ));
        }
        Phase::Failed(d) => {
            lines.push(Line::styled(
                format!("✖ {} was not created: {}", launch.name, d.cause),
                theme.level(Level::Fail),
            ));
            lines.push(Line::from(vec![
                Span::styled("Next: ", theme.key()),
                Span::raw(d.next.clone()),
            ]));
            lines.push(Line::styled(format!("AWS said: {}", d.detail), theme.dim()));
            lines.push(Line::raw(""));
            lines.push(match deletion {
                Deletion::NotAsked => Line::styled(
                    format!(
                        "The failed stack ({}) still exists: d deletes it.",
                        status.stack.status
                    ),
                    theme.key(),
                ),
                Deletion::Running => Line::raw("Deleting the failed stack…"),
                Deletion::Done(Ok(())) => {
                    Line::styled("✔ The failed stack is deleted.", theme.level(Level::Ok))
                }
                Deletion::Done(Err(why)) => Line::styled(
                    format!("✖ Could not delete it: {why}"),
                    theme.level(Level::Fail),
                ),
            });
            // The failures, not the rollback that followed them.
            let failed: Vec<crate::cluster::stack::StackEvent> = status
                .stack
                .events
                .iter()
                .filter(|e| e.status.ends_with("_FAILED"))
                .cloned()
                .collect();
            lines.push(Line::raw(""));
            lines.extend(stack_events::lines(&failed, 12, theme));
        }
        Phase::Creating => {}
    }
    lines
}

/// The idle guard and the budget being set up on the ready cluster, then how that went.
fn upkeep_lines(upkeep: &UpkeepStage, theme: Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = match upkeep {
        UpkeepStage::NotYet => return vec![],
        UpkeepStage::Running(parts) => parts.iter().map(|p| Line::raw(format!("{p}…"))).collect(),
        UpkeepStage::Done(done) => done
            .iter()
            .map(|line| match line.chars().next() {
                Some('✔') => Line::styled(line.clone(), theme.level(Level::Ok)),
                Some('!') => Line::styled(line.clone(), theme.level(Level::Warn)),
                _ => Line::raw(line.clone()),
            })
            .collect(),
    };
    lines.push(Line::raw(""));
    lines
}
