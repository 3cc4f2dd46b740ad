//! Pre-launch checks: every mistake the reV guide warns about, caught before a 20-minute
//! CloudFormation run fails. Errors block a launch; warnings do not. Each says how to fix it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::config::ClusterConfig;
use super::network::RouteOut;
use super::os::Os;
use super::presets::{PRESET_TAG, REV};
use super::regions::REV_DATA_REGION;
use super::ssh_key::{KeyKind, refusal};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigFinding {
    pub id: &'static str,
    pub severity: Severity,
    pub message: String,
    pub fix: String,
}

/// What is known about the account the config will meet. Each is None when it was not
/// looked up (offline checks), and the checks that need it are then skipped.
#[derive(Debug, Clone, Default)]
pub struct Surroundings {
    pub key_kind: Option<KeyKind>,
    /// The head node subnet's AZ, route out and public-IP setting.
    pub head_subnet: Option<SubnetFacts>,
    /// For each instance type in the config: the AZs of the region that offer it.
    pub offerings: Option<BTreeMap<String, BTreeSet<String>>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetFacts {
    pub availability_zone: String,
    pub route_out: RouteOut,
    pub public_ip_on_launch: bool,
}

const MAX_QUEUES: usize = 50;
const MAX_COMPUTE_RESOURCES: usize = 50;
/// Node names are `<queue>-dy-<resource>-<n>`; ParallelCluster caps each name part.
const MAX_NAME: usize = 25;
const S3_FULL: &str = "arn:aws:iam::aws:policy/AmazonS3FullAccess";

pub fn check(config: &ClusterConfig, around: &Surroundings) -> Vec<ConfigFinding> {
    let mut found = Vec::new();
    let mut error = |id, message: String, fix: String| {
        found.push(ConfigFinding {
            id,
            severity: Severity::Error,
            message,
            fix,
        })
    };
    let os = Os::from_config_name(&config.image.os);

    // --- placement ---------------------------------------------------------------------
    if config.head_node.networking.subnet_id.is_empty() {
        error(
            "network.no-subnet",
            "The head node has no subnet.".into(),
            "Choose one in the Network step, or pass --subnet".into(),
        );
    }
    if config
        .head_node
        .ssh
        .as_ref()
        .is_none_or(|s| s.key_name.is_empty())
    {
        error(
            "key.none",
            "No SSH key pair is set, so you could not log in to the head node.".into(),
            "Choose one in the SSH key step, or pass --key-name".into(),
        );
    }
    if let (Some(kind), Some(os)) = (around.key_kind, os)
        && let Some(reason) = refusal(kind, os)
    {
        error(
            "key.rsa-on-ubuntu",
            reason,
            "Use an ed25519 key pair: pcwiz keys new --name NAME".into(),
        );
    }
    if let (Some(subnet), Some(offerings)) = (&around.head_subnet, &around.offerings) {
        for instance_type in config.instance_types() {
            if offerings
                .get(&instance_type)
                .is_some_and(|azs| !azs.contains(&subnet.availability_zone))
            {
                error(
                    "network.type-not-in-az",
                    format!("{instance_type} is not offered in {}, the subnet's availability zone.", subnet.availability_zone),
                    "Pick a subnet in a zone that offers it (pcwiz network list --instance-type TYPE), or another instance type".into(),
                );
            }
        }
    }
    if let Some(subnet) = &around.head_subnet {
        let elastic_ip = config.head_node.networking.extra.contains_key("ElasticIp");
        if subnet.route_out != RouteOut::InternetGateway
            || !(subnet.public_ip_on_launch || elastic_ip)
        {
            error(
                "network.head-unreachable",
                "The head node's subnet gives it no public IP or no route to the internet: you could not ssh to it, and it could not install its software.".into(),
                "Choose a public subnet (route to an internet gateway, public IPs on launch), or set HeadNode.Networking.ElasticIp: true".into(),
            );
        }
    }

    // --- operating system --------------------------------------------------------------
    match (config.image.os.as_str(), os) {
        ("alinux2", _) => error(
            "os.alinux2",
            "Amazon Linux 2 is gone from current ParallelCluster, and it cannot build HSDS (no gcc 9).".into(),
            "Use ubuntu2404 (recommended for reV) or alinux2023".into(),
        ),
        (name, None) => error(
            "os.unknown",
            format!("`{name}` is not an OS pcluster 3.16 accepts."),
            format!("Use one of: {}", Os::ALL.map(Os::config_name).join(", ")),
        ),
        (_, Some(Os::Rocky8 | Os::Rocky9)) if config.image.custom_ami.is_none() => error(
            "os.rocky-needs-ami",
            "AWS publishes no ParallelCluster images for Rocky Linux; pcluster would find none.".into(),
            "Build one and set Image.CustomAmi, or use ubuntu2404".into(),
        ),
        _ => {}
    }

    // --- queues ------------------------------------------------------------------------
    let queues = &config.scheduling.slurm_queues;
    if queues.len() > MAX_QUEUES {
        error(
            "limits.queues",
            format!(
                "{} queues; ParallelCluster allows {MAX_QUEUES}.",
                queues.len()
            ),
            "Merge queues".into(),
        );
    }
    let resources: usize = queues.iter().map(|q| q.compute_resources.len()).sum();
    if resources > MAX_COMPUTE_RESOURCES {
        error(
            "limits.compute-resources",
            format!(
                "{resources} compute resources in all; ParallelCluster allows {MAX_COMPUTE_RESOURCES}."
            ),
            "Use fewer instance types".into(),
        );
    }
    for queue in queues {
        if let Some(problem) = name_problem(&queue.name) {
            error(
                "names.queue",
                format!("Queue name `{}` {problem}.", queue.name),
                "Rename it, e.g. `standard`".into(),
            );
        }
        for resource in &queue.compute_resources {
            if let Some(problem) = name_problem(&resource.name) {
                error(
                    "names.compute-resource",
                    format!(
                        "Compute resource name `{}` (queue {}) {problem}.",
                        resource.name, queue.name
                    ),
                    "Rename it, e.g. after its instance type without dots".into(),
                );
            }
            if let (Some(min), Some(max)) = (resource.min_count, resource.max_count)
                && min > max
            {
                error(
                    "queue.min-over-max",
                    format!(
                        "Queue {} / {}: MinCount {min} is more than MaxCount {max}.",
                        queue.name, resource.name
                    ),
                    "Lower MinCount (0 means nodes exist only while jobs run) or raise MaxCount"
                        .into(),
                );
            }
        }
    }

    // --- storage -----------------------------------------------------------------------
    for storage in &config.shared_storage {
        if !storage.mount_dir.starts_with('/') {
            error(
                "storage.relative-mount",
                format!(
                    "Mount dir `{}` of {} is not absolute.",
                    storage.mount_dir, storage.name
                ),
                format!(
                    "Use an absolute path, e.g. /{}",
                    storage.mount_dir.trim_start_matches("./")
                ),
            );
        }
        if let Some(fsx) = &storage.fsx_lustre_settings
            && let (Some(capacity), Some(kind)) =
                (fsx.storage_capacity, fsx.deployment_type.as_deref())
            && !valid_fsx_capacity(kind, capacity)
        {
            error(
                "storage.fsx-capacity",
                format!("FSx for Lustre {kind} cannot be {capacity} GiB."),
                format!("Use {}", fsx_steps(kind)),
            );
        }
    }

    // --- warnings ----------------------------------------------------------------------
    let mut warn = |id, message: String, fix: String| {
        found.push(ConfigFinding {
            id,
            severity: Severity::Warning,
            message,
            fix,
        })
    };
    if matches!(os, Some(Os::Rhel8 | Os::Rhel9)) {
        warn(
            "os.rhel-licences",
            "RHEL needs an entitlement licence on every node, compute nodes included, to install what HSDS needs (Python 3.11, or Docker).".into(),
            "Use ubuntu2404 unless your organisation has licences for every node".into(),
        );
    }
    let head_policies = config
        .head_node
        .iam
        .as_ref()
        .map(|i| i.additional_iam_policies.as_slice())
        .unwrap_or_default();
    if head_policies.iter().any(|p| p.policy == S3_FULL) {
        warn(
            "iam.s3-full-access",
            "The head node gets AmazonS3FullAccess. pcluster's documented \"privileged\" user policy may attach AmazonS3ReadOnlyAccess but not this one, so creating the cluster needs broader IAM rights.".into(),
            "Keep it if your user may attach any policy; otherwise use AmazonS3ReadOnlyAccess (reV writes to /scratch, not S3)".into(),
        );
    }
    if config.tag(PRESET_TAG) == Some(REV) {
        if config
            .region
            .as_deref()
            .is_some_and(|r| r != REV_DATA_REGION)
        {
            warn(
                "rev.region",
                format!(
                    "reV reads NREL's data from {REV_DATA_REGION}; this cluster is in {}: slower, and billed per GB crossing regions.",
                    config.region.as_deref().unwrap_or("?")
                ),
                format!("Create it in {REV_DATA_REGION}"),
            );
        }
        for queue in queues
            .iter()
            .filter(|q| q.job_exclusive_allocation != Some(true))
        {
            warn(
                "rev.shared-nodes",
                format!(
                    "Queue {} shares nodes between jobs (ParallelCluster's default), but reV sizes each job for a whole node.",
                    queue.name
                ),
                format!(
                    "Set JobExclusiveAllocation: true on queue {} (or add \"feature\": \"--exclusive\" to reV's execution_control)",
                    queue.name
                ),
            );
        }
        for key in ["org", "billingId"] {
            if config.tag(key).is_some_and(str::is_empty) {
                warn(
                    "rev.empty-tag",
                    format!("The `{key}` tag is empty; the reV guide uses it to trace the bill."),
                    format!(
                        "Fill it in: the wizard's Tags & upkeep step, or config new --tag {key}=VALUE"
                    ),
                );
            }
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.severity));
    found
}

/// Lowercase letters, digits and hyphens, starting with a letter, and short. Used as the
/// user types a name, and again before launch.
pub fn name_problem(name: &str) -> Option<&'static str> {
    let mut chars = name.chars();
    match chars.next() {
        None => Some("is empty"),
        Some(c) if !c.is_ascii_lowercase() => Some("must start with a lowercase letter"),
        _ if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') =>
        {
            Some("may only hold lowercase letters, digits and hyphens")
        }
        _ if name.len() > MAX_NAME => Some("is longer than 25 characters"),
        _ => None,
    }
}

