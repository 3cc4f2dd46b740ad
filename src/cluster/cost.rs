//! What a cluster costs: idle, at full scale, per month, and for a run. Pure: it reads a
//! config and a `PriceBook` (looked up elsewhere: live, cached or snapshot) and never
//! guesses a missing price. A line with no price says so and is left out of the totals,
//! which then say "at least".
//!
//! Line items, not one number, so a user sees that the 1.2 TB of Lustre or a forgotten NAT
//! gateway is what costs most while nothing runs.

use serde::Serialize;

use super::cluster_instance::ClusterInstance;
use super::config::{ClusterConfig, SharedStorage, SlurmQueue};
use super::price::{HOURS_PER_MONTH, Price};
use super::price_book::{PriceBook, PriceKey};

/// pcluster's defaults for what a config leaves out (ParallelCluster 3 config reference).
const DEFAULT_FSX_GIB: u32 = 1200;
const DEFAULT_FSX_DEPLOYMENT: &str = "SCRATCH_2";
const DEFAULT_EBS_GIB: u32 = 35;
const DEFAULT_EBS_TYPE: &str = "gp3";
/// A node's root volume when the config sets no size: pcluster gives it the AMI's own size,
/// 35 GiB for ParallelCluster's official AMIs (aws-parallelcluster commit fbb995d), gp3.
const DEFAULT_ROOT_GIB: u64 = 35;
/// What the public IPv4 charge covers, for its line (its price says since when).
/// Why a root volume is the size it is when the config sets none.
const ROOT_DEFAULT_NOTE: &str =
    "pcluster's default: the AMI's size (35 GB for ParallelCluster's own)";
const PUBLIC_IPV4_NOTE: &str =
    "every public IPv4 address, in use or idle (AWS News Blog, 2023-07-28)";

/// What the model needs besides the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Surroundings {
    /// NAT gateways the compute subnets route through (None: not looked up).
    pub nat_gateways: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineItem {
    /// "Head node", "Queue standard (c6a.12xlarge)", "FSx for Lustre /scratch".
    pub what: String,
    /// "1 × t3.large", "10 × c6a.12xlarge", "1200 GB SCRATCH_2".
    pub quantity: String,
    /// How many units the price applies to (instances, GB, gateways).
    pub units: f64,
    /// The unit price, or None when no source has one ("unknown offline").
    pub price: Option<Price>,
    /// Why there is no price, or anything else worth knowing about this line.
    pub note: Option<String>,
}

impl LineItem {
    pub fn usd_per_hour(&self) -> Option<f64> {
        self.price.as_ref().map(|p| p.per_hour() * self.units)
    }
}

/// A set of line items and their sum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdown {
    pub lines: Vec<LineItem>,
}

impl Breakdown {
    /// The sum of the lines that have a price.
    pub fn usd_per_hour(&self) -> f64 {
        self.lines.iter().filter_map(LineItem::usd_per_hour).sum()
    }

    pub fn usd_per_month(&self) -> f64 {
        self.usd_per_hour() * HOURS_PER_MONTH
    }

    /// Lines whose price nobody knows: the totals are then a lower bound.
    pub fn unpriced(&self) -> usize {
        self.lines.iter().filter(|l| l.price.is_none()).count()
    }

    /// The line that costs most, if any costs anything.
    pub fn dominant(&self) -> Option<&LineItem> {
        self.lines
            .iter()
            .filter(|l| l.usd_per_hour().unwrap_or(0.0) > 0.0)
            .max_by(|a, b| a.usd_per_hour().partial_cmp(&b.usd_per_hour()).unwrap())
    }

    /// A line's share of the total, 0–100.
    pub fn share_percent(&self, line: &LineItem) -> Option<f64> {
        let total = self.usd_per_hour();
        (total > 0.0).then(|| line.usd_per_hour().unwrap_or(0.0) / total * 100.0)
    }
}

/// The cost model's answer for one config.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// Nothing running: head node, static nodes, storage, NAT.
    pub idle: Breakdown,
    /// Every queue at MaxCount.
    pub full_scale: Breakdown,
}

