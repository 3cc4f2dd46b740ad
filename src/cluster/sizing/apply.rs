//! Picking a point fills in a queue: the picked instance type and MaxCount on the queue's
//! first compute resource, with SMT and node sharing set the way the sizing assumed them, so
//! the cluster runs the workers per node the plan counted. Made of the wizard's own edits;
//! everything else in the config is kept.

use super::inputs::Knobs;
use super::rev_settings::Pick;
use crate::cluster::config::ClusterConfig;
use crate::cluster::edits;

/// Applies `pick` to `queue` (by name; the config's first queue when `None`), on that
/// queue's first compute resource. Returns what changed, in words ("nothing changed" when
/// the queue already matched), or why the pick cannot be applied.
///
/// `knobs` are the sizing's: with SMT off (`knobs.smt == false`) the plan counted physical
/// cores, so the resource gets `DisableSimultaneousMultithreading: true`; with it on, any
/// `true` there is turned off. An exclusive queue assumed (`!knobs.shared_nodes`, no
/// `--exclusive` in reV's settings) sets `JobExclusiveAllocation: true`; a shared one leaves
/// the queue as it is, as reV asks for whole nodes itself.
pub fn apply_pick(
    config: &mut ClusterConfig,
    queue: Option<&str>,
    pick: &Pick,
    knobs: &Knobs,
) -> Result<String, String> {
    let q = queue_index(config, queue)?;
    let queue_name = config.scheduling.slurm_queues[q].name.clone();
    let Some(resource) = config.scheduling.slurm_queues[q].compute_resources.first() else {
        return Err(format!(
            "queue `{queue_name}` has no compute resource to fill in"
        ));
    };
    let resource_name = resource.name.clone();
    let before = Settings::of(config, q);

    // Edited on a copy: a pick refused half-way leaves the config as it was.
    let mut edited = config.clone();
    edits::set_instance_type(&mut edited, q, 0, &pick.instance_type);
    set_max_count(&mut edited, q, pick.max_count)?;
    if before.disable_smt == Some(true) && knobs.smt
        || before.disable_smt != Some(true) && !knobs.smt
    {
        edits::toggle_smt(&mut edited, q, 0);
    }
    if !knobs.shared_nodes && before.exclusive != Some(true) {
        edits::toggle_exclusive(&mut edited, q);
    }
    *config = edited;

    let changes = before.changes_to(&Settings::of(config, q));
    let others = config.scheduling.slurm_queues[q].compute_resources.len() - 1;
    let mut text = if changes.is_empty() {
        format!(
            "Queue {queue_name} (compute resource {resource_name}) already runs {} × {}: nothing changed.",
            pick.max_count, pick.instance_type
        )
    } else {
        format!(
            "Queue {queue_name} (compute resource {resource_name}): {}.",
            changes.join(", ")
        )
    };
    if others > 0 {
        let (what, kept) = if others == 1 {
            ("other compute resource", "was")
        } else {
            ("other compute resources", "were")
        };
        text.push_str(&format!(
            " Its {others} {what} {kept} left as before: Slurm may also place the job there."
        ));
    }
    Ok(text)
}

fn queue_index(config: &ClusterConfig, queue: Option<&str>) -> Result<usize, String> {
    let queues = &config.scheduling.slurm_queues;
    match queue {
        None if queues.is_empty() => Err("the config has no queue to fill in".into()),
        None => Ok(0),
        Some(name) => queues.iter().position(|q| q.name == name).ok_or_else(|| {
            let names: Vec<&str> = queues.iter().map(|q| q.name.as_str()).collect();
            format!(
                "no queue `{name}` in the config; it has: {}",
                names.join(", ")
            )
        }),
    }
}

/// MaxCount exactly `max`, lowering MinCount first if it was above it (the wizard's edits
/// keep MinCount ≤ MaxCount, so they are asked in that order).
fn set_max_count(config: &mut ClusterConfig, q: usize, max: u32) -> Result<(), String> {
    let now = Settings::of(config, q);
    let min = now.min.unwrap_or(0);
    if min > max {
        edits::adjust_min(config, q, 0, i64::from(max) - i64::from(min));
    }
    let current = now.max.unwrap_or(PCLUSTER_DEFAULT_MAX_COUNT);
    edits::adjust_max(config, q, 0, i64::from(max) - i64::from(current));
    match Settings::of(config, q).max {
        Some(set) if set == max => Ok(()),
        _ => Err(format!(
            "MaxCount {max} is more than a queue takes here (the wizard allows up to 1000): pick a larger instance type or a longer deadline"
        )),
    }
}

