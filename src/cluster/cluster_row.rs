//! One row of the cluster list: a cluster's stack and instances (from AWS) merged with
//! pcwiz's history. Clusters the history has but AWS has not are "deleted", not hidden.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::cluster_instance::ClusterInstance;
use super::config::ClusterConfig;
use super::cost;
use super::guard::STOPPED_FROM_INSIDE;
use super::price_book::PriceBook;

/// A cluster's stack as the region lists it (pcluster's way: top-level, version-tagged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterStack {
    pub name: String,
    pub status: String,
    pub version: String,
    pub created: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadNodeRow {
    pub state: String,
    pub public_ip: Option<String>,
    pub private_ip: Option<String>,
    pub instance_type: String,
    /// Stopped by its own OS shutting down: the idle guard's doing.
    pub stopped_by_idle_guard: bool,
    pub stopped_at: Option<DateTime<Utc>>,
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
    /// What bills while the head node is stopped, one "what quantity" each (storage and the
    /// head node's root volume), when pcwiz has the cluster's config.
    pub still_bills: Vec<String>,
    /// True when pcwiz's history has it (it was launched from here).
    #[serde(skip)]
    pub in_history: bool,
}

impl ClusterRow {
    pub fn deleted(&self) -> bool {
        self.status == "deleted"
    }

    /// "parked by the idle guard at 03:40", "parked": a head node that is stopped, in
    /// words, in `tz`; None while it runs.
    pub fn parked<Tz: chrono::TimeZone>(&self, tz: &Tz) -> Option<String>
    where
        Tz::Offset: std::fmt::Display,
    {
        let head = self.head_node.as_ref().filter(|h| h.state == "stopped")?;
        let at = head
            .stopped_at
            .map(|t| format!(" at {}", t.with_timezone(tz).format("%H:%M")))
            .unwrap_or_default();
        Some(if head.stopped_by_idle_guard {
            format!("parked by the idle guard{at}")
        } else {
            format!("parked{at}")
        })
    }

    /// "parked by the idle guard at 03:40 · still billing $0.0123/h (…)": a stopped head
    /// node and what its cluster costs meanwhile; None while it runs.
    pub fn parked_and_billing<Tz: chrono::TimeZone>(&self, tz: &Tz) -> Option<String>
    where
        Tz::Offset: std::fmt::Display,
    {
        let parked = self.parked(tz)?;
        let bill = match self.usd_per_hour {
            Some(usd) if !self.still_bills.is_empty() => format!(
                " · still billing {}/h ({})",
                crate::cluster::price::hourly(usd),
                self.still_bills.join(", ")
            ),
            Some(usd) => format!(" · still billing {}/h", crate::cluster::price::hourly(usd)),
            None => " · its storage still bills".into(),
        };
        Some(format!("{parked}{bill}"))
    }
}

/// One cluster's row: its stack, its instances, and, when pcwiz launched it, its config's
/// storage (priced from `book`).
pub fn row(
    stack: &ClusterStack,
    region: &str,
    instances: &[ClusterInstance],
    config: Option<&ClusterConfig>,
    book: &PriceBook,
    in_history: bool,
) -> ClusterRow {
    let now = cost::running(instances, book);
    let storage = config
        .filter(|_| cost::storage_exists(&stack.status))
        .map(|c| cost::storage(c, book));
    let unpriced = now.unpriced() + storage.as_ref().map_or(0, |s| s.unpriced());
    let head_node = instances
        .iter()
        .find(|i| i.node_type == "HeadNode")
        .map(|h| HeadNodeRow {
            state: h.state.clone(),
            public_ip: h.public_ip.clone(),
            private_ip: h.private_ip.clone(),
            instance_type: h.instance_type.clone(),
            stopped_by_idle_guard: h.state_reason.as_deref() == Some(STOPPED_FROM_INSIDE),
            stopped_at: h.stopped_at,
        });
    ClusterRow {
        name: stack.name.clone(),
        status: stack.status.clone(),
        version: Some(stack.version.clone()),
        region: region.to_string(),
        created: stack.created,
        head_node,
        nodes_up: instances
            .iter()
            .filter(|i| i.node_type == "Compute" && cost::bills(i))
            .count() as u32,
        usd_per_hour: (unpriced == 0)
            .then(|| now.usd_per_hour() + storage.as_ref().map_or(0.0, |s| s.usd_per_hour())),
        still_bills: storage
            .iter()
            .flat_map(|s| &s.lines)
            .map(|l| format!("{} {}", l.what, l.quantity))
            .collect(),
        in_history,
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
    use crate::cluster::price::{Price, PriceSource};
    use crate::cluster::price_book::PriceKey;

    /// moto stops an instance only as a user would (`Client.UserInitiatedShutdown`): the
    /// state reason EC2 gives a head node whose own OS shut it down, as the idle guard
    /// does, is only seen on real AWS (FACTS.md), so it is given here.
    #[test]
    fn a_head_node_the_guard_stopped_is_parked_by_it_with_its_storage_still_billing() {
        let stack = ClusterStack {
            name: "rev".into(),
            status: "CREATE_COMPLETE".into(),
            version: "3.14.0".into(),
            created: None,
        };
        let head = ClusterInstance {
            cluster: "rev".into(),
            node_type: "HeadNode".into(),
            instance_type: "t3.large".into(),
            state: "stopped".into(),
            state_reason: Some(STOPPED_FROM_INSIDE.into()),
            stopped_at: Some("2026-12-06T03:40:12Z".parse().unwrap()),
            ..Default::default()
        };
        let config = crate::cluster::presets::builtin()
            .into_iter()
            .find(|p| p.name == crate::cluster::presets::REV)
            .unwrap()
            .config;
        let source = PriceSource::Snapshot {
            as_of: "2026-11".into(),
        };
        let mut book = PriceBook::new("us-east-1");
        book.insert(
            PriceKey::Ebs {
                volume_type: "gp3".into(),
            },
            Price::per_gb_month(0.08, source.clone()),
        );
        book.insert(
            PriceKey::FsxLustre {
                deployment_type: "SCRATCH_2".into(),
                throughput: None,
            },
            Price::per_gb_month(0.14, source),
        );
        let row = row(
            &stack,
            "us-east-1",
            std::slice::from_ref(&head),
            Some(&config),
            &book,
            true,
        );
        let utc = chrono::FixedOffset::east_opt(0).unwrap();
        assert_eq!(
            row.parked(&utc).as_deref(),
            Some("parked by the idle guard at 03:40")
        );
        assert_eq!(
            row.still_bills,
            [
                "Head node root volume 35 GB gp3",
                "FSx for Lustre /scratch 1200 GB SCRATCH_2"
            ]
        );
        let per_hour = row.usd_per_hour.unwrap();
        assert!((per_hour - (35.0 * 0.08 + 1200.0 * 0.14) / 730.0).abs() < 1e-9);

        // Stopped by pcwiz park or the console: parked, not by the guard.
        let by_user = ClusterInstance {
            state_reason: Some("Client.UserInitiatedShutdown".into()),
            ..head
        };
        let row = super::row(&stack, "us-east-1", &[by_user], Some(&config), &book, true);
        assert_eq!(row.parked(&utc).as_deref(), Some("parked at 03:40"));
    }

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
