//! The dashboard's "Set up HSDS" screen (`i`): where reV's data comes from (NREL's public
//! bucket without keys, or a private bucket with an IAM user's keys), the dataset and
//! reV's workers per node; then the files are installed and HSDS checked on a compute
//! node. Pure: the work runs as a background command. The typed secret lives here only
//! until Enter hands it to that command, and is never drawn.

use crossterm::event::KeyCode;

use super::keys::{SET_UP_KEYS, SetUpKey};
use crate::cluster::hsds_files::{DATASETS, DataSource};
use crate::cluster::slurm::Node;
use crate::hsds::keys::HsdsKeys;
use crate::hsds::setup::SetupResult;
use crate::remote::SshTarget;
use crate::tui::action::{Command, HsdsChoices};

/// The form's fields, in order; the last four only for private data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Data,
    Dataset,
    MaxWorkers,
    Bucket,
    BucketRegion,
    KeyId,
    Secret,
}

const PUBLIC_FIELDS: [Field; 3] = [Field::Data, Field::Dataset, Field::MaxWorkers];
const PRIVATE_FIELDS: [Field; 7] = [
    Field::Data,
    Field::Dataset,
    Field::MaxWorkers,
    Field::Bucket,
    Field::BucketRegion,
    Field::KeyId,
    Field::Secret,
];

#[derive(Debug, Clone)]
pub enum Stage {
    Form,
    /// Installing and checking: what has happened so far.
    Running(Vec<String>),
    Done {
        result: Box<SetupResult>,
        /// What became of the keys: kept in the keyring, or why not.
        notes: Vec<String>,
    },
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct HsdsSetupUi {
    pub private: bool,
    pub dataset: usize,
    pub max_workers: u32,
    pub bucket: String,
    pub bucket_region: String,
    pub key_id: String,
    secret: String,
    pub field: Field,
    pub stage: Stage,
    pub error: Option<String>,
}

impl HsdsSetupUi {
    /// `cpus`: the most CPUs of a compute node Slurm knows (one reV worker each).
    pub fn new(cpus: Option<u32>, region: &str) -> Self {
        Self {
            private: false,
            dataset: 0,
            max_workers: cpus.unwrap_or(1),
            bucket: String::new(),
            bucket_region: region.to_string(),
            key_id: String::new(),
            secret: String::new(),
            field: Field::Data,
            stage: Stage::Form,
            error: None,
        }
    }

    pub fn fields(&self) -> &'static [Field] {
        if self.private {
            &PRIVATE_FIELDS
        } else {
            &PUBLIC_FIELDS
        }
    }

    /// The secret as drawn: one dot per character typed, nothing of it.
    pub fn secret_dots(&self) -> String {
        "•".repeat(self.secret.chars().count())
    }

    pub fn source(&self) -> DataSource {
        if self.private {
            DataSource::Private {
                bucket: self.bucket.trim().to_string(),
                region: self.bucket_region.trim().to_string(),
            }
        } else {
            DataSource::NrelPublic
        }
    }