/// ParallelCluster's MaxCount when a compute resource gives none.
const PCLUSTER_DEFAULT_MAX_COUNT: u32 = 10;

/// What a pick touches on a queue and its first compute resource.
#[derive(Debug, Clone, PartialEq)]
struct Settings {
    instance_type: Option<String>,
    min: Option<u32>,
    max: Option<u32>,
    disable_smt: Option<bool>,
    exclusive: Option<bool>,
}

impl Settings {
    fn of(config: &ClusterConfig, q: usize) -> Self {
        let queue = &config.scheduling.slurm_queues[q];
        let resource = &queue.compute_resources[0];
        Self {
            instance_type: resource.instance_type.clone(),
            min: resource.min_count,
            max: resource.max_count,
            disable_smt: resource.disable_simultaneous_multithreading,
            exclusive: queue.job_exclusive_allocation,
        }
    }

    /// "MaxCount 10 → 2", one per setting that differs, as the YAML names them.
    fn changes_to(&self, after: &Settings) -> Vec<String> {
        fn shown<T: ToString>(value: &Option<T>) -> String {
            value
                .as_ref()
                .map_or_else(|| "(unset)".into(), ToString::to_string)
        }
        let mut changes = Vec::new();
        let mut note = |key: &str, old: String, new: String| {
            if old != new {
                changes.push(format!("{key} {old} → {new}"));
            }
        };
        note(
            "InstanceType",
            shown(&self.instance_type),
            shown(&after.instance_type),
        );
        note("MinCount", shown(&self.min), shown(&after.min));
        note("MaxCount", shown(&self.max), shown(&after.max));
        note(
            "DisableSimultaneousMultithreading",
            shown(&self.disable_smt),
            shown(&after.disable_smt),
        );
        note(
            "JobExclusiveAllocation",
            shown(&self.exclusive),
            shown(&after.exclusive),
        );
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::hsds_files::execution_control;
    use crate::cluster::sizing::hsds_503::check;

    /// The rev-conus preset's queues, as a user's config file has them.
    const REV_CONUS: &str = "\
Region: us-west-2
Image:
  Os: ubuntu2404
HeadNode:
  InstanceType: t3.large
  Networking:
    SubnetId: subnet-1
  Ssh:
    KeyName: k
Scheduling:
  Scheduler: slurm
  SlurmQueues:
    - Name: standard
      ComputeResources:
        - Name: standard
          InstanceType: c6a.12xlarge
          MinCount: 0
          MaxCount: 10
          DisableSimultaneousMultithreading: true
      Networking:
        SubnetIds: [subnet-1]
        PlacementGroup:
          Enabled: true
    - Name: bigmem
      ComputeResources:
        - Name: bigmem
          InstanceType: m6a.12xlarge
          MinCount: 2
          MaxCount: 10
      Networking:
        SubnetIds: [subnet-1]
Tags:
  - Key: org
    Value: nrel
";

    fn config() -> ClusterConfig {
        ClusterConfig::from_yaml(REV_CONUS).unwrap()
    }

    fn pick(instance_type: &str, nodes: u32) -> Pick {
        Pick {
            instance_type: instance_type.into(),
            max_count: nodes,
            execution_control: execution_control(nodes, 44, true),
            hsds_503: check(44, 100),
        }
    }

    fn smt_off() -> Knobs {
        Knobs {
            smt: false,
            ..Knobs::default()
        }
    }

    #[test]
    fn the_first_queue_gets_the_type_and_node_count_and_nothing_else_moves() {
        let mut config = config();
        let changed = apply_pick(&mut config, None, &pick("c6a.24xlarge", 3), &smt_off()).unwrap();
        assert_eq!(
            changed,
            "Queue standard (compute resource standard): InstanceType c6a.12xlarge → c6a.24xlarge, MaxCount 10 → 3."
        );
        let mut expected = ClusterConfig::from_yaml(REV_CONUS).unwrap();
        let resource = &mut expected.scheduling.slurm_queues[0].compute_resources[0];
        resource.instance_type = Some("c6a.24xlarge".into());
        resource.max_count = Some(3);
        assert_eq!(
            config, expected,
            "placement group, tags, the other queue kept"
        );
        let yaml = config.to_yaml();
        assert!(
            yaml.contains("Enabled: true") && yaml.contains("Value: nrel"),
            "{yaml}"
        );
    }

    #[test]
    fn smt_follows_what_the_sizing_counted() {
        // The sizing counted every vCPU: the preset's SMT-off would halve the workers.
        let mut config = config();
        let changed = apply_pick(
            &mut config,
            None,
            &pick("c6a.12xlarge", 4),
            &Knobs::default(),
        )
        .unwrap();
        assert_eq!(
            changed,
            "Queue standard (compute resource standard): MaxCount 10 → 4, DisableSimultaneousMultithreading true → false."
        );
        // And back: physical cores counted, so SMT goes off.
        let changed = apply_pick(&mut config, None, &pick("c6a.12xlarge", 4), &smt_off()).unwrap();
        assert!(
            changed.ends_with("DisableSimultaneousMultithreading false → true."),
            "{changed}"
        );
    }

    #[test]
    fn a_named_queue_lowers_min_count_to_the_new_max_and_can_become_exclusive() {
        let mut config = config();
        let knobs = Knobs {
            shared_nodes: false,
            ..smt_off()
        };
        let changed =
            apply_pick(&mut config, Some("bigmem"), &pick("r6a.8xlarge", 1), &knobs).unwrap();
        assert_eq!(
            changed,
            "Queue bigmem (compute resource bigmem): InstanceType m6a.12xlarge → r6a.8xlarge, MinCount 2 → 1, MaxCount 10 → 1, DisableSimultaneousMultithreading (unset) → true, JobExclusiveAllocation (unset) → true."
        );
        assert_eq!(
            config.scheduling.slurm_queues[0].compute_resources[0]
                .instance_type
                .as_deref(),
            Some("c6a.12xlarge"),
            "the first queue untouched"
        );
    }

    #[test]
    fn the_same_pick_twice_changes_nothing_the_second_time() {
        let mut config = config();
        apply_pick(&mut config, None, &pick("c6a.24xlarge", 3), &smt_off()).unwrap();
        let once = config.clone();
        let changed = apply_pick(&mut config, None, &pick("c6a.24xlarge", 3), &smt_off()).unwrap();
        assert_eq!(
            changed,
            "Queue standard (compute resource standard) already runs 3 × c6a.24xlarge: nothing changed."
        );
        assert_eq!(config, once);
    }

    #[test]
    fn an_unknown_queue_or_an_impossible_count_is_refused_untouched() {
        let mut config = config();
        let why = apply_pick(
            &mut config,
            Some("gpu"),
            &pick("c6a.24xlarge", 3),
            &smt_off(),
        )
        .unwrap_err();
        assert_eq!(
            why,
            "no queue `gpu` in the config; it has: standard, bigmem"
        );
        let why =
            apply_pick(&mut config, None, &pick("c6a.24xlarge", 5000), &smt_off()).unwrap_err();
        assert!(why.contains("MaxCount 5000"), "{why}");
        assert_eq!(config, self::config(), "not even the instance type changed");
    }

    #[test]
    fn a_resource_without_max_count_starts_from_pclusters_default_and_others_are_named() {
        let yaml = REV_CONUS.replace("          MaxCount: 10\n          DisableSimultaneousMultithreading: true\n", "          DisableSimultaneousMultithreading: true\n        - Name: spare\n          InstanceType: c6a.8xlarge\n");
        let mut config = ClusterConfig::from_yaml(&yaml).unwrap();
        let changed = apply_pick(&mut config, None, &pick("c6a.12xlarge", 25), &smt_off()).unwrap();
        assert_eq!(
            changed,
            "Queue standard (compute resource standard): MaxCount (unset) → 25. Its 1 other compute resource was left as before: Slurm may also place the job there."
        );
    }
}
