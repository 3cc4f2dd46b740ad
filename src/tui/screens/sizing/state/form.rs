//! The sizing form: a command to measure one unit with, or the unit's numbers typed in,
//! and the size of the whole job; typing and moving, and reading it into the model's
//! unit and job (or which field is wrong).

use crate::cluster::sizing::{Job, MeasuredUnit};
use crate::measure::Measurement;

/// The form's fields, in screen order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey {
    /// A command to measure one unit with (`m`), instead of typing its numbers.
    Command,
    UnitSeconds,
    UnitCores,
    UnitMemGib,
    UnitWorkers,
    SitesPerUnit,
    Sites,
    Units,
    Deadline,
    MaxCount,
}

pub const FIELDS: [FieldKey; 10] = [
    FieldKey::Command,
    FieldKey::UnitSeconds,
    FieldKey::UnitCores,
    FieldKey::UnitMemGib,
    FieldKey::UnitWorkers,
    FieldKey::SitesPerUnit,
    FieldKey::Sites,
    FieldKey::Units,
    FieldKey::Deadline,
    FieldKey::MaxCount,
];

impl FieldKey {
    pub fn label(self) -> &'static str {
        match self {
            FieldKey::Command => "Measure a command",
            FieldKey::UnitSeconds => "One unit took (s)",
            FieldKey::UnitCores => "Cores it used",
            FieldKey::UnitMemGib => "Peak memory (GiB)",
            FieldKey::UnitWorkers => "reV workers in it",
            FieldKey::SitesPerUnit => "Sites in one unit",
            FieldKey::Sites => "Sites in the job",
            FieldKey::Units => "…or units in it",
            FieldKey::Deadline => "Deadline (hours)",
            FieldKey::MaxCount => "MaxCount",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            FieldKey::Command => "⏎ runs it here: reV generation -c config_gen.json",
            FieldKey::UnitSeconds => "wall-clock time of one unit",
            FieldKey::UnitCores => "CPU time ÷ wall time",
            FieldKey::UnitMemGib => "the whole process tree's peak",
            FieldKey::UnitWorkers => "its reV max_workers (empty: cores used, rounded)",
            FieldKey::SitesPerUnit => "gives reV's sites_per_worker",
            FieldKey::Sites => "reV at CONUS scale: millions",
            FieldKey::Units => "when the job is not counted in sites",
            FieldKey::Deadline => "empty: no deadline",
            FieldKey::MaxCount => "the node cap (empty: none with a deadline, else 10)",
        }
    }

    /// Whether a measurement fills it in.
    pub fn measured(self) -> bool {
        matches!(
            self,
            FieldKey::UnitSeconds | FieldKey::UnitCores | FieldKey::UnitMemGib
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// One value per `FIELDS` entry, as typed.
    pub values: [String; FIELDS.len()],
    pub focus: usize,
    /// The last refusal, naming the field.
    pub error: Option<String>,
}

impl Form {
    pub fn new() -> Self {
        Self {
            values: Default::default(),
            focus: 0,
            error: None,
        }
    }

    pub fn focused(&self) -> FieldKey {
        FIELDS[self.focus]
    }

    pub fn value(&self, key: FieldKey) -> &str {
        &self.values[index(key)]
    }

    pub fn set(&mut self, key: FieldKey, value: impl Into<String>) {
        self.values[index(key)] = value.into();
    }

    pub fn type_char(&mut self, c: char) {
        self.values[self.focus].push(c);
        self.error = None;
    }

    pub fn backspace(&mut self) {
        self.values[self.focus].pop();
        self.error = None;
    }

    /// `↓`/Tab and `↑`/Shift-Tab, wrapping.
    pub fn move_by(&mut self, delta: isize) {
        self.focus = (self.focus as isize + delta).rem_euclid(FIELDS.len() as isize) as usize;
    }

    /// The command to measure, run by `sh -c` so quotes work as in a shell.
    pub fn command(&self) -> Option<Vec<String>> {
        let text = self.value(FieldKey::Command).trim();
        (!text.is_empty()).then(|| vec!["sh".into(), "-c".into(), text.into()])
    }

    /// A measurement's numbers into the unit's fields, finer than its run-to-run noise,
    /// for the user to see (and change) before sizing.
    pub fn fill_from(&mut self, measured: &Measurement) {
        self.set(
            FieldKey::UnitSeconds,
            format!("{:.2}", measured.wall_seconds),
        );
        self.set(FieldKey::UnitCores, format!("{:.3}", measured.cores_used));
        self.set(
            FieldKey::UnitMemGib,
            format!("{:.3}", measured.peak_memory_gib()),
        );
    }

    /// The typed unit, or which field is wrong.
    pub fn unit(&self) -> Result<MeasuredUnit, String> {
        Ok(MeasuredUnit {
            wall_seconds: self.number(FieldKey::UnitSeconds)?,
            cores_used: self.number(FieldKey::UnitCores)?,
            peak_memory_gib: self.number(FieldKey::UnitMemGib)?,
            sites: self.optional(FieldKey::SitesPerUnit)?,
            workers: self.optional(FieldKey::UnitWorkers)?,
        })
    }

    /// The job: units, or sites with sites per unit; the deadline and MaxCount if given.
    pub fn job(&self) -> Result<Job, String> {
        let sites: Option<u64> = self.optional(FieldKey::Sites)?;
        let per_unit: Option<u32> = self.optional(FieldKey::SitesPerUnit)?;
        let units = match (self.optional(FieldKey::Units)?, sites, per_unit) {
            (Some(units), _, _) => units,
            (None, Some(sites), Some(per_unit)) => Job::from_sites(sites, per_unit),
            (None, Some(_), None) => {
                return Err(format!(
                    "{}: needed to count the job in sites",
                    FieldKey::SitesPerUnit.label()
                ));
            }
            (None, None, _) => {
                return Err(format!(
                    "{} or {}: how big is the whole job?",
                    FieldKey::Sites.label(),
                    FieldKey::Units.label()
                ));
            }
        };
        Ok(Job {
            units,
            deadline_hours: self.optional(FieldKey::Deadline)?,
            max_count: self.optional(FieldKey::MaxCount)?,
        })
    }

    fn number(&self, key: FieldKey) -> Result<f64, String> {
        self.optional(key)?
            .ok_or_else(|| format!("{}: type a number, or measure a command (m)", key.label()))
    }

    fn optional<T: std::str::FromStr>(&self, key: FieldKey) -> Result<Option<T>, String> {
        let text = self.value(key).trim().replace([',', '_'], "");
        if text.is_empty() {
            return Ok(None);
        }
        text.parse()
            .map(Some)
            .map_err(|_| format!("{}: \"{}\" is not a number", key.label(), self.value(key)))
    }
}

impl Default for Form {
    fn default() -> Self {
        Self::new()
    }
}

fn index(key: FieldKey) -> usize {
    FIELDS.iter().position(|k| *k == key).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_sites_into_units_and_names_a_bad_field() {
        let mut form = Form::new();
        form.set(FieldKey::UnitSeconds, "540");
        form.set(FieldKey::UnitCores, "3.9");
        form.set(FieldKey::UnitMemGib, "6");
        form.set(FieldKey::SitesPerUnit, "200");
        form.set(FieldKey::Sites, "1,000,000");
        form.set(FieldKey::Deadline, "24");
        assert_eq!(form.job().unwrap().units, 5000);
        assert_eq!(form.unit().unwrap().sites, Some(200));
        form.set(FieldKey::UnitCores, "four");
        assert_eq!(
            form.unit().unwrap_err(),
            "Cores it used: \"four\" is not a number"
        );
        form.set(FieldKey::SitesPerUnit, "");
        assert!(form.job().unwrap_err().contains("Sites in one unit"));
    }

    #[test]
    fn typing_goes_to_the_focused_field_and_focus_wraps() {
        let mut form = Form::new();
        form.move_by(-1);
        assert_eq!(form.focused(), FieldKey::MaxCount);
        form.type_char('1');
        form.type_char('2');
        form.backspace();
        assert_eq!(form.value(FieldKey::MaxCount), "1");
        form.move_by(1);
        assert_eq!(form.focused(), FieldKey::Command);
        assert_eq!(form.command(), None);
        form.set(FieldKey::Command, "reV generation -c 'my config.json'");
        assert_eq!(
            form.command().unwrap(),
            ["sh", "-c", "reV generation -c 'my config.json'"]
        );
    }
}
