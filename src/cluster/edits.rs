//! The edits the queue and storage steps make to a config: small, pure, and each keeping
//! the config valid (MinCount never passes MaxCount, FSx sizes stay on valid steps).

use serde_yaml::Value;

use crate::cluster::config::{ClusterConfig, Extra, SharedStorage, Toggle};
use crate::cluster::findings::valid_fsx_capacity;

/// (queue, compute resource) positions, in display order.
pub fn queue_rows(config: &ClusterConfig) -> Vec<(usize, usize)> {
    config
        .scheduling
        .slurm_queues
        .iter()
        .enumerate()
        .flat_map(|(q, queue)| (0..queue.compute_resources.len()).map(move |r| (q, r)))
        .collect()
}

pub fn toggle_exclusive(config: &mut ClusterConfig, queue: usize) {
    if let Some(q) = config.scheduling.slurm_queues.get_mut(queue) {
        q.job_exclusive_allocation = Some(q.job_exclusive_allocation != Some(true));
    }
}

pub fn toggle_spot(config: &mut ClusterConfig, queue: usize) {
    if let Some(q) = config.scheduling.slurm_queues.get_mut(queue) {
        q.capacity_type = match q.capacity_type.as_deref() {
            Some("SPOT") => Some("ONDEMAND".into()),
            _ => Some("SPOT".into()),
        };
    }
}

/// Change MaxCount by `delta`, never below 1 or below MinCount.
pub fn adjust_max(config: &mut ClusterConfig, queue: usize, resource: usize, delta: i64) {
    if let Some(r) = resource_mut(config, queue, resource) {
        let min = r.min_count.unwrap_or(0).max(1) as i64;
        let max = r.max_count.unwrap_or(10) as i64;
        r.max_count = Some((max + delta).clamp(min, 1000) as u32);
    }
}

/// Change MinCount by `delta`, between 0 and MaxCount. Each static node bills all the time.
pub fn adjust_min(config: &mut ClusterConfig, queue: usize, resource: usize, delta: i64) {
    if let Some(r) = resource_mut(config, queue, resource) {
        let max = r.max_count.unwrap_or(10) as i64;
        let min = r.min_count.unwrap_or(0) as i64;
        r.min_count = Some((min + delta).clamp(0, max) as u32);
    }
}

pub fn toggle_smt(config: &mut ClusterConfig, queue: usize, resource: usize) {
    if let Some(r) = resource_mut(config, queue, resource) {
        r.disable_simultaneous_multithreading =
            Some(r.disable_simultaneous_multithreading != Some(true));
    }
}

fn resource_mut(
    config: &mut ClusterConfig,
    queue: usize,
    resource: usize,
) -> Option<&mut crate::cluster::config::ComputeResource> {
    config
        .scheduling
        .slurm_queues
        .get_mut(queue)?
        .compute_resources
        .get_mut(resource)
}

pub fn toggle_efa(config: &mut ClusterConfig, queue: usize, resource: usize) {
    if let Some(r) = resource_mut(config, queue, resource) {
        let on = r.efa.as_ref().and_then(|e| e.enabled) == Some(true);
        r.efa = Some(Toggle {
            enabled: Some(!on),
            extra: Default::default(),
        });
    }
}

pub fn toggle_placement_group(config: &mut ClusterConfig, queue: usize) {
    if let Some(q) = config.scheduling.slurm_queues.get_mut(queue) {
        let on = q
            .networking
            .placement_group
            .as_ref()
            .and_then(|p| p.enabled)
            == Some(true);
        q.networking.placement_group = Some(Toggle {
            enabled: Some(!on),
            extra: Default::default(),
        });
    }
}

/// Add an EFS file system at `/shared`, `/shared-2`…: the simplest shared storage, billed
/// by what is stored. Returns its index.
pub fn add_efs(config: &mut ClusterConfig) -> usize {
    add_storage(config, "shared", "Efs", Extra::new())
}

/// Add a 100 GiB gp3 EBS volume at `/ebs` (`/ebs-2`…), attached to the head node and
/// shared over NFS: cheap, but every node reads it through the head node.
pub fn add_ebs(config: &mut ClusterConfig) -> usize {
    let mut settings = serde_yaml::Mapping::new();
    settings.insert("VolumeType".into(), Value::from("gp3"));
    settings.insert("Size".into(), Value::from(100));
    let mut extra = Extra::new();
    extra.insert("EbsSettings".into(), Value::Mapping(settings));
    add_storage(config, "ebs", "Ebs", extra)
}

