//! What `pcluster update-cluster` answers, in pcwiz's terms: the settings it would change
//! (old → new), the ones it refuses as things stand with its reason, the validators'
//! messages, or why it would not look at all. The same answer for a dry run and for the
//! real update (which also says the stack is on its way).

use serde::Serialize;

use super::policy::{Policy, policy_of};
use crate::cluster::validation::ValidationProblem;

/// One setting pcluster compares, as it prints it: values are text, "-" for a side that is
/// absent, and whole sections or list items in Python's notation (`{'Key': 'org', …}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// pcluster's path: `Scheduling.SlurmQueues[standard].ComputeResources[c6a12xl].MaxCount`.
    pub parameter: String,
    pub old: String,
    pub new: String,
}

impl Change {
    pub fn policy(&self) -> Policy {
        policy_of(&self.parameter)
    }

    /// A list item or section that is new (nothing was there).
    pub fn added(&self) -> bool {
        self.old == "-"
    }

    pub fn removed(&self) -> bool {
        self.new == "-"
    }
}

/// A change pcluster refuses as things stand, with its words ("reason. what to do").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blocked {
    pub parameter: String,
    pub message: String,
}

/// pcluster's answer to an update, dry run or real.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "answer", rename_all = "kebab-case")]
pub enum UpdateAnswer {
    /// The dry run found it acceptable: these changes would be made.
    WouldApply {
        changes: Vec<Change>,
        warnings: Vec<ValidationProblem>,
    },
    /// The real update was accepted: CloudFormation is updating the stack.
    Started {
        stack_status: String,
        changes: Vec<Change>,
        warnings: Vec<ValidationProblem>,
    },
    /// Some changes are refused now; `changes` lists every change, refused or not.
    Refused {
        changes: Vec<Change>,
        blocked: Vec<Blocked>,
    },
    /// The new config fails pcluster's validators.
    Invalid { problems: Vec<ValidationProblem> },
    /// The new config is the cluster's config.
    NoChanges,
    /// pcluster would not compare at all (a busy stack, another pcluster version, no such
    /// cluster…): its message.
    Failed { message: String },
}

impl UpdateAnswer {
    pub fn changes(&self) -> &[Change] {
        match self {
            Self::WouldApply { changes, .. }
            | Self::Started { changes, .. }
            | Self::Refused { changes, .. } => changes,
            _ => &[],
        }
    }

    pub fn blocked(&self) -> &[Blocked] {
        match self {
            Self::Refused { blocked, .. } => blocked,
            _ => &[],
        }
    }

    /// Validator messages at any level: warnings of an accepted update, errors of a
    /// refused config.
    pub fn problems(&self) -> &[ValidationProblem] {
        match self {
            Self::WouldApply { warnings, .. } | Self::Started { warnings, .. } => warnings,
            Self::Invalid { problems } => problems,
            _ => &[],
        }
    }
}
