//! The "Resume or monitor an existing cluster" screen's state: the region's clusters
//! (from `monitor::list`), the selection, and refreshing. Pure; the list is fetched by a
//! background command.

use std::time::Instant;

use super::keys::Key;
use crate::cluster::cluster_row::ClusterRow;
use crate::tui::action::{Command, Listing};
use crate::tui::keys::Pressed;
use crate::tui::remote::Remote;

/// Why the list was opened: Enter opens the dashboard, or the clean-up plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Monitor,
    CleanUp,
}

#[derive(Debug, Clone)]
pub struct ClustersUi {
    pub purpose: Purpose,
    /// None when no region is set (the screen says how to set one).
    pub region: Option<String>,
    pub rows: Remote<Listing>,
    pub selected: usize,
}

/// What the app should do after a key here.
#[derive(Debug, Default)]
pub struct ClustersOutcome {
    pub commands: Vec<Command>,
    pub leave: bool,
    /// Enter: the screen to open for the selected entry.
    pub open: Option<Open>,
}

/// What Enter opens from the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Open {
    /// "Anything still billing in REGION?": the region's sweep.
    Sweep {
        region: String,
    },
    /// The cluster's clean-up plan.
    CleanUp {
        name: String,
        region: String,
    },
    Dashboard {
        name: String,
        region: String,
    },
}

impl ClustersUi {
    pub fn open(region: Option<String>, purpose: Purpose) -> (Self, Vec<Command>) {
        let mut ui = Self {
            purpose,
            region,
            rows: Remote::Loading,
            selected: 0,
        };
        let commands = ui.refresh();
        (ui, commands)
    }

    /// Look again (also after a clean-up, so the cleaned cluster shows as it now is).
    pub fn refresh(&mut self) -> Vec<Command> {
        match &self.region {
            Some(region) => {
                self.rows = Remote::Loading;
                vec![Command::LoadClusters {
                    region: region.clone(),
                }]
            }
            None => vec![],
        }
    }

    /// The clean-up door's list starts with "Anything still billing in REGION?".
    pub fn has_sweep_entry(&self) -> bool {
        self.purpose == Purpose::CleanUp && self.region.is_some()
    }

    /// The sweep entry is selected (clean-up only).
    pub fn sweep_selected(&self) -> bool {
        self.has_sweep_entry() && self.selected == 0
    }

    /// Rows before the clusters (the sweep entry).
    fn offset(&self) -> usize {
        usize::from(self.has_sweep_entry())
    }

    fn count(&self) -> usize {
        self.offset()
            + match self.rows.value() {
                Some(Ok(listing)) => listing.rows.len(),
                _ => 0,
            }
    }

    /// The selected cluster's row (None on the sweep entry).
    pub fn selected_row(&self) -> Option<&ClusterRow> {
        let index = self.selected.checked_sub(self.offset())?;
        match self.rows.value() {
            Some(Ok(listing)) => listing.rows.get(index),
            _ => None,
        }
    }

    /// The selected cluster's position among the clusters, for the table.
    pub fn selected_cluster_index(&self) -> Option<usize> {
        self.selected.checked_sub(self.offset())
    }

    pub fn on_key(&mut self, pressed: Pressed<Key>) -> ClustersOutcome {
        let mut outcome = ClustersOutcome::default();
        match pressed.action {
            Some(Key::Back) => outcome.leave = true,
            Some(Key::Down) => {
                self.selected = (self.selected + 1).min(self.count().saturating_sub(1));
            }
            Some(Key::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Key::Refresh) if matches!(self.rows, Remote::Ready { .. }) => {
                outcome.commands = self.refresh();
            }
            Some(Key::Open) => outcome.open = self.to_open(),
            Some(Key::Refresh) | None => {}
        }
        outcome
    }

    /// What Enter opens: the sweep, or the selected cluster's clean-up or dashboard. A
    /// deleted cluster has no dashboard, but may still leave things billing (a kept
    /// network or volume): clean-up opens for it too.
    fn to_open(&self) -> Option<Open> {
        let cleaning = self.purpose == Purpose::CleanUp;
        if self.sweep_selected() {
            return self.region.clone().map(|region| Open::Sweep { region });
        }
        let row = self.selected_row().filter(|r| cleaning || !r.deleted())?;
        let (name, region) = (row.name.clone(), row.region.clone());
        Some(if cleaning {
            Open::CleanUp { name, region }
        } else {
            Open::Dashboard { name, region }
        })
    }

    /// A late answer for another region (the user changed it meanwhile) is dropped.
    pub fn loaded(&mut self, region: &str, listing: Listing) {
        if self.region.as_deref() != Some(region) {
            return;
        }
        self.rows = Remote::Ready {
            value: listing,
            at: Instant::now(),
        };
        self.selected = self.selected.min(self.count().saturating_sub(1));
    }
}