/// A run of `node_hours` on one queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunEstimate {
    pub queue: String,
    pub instance_type: String,
    pub node_hours: f64,
    pub price: Option<Price>,
}

impl RunEstimate {
    pub fn usd(&self) -> Option<f64> {
        self.price.as_ref().map(|p| p.per_hour() * self.node_hours)
    }
}

/// Every price the model will ask for, so the price engine can fetch them first.
pub fn price_keys(config: &ClusterConfig, surroundings: Surroundings) -> Vec<PriceKey> {
    let mut keys = vec![PriceKey::instance(&config.head_node.instance_type, false)];
    for queue in &config.scheduling.slurm_queues {
        for r in &queue.compute_resources {
            if let Some(t) = &r.instance_type {
                keys.push(PriceKey::instance(t, is_spot(queue)));
            }
        }
    }
    keys.extend(config.shared_storage.iter().filter_map(storage_key));
    keys.extend(root_volumes(config).into_iter().map(|r| PriceKey::Ebs {
        volume_type: r.volume_type,
    }));
    keys.push(PriceKey::PublicIpv4Hour);
    if surroundings.nat_gateways.unwrap_or(0) > 0 {
        keys.push(PriceKey::NatGatewayHour);
    }
    keys.sort();
    keys.dedup();
    keys
}

pub fn estimate(config: &ClusterConfig, book: &PriceBook, surroundings: Surroundings) -> Estimate {
    let head = LineItem {
        what: "Head node".into(),
        quantity: format!("1 × {}", config.head_node.instance_type),
        units: 1.0,
        price: book.get(&PriceKey::instance(&config.head_node.instance_type, false)),
        note: None,
    };
    let roots = root_volumes(config);
    let fixed: Vec<LineItem> = public_ipv4_line("Head node public IPv4 address", 1, book)
        .into_iter()
        .chain(config.shared_storage.iter().map(|s| storage_line(s, book)))
        .chain(nat_line(surroundings, book))
        .collect();
    // One breakdown: the head node, each queue's nodes as `count` says, every one of those
    // instances' root volumes in one line, then what does not scale.
    let assemble = |count: fn(&super::config::ComputeResource) -> u32| {
        let mut lines = vec![head.clone()];
        let mut nodes_per_queue: Vec<(&str, u32)> = vec![];
        for q in &config.scheduling.slurm_queues {
            for r in &q.compute_resources {
                let (n, Some(t)) = (count(r), r.instance_type.as_deref()) else {
                    continue;
                };
                if n == 0 {
                    continue;
                }
                nodes_per_queue.push((q.name.as_str(), n));
                lines.push(LineItem {
                    what: format!("Queue {} ({})", q.name, market_word(q)),
                    quantity: format!("{n} × {t}"),
                    units: f64::from(n),
                    price: book.get(&PriceKey::instance(t, is_spot(q))),
                    note: None,
                });
            }
        }
        lines.extend(root_volumes_line(&roots, &nodes_per_queue, book));
        lines.extend(fixed.iter().cloned());
        Breakdown { lines }
    };
    Estimate {
        idle: assemble(|r| r.min_count.unwrap_or(0)),
        full_scale: assemble(|r| r.max_count.unwrap_or(10)),
    }
}

