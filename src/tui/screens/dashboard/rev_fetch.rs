//! The reV tab's `F`: the run's outputs copied into a local directory (asked, with a
//! default beside where pcwiz runs), with a bar per file, then where each went.

use crossterm::event::KeyCode::{self, Backspace, Enter, Esc};

use crate::rev::fetch::Fetched;
use crate::tui::action::Command;
use crate::tui::keys::{Binding, KeyTable};

#[derive(Debug, Clone)]
pub enum FetchStage {
    Asking,
    Fetching {
        file: usize,
        received: u64,
        size: u64,
    },
    Done(Vec<Fetched>),
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct RevFetchUi {
    pub into: String,
    /// What the run wrote and is there: path on the cluster, size.
    pub outputs: Vec<(String, u64)>,
    pub stage: FetchStage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchKey {
    Go,
    Close,
    Type,
    Erase,
}

fn asking(ui: &RevFetchUi) -> bool {
    matches!(ui.stage, FetchStage::Asking)
}

type K = Binding<RevFetchUi, FetchKey>;

pub const KEYS: KeyTable<RevFetchUi, FetchKey> = KeyTable {
    title: "Fetch reV outputs",
    bindings: &[
        K::on(&[Esc, Enter, KeyCode::Char('q')], FetchKey::Close)
            .when(|ui| matches!(ui.stage, FetchStage::Done(_) | FetchStage::Failed(_))),
        K::on(&[Esc], FetchKey::Close).when(asking),
        K::on(&[Enter], FetchKey::Go).when(asking),
        K::on(&[Backspace], FetchKey::Erase).when(asking),
        K::text(FetchKey::Type).when(asking),
    ],
};

impl super::state::DashboardUi {
    /// `F` on the reV tab: nothing to fetch is said on the tab instead.
    pub fn open_rev_fetch(&mut self) {
        let Some(pipeline) = &self.rev.value else {
            return;
        };
        let outputs: Vec<(String, u64)> = pipeline
            .outputs
            .iter()
            .filter_map(|(path, size)| Some((path.clone(), (*size)?)))
            .collect();
        if outputs.is_empty() {
            self.rev_note = Some("No output to fetch yet: the run has written none.".into());
            return;
        }
        let project = self
            .rev_dir
            .as_deref()
            .map(|d| {
                d.trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or(d)
                    .to_string()
            })
            .unwrap_or_else(|| "rev".into());
        self.rev_fetch = Some(RevFetchUi {
            into: format!("./rev_outputs/{project}"),
            outputs,
            stage: FetchStage::Asking,
        });
    }

    pub(super) fn on_rev_fetch_key(&mut self, code: KeyCode) -> Vec<Command> {
        let Some(fetch) = &mut self.rev_fetch else {
            return vec![];
        };
        let pressed = KEYS.pressed(fetch, code);
        match (pressed.action, pressed.char) {
            (Some(FetchKey::Close), _) => self.rev_fetch = None,
            (Some(FetchKey::Erase), _) => {
                fetch.into.pop();
            }
            (Some(FetchKey::Type), Some(c)) => fetch.into.push(c),
            (Some(FetchKey::Go), _) if !fetch.into.trim().is_empty() => {
                if let Some(target) = &self.ssh_target {
                    fetch.stage = FetchStage::Fetching {
                        file: 0,
                        received: 0,
                        size: fetch.outputs.first().map_or(0, |o| o.1),
                    };
                    return vec![Command::FetchRev {
                        name: self.name.clone(),
                        target: target.clone(),
                        outputs: fetch.outputs.clone(),
                        into: fetch.into.trim().into(),
                    }];
                }
            }
            _ => {}
        }
        vec![]
    }

    pub fn rev_fetch_progress(&mut self, file: usize, received: u64, size: u64) {
        if let Some(fetch) = &mut self.rev_fetch {
            fetch.stage = FetchStage::Fetching {
                file,
                received,
                size,
            };
        }
    }

    pub fn rev_fetch_done(&mut self, result: Result<Vec<Fetched>, String>) {
        if let Some(fetch) = &mut self.rev_fetch {
            fetch.stage = match result {
                Ok(files) => FetchStage::Done(files),
                Err(why) => FetchStage::Failed(why),
            };
        }
    }
}
