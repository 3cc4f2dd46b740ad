//! What cleaning a cluster up would remove, shown before anything is touched: each thing
//! with its kind, id, why it is this cluster's, and what it bills per month if left. Pure.
//!
//! Safety is decided here, once: a thing enters the plan only with the cluster's tag
//! (`parallelcluster:cluster-name`) or because pcwiz's history says pcwiz made it for this
//! cluster. Shared things (the region's `parallelcluster-…-do-not-delete` bucket) never do.

use serde::Serialize;

use super::cluster_instance::NAME_TAG;
use super::price_book::PriceKey;

/// The kinds, in the order they are removed: compute instances first (they hold the
/// subnets and security groups), the stack (which takes the head node with it) before the
/// volumes it leaves and before the network it stands in, local files last.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    ComputeInstance,
    ClusterStack,
    EbsVolume,
    EbsSnapshot,
    EfsFileSystem,
    FsxFileSystem,
    LogGroup,
    NetworkStack,
    KeyPair,
    /// The AWS Budget pcwiz made for the cluster.
    Budget,
    LocalFile,
    /// The key pair's private half: may open other machines too, so never ticked for you
    /// and not swept up with the other local files.
    PrivateKey,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::ComputeInstance => "compute instance",
            Kind::ClusterStack => "cluster stack",
            Kind::EbsVolume => "EBS volume",
            Kind::EbsSnapshot => "EBS snapshot",
            Kind::EfsFileSystem => "EFS file system",
            Kind::FsxFileSystem => "FSx file system",
            Kind::LogGroup => "CloudWatch log group",
            Kind::NetworkStack => "network stack",
            Kind::KeyPair => "EC2 key pair",
            Kind::Budget => "AWS Budget",
            Kind::LocalFile => "local file",
            Kind::PrivateKey => "private key file",
        }
    }

    /// Data lives here: kept unless the user ticks it (a results volume, the logs).
    pub fn holds_data(self) -> bool {
        matches!(
            self,
            Kind::EbsVolume
                | Kind::EbsSnapshot
                | Kind::EfsFileSystem
                | Kind::FsxFileSystem
                | Kind::LocalFile
                | Kind::PrivateKey
        )
    }
}

/// One thing the plan could remove.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub kind: Kind,
    /// Stack name, instance id, volume id, log group name, key name or file path.
    pub id: String,
    /// e.g. "gp3 100 GiB, available", "NAT gateway nat-0ab…".
    pub detail: String,
    /// Why it is this cluster's: the tag it carries, or the history's record.
    pub why: String,
    /// What it bills per month if left; None when not known (said in `cost_note`).
    pub usd_per_month: Option<f64>,
    pub cost_note: Option<String>,
    /// Ticked: to be removed. Defaults from `default_selected`.
    pub selected: bool,
    /// Something else uses it (proven from AWS): it stays, can not be ticked, and this
    /// says what uses it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<String>,
}

impl Item {
    /// Whether "tick all" may tick it: never a file of the user's (the private key may
    /// open other machines, the config is their own work), never a thing in use.
    pub fn tick_all_may_tick(&self) -> bool {
        self.blocked_by.is_none() && !matches!(self.kind, Kind::PrivateKey | Kind::LocalFile)
    }
}

/// Ticked by default: everything that bills or clutters, but not data (volumes,
/// snapshots, file systems and local files stay unless ticked: a user's results may be on
/// them, and deleting is forever).
pub fn default_selected(kind: Kind) -> bool {
    !kind.holds_data()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub cluster: String,
    pub region: String,
    /// Who the plan acts as: "account 1234…, profile lab, us-west-2" (said before acting).
    pub acting_as: String,
    /// The account the plan's lookups were made in (None: STS did not answer).
    pub account: Option<String>,
    pub items: Vec<Item>,
    /// Things seen and deliberately left, with why (shared, or not provably this
    /// cluster's): said so the user knows they were considered.
    pub left_alone: Vec<String>,
    /// Lookups that failed: the plan may be incomplete, and says where.
    pub problems: Vec<String>,
}

impl Plan {
    pub fn new(cluster: &str, region: &str) -> Self {
        Self {
            cluster: cluster.to_string(),
            region: region.to_string(),
            acting_as: String::new(),
            account: None,
            items: vec![],
            left_alone: vec![],
            problems: vec![],
        }
    }

    /// Adds an item once (a volume found by tag and by history is one volume), ticked by
    /// default as `default_selected` says.
    pub fn add(&mut self, kind: Kind, id: &str, detail: String, why: String) -> &mut Item {
        if let Some(i) = self.items.iter().position(|i| i.kind == kind && i.id == id) {
            return &mut self.items[i];
        }
        self.items.push(Item {
            kind,
            id: id.to_string(),
            detail,
            why,
            usd_per_month: None,
            cost_note: None,
            selected: default_selected(kind),
            blocked_by: None,
        });
        self.items
            .sort_by(|a, b| a.kind.cmp(&b.kind).then(a.id.cmp(&b.id)));
        let i = self
            .items
            .iter()
            .position(|i| i.kind == kind && i.id == id)
            .expect("just added");
        &mut self.items[i]
    }

    /// Ticks or unticks item `index`; Err says why an item in use can not be ticked.
    pub fn toggle(&mut self, index: usize) -> Result<(), String> {
        let Some(item) = self.items.get_mut(index) else {
            return Ok(());
        };
        match &item.blocked_by {
            Some(user) if !item.selected => Err(format!(
                "{} {} stays: it is in use by {user}",
                item.kind.label(),
                item.id
            )),
            _ => {
                item.selected = !item.selected;
                Ok(())
            }
        }
    }

