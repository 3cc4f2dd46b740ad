//! The wizard's frame: the steps down the side, the current step, and why it matters.

mod cost_panel;
mod credentials;
mod extras;
mod head_node;
mod later;
mod launch;
mod network;
mod os;
mod preset;
mod queues;
mod region;
mod review;
mod review_cost;
mod ssh_key;
mod storage;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::doctor::IdentityCheck;
use crate::tui::remote::Remote;
use crate::tui::screens::wizard::{SaveState, WizardUi};
use crate::tui::widgets::ViewContext;
use crate::tui::widgets::{age, spinner};
use crate::wizard::StepId;

/// `identity`: doctor's answer, for the credentials step (and the region it found).
pub fn render(
    ctx: &ViewContext,
    wizard: &WizardUi,
    identity: Option<&IdentityCheck>,
    frame: &mut Frame,
    body: Rect,
) {
    let [sidebar, main] =
        Layout::horizontal([Constraint::Length(25), Constraint::Min(40)]).areas(body);
    render_sidebar(ctx, wizard, frame, sidebar);

    let [content, why] = Layout::vertical([Constraint::Min(8), Constraint::Length(5)]).areas(main);
    let block = Block::bordered().title(Span::styled(
        format!(
            " {}. {} ",
            wizard.step_number(wizard.step),
            wizard.step.title()
        ),
        ctx.theme.title(),
    ));
    let inner = block.inner(content);
    frame.render_widget(block, content);
    match wizard.step {
        StepId::Credentials => credentials::render(ctx, identity, frame, inner),
        StepId::Region => region::render(ctx, wizard, identity, frame, inner),
        StepId::SshKey | StepId::Network if wizard.offline => {
            later::render(ctx, wizard.step, frame, inner)
        }
        StepId::SshKey => ssh_key::render(ctx, wizard, frame, inner),
        StepId::Network => network::render(ctx, wizard, frame, inner),
        StepId::Preset => preset::render(ctx, wizard, frame, inner),
        StepId::Os => os::render(ctx, wizard, frame, inner),
        StepId::HeadNode => head_node::render(ctx, wizard, frame, inner),
        StepId::Queues => queues::render(ctx, wizard, frame, inner),
        StepId::Storage => storage::render(ctx, wizard, frame, inner),
        StepId::Extras => extras::render(ctx, wizard, frame, inner),
        StepId::Review => review::render(ctx, wizard, frame, inner),
        StepId::Launch => launch::render(ctx, wizard, frame, inner),
    }
    frame.render_widget(
        Paragraph::new(wizard.step.why())
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(" Why ")),
        why,
    );
}

fn render_sidebar(ctx: &ViewContext, wizard: &WizardUi, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let area = if wizard.cost_shown() {
        let [steps, cost] =
            Layout::vertical([Constraint::Min(6), Constraint::Length(cost_panel::HEIGHT)])
                .areas(area);
        cost_panel::render(ctx, wizard, frame, cost);
        steps
    } else {
        area
    };
    let mut lines = vec![Line::raw("")];
    let (steps, title): (&[StepId], String) = match &wizard.changing {
        Some(changing) => (
            &crate::tui::screens::wizard::CHANGING_STEPS,
            format!(" Change {} ", changing.cluster),
        ),
        None => (&StepId::ALL, " New cluster ".to_string()),
    };
    for &step in steps {
        let later = wizard.draft.later.contains(&step);
        let (mark, style) = if step == wizard.step {
            ("›", theme.selected())
        } else if wizard.draft.answered(step) {
            ("✔", theme.level(crate::doctor::Level::Ok))
        } else if later {
            ("○", theme.level(crate::doctor::Level::Warn))
        } else {
            ("·", theme.dim())
        };
        let title = format!("{}. {}", wizard.step_number(step), step.title());
        lines.push(Line::from(vec![
            Span::styled(format!(" {mark} "), style),
            Span::styled(
                if later {
                    format!("{title} (later)")
                } else {
                    title
                },
                style,
            ),
        ]));
    }
    lines.push(Line::raw(""));
    if wizard.changing.is_some() {
        lines.push(Line::styled(
            " the cluster's config, as pcluster stored it; Enter on the last step shows what pcluster would change",
            theme.dim(),
        ));
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(title)),
            area,
        );
        return;
    }
    lines.push(match &wizard.saved {
        SaveState::NotYet => Line::styled(" draft not saved yet", theme.dim()),
        SaveState::Saved(at) => Line::styled(
            format!(
                " draft saved {}",
                age(ctx.now.saturating_duration_since(*at))
            ),
            theme.dim(),
        ),
        SaveState::Failed(_) => {
            Line::styled(" draft NOT saved", theme.level(crate::doctor::Level::Fail))
        }
    });
    if let SaveState::Failed(reason) = &wizard.saved {
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!(" {reason}")));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(title)),
        area,
    );
}

/// A step's fetched data, or (drawn in its place) a spinner while it loads, or the error
/// with what to do. The step draws its content only when this returns Some.
pub(super) fn fetched<'a, T>(
    ctx: &ViewContext,
    remote: &'a Remote<Result<T, String>>,
    waiting_for: &str,
    frame: &mut Frame,
    area: Rect,
) -> Option<&'a T> {
    match remote {
        Remote::Loading => {
            frame.render_widget(
                Paragraph::new(format!("{} {waiting_for}…", spinner(ctx.frame))),
                area,
            );
            None
        }
        Remote::Ready {
            value: Err(message),
            ..
        } => {
            let lines = vec![
                Line::styled(
                    format!("✖ {message}"),
                    ctx.theme.level(crate::doctor::Level::Fail),
                ),
                Line::raw(""),
                Line::styled("r tries again · Esc goes back a step", ctx.theme.dim()),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
            None
        }
        Remote::Ready {
            value: Ok(value), ..
        } => Some(value),
    }
}