    /// A key on the screen. Some(choices) when Enter starts the set-up (the secret then
    /// leaves this screen); `close` tells the dashboard to drop it.
    pub fn on_key(
        &mut self,
        code: KeyCode,
        target: Option<&SshTarget>,
        nodes: &[Node],
    ) -> KeyOutcome {
        let pressed = SET_UP_KEYS.pressed(self, code);
        if !matches!(self.stage, Stage::Form) {
            return match pressed.action {
                Some(SetUpKey::Close) => KeyOutcome::Close,
                // Back to the form to change something after a failure.
                Some(SetUpKey::Edit) => {
                    self.stage = Stage::Form;
                    KeyOutcome::Nothing
                }
                _ => KeyOutcome::Nothing,
            };
        }
        self.error = None;
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.field).unwrap_or(0);
        match (pressed.action, pressed.char) {
            (Some(SetUpKey::Close), _) => return KeyOutcome::Close,
            (Some(SetUpKey::Next), _) => self.field = fields[(at + 1) % fields.len()],
            (Some(SetUpKey::Previous), _) => {
                self.field = fields[(at + fields.len() - 1) % fields.len()]
            }
            (Some(SetUpKey::Submit), _) => return self.submit(target, nodes),
            (Some(SetUpKey::Choose), _) if self.field == Field::Data => {
                self.private = !self.private
            }
            (Some(SetUpKey::Choose), _) => self.dataset = (self.dataset + 1) % DATASETS.len(),
            (Some(SetUpKey::Type), Some(c)) if self.field == Field::MaxWorkers => {
                if let Some(digit) = c.to_digit(10) {
                    // 4 digits is far beyond any node's cores: more is a typo.
                    self.max_workers = (self.max_workers * 10 + digit).min(9999);
                }
            }
            (Some(SetUpKey::Erase), _) if self.field == Field::MaxWorkers => self.max_workers /= 10,
            (Some(SetUpKey::Erase), _) => {
                self.text_field().map(String::pop);
            }
            (Some(SetUpKey::Type), Some(c)) => {
                if let Some(text) = self.text_field() {
                    text.push(c);
                }
            }
            _ => {}
        }
        KeyOutcome::Nothing
    }

    fn text_field(&mut self) -> Option<&mut String> {
        match self.field {
            Field::Bucket => Some(&mut self.bucket),
            Field::BucketRegion => Some(&mut self.bucket_region),
            Field::KeyId => Some(&mut self.key_id),
            Field::Secret => Some(&mut self.secret),
            _ => None,
        }
    }

    fn submit(&mut self, target: Option<&SshTarget>, nodes: &[Node]) -> KeyOutcome {
        let Some(target) = target else {
            self.error = Some("No running head node to install on yet: wait for a refresh.".into());
            return KeyOutcome::Nothing;
        };
        if self.max_workers == 0 {
            self.error = Some("reV needs at least 1 worker per node.".into());
            return KeyOutcome::Nothing;
        }
        let mut keys = None;
        if self.private {
            if self.bucket.trim().is_empty() {
                self.error = Some("Which bucket holds the data? (its name, without s3://)".into());
                self.field = Field::Bucket;
                return KeyOutcome::Nothing;
            }
            // Both empty: the keyring's keys for this bucket.
            if !(self.key_id.trim().is_empty() && self.secret.is_empty()) {
                match HsdsKeys::new(&self.key_id, &self.secret) {
                    Ok(k) => keys = Some(k),
                    Err(why) => {
                        self.error = Some(why);
                        return KeyOutcome::Nothing;
                    }
                }
            }
        }
        self.secret.clear();
        self.stage = Stage::Running(vec![]);
        KeyOutcome::Start(Box::new(HsdsChoices {
            source: self.source(),
            dataset: self.dataset,
            max_workers: self.max_workers,
            keys,
            nodes: nodes.to_vec(),
            target: target.clone(),
        }))
    }

    pub fn progress(&mut self, line: String) {
        if let Stage::Running(lines) = &mut self.stage {
            lines.push(line);
        }
    }

    pub fn finished(&mut self, result: Result<(SetupResult, Vec<String>), String>) {
        self.stage = match result {
            Ok((result, notes)) => Stage::Done {
                result: Box::new(result),
                notes,
            },
            Err(why) => Stage::Failed(why),
        };
    }
}

#[derive(Debug, PartialEq)]
pub enum KeyOutcome {
    Nothing,
    Close,
    Start(Box<HsdsChoices>),
}

/// The command that runs a set-up for the dashboard's cluster.
pub fn command(name: &str, region: &str, choices: HsdsChoices) -> Command {
    Command::SetUpHsds {
        name: name.to_string(),
        region: region.to_string(),
        choices: Box::new(choices),
    }
}

impl super::state::DashboardUi {
    /// `i`: the set-up screen, with one reV worker per CPU of the largest compute node.
    pub fn open_hsds_setup(&mut self) {
        let cpus = self
            .nodes
            .value
            .iter()
            .flatten()
            .filter_map(|n| n.cpus)
            .max();
        let mut setup = HsdsSetupUi::new(cpus, &self.region);
        // The wizard's answer, when it launched this cluster.
        setup.private = self.hsds_data == Some(crate::cluster::hsds_files::HsdsData::PrivateBucket);
        self.hsds_setup = Some(setup);
    }