    /// `a`: ticks everything it may (never the user's files, never what is in use), or,
    /// when all of that is ticked already, unticks everything.
    pub fn tick_all(&mut self) {
        let all = self
            .items
            .iter()
            .filter(|i| i.tick_all_may_tick())
            .all(|i| i.selected);
        for item in &mut self.items {
            item.selected = !all && item.tick_all_may_tick();
        }
    }

    /// The ids of the cluster's own file systems, whose network interfaces are the
    /// cluster's (they go before the network does).
    pub fn own_storage(&self) -> Vec<String> {
        self.items
            .iter()
            .filter(|i| matches!(i.kind, Kind::EfsFileSystem | Kind::FsxFileSystem))
            .map(|i| i.id.clone())
            .collect()
    }

    /// Marks `kind` `id` as in use by `user`: unticked, and not to be ticked.
    pub fn block(&mut self, kind: Kind, id: &str, user: String) {
        if let Some(item) = self.items.iter_mut().find(|i| i.kind == kind && i.id == id) {
            item.selected = false;
            item.blocked_by = Some(user);
        }
    }

    /// What the ticked items bill per month now, and how many of them have no known
    /// price (so the total is a floor).
    pub fn monthly_saving(&self) -> (f64, usize) {
        self.sum(|i| i.selected)
    }

    /// What every item bills per month, ticked or not.
    pub fn monthly_bill(&self) -> (f64, usize) {
        self.sum(|_| true)
    }

    /// What the unticked items go on billing per month.
    pub fn monthly_left(&self) -> (f64, usize) {
        self.sum(|i| !i.selected)
    }

    fn sum(&self, which: impl Fn(&Item) -> bool) -> (f64, usize) {
        self.items
            .iter()
            .filter(|i| which(i))
            .fold((0.0, 0), |(usd, unknown), i| match i.usd_per_month {
                Some(u) => (usd + u, unknown),
                None if i.cost_note.is_some() => (usd, unknown + 1),
                None => (usd, unknown),
            })
    }

    pub fn selected(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.selected)
    }
}

/// What became of one ticked item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum Outcome {
    Deleted,
    /// Gone before this run reached it (an earlier, interrupted run; or by hand).
    AlreadyGone,
    /// Kept as asked (not ticked).
    Kept,
    Failed {
        reason: String,
        next: String,
    },
}

/// Progress of one item during a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub kind: Kind,
    pub id: String,
    /// None while it is being removed.
    pub outcome: Option<Outcome>,
    /// e.g. "DELETE_IN_PROGRESS (2 min)".
    pub note: Option<String>,
}

/// What a lookup saw while building a plan, before it is priced and ticked.
/// One thing seen while looking.
pub enum Seen {
    Item(Found),
    /// Considered and deliberately not planned, with why.
    LeftAlone(String),
}

pub struct Found {
    pub kind: Kind,
    pub id: String,
    pub detail: String,
    pub why: String,
    /// How it bills: a price key and how many of its units (1 instance, N GB).
    pub price: Option<(PriceKey, f64)>,
    pub cost_note: Option<String>,
    /// Ticked by default even though it holds data, or unticked though it does not.
    pub selected: Option<bool>,
    /// A head node: removed by its stack, so listed only when the stack is gone.
    pub head_node: bool,
    /// A network's VPC: whose network interfaces prove who else uses it.
    pub vpc: Option<String>,
    /// A network's own NAT gateways (their interfaces are the network's, not a user's).
    pub nat_gateways: Vec<String>,
    /// The cluster its tag names (for the sweep: whether that cluster is gone).
    pub owner: Option<String>,
}

impl Found {
    pub fn new(kind: Kind, id: &str, detail: String, why: String) -> Self {
        Self {
            kind,
            id: id.to_string(),
            detail,
            why,
            price: None,
            cost_note: None,
            selected: None,
            head_node: false,
            vpc: None,
            nat_gateways: vec![],
            owner: None,
        }
    }
}

/// Why a tagged thing counts as the cluster's.
pub fn tagged(name: &str) -> String {
    format!("tagged {NAME_TAG}={name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_come_in_removal_order_once_each_and_data_is_kept_by_default() {
        let mut plan = Plan::new("rev", "us-west-2");
        plan.add(
            Kind::LocalFile,
            "/home/a/rev.yaml",
            "config".into(),
            "history".into(),
        );
        plan.add(Kind::EbsVolume, "vol-1", "gp3 100 GiB".into(), "tag".into())
            .usd_per_month = Some(8.0);
        plan.add(
            Kind::ClusterStack,
            "rev",
            "CREATE_COMPLETE".into(),
            "tag".into(),
        );
        plan.add(
            Kind::ComputeInstance,
            "i-1",
            "c6a.12xlarge".into(),
            "tag".into(),
        )
        .usd_per_month = Some(1340.28);
        plan.add(Kind::EbsVolume, "vol-1", "again".into(), "history".into());
        let kinds: Vec<Kind> = plan.items.iter().map(|i| i.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::ComputeInstance,
                Kind::ClusterStack,
                Kind::EbsVolume,
                Kind::LocalFile
            ]
        );
        assert!(plan.items[0].selected && plan.items[1].selected);
        assert!(!plan.items[2].selected, "a volume may hold results");
        assert_eq!(plan.monthly_saving(), (1340.28, 0));
        assert_eq!(plan.monthly_left(), (8.0, 0));
    }
}