/// Append storage mounted at the first free `/<base>`, `/<base>-2`…, named `<base>`,
/// `<base>2`…; returns its index.
fn add_storage(config: &mut ClusterConfig, base: &str, storage_type: &str, extra: Extra) -> usize {
    let taken = |dir: &str| config.shared_storage.iter().any(|s| s.mount_dir == dir);
    let n = (1..)
        .find(|n| !taken(&numbered(&format!("/{base}"), "-", *n)))
        .expect("some number is free");
    config.shared_storage.push(SharedStorage {
        mount_dir: numbered(&format!("/{base}"), "-", n),
        name: numbered(base, "", n),
        storage_type: storage_type.into(),
        fsx_lustre_settings: None,
        extra,
    });
    config.shared_storage.len() - 1
}

/// `base` for the first, then `base<sep>2`, `base<sep>3`…
fn numbered(base: &str, sep: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base}{sep}{n}")
    }
}

pub fn remove_storage(config: &mut ClusterConfig, storage: usize) {
    if storage < config.shared_storage.len() {
        config.shared_storage.remove(storage);
    }
}

/// Where a file system is mounted: absolute, and not two at one place.
pub fn set_mount_dir(config: &mut ClusterConfig, storage: usize, dir: &str) -> Result<(), String> {
    if !dir.starts_with('/') || dir.contains(char::is_whitespace) || dir.len() < 2 {
        return Err(format!(
            "`{dir}` must be an absolute path without spaces, e.g. /scratch"
        ));
    }
    if config
        .shared_storage
        .iter()
        .enumerate()
        .any(|(i, s)| i != storage && s.mount_dir == dir)
    {
        return Err(format!("another file system is already mounted at {dir}"));
    }
    let s = config
        .shared_storage
        .get_mut(storage)
        .ok_or("no such storage")?;
    s.mount_dir = dir.to_string();
    Ok(())
}

/// Give a compute resource another instance type (the picker's choice).
pub fn set_instance_type(
    config: &mut ClusterConfig,
    queue: usize,
    resource: usize,
    instance_type: &str,
) {
    if let Some(r) = resource_mut(config, queue, resource) {
        r.instance_type = Some(instance_type.to_string());
    }
}

/// A new queue copied from `queue`, named `<name>-2` (or the next free number), placed
/// after it. Returns the new queue's index.
pub fn add_queue(config: &mut ClusterConfig, queue: usize) -> Option<usize> {
    let mut copy = config.scheduling.slurm_queues.get(queue)?.clone();
    let taken = |n: &str| config.scheduling.slurm_queues.iter().any(|q| q.name == n);
    let base = copy.name.clone();
    copy.name = (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|n| !taken(n))
        .expect("some number is free");
    config.scheduling.slurm_queues.insert(queue + 1, copy);
    Some(queue + 1)
}

/// Remove `queue`, unless it is the last one (a cluster needs a queue).
pub fn remove_queue(config: &mut ClusterConfig, queue: usize) -> bool {
    if config.scheduling.slurm_queues.len() <= 1 || queue >= config.scheduling.slurm_queues.len() {
        return false;
    }
    config.scheduling.slurm_queues.remove(queue);
    true
}

/// Rename `queue`; the name must follow ParallelCluster's rules and be unused.
pub fn rename_queue(config: &mut ClusterConfig, queue: usize, name: &str) -> Result<(), String> {
    if let Some(problem) = crate::cluster::findings::name_problem(name) {
        return Err(format!("`{name}` {problem}"));
    }
    if config
        .scheduling
        .slurm_queues
        .iter()
        .enumerate()
        .any(|(i, q)| i != queue && q.name == name)
    {
        return Err(format!("a queue is already called `{name}`"));
    }
    let q = config
        .scheduling
        .slurm_queues
        .get_mut(queue)
        .ok_or("no such queue")?;
    q.name = name.to_string();
    Ok(())
}

/// The next valid FSx for Lustre size up or down (1200, 2400, 4800…).
pub fn step_fsx_capacity(config: &mut ClusterConfig, storage: usize, up: bool) {
    let Some(fsx) = config
        .shared_storage
        .get_mut(storage)
        .and_then(|s| s.fsx_lustre_settings.as_mut())
    else {
        return;
    };
    let kind = fsx
        .deployment_type
        .clone()
        .unwrap_or_else(|| "SCRATCH_2".into());
    let mut size = fsx.storage_capacity.unwrap_or(1200);
    loop {
        size = if up {
            size + 1200
        } else {
            size.saturating_sub(1200)
        };
        if size == 0 || size > 200_000 {
            return;
        }
        if valid_fsx_capacity(&kind, size) {
            fsx.storage_capacity = Some(size);
            return;
        }
    }
}