/// FSx for Lustre sizes: 1200, 2400, then multiples of 2400 GiB (SCRATCH_1 also 3600 and
/// its multiples).
pub fn valid_fsx_capacity(deployment: &str, capacity: u32) -> bool {
    match deployment {
        "SCRATCH_1" => {
            capacity == 1200 || capacity == 2400 || (capacity > 0 && capacity.is_multiple_of(3600))
        }
        _ => capacity == 1200 || (capacity > 0 && capacity.is_multiple_of(2400)),
    }
}

fn fsx_steps(deployment: &str) -> &'static str {
    match deployment {
        "SCRATCH_1" => "1200, 2400, or a multiple of 3600 GiB",
        _ => "1200 GiB, or a multiple of 2400 GiB",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::config::{Policy, Tag};
    use crate::cluster::presets::builtin;

    fn rev() -> ClusterConfig {
        let mut config = builtin()
            .into_iter()
            .find(|p| p.name == REV)
            .unwrap()
            .config;
        config.place("laptop", "subnet-1", "subnet-1");
        config.tags = vec![
            Tag {
                key: "org".into(),
                value: "nrel".into(),
            },
            Tag {
                key: "billingId".into(),
                value: "1234".into(),
            },
            Tag {
                key: PRESET_TAG.into(),
                value: REV.into(),
            },
        ];
        for queue in &mut config.scheduling.slurm_queues {
            queue.job_exclusive_allocation = Some(true);
        }
        config.head_node.iam = None;
        config
    }

    fn good_surroundings() -> Surroundings {
        Surroundings {
            key_kind: Some(KeyKind::Ed25519),
            head_subnet: Some(SubnetFacts {
                availability_zone: "us-west-2a".into(),
                route_out: RouteOut::InternetGateway,
                public_ip_on_launch: true,
            }),
            offerings: Some(
                ["t3.large", "c6a.12xlarge", "m6a.12xlarge"]
                    .iter()
                    .map(|t| (t.to_string(), ["us-west-2a".to_string()].into()))
                    .collect(),
            ),
        }
    }

    fn ids(config: &ClusterConfig, around: &Surroundings) -> Vec<&'static str> {
        check(config, around).into_iter().map(|f| f.id).collect()
    }

    #[test]
    fn a_good_rev_config_has_no_findings() {
        assert_eq!(ids(&rev(), &good_surroundings()), Vec::<&str>::new());
    }

    #[test]
    fn each_finding_is_triggered_by_its_mistake() {
        let around = good_surroundings();
        type Mistake = Box<dyn Fn(&mut ClusterConfig, &mut Surroundings)>;
        let cases: Vec<(&str, Mistake)> = vec![
            (
                "key.rsa-on-ubuntu",
                Box::new(|_, s| s.key_kind = Some(KeyKind::Rsa)),
            ),
            (
                "network.type-not-in-az",
                Box::new(|_, s| {
                    s.offerings
                        .as_mut()
                        .unwrap()
                        .get_mut("c6a.12xlarge")
                        .unwrap()
                        .clear()
                }),
            ),
            (
                "queue.min-over-max",
                Box::new(|c, _| {
                    c.scheduling.slurm_queues[0].compute_resources[0].min_count = Some(11)
                }),
            ),
            (
                "storage.fsx-capacity",
                Box::new(|c, _| {
                    c.shared_storage[0]
                        .fsx_lustre_settings
                        .as_mut()
                        .unwrap()
                        .storage_capacity = Some(1000)
                }),
            ),
            (
                "names.queue",
                Box::new(|c, _| c.scheduling.slurm_queues[0].name = "Standard_Q".into()),
            ),
            (
                "names.compute-resource",
                Box::new(|c, _| {
                    c.scheduling.slurm_queues[0].compute_resources[0].name = "c6a.12xlarge".into()
                }),
            ),
            (
                "limits.queues",
                Box::new(|c, _| {
                    let queue = c.scheduling.slurm_queues[0].clone();
                    c.scheduling.slurm_queues = (0..51)
                        .map(|i| {
                            let mut q = queue.clone();
                            q.name = format!("q{i}");
                            q
                        })
                        .collect();
                }),
            ),
            (
                "storage.relative-mount",
                Box::new(|c, _| c.shared_storage[0].mount_dir = "scratch".into()),
            ),
            (
                "os.rhel-licences",
                Box::new(|c, _| c.image.os = "rhel9".into()),
            ),
            ("os.alinux2", Box::new(|c, _| c.image.os = "alinux2".into())),
            (
                "os.rocky-needs-ami",
                Box::new(|c, _| c.image.os = "rocky9".into()),
            ),
            (
                "network.head-unreachable",
                Box::new(|_, s| s.head_subnet.as_mut().unwrap().route_out = RouteOut::None),
            ),
            (
                "iam.s3-full-access",
                Box::new(|c, _| {
                    c.head_node.iam = Some(crate::cluster::config::Iam {
                        additional_iam_policies: vec![Policy {
                            policy: S3_FULL.into(),
                        }],
                        ..Default::default()
                    })
                }),
            ),
            (
                "rev.region",
                Box::new(|c, _| c.region = Some("eu-west-1".into())),
            ),
            (
                "rev.shared-nodes",
                Box::new(|c, _| c.scheduling.slurm_queues[1].job_exclusive_allocation = None),
            ),
            ("rev.empty-tag", Box::new(|c, _| c.tags[0].value.clear())),
            ("key.none", Box::new(|c, _| c.head_node.ssh = None)),
            (
                "network.no-subnet",
                Box::new(|c, _| c.head_node.networking.subnet_id.clear()),
            ),
        ];
        for (id, mistake) in cases {
            let mut config = rev();
            let mut surroundings = around.clone();
            mistake(&mut config, &mut surroundings);
            let found = check(&config, &surroundings);
            let finding = found
                .iter()
                .find(|f| f.id == id)
                .unwrap_or_else(|| panic!("{id} not raised: {found:#?}"));
            assert!(!finding.fix.is_empty(), "{id} says how to fix it");
        }
    }

    #[test]
    fn errors_come_before_warnings() {
        let mut config = rev();
        config.image.os = "rhel9".into();
        config.scheduling.slurm_queues[0].compute_resources[0].min_count = Some(20);
        let found = check(&config, &good_surroundings());
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found.last().unwrap().severity, Severity::Warning);
    }

    #[test]
    fn fsx_steps_follow_the_deployment_type() {
        assert!(valid_fsx_capacity("SCRATCH_2", 1200));
        assert!(valid_fsx_capacity("SCRATCH_2", 4800));
        assert!(!valid_fsx_capacity("SCRATCH_2", 3600));
        assert!(valid_fsx_capacity("SCRATCH_1", 3600));
        assert!(valid_fsx_capacity("PERSISTENT_2", 2400));
        assert!(!valid_fsx_capacity("PERSISTENT_2", 0));
    }

    #[test]
    fn offline_checks_skip_what_they_cannot_know() {
        let found = ids(&rev(), &Surroundings::default());
        assert!(found.is_empty(), "{found:?}");
    }
}