/// The root volumes of the head node and of `nodes_per_queue` compute nodes, one line per
/// volume type (gp3 unless a config says otherwise): "35 GB gp3", "21 × 35 GB gp3".
fn root_volumes_line<'a>(
    roots: &'a [RootVolume],
    nodes_per_queue: &[(&str, u32)],
    book: &PriceBook,
) -> Vec<LineItem> {
    #[derive(Default)]
    struct Sum {
        gib: u64,
        instances: u32,
        /// The one size every volume has, if they all have one.
        each: Option<u64>,
        defaulted: bool,
    }
    let mut by_type: std::collections::BTreeMap<&'a str, Sum> = Default::default();
    let mut add = |root: &'a RootVolume, count: u32| {
        let sum = by_type.entry(root.volume_type.as_str()).or_default();
        sum.each = match (sum.instances, sum.each) {
            (0, _) => Some(root.gib),
            (_, Some(each)) if each == root.gib => Some(each),
            _ => None,
        };
        sum.gib += root.gib * u64::from(count);
        sum.instances += count;
        sum.defaulted |= root.defaulted;
    };
    for root in roots {
        let count = match &root.queue {
            None => 1,
            Some(queue) => nodes_per_queue
                .iter()
                .filter(|(q, _)| q == queue)
                .map(|(_, n)| n)
                .sum(),
        };
        if count > 0 {
            add(root, count);
        }
    }
    by_type
        .into_iter()
        .map(|(volume_type, sum)| LineItem {
            what: if sum.instances == 1 {
                "Head node root volume".into()
            } else {
                "Root volumes".into()
            },
            quantity: match (sum.instances, sum.each) {
                (1, _) => format!("{} GB {volume_type}", sum.gib),
                (n, Some(each)) => format!("{n} × {each} GB {volume_type}"),
                (_, None) => format!("{} GB {volume_type}", sum.gib),
            },
            units: sum.gib as f64,
            price: book.get(&PriceKey::Ebs {
                volume_type: volume_type.to_string(),
            }),
            note: sum.defaulted.then(|| ROOT_DEFAULT_NOTE.into()),
        })
        .collect()
}

/// Pending and running instances bill by the hour; stopped ones only for their volumes.
pub fn bills(instance: &ClusterInstance) -> bool {
    matches!(instance.state.as_str(), "pending" | "running")
}

/// The prices `running` needs for these instances.
pub fn running_keys(instances: &[ClusterInstance]) -> Vec<PriceKey> {
    let mut keys: Vec<PriceKey> = instances
        .iter()
        .filter(|i| bills(i))
        .map(|i| PriceKey::instance(&i.instance_type, i.spot))
        .collect();
    if instances.iter().any(|i| bills(i) && i.public_ip.is_some()) {
        keys.push(PriceKey::PublicIpv4Hour);
    }
    keys
}

/// What a cluster's instances cost now: one line per type and market of those that bill,
/// and their public IPv4 addresses. Their volumes are counted with the storage
/// (`storage`), the head node's; a compute node's root volume is small beside it and ends
/// with the node.
pub fn running(instances: &[ClusterInstance], book: &PriceBook) -> Breakdown {
    let mut counts: std::collections::BTreeMap<(&str, bool), u32> = Default::default();
    for i in instances.iter().filter(|i| bills(i)) {
        *counts
            .entry((i.instance_type.as_str(), i.spot))
            .or_default() += 1;
    }
    let addresses = instances
        .iter()
        .filter(|i| bills(i) && i.public_ip.is_some())
        .count() as u32;
    Breakdown {
        lines: counts
            .into_iter()
            .map(|((t, spot), n)| LineItem {
                what: format!("Running ({})", if spot { "spot" } else { "on-demand" }),
                quantity: format!("{n} × {t}"),
                units: f64::from(n),
                price: book.get(&PriceKey::instance(t, spot)),
                note: None,
            })
            .chain(public_ipv4_line("Public IPv4 addresses", addresses, book))
            .collect(),
    }
}

/// What bills while no instance runs: the config's shared storage and the head node's
/// root volume (a stopped instance keeps its volumes).
pub fn storage(config: &ClusterConfig, book: &PriceBook) -> Breakdown {
    Breakdown {
        lines: root_volumes_line(&root_volumes(config), &[], book)
            .into_iter()
            .chain(config.shared_storage.iter().map(|s| storage_line(s, book)))
            .collect(),
    }
}

/// Whether a cluster stack in this status has its storage (a creation that rolled back or
/// failed removed it, or never made it).
pub fn storage_exists(stack_status: &str) -> bool {
    !matches!(
        stack_status,
        "ROLLBACK_IN_PROGRESS"
            | "ROLLBACK_COMPLETE"
            | "ROLLBACK_FAILED"
            | "CREATE_FAILED"
            | "DELETE_IN_PROGRESS"
            | "DELETE_COMPLETE"
    )
}