/// SCRATCH_2 (cheap, no replication: data lost if a disk fails) ⇄ PERSISTENT_2 (replicated,
/// needs a throughput per TiB: 125 MB/s, the cheapest).
pub fn toggle_fsx_deployment(config: &mut ClusterConfig, storage: usize) {
    let Some(fsx) = config
        .shared_storage
        .get_mut(storage)
        .and_then(|s| s.fsx_lustre_settings.as_mut())
    else {
        return;
    };
    if fsx.deployment_type.as_deref() == Some("PERSISTENT_2") {
        fsx.deployment_type = Some("SCRATCH_2".into());
        fsx.extra.remove("PerUnitStorageThroughput");
    } else {
        fsx.deployment_type = Some("PERSISTENT_2".into());
        fsx.extra
            .entry("PerUnitStorageThroughput".into())
            .or_insert(Value::from(125));
    }
    // Both take 1200 or multiples of 2400.
    if let Some(size) = fsx.storage_capacity
        && !valid_fsx_capacity("PERSISTENT_2", size)
    {
        fsx.storage_capacity = Some(size.div_ceil(2400) * 2400);
    }
}

/// Delete (the data goes with the cluster) ⇄ Retain (it stays, and keeps billing).
pub fn toggle_deletion_policy(config: &mut ClusterConfig, storage: usize) {
    let Some(s) = config.shared_storage.get_mut(storage) else {
        return;
    };
    if let Some(fsx) = s.fsx_lustre_settings.as_mut() {
        fsx.deletion_policy = Some(flip(fsx.deletion_policy.as_deref()).into());
        return;
    }
    // EFS and EBS settings are not modelled: edit them as YAML, keeping the rest.
    let key = match s.storage_type.as_str() {
        "Efs" => "EfsSettings",
        _ => "EbsSettings",
    };
    let settings = s
        .extra
        .entry(key.into())
        .or_insert_with(|| Value::Mapping(Default::default()));
    if let Some(map) = settings.as_mapping_mut() {
        let current = map
            .get("DeletionPolicy")
            .and_then(Value::as_str)
            .map(str::to_string);
        map.insert(
            "DeletionPolicy".into(),
            Value::from(flip(current.as_deref())),
        );
    }
}

/// The policy as written, or ParallelCluster's default (Delete) when absent.
pub fn deletion_policy(storage: &crate::cluster::config::SharedStorage) -> String {
    let fsx = storage
        .fsx_lustre_settings
        .as_ref()
        .and_then(|f| f.deletion_policy.clone());
    let other = ["EfsSettings", "EbsSettings"].iter().find_map(|k| {
        storage
            .extra
            .get(*k)?
            .get("DeletionPolicy")?
            .as_str()
            .map(str::to_string)
    });
    fsx.or(other).unwrap_or_else(|| "Delete".into())
}

