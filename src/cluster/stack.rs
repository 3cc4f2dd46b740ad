//! A CloudFormation stack's progress, as pcwiz shows it while something is being created.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackEvent {
    pub time: Option<DateTime<Utc>>,
    pub logical_id: String,
    pub resource_type: String,
    pub status: String,
    pub reason: Option<String>,
    /// The resource's id in its service (sg-…, subnet-…), to say what holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub physical_id: Option<String>,
}

impl StackEvent {
    /// "HeadNode (AWS::EC2::Instance): We currently do not have sufficient…".
    pub fn describe(&self) -> String {
        format!(
            "{} ({}): {}",
            self.logical_id,
            self.resource_type,
            self.reason.as_deref().unwrap_or("no reason given")
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StackProgress {
    pub name: String,
    pub status: String,
    pub reason: Option<String>,
    pub resources_done: usize,
    pub resources_total: usize,
    /// Newest first.
    pub events: Vec<StackEvent>,
    /// The stack's parameters: pcluster keeps facts there (`ClusterUser`, `Scheduler`…).
    pub parameters: BTreeMap<String, String>,
    pub outputs: BTreeMap<String, String>,
}

impl StackProgress {
    pub fn finished(&self) -> bool {
        !self.status.ends_with("_IN_PROGRESS")
    }

    pub fn succeeded(&self) -> bool {
        self.status == "CREATE_COMPLETE"
    }

    /// The first failure's reason, which is the cause (later ones are "cancelled").
    pub fn failure(&self) -> Option<String> {
        self.events
            .iter()
            .rev()
            .find(|e| e.status.ends_with("_FAILED"))
            .map(StackEvent::describe)
            .or_else(|| self.reason.clone())
    }
}

/// A stack as CloudFormation describes it: what every caller reads of one (its status and
/// why, the facts pcluster keeps in parameters and tags, its outputs, when it was made).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StackDescription {
    pub name: String,
    pub id: String,
    pub status: String,
    pub reason: Option<String>,
    pub parameters: BTreeMap<String, String>,
    pub tags: BTreeMap<String, String>,
    pub outputs: BTreeMap<String, String>,
    pub created: Option<DateTime<Utc>>,
    /// Set for a nested stack (ParallelCluster's clusters have none).
    pub parent_id: Option<String>,
}

impl StackDescription {
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags.get(key).map(String::as_str)
    }

    pub fn parameter(&self, key: &str) -> Option<&str> {
        self.parameters.get(key).map(String::as_str)
    }

    /// Gone for good (CloudFormation still lists deleted stacks for a while).
    pub fn deleted(&self) -> bool {
        self.status == "DELETE_COMPLETE"
    }
}