    /// A key while the set-up is open: it reads the key with its own table.
    pub(super) fn on_hsds_setup_key(&mut self, code: KeyCode) -> Vec<Command> {
        let Some(setup) = &mut self.hsds_setup else {
            return vec![];
        };
        let nodes = self.nodes.value.as_deref().unwrap_or(&[]);
        match setup.on_key(code, self.ssh_target.as_ref(), nodes) {
            KeyOutcome::Nothing => vec![],
            KeyOutcome::Close => {
                self.hsds_setup = None;
                vec![]
            }
            KeyOutcome::Start(choices) => vec![command(&self.name, &self.region, *choices)],
        }
    }

    pub fn hsds_setup_progress(&mut self, line: String) {
        if let Some(setup) = &mut self.hsds_setup {
            setup.progress(line);
        }
    }

    /// The set-up ended: the screen shows it, and the HSDS tab keeps the check's result.
    pub fn hsds_setup_done(
        &mut self,
        result: Result<(SetupResult, Vec<String>), String>,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        if let Ok((done, _)) = &result
            && let Some(Ok(verified)) = &done.verified
        {
            self.hsds_checked = Some((now, verified.clone()));
        }
        if let Some(setup) = &mut self.hsds_setup {
            setup.finished(result);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> SshTarget {
        SshTarget {
            user: "ubuntu".into(),
            host: "203.0.113.7".into(),
            key: None,
            key_pair: None,
            config: None,
            control_dir: "/tmp/pcwiz-1000".into(),
            host_key: crate::remote::HostKeyCheck {
                alias: "i-0head".into(),
                known_hosts: "/tmp/known_hosts".into(),
                cluster: "rev".into(),
            },
        }
    }

    fn typed(ui: &mut HsdsSetupUi, text: &str) {
        for c in text.chars() {
            ui.on_key(KeyCode::Char(c), Some(&target()), &[]);
        }
    }

    #[test]
    fn public_data_needs_no_keys_and_starts_with_the_nodes_cores_as_workers() {
        let mut ui = HsdsSetupUi::new(Some(36), "us-west-2");
        assert_eq!(ui.max_workers, 36);
        let KeyOutcome::Start(choices) = ui.on_key(KeyCode::Enter, Some(&target()), &[]) else {
            panic!("Enter starts");
        };
        assert_eq!(choices.source, DataSource::NrelPublic);
        assert_eq!(choices.keys, None);
    }

    #[test]
    fn private_data_checks_the_keys_before_anything_runs_and_forgets_the_typed_secret() {
        let mut ui = HsdsSetupUi::new(Some(8), "us-west-2");
        ui.on_key(KeyCode::Char(' '), Some(&target()), &[]);
        assert!(ui.private);
        ui.field = Field::Bucket;
        typed(&mut ui, "my-data");
        ui.field = Field::KeyId;
        typed(&mut ui, "ASIAXAMPLEXAMPLE1234");
        ui.field = Field::Secret;
        typed(&mut ui, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assert_eq!(ui.secret_dots().chars().count(), 40);
        assert_eq!(
            ui.on_key(KeyCode::Enter, Some(&target()), &[]),
            KeyOutcome::Nothing
        );
        assert!(ui.error.as_deref().unwrap().contains("temporary"));
        ui.key_id = "AKIAIOSFODNN7EXAMPLE".into();
        let KeyOutcome::Start(choices) = ui.on_key(KeyCode::Enter, Some(&target()), &[]) else {
            panic!("starts with IAM user keys");
        };
        assert_eq!(choices.keys.unwrap().masked(), "…MPLE");
        assert!(
            ui.secret_dots().is_empty(),
            "the typed secret left the screen"
        );
        assert!(matches!(ui.stage, Stage::Running(_)));
    }

    #[test]
    fn without_a_head_node_or_a_bucket_nothing_starts_and_the_form_says_why() {
        let mut ui = HsdsSetupUi::new(None, "us-west-2");
        assert_eq!(ui.on_key(KeyCode::Enter, None, &[]), KeyOutcome::Nothing);
        assert!(
            ui.error
                .as_deref()
                .unwrap()
                .contains("No running head node")
        );
        ui.private = true;
        assert_eq!(
            ui.on_key(KeyCode::Enter, Some(&target()), &[]),
            KeyOutcome::Nothing
        );
        assert_eq!(ui.field, Field::Bucket);
    }
}