fn flip(current: Option<&str>) -> &'static str {
    match current {
        Some("Retain") => "Delete",
        _ => "Retain",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::presets::builtin;

    fn rev() -> ClusterConfig {
        builtin()
            .into_iter()
            .find(|p| p.name == "rev-conus")
            .unwrap()
            .config
    }

    #[test]
    fn counts_stay_ordered() {
        let mut config = rev();
        adjust_min(&mut config, 0, 0, 50);
        assert_eq!(
            config.scheduling.slurm_queues[0].compute_resources[0].min_count,
            Some(10),
            "min stops at max"
        );
        adjust_max(&mut config, 0, 0, -5);
        assert_eq!(
            config.scheduling.slurm_queues[0].compute_resources[0].max_count,
            Some(10),
            "max stops at min"
        );
        adjust_min(&mut config, 0, 0, -20);
        adjust_max(&mut config, 0, 0, -20);
        let r = &config.scheduling.slurm_queues[0].compute_resources[0];
        assert_eq!((r.min_count, r.max_count), (Some(0), Some(1)));
    }

    #[test]
    fn toggles_flip() {
        let mut config = rev();
        toggle_exclusive(&mut config, 0);
        toggle_spot(&mut config, 1);
        toggle_smt(&mut config, 0, 0);
        assert_eq!(
            config.scheduling.slurm_queues[0].job_exclusive_allocation,
            Some(true)
        );
        assert_eq!(
            config.scheduling.slurm_queues[1].capacity_type.as_deref(),
            Some("SPOT")
        );
        assert_eq!(
            config.scheduling.slurm_queues[0].compute_resources[0]
                .disable_simultaneous_multithreading,
            Some(false)
        );
        assert_eq!(queue_rows(&config), vec![(0, 0), (1, 0)]);
    }

    #[test]
    fn fsx_sizes_step_through_valid_values_and_the_type_brings_its_throughput() {
        let mut config = rev();
        step_fsx_capacity(&mut config, 0, true);
        assert_eq!(
            config.shared_storage[0]
                .fsx_lustre_settings
                .as_ref()
                .unwrap()
                .storage_capacity,
            Some(2400)
        );
        step_fsx_capacity(&mut config, 0, true);
        assert_eq!(
            config.shared_storage[0]
                .fsx_lustre_settings
                .as_ref()
                .unwrap()
                .storage_capacity,
            Some(4800),
            "3600 is skipped"
        );
        step_fsx_capacity(&mut config, 0, false);
        step_fsx_capacity(&mut config, 0, false);
        step_fsx_capacity(&mut config, 0, false);
        assert_eq!(
            config.shared_storage[0]
                .fsx_lustre_settings
                .as_ref()
                .unwrap()
                .storage_capacity,
            Some(1200),
            "never below 1200"
        );
        toggle_fsx_deployment(&mut config, 0);
        let fsx = config.shared_storage[0]
            .fsx_lustre_settings
            .as_ref()
            .unwrap();
        assert_eq!(fsx.deployment_type.as_deref(), Some("PERSISTENT_2"));
        assert!(fsx.extra.contains_key("PerUnitStorageThroughput"));
        toggle_fsx_deployment(&mut config, 0);
        assert!(
            !config.shared_storage[0]
                .fsx_lustre_settings
                .as_ref()
                .unwrap()
                .extra
                .contains_key("PerUnitStorageThroughput")
        );
    }

    #[test]
    fn queues_are_added_renamed_and_removed_but_never_the_last() {
        let mut config = rev();
        assert_eq!(add_queue(&mut config, 0), Some(1));
        assert_eq!(config.scheduling.slurm_queues[1].name, "standard-2");
        assert_eq!(
            rename_queue(&mut config, 1, "Big_Q").unwrap_err(),
            "`Big_Q` must start with a lowercase letter"
        );
        assert_eq!(
            rename_queue(&mut config, 1, "bigmem").unwrap_err(),
            "a queue is already called `bigmem`"
        );
        rename_queue(&mut config, 1, "debug").unwrap();
        set_instance_type(&mut config, 1, 0, "t3.micro");
        assert_eq!(
            config.scheduling.slurm_queues[1].compute_resources[0]
                .instance_type
                .as_deref(),
            Some("t3.micro")
        );
        assert!(remove_queue(&mut config, 0));
        assert!(remove_queue(&mut config, 0));
        assert!(!remove_queue(&mut config, 0), "the last queue stays");
        assert_eq!(config.scheduling.slurm_queues[0].name, "bigmem");
    }

    #[test]
    fn efa_placement_and_storage_edits() {
        let mut config = rev();
        toggle_efa(&mut config, 0, 0);
        toggle_placement_group(&mut config, 0);
        assert_eq!(
            config.scheduling.slurm_queues[0].compute_resources[0]
                .efa
                .as_ref()
                .unwrap()
                .enabled,
            Some(true)
        );
        assert_eq!(
            config.scheduling.slurm_queues[0]
                .networking
                .placement_group
                .as_ref()
                .unwrap()
                .enabled,
            Some(false),
            "rev has it on; toggled off"
        );
        assert_eq!(add_efs(&mut config), 1);
        assert_eq!(config.shared_storage[1].mount_dir, "/shared");
        assert_eq!(add_efs(&mut config), 2);
        assert_eq!(config.shared_storage[2].mount_dir, "/shared-2");
        assert!(
            set_mount_dir(&mut config, 2, "data")
                .unwrap_err()
                .contains("absolute")
        );
        assert!(
            set_mount_dir(&mut config, 2, "/scratch")
                .unwrap_err()
                .contains("already mounted")
        );
        set_mount_dir(&mut config, 2, "/data").unwrap();
        assert_eq!(add_ebs(&mut config), 3);
        assert!(
            config.to_yaml().contains("VolumeType: gp3"),
            "{}",
            config.to_yaml()
        );
        remove_storage(&mut config, 3);
        remove_storage(&mut config, 1);
        let mounts: Vec<&str> = config
            .shared_storage
            .iter()
            .map(|s| s.mount_dir.as_str())
            .collect();
        assert_eq!(mounts, ["/scratch", "/data"]);
    }

    #[test]
    fn deletion_policy_for_fsx_and_efs() {
        let mut config = rev();
        assert_eq!(deletion_policy(&config.shared_storage[0]), "Delete");
        toggle_deletion_policy(&mut config, 0);
        assert_eq!(deletion_policy(&config.shared_storage[0]), "Retain");
        let mut starter = builtin()
            .into_iter()
            .find(|p| p.name == "starter")
            .unwrap()
            .config;
        toggle_deletion_policy(&mut starter, 0);
        assert_eq!(deletion_policy(&starter.shared_storage[0]), "Retain");
        assert!(
            starter
                .to_yaml()
                .contains("EfsSettings:\n    DeletionPolicy: Retain"),
            "{}",
            starter.to_yaml()
        );
    }
}
