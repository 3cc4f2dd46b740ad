//! The draft: every answer given so far, saved after each step so a user can quit and
//! come back.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::steps::StepId;
use crate::cluster::os::Os;
use crate::cluster::ssh_key::KeyKind;

/// How the user got the key pair, so cleanup knows what pcwiz created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyOrigin {
    /// A key pair that was already in the region.
    Existing,
    /// pcwiz imported the user's public key.
    Imported,
    /// pcwiz generated a new key with ssh-keygen and imported it.
    Generated,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyChoice {
    /// The EC2 key pair name (the config's `Ssh.KeyName`).
    pub name: String,
    pub kind: KeyKind,
    /// The private key on this machine, for `ssh -i`.
    pub private_key: Option<PathBuf>,
    pub origin: KeyOrigin,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkChoice {
    pub vpc_id: String,
    pub head_subnet: String,
    pub compute_subnet: String,
    pub availability_zone: String,
    /// The stack pcwiz created for this network, if it did (cleanup deletes it).
    pub created_stack: Option<String>,
}

impl NetworkChoice {
    /// The network pcwiz just created, from its stack's outputs: the head node in the public
    /// subnet, compute nodes in the private one when the layout has it.
    pub fn from_created_stack(
        stack: &str,
        availability_zone: &str,
        outputs: &std::collections::BTreeMap<String, String>,
    ) -> Self {
        let public = outputs.get("PublicSubnetId").cloned().unwrap_or_default();
        Self {
            vpc_id: outputs.get("VpcId").cloned().unwrap_or_default(),
            compute_subnet: outputs
                .get("PrivateSubnetId")
                .cloned()
                .unwrap_or(public.clone()),
            head_subnet: public,
            availability_zone: availability_zone.to_string(),
            created_stack: Some(stack.to_string()),
        }
    }
}

/// The extras step: what goes on the bill, and how long things linger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extras {
    /// The reV guide's two tags.
    pub org: String,
    pub billing_id: String,
    /// Minutes an idle dynamic node keeps running (and billing). ParallelCluster's default is 10.
    pub scaledown_minutes: u32,
    /// Days CloudWatch keeps the cluster's logs (pcluster's default 180).
    pub log_retention_days: u32,
    /// Delete the log group with the cluster (pcluster's default keeps it).
    pub delete_logs_with_cluster: bool,
    /// One more IAM policy ARN for the compute nodes (e.g. read access to a private bucket).
    #[serde(default)]
    pub compute_policy: String,
    /// More tags, as typed: `project=wind, owner=jane`.
    #[serde(default)]
    pub more_tags: String,
    /// Where reV's data will come from: the dashboard's HSDS set-up starts from it.
    #[serde(default)]
    pub hsds_data: HsdsData,
    /// The idle guard's window: the head node stops after this many minutes with no job, no
    /// compute node and nobody logged in. 0 leaves the guard off.
    #[serde(default = "default_idle_guard_minutes")]
    pub idle_guard_minutes: u32,
    /// The monthly budget typed; None takes the one suggested from the cost estimate.
    #[serde(default)]
    pub budget_monthly_usd: Option<u32>,
    /// Where AWS sends the budget's alerts; empty makes no budget.
    #[serde(default)]
    pub budget_email: String,
}

/// On by default (the "left billing overnight" trap): an hour without work.
pub const DEFAULT_IDLE_GUARD_MINUTES: u32 = 60;

fn default_idle_guard_minutes() -> u32 {
    DEFAULT_IDLE_GUARD_MINUTES
}

pub use crate::cluster::hsds_files::HsdsData;

impl Extras {
    /// `project=wind, owner=jane` → pairs; the first malformed entry is the error.
    pub fn parsed_tags(&self) -> Result<Vec<(String, String)>, String> {
        self.more_tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| match t.split_once('=') {
                Some((k, v)) if !k.trim().is_empty() => {
                    Ok((k.trim().to_string(), v.trim().to_string()))
                }
                _ => Err(format!("`{t}` is not KEY=VALUE")),
            })
            .collect()
    }
}

impl Default for Extras {
    fn default() -> Self {
        Self {
            org: String::new(),
            billing_id: String::new(),
            scaledown_minutes: 10,
            log_retention_days: 180,
            delete_logs_with_cluster: false,
            compute_policy: String::new(),
            more_tags: String::new(),
            hsds_data: HsdsData::default(),
            idle_guard_minutes: DEFAULT_IDLE_GUARD_MINUTES,
            budget_monthly_usd: None,
            budget_email: String::new(),
        }
    }
}

/// The retention periods CloudWatch Logs accepts.
pub const LOG_RETENTION_DAYS: [u32; 17] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653,
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Bumped when the format changes incompatibly.
    pub format: u32,
    pub current: StepId,
    pub region: Option<String>,
    /// Ubuntu 24.04 until the OS step says otherwise: reV's recommendation, and the strictest
    /// about keys, so a key accepted now stays accepted.
    pub os: Os,
    /// The instance types planned so far, checked against each subnet's AZ. The reV preset's
    /// until the head-node and queue steps change them.
    pub instance_types: Vec<String>,
    pub key: Option<KeyChoice>,
    pub network: Option<NetworkChoice>,
    /// The preset the config starts from (`rev-conus`…). Drafts from before presets lack it.
    #[serde(default)]
    pub preset: Option<String>,
    /// The preset's config as the queue and storage steps have edited it.
    #[serde(default)]
    pub config: Option<crate::cluster::config::ClusterConfig>,
    /// The head node's instance type, when the user chose one (else the preset's).
    #[serde(default)]
    pub head_node_type: Option<String>,
    /// Tags and upkeep settings from the extras step.
    #[serde(default)]
    pub extras: Extras,
    /// Where the reviewed config was saved.
    #[serde(default)]
    pub config_file: Option<PathBuf>,
    /// The cluster launched from this draft, once pcluster accepted it.
    #[serde(default)]
    pub launched: Option<String>,
    /// Steps that need AWS, put off while exploring without an account (`wizard::explore`).
    #[serde(default)]
    pub later: Vec<StepId>,
    /// Where exploring had got to, while the put-off steps are done.
    #[serde(default)]
    pub resume_at: Option<StepId>,
    pub saved_at: Option<DateTime<Utc>>,
}

