//! The sizing assistant's state: the form, a measurement, the plans (`SizingView`, what
//! the screens draw from), and keys mapped onto their edits; the measurement and the
//! sizing run as background commands (no key waits on them). Opened from the main menu,
//! or from the wizard's queue step, where a picked point fills in the selected queue.

mod form;
mod measuring;
mod plans;

pub use form::{FIELDS, FieldKey, Form};
pub use measuring::{Measuring, SAMPLES_KEPT};
pub use plans::Plans;

use std::sync::atomic::Ordering;

use chrono::{DateTime, Utc};

use super::keys::Key;
use crate::cluster::sizing::{Knobs, Pick};
use crate::measure::{Measurement, Sample};
use crate::tui::action::{Command, Sized, StopFlag};
use crate::tui::keys::Pressed;

#[derive(Debug, Clone, PartialEq)]
pub struct SizingView {
    pub stage: Stage,
    pub form: Form,
    pub measuring: Option<Measuring>,
    pub plans: Option<Plans>,
    /// The spinner's frame while measuring.
    pub frame: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Typing the unit and the job in.
    Form,
    /// The unit's command running, with live samples.
    Measuring,
    /// The table, the frontier and the picked point's settings.
    Plans,
}

impl SizingView {
    pub fn new() -> Self {
        Self {
            stage: Stage::Form,
            form: Form::new(),
            measuring: None,
            plans: None,
            frame: 0,
        }
    }
}

impl Default for SizingView {
    fn default() -> Self {
        Self::new()
    }
}

/// Where the screen was opened from: where a picked point goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The main menu: the pick is saved for a config or a later wizard.
    Menu,
    /// The wizard's queue step: the pick fills in the selected queue.
    Wizard,
    /// The same step changing a running cluster (the dashboard's `u`): the pick fills in
    /// that cluster's queue, for pcluster's change set.
    Update,
}

#[derive(Debug, Clone)]
pub struct SizingUi {
    pub view: SizingView,
    pub origin: Origin,
    pub region: String,
    /// Sizing is under way (prices may be fetched live).
    pub sizing: bool,
    pub notes: Vec<String>,
    /// The model's settings: from the queue being sized (SMT, node sharing), else defaults.
    pub knobs: Knobs,
    /// No AWS identity: the bundled catalog and offline prices, nothing asked.
    pub offline: bool,
    stop: Option<StopFlag>,
}

#[derive(Debug, Default)]
pub struct SizingOutcome {
    pub commands: Vec<Command>,
    pub leave: bool,
    pub picked: Option<Pick>,
}

impl SizingUi {
    pub fn open(region: &str, origin: Origin, knobs: Knobs) -> Self {
        Self {
            view: SizingView::new(),
            origin,
            region: region.to_string(),
            sizing: false,
            notes: vec![],
            knobs,
            offline: false,
            stop: None,
        }
    }

    /// A key, as the table placed it for the stage on screen.
    pub fn on_key(&mut self, pressed: Pressed<Key>) -> SizingOutcome {
        let mut outcome = SizingOutcome::default();
        let Some(action) = pressed.action else {
            return outcome;
        };
        match self.view.stage {
            Stage::Form => match action {
                Key::Back => outcome.leave = true,
                Key::Next => self.view.form.move_by(1),
                Key::Previous => self.view.form.move_by(-1),
                Key::Erase => self.view.form.backspace(),
                Key::Type => {
                    if let Some(c) = pressed.char {
                        self.view.form.type_char(c);
                    }
                }
                Key::Go => {
                    let measure = self.view.form.focused() == FieldKey::Command;
                    outcome.commands = match self.view.form.command().filter(|_| measure) {
                        Some(command) => self.start_measuring(command),
                        None => self.size(),
                    };
                }
                _ => {}
            },
            Stage::Measuring => {
                let finished = self.view.measuring.as_ref().and_then(|m| m.result.clone());
                match (action, finished) {
                    (Key::Stop, _) => {
                        if let Some(stop) = &self.stop {
                            stop.0.store(true, Ordering::Relaxed);
                        }
                    }
                    (Key::Go, Some(Ok(measured))) => {
                        self.view.form.fill_from(&measured);
                        outcome.commands = self.size();
                    }
                    (Key::Go | Key::Back, Some(_)) => self.view.stage = Stage::Form,
                    _ => {}
                }
            }
            Stage::Plans => match action {
                Key::Down => self.plans_mut(|p| p.move_by(1)),
                Key::Up => self.plans_mut(|p| p.move_by(-1)),
                Key::Assumptions => self.plans_mut(|p| p.show_assumptions = !p.show_assumptions),
                Key::Edit => self.view.stage = Stage::Form,
                Key::Go => outcome.picked = self.view.plans.as_ref().and_then(Plans::pick),
                _ => {}
            },
        }
        outcome
    }

    fn plans_mut(&mut self, edit: impl FnOnce(&mut Plans)) {
        if let Some(plans) = &mut self.view.plans {
            edit(plans);
        }
    }

    fn start_measuring(&mut self, command: Vec<String>) -> Vec<Command> {
        let stop = StopFlag::default();
        self.stop = Some(stop.clone());
        self.view.measuring = Some(Measuring::new(
            self.view.form.value(FieldKey::Command).trim(),
        ));
        self.view.stage = Stage::Measuring;
        vec![Command::MeasureUnit { command, stop }]
    }

    /// The form's unit and job to the background sizing, or the form says what is wrong.
    fn size(&mut self) -> Vec<Command> {
        let form = &mut self.view.form;
        let read = form.unit().and_then(|unit| Ok((unit, form.job()?)));
        match read {
            Err(why) => {
                form.error = Some(why);
                self.view.stage = Stage::Form;
                vec![]
            }
            Ok((unit, job)) => {
                self.sizing = true;
                vec![Command::SizeJob {
                    region: self.region.clone(),
                    unit,
                    job,
                    knobs: self.knobs.clone(),
                    offline: self.offline,
                }]
            }
        }
    }

    pub fn sample(&mut self, sample: Sample) {
        if let Some(measuring) = &mut self.view.measuring {
            measuring.push(sample);
        }
    }

    pub fn measured(&mut self, result: Result<Measurement, String>) {
        self.stop = None;
        if let Some(measuring) = &mut self.view.measuring {
            measuring.result = Some(result);
        }
    }

    pub fn sized(&mut self, result: Result<Box<Sized>, String>, now: DateTime<Utc>) {
        self.sizing = false;
        match result {
            Ok(sized) => {
                let Sized {
                    sizing,
                    unknown,
                    notes,
                } = *sized;
                self.notes = notes;
                self.view.plans =
                    Some(Plans::new(sizing, now, &unknown, &self.region, "on-demand"));
                self.view.stage = Stage::Plans;
            }
            Err(why) => {
                self.view.form.error = Some(why);
                self.view.stage = Stage::Form;
            }
        }
    }

    /// Time passes: the measurement's spinner turns.
    pub fn tick(&mut self) {
        self.view.frame = self.view.frame.wrapping_add(1);
    }
}
