//! Which update policy governs a setting: pcluster decides per config path whether a change
//! is made in place, needs the compute fleet stopped, or cannot be made at all. The table is
//! pcluster 3.16.1's own (`assets/pcluster/update-policies-3.16.1.tsv`, generated from its
//! schema), so pcwiz can say what a change means without guessing from message wording.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

const TABLE: &str = include_str!("../../../assets/pcluster/update-policies-3.16.1.tsv");

/// pcluster's update policies (`pcluster/config/update_policy.py`), by what they ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    /// Changed any time, in place.
    Supported,
    /// Cluster tags: in place, except in the isolated (us-iso) regions.
    SupportedUnlessAdc,
    /// Only with the compute fleet stopped.
    ComputeFleetStop,
    /// Removing an item needs the fleet stopped; adding one does not.
    ComputeFleetStopOnRemove,
    /// With the fleet stopped, or with QueueUpdateStrategy DRAIN/TERMINATE replacing nodes.
    QueueUpdateStrategy,
    /// Growing is free; shrinking needs the fleet stopped or QueueUpdateStrategy TERMINATE.
    ResizeOnRemove,
    /// Placement groups: as QueueUpdateStrategy, but deleting a managed one needs a stop.
    ManagedPlacementGroup,
    /// Mounting or unmounting shared storage (never /home).
    SharedStorage,
    /// Queue subnets while pcluster manages an FSx for Lustre.
    ManagedFsx,
    /// Only with the login nodes (and maybe the fleet) stopped.
    LoginNodes,
    /// Never on a running cluster: a new cluster is needed.
    Unsupported,
    /// `CustomS3Bucket`: never changes.
    ReadOnly,
    /// Only some DevSettings cookbook attributes.
    ExtraChefAttributes,
    /// Not compared itself; its fields are, one by one.
    Ignored,
}

impl Policy {
    fn from_name(name: &str) -> Self {
        match name {
            "SUPPORTED" => Self::Supported,
            "SUPPORTED_UNLESS_ADC" => Self::SupportedUnlessAdc,
            "COMPUTE_FLEET_STOP" => Self::ComputeFleetStop,
            "COMPUTE_FLEET_STOP_ON_REMOVE" => Self::ComputeFleetStopOnRemove,
            "QUEUE_UPDATE_STRATEGY" => Self::QueueUpdateStrategy,
            "RESIZE_UPDATE_STRATEGY_ON_REMOVE" => Self::ResizeOnRemove,
            "MANAGED_PLACEMENT_GROUP" => Self::ManagedPlacementGroup,
            "SHARED_STORAGE_UPDATE_POLICY" => Self::SharedStorage,
            "MANAGED_FSX" => Self::ManagedFsx,
            "LOGIN_NODES_STOP"
            | "LOGIN_NODES_POOL_STOP"
            | "LOGIN_NODES_POOLS_UPDATE_POLICY"
            | "COMPUTE_AND_LOGIN_NODES_STOP" => Self::LoginNodes,
            "READ_ONLY_RESOURCE_BUCKET" => Self::ReadOnly,
            "EXTRA_CHEF_ATTRIBUTES" => Self::ExtraChefAttributes,
            "IGNORED" => Self::Ignored,
            // UNSUPPORTED, UNKNOWN, HEAD_NODE_STOP (used by no field in 3.16.1): a new cluster.
            _ => Self::Unsupported,
        }
    }
}

fn table() -> &'static BTreeMap<String, Policy> {
    static PARSED: OnceLock<BTreeMap<String, Policy>> = OnceLock::new();
    PARSED.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(path, name)| (path.to_string(), Policy::from_name(name.trim())))
            .collect()
    })
}

/// `Scheduling.SlurmQueues[standard].ComputeResources[c6a12xl].MaxCount` →
/// `Scheduling.SlurmQueues[].ComputeResources[].MaxCount`: the table's form.
pub fn generic_path(parameter: &str) -> String {
    let mut out = String::with_capacity(parameter.len());
    let mut inside = false;
    for c in parameter.chars() {
        match c {
            '[' => {
                inside = true;
                out.push('[');
            }
            ']' => {
                inside = false;
                out.push(']');
            }
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

/// The policy of the setting pcluster names `parameter`. An added or removed list or
/// section is reported by its own path (`Scheduling.SlurmQueues` for a new queue), which the
/// table writes as a list (`Scheduling.SlurmQueues[]`). A path the table lacks takes its
/// nearest listed parent's policy, and failing that pcluster's default, UNSUPPORTED.
pub fn policy_of(parameter: &str) -> Policy {
    let generic = generic_path(parameter);
    let table = table();
    let mut path = generic.as_str();
    loop {
        for candidate in [path.to_string(), format!("{path}[]")] {
            if let Some(policy) = table.get(&candidate) {
                return *policy;
            }
        }
        match path.rfind('.') {
            Some(dot) => path = &path[..dot],
            None => return Policy::Unsupported,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_list_items_are_looked_up_as_lists() {
        let max = "Scheduling.SlurmQueues[standard].ComputeResources[c6a12xl].MaxCount";
        assert_eq!(
            generic_path(max),
            "Scheduling.SlurmQueues[].ComputeResources[].MaxCount"
        );
        assert_eq!(policy_of(max), Policy::ResizeOnRemove);
        assert_eq!(
            policy_of("Scheduling.SlurmQueues[standard].ComputeResources[c6a12xl].InstanceType"),
            Policy::ComputeFleetStop
        );
        assert_eq!(
            policy_of("Scheduling.SlurmQueues[standard].JobExclusiveAllocation"),
            Policy::Supported
        );
    }

    #[test]
    fn the_settings_the_research_ran_have_pclusters_policies() {
        // Observed against the real pcluster 3.16.1 (notes §3.2, §4.4–4.5).
        assert_eq!(policy_of("HeadNode.InstanceType"), Policy::Unsupported);
        assert_eq!(policy_of("HeadNode.Ssh"), Policy::Supported);
        assert_eq!(policy_of("Scheduling.SlurmQueues"), Policy::ResizeOnRemove);
        assert_eq!(policy_of("Tags"), Policy::SupportedUnlessAdc);
        assert_eq!(policy_of("SharedStorage"), Policy::SharedStorage);
        assert_eq!(
            policy_of(
                "Scheduling.SlurmQueues[standard].ComputeSettings.LocalStorage.RootVolume.Size"
            ),
            Policy::QueueUpdateStrategy
        );
        assert_eq!(
            policy_of("Scheduling.SlurmSettings.ScaledownIdletime"),
            Policy::ComputeFleetStop
        );
        assert_eq!(policy_of("CustomS3Bucket"), Policy::ReadOnly);
    }

    #[test]
    fn an_unlisted_path_takes_its_parents_policy_or_unsupported() {
        assert_eq!(
            policy_of("Scheduling.SlurmQueues[q].Iam.AdditionalIamPolicies[x].Policy.Extra"),
            Policy::Supported
        );
        assert_eq!(policy_of("NoSuchSection.Field"), Policy::Unsupported);
    }
}