/// The prices `storage` needs.
pub fn storage_keys(config: &ClusterConfig) -> Vec<PriceKey> {
    root_volumes(config)
        .into_iter()
        .filter(|r| r.queue.is_none())
        .map(|r| PriceKey::Ebs {
            volume_type: r.volume_type,
        })
        .chain(config.shared_storage.iter().filter_map(storage_key))
        .collect()
}

/// `node_hours` on `queue` (its first compute resource, which is where Slurm places jobs
/// first when the queue has several).
pub fn run(
    config: &ClusterConfig,
    book: &PriceBook,
    queue: &str,
    node_hours: f64,
) -> Option<RunEstimate> {
    let q = config
        .scheduling
        .slurm_queues
        .iter()
        .find(|q| q.name == queue)?;
    let instance_type = q.compute_resources.first()?.instance_type.clone()?;
    Some(RunEstimate {
        queue: queue.to_string(),
        price: book.get(&PriceKey::instance(&instance_type, is_spot(q))),
        instance_type,
        node_hours,
    })
}

pub fn is_spot(queue: &SlurmQueue) -> bool {
    queue
        .capacity_type
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("SPOT"))
}

fn market_word(queue: &SlurmQueue) -> &'static str {
    if is_spot(queue) { "spot" } else { "on-demand" }
}

/// The price a shared storage needs, if pcluster creates it (an existing one named by id
/// bills whoever made it, with or without this cluster).
fn storage_key(storage: &SharedStorage) -> Option<PriceKey> {
    if existing_id(storage).is_some() {
        return None;
    }
    match storage.storage_type.as_str() {
        "FsxLustre" => {
            let s = storage.fsx_lustre_settings.as_ref();
            Some(PriceKey::FsxLustre {
                deployment_type: s
                    .and_then(|s| s.deployment_type.clone())
                    .unwrap_or_else(|| DEFAULT_FSX_DEPLOYMENT.into()),
                throughput: s.and_then(|s| {
                    s.extra
                        .get("PerUnitStorageThroughput")
                        .and_then(serde_yaml::Value::as_u64)
                        .map(|t| t as u32)
                }),
            })
        }
        "Ebs" => Some(PriceKey::Ebs {
            volume_type: setting_str(storage, "EbsSettings", "VolumeType")
                .unwrap_or(DEFAULT_EBS_TYPE)
                .to_string(),
        }),
        "Efs" => Some(PriceKey::EfsStandard),
        _ => None,
    }
}

fn storage_line(storage: &SharedStorage, book: &PriceBook) -> LineItem {
    let title = format!(
        "{} {}",
        storage_title(&storage.storage_type),
        storage.mount_dir
    );
    if let Some(id) = existing_id(storage) {
        return LineItem {
            what: title,
            quantity: format!("existing {id}"),
            units: 0.0,
            price: None,
            note: Some("already exists: it bills with or without this cluster".into()),
        };
    }
    let key = storage_key(storage);
    let price = key.as_ref().and_then(|k| book.get(k));
    match key {
        Some(PriceKey::FsxLustre {
            deployment_type,
            throughput,
        }) => {
            let gib = storage
                .fsx_lustre_settings
                .as_ref()
                .and_then(|s| s.storage_capacity)
                .unwrap_or(DEFAULT_FSX_GIB);
            let throughput = throughput
                .map(|t| format!(" {t} MB/s/TiB"))
                .unwrap_or_default();
            LineItem {
                what: title,
                quantity: format!("{gib} GB {deployment_type}{throughput}"),
                units: f64::from(gib),
                price,
                note: None,
            }
        }
        Some(PriceKey::Ebs { volume_type }) => {
            let gib = setting_u64(storage, "EbsSettings", "Size").unwrap_or(DEFAULT_EBS_GIB.into());
            LineItem {
                what: title,
                quantity: format!("{gib} GB {volume_type}"),
                units: gib as f64,
                price,
                note: None,
            }
        }
        // EFS bills what is stored, and a new one stores nothing.
        Some(PriceKey::EfsStandard) => LineItem {
            what: title,
            quantity: "0 GB stored at first".into(),
            units: 0.0,
            note: price
                .as_ref()
                .map(|p| format!("grows with what you store: {}", p.label())),
            price,
        },
        _ => LineItem {
            what: title,
            quantity: storage.storage_type.clone(),
            units: 0.0,
            price: None,
            note: Some("pcwiz has no price for this storage type".into()),
        },
    }
}

