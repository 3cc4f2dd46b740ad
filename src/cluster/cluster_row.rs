//! One row of the cluster list: a cluster's stack and instances (from AWS) merged with
//! pcwiz's history. Clusters the history has but AWS has not are "deleted", not hidden.

use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadNodeRow {
    pub state: String,
    pub public_ip: Option<String>,
    pub private_ip: Option<String>,
    pub instance_type: String,
}

/// The shape of `pcwiz list --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterRow {
    pub name: String,
    /// The stack's status (CREATE_COMPLETE…), or "deleted".
    pub status: String,
    pub version: Option<String>,
    pub region: String,
    pub created: Option<DateTime<Utc>>,
    pub head_node: Option<HeadNodeRow>,
    /// Compute instances pending or running.
    pub nodes_up: u32,
    /// Running instances plus shared storage, where prices are known.
    pub usd_per_hour: Option<f64>,
    /// True when pcwiz's history has it (it was launched from here).
    #[serde(skip)]
    pub in_history: bool,
}

impl ClusterRow {
    pub fn deleted(&self) -> bool {
        self.status == "deleted"
    }
}

/// "3 h", "2 days": how long ago the cluster was created.
pub fn age(created: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    let Some(created) = created else {
        return "?".into();
    };
    let minutes = (now - created).num_minutes().max(0);
    match minutes {
        0..=59 => format!("{minutes} min"),
        60..=2879 => format!("{} h", minutes / 60),
        _ => format!("{} days", minutes / 1440),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_naturally() {
        let now: DateTime<Utc> = "2026-11-21T12:00:00Z".parse().unwrap();
        let at = |m: i64| Some(now - chrono::Duration::minutes(m));
        assert_eq!(age(at(5), now), "5 min");
        assert_eq!(age(at(180), now), "3 h");
        assert_eq!(age(at(3 * 1440), now), "3 days");
        assert_eq!(age(None, now), "?");
    }
}
