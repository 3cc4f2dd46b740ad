//! "Check my setup": credentials, region and tools, each as findings with a next step.
//!
//! The builders of findings (`credentials`, `region`, `tools`) are pure; `gather` does the
//! I/O. The TUI runs the two halves of `gather` as separate background commands, so the
//! header learns who the user is without waiting for the slower tool probes.

pub mod credentials;
pub mod finding;
pub mod gather;
pub mod region;
pub mod tools;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use finding::{Finding, Level};

use crate::aws::identity::{Identity, PrincipalKind};

/// The `credentials` object of `pcwiz doctor --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialsSummary {
    pub kind: Option<PrincipalKind>,
    pub arn: Option<String>,
    pub account: Option<String>,
    pub source: &'static str,
    pub expires_at: Option<DateTime<Utc>>,
}

/// The credential half of doctor: also feeds the TUI's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityCheck {
    pub summary: CredentialsSummary,
    pub identity: Option<Identity>,
    pub region: Option<region::ResolvedRegion>,
    pub findings: Vec<Finding>,
}

/// Everything doctor found, in the shape of `pcwiz doctor --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub credentials: CredentialsSummary,
    pub region: Option<String>,
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn assemble(identity: IdentityCheck, tools: Vec<Finding>) -> Self {
        let mut findings = identity.findings;
        findings.extend(tools);
        Self {
            credentials: identity.summary,
            region: identity.region.map(|r| r.name),
            findings,
        }
    }

    pub fn worst(&self) -> Level {
        self.findings
            .iter()
            .map(|f| f.level)
            .max()
            .unwrap_or(Level::Ok)
    }
}

impl IdentityCheck {
    /// What the TUI shows when the whole check overran its safety-net timeout.
    pub fn gave_up(seconds: u64) -> Self {
        Self::stopped(
            format!("Checking your credentials took longer than {seconds} s and was abandoned."),
            "Check your network connection, then press r to check again",
        )
    }

    /// The check ended without an answer (it timed out, or its task stopped): why, and
    /// what to do.
    pub fn stopped(message: String, next: &str) -> Self {
        Self {
            summary: CredentialsSummary {
                kind: None,
                arn: None,
                account: None,
                source: "unknown",
                expires_at: None,
            },
            identity: None,
            region: None,
            findings: vec![Finding::fail("credentials.identity", message, next)],
        }
    }
}