pub const FORMAT: u32 = 1;

/// The reV tutorial cluster's types: head t3.large, queues c6a.12xlarge and m6a.12xlarge.
pub const REV_INSTANCE_TYPES: [&str; 3] = ["t3.large", "c6a.12xlarge", "m6a.12xlarge"];

impl Default for Draft {
    fn default() -> Self {
        Self {
            format: FORMAT,
            current: StepId::Credentials,
            region: None,
            os: Os::Ubuntu2404,
            instance_types: REV_INSTANCE_TYPES.iter().map(|t| t.to_string()).collect(),
            key: None,
            network: None,
            preset: None,
            config: None,
            head_node_type: None,
            extras: Extras::default(),
            config_file: None,
            launched: None,
            later: vec![],
            resume_at: None,
            saved_at: None,
        }
    }
}

impl Draft {
    /// Is `step` answered? (Credentials are never stored: they are checked live.)
    pub fn answered(&self, step: StepId) -> bool {
        // While put-off steps are being done, the steps explored before still count.
        let reached = match self.resume_at {
            Some(at) if at.index() > self.current.index() => at,
            _ => self.current,
        };
        match step {
            StepId::Credentials => reached != StepId::Credentials,
            StepId::Region => self.region.is_some(),
            StepId::SshKey => self.key.is_some(),
            StepId::Network => self.network.is_some(),
            StepId::Preset => self.preset.is_some(),
            // The OS has a default; it counts as answered once the user has passed the step.
            StepId::Os => reached.index() > StepId::Os.index() || self.config_file.is_some(),
            StepId::HeadNode => self.head_node_type.is_some(),
            StepId::Queues | StepId::Storage => {
                reached.index() > step.index() || self.config_file.is_some()
            }
            StepId::Extras => {
                reached.index() > StepId::Extras.index() || self.config_file.is_some()
            }
            StepId::Review => self.config_file.is_some(),
            StepId::Launch => self.launched.is_some(),
        }
    }

    /// Choose a region. Key pairs and subnets belong to a region, so changing it clears them.
    pub fn set_region(&mut self, region: &str) {
        if self.region.as_deref() != Some(region) {
            self.region = Some(region.to_string());
            self.key = None;
            self.network = None;
        }
    }

    /// One line for the menu's "Resume draft".
    pub fn summary(&self) -> String {
        let mut parts = vec![
            self.region
                .clone()
                .unwrap_or_else(|| "no region yet".into()),
        ];
        if let Some(key) = &self.key {
            parts.push(format!("key {}", key.name));
        }
        if let Some(network) = &self.network {
            parts.push(network.head_subnet.clone());
        }
        parts.push(format!("at {}", self.current.title()));
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changing_region_forgets_regional_answers_and_keeps_the_rest() {
        let mut draft = Draft::default();
        draft.set_region("us-west-2");
        draft.key = Some(KeyChoice {
            name: "k".into(),
            kind: KeyKind::Ed25519,
            private_key: None,
            origin: KeyOrigin::Existing,
        });
        draft.set_region("us-west-2");
        assert!(draft.key.is_some(), "same region: nothing lost");
        draft.set_region("eu-west-1");
        assert!(draft.key.is_none(), "key pairs are regional");
        assert_eq!(draft.os, Os::Ubuntu2404);
    }

    #[test]
    fn more_tags_are_parsed_or_refused() {
        let mut extras = Extras {
            more_tags: "project = wind, owner=jane,".into(),
            ..Default::default()
        };
        assert_eq!(
            extras.parsed_tags().unwrap(),
            [
                ("project".to_string(), "wind".to_string()),
                ("owner".to_string(), "jane".to_string())
            ]
        );
        extras.more_tags = "project".into();
        assert_eq!(
            extras.parsed_tags().unwrap_err(),
            "`project` is not KEY=VALUE"
        );
    }

    #[test]
    fn a_draft_saved_before_the_guard_existed_arms_it() {
        let mut old = serde_json::to_value(Extras::default()).unwrap();
        for field in ["idle_guard_minutes", "budget_monthly_usd", "budget_email"] {
            old.as_object_mut().unwrap().remove(field);
        }
        let extras: Extras = serde_json::from_value(old).unwrap();
        assert_eq!(extras.idle_guard_minutes, DEFAULT_IDLE_GUARD_MINUTES);
        assert_eq!(extras.budget_monthly_usd, None);
        assert!(extras.budget_email.is_empty());
    }

    #[test]
    fn round_trips_through_json() {
        let mut draft = Draft::default();
        draft.set_region("us-west-2");
        draft.current = StepId::Network;
        let text = serde_json::to_string(&draft).unwrap();
        assert!(text.contains("\"current\":\"network\""), "{text}");
        assert_eq!(serde_json::from_str::<Draft>(&text).unwrap(), draft);
    }
}