/// A node's root volume as the config sets it (or pcluster's default), for the head node
/// (`queue` None) or each queue's nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct RootVolume {
    pub queue: Option<String>,
    pub gib: u64,
    pub volume_type: String,
    /// The size is pcluster's default, not the config's.
    pub defaulted: bool,
}

/// The head node's root volume, then each queue's.
pub fn root_volumes(config: &ClusterConfig) -> Vec<RootVolume> {
    let read = |queue: Option<String>, settings: Option<&serde_yaml::Value>| {
        let root = settings
            .and_then(|s| s.get("LocalStorage"))
            .and_then(|l| l.get("RootVolume"));
        let size = root
            .and_then(|r| r.get("Size"))
            .and_then(serde_yaml::Value::as_u64);
        RootVolume {
            queue,
            gib: size.unwrap_or(DEFAULT_ROOT_GIB),
            volume_type: root
                .and_then(|r| r.get("VolumeType"))
                .and_then(serde_yaml::Value::as_str)
                .unwrap_or(DEFAULT_EBS_TYPE)
                .to_string(),
            defaulted: size.is_none(),
        }
    };
    let head = serde_yaml::to_value(&config.head_node.extra).ok();
    std::iter::once(read(None, head.as_ref()))
        .chain(
            config
                .scheduling
                .slurm_queues
                .iter()
                .map(|q| read(Some(q.name.clone()), q.extra.get("ComputeSettings"))),
        )
        .collect()
}

/// `count` public IPv4 addresses, or no line for none.
pub fn public_ipv4_line(what: &str, count: u32, book: &PriceBook) -> Option<LineItem> {
    (count > 0).then(|| LineItem {
        what: what.into(),
        quantity: format!("{count} × address"),
        units: f64::from(count),
        price: book.get(&PriceKey::PublicIpv4Hour),
        note: Some(PUBLIC_IPV4_NOTE.into()),
    })
}

fn nat_line(surroundings: Surroundings, book: &PriceBook) -> Option<LineItem> {
    match surroundings.nat_gateways {
        Some(0) => None,
        Some(n) => Some(LineItem {
            what: "NAT gateway (compute subnet's way out)".into(),
            quantity: format!("{n} × NAT gateway"),
            units: f64::from(n),
            price: book.get(&PriceKey::NatGatewayHour),
            note: Some("bills every hour it exists, plus per GB it carries".into()),
        }),
        None => Some(LineItem {
            what: "NAT gateway".into(),
            quantity: "not checked".into(),
            units: 0.0,
            price: None,
            note: Some("not looked up: does the compute subnet go out through one?".into()),
        }),
    }
}

fn storage_title(storage_type: &str) -> &str {
    match storage_type {
        "FsxLustre" => "FSx for Lustre",
        "Ebs" => "EBS volume",
        "Efs" => "EFS",
        other => other,
    }
}

fn existing_id(storage: &SharedStorage) -> Option<&str> {
    let settings = storage
        .fsx_lustre_settings
        .as_ref()
        .and_then(|s| s.extra.get("FileSystemId"))
        .and_then(serde_yaml::Value::as_str);
    settings
        .or_else(|| setting_str(storage, "EbsSettings", "VolumeId"))
        .or_else(|| setting_str(storage, "EfsSettings", "FileSystemId"))
}

fn setting<'a>(
    storage: &'a SharedStorage,
    block: &str,
    key: &str,
) -> Option<&'a serde_yaml::Value> {
    storage.extra.get(block)?.get(key)
}

fn setting_str<'a>(storage: &'a SharedStorage, block: &str, key: &str) -> Option<&'a str> {
    setting(storage, block, key)?.as_str()
}

fn setting_u64(storage: &SharedStorage, block: &str, key: &str) -> Option<u64> {
    setting(storage, block, key)?.as_u64()
}

#[cfg(test)]
mod tests;
