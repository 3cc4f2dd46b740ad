//! A unit's command being measured: its recent samples for the live charts, then the
//! measurement (or why there is none).

use crate::measure::{Measurement, Sample};

/// A measurement in progress, or just finished.
#[derive(Debug, Clone, PartialEq)]
pub struct Measuring {
    /// As typed, for the title.
    pub command: String,
    /// The recent samples, oldest first: the charts' history.
    pub samples: Vec<Sample>,
    /// Once ended: the measurement, or why there is none.
    pub result: Option<Result<Measurement, String>>,
}

/// Samples kept for the live charts: a minute at the default 100 ms.
pub const SAMPLES_KEPT: usize = 600;

impl Measuring {
    pub fn new(command: impl Into<String>) -> Self {
        Self {
            command: command.into(),
            samples: Vec::new(),
            result: None,
        }
    }

    pub fn push(&mut self, sample: Sample) {
        if self.samples.len() == SAMPLES_KEPT {
            self.samples.remove(0);
        }
        self.samples.push(sample);
    }

    pub fn latest(&self) -> Option<&Sample> {
        self.samples.last()
    }
}
