//! The ParallelCluster 3.x config file, as far as pcwiz reads and writes it.
//!
//! Every level keeps the keys pcwiz does not model in `extra`, so a preset's or a user's
//! settings (Monitoring, CustomActions, DataRepositoryAssociations…) survive a round trip
//! untouched. Field names are ParallelCluster's own (PascalCase).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Keys pcwiz does not model, kept as they were.
pub type Extra = BTreeMap<String, serde_yaml::Value>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub image: Image,
    pub head_node: HeadNode,
    pub scheduling: Scheduling,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_storage: Vec<SharedStorage>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Image {
    pub os: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_ami: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HeadNode {
    pub instance_type: String,
    pub networking: HeadNodeNetworking,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh: Option<Ssh>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam: Option<Iam>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HeadNodeNetworking {
    #[serde(default)]
    pub subnet_id: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ssh {
    #[serde(default)]
    pub key_name: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Iam {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_iam_policies: Vec<Policy>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Policy {
    pub policy: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Scheduling {
    pub scheduler: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slurm_settings: Option<SlurmSettings>,
    #[serde(default)]
    pub slurm_queues: Vec<SlurmQueue>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SlurmSettings {
    /// Minutes a dynamic node may sit idle before it is powered down (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scaledown_idletime: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SlurmQueue {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_type: Option<String>,
    /// Whole nodes per job (reV assumes this); ParallelCluster shares nodes by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_exclusive_allocation: Option<bool>,
    pub compute_resources: Vec<ComputeResource>,
    pub networking: QueueNetworking,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam: Option<Iam>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueueNetworking {
    #[serde(default)]
    pub subnet_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement_group: Option<Toggle>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{Enabled: true}`, as PlacementGroup and Efa are written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Toggle {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ComputeResource {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_simultaneous_multithreading: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub efa: Option<Toggle>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SharedStorage {
    pub mount_dir: String,
    pub name: String,
    pub storage_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fsx_lustre_settings: Option<FsxLustreSettings>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FsxLustreSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_capacity: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_policy: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

impl ClusterConfig {
    pub fn from_yaml(text: &str) -> Result<Self, ConfigError> {
        serde_yaml::from_str(text)
            .map_err(|e| ConfigError(format!("not a ParallelCluster 3 config: {e}")))
    }

    pub fn to_yaml(&self) -> String {
        serde_yaml::to_string(self).expect("a config always serialises")
    }

    /// Point the head node and every queue at the user's key pair and subnets.
    pub fn place(&mut self, key_name: &str, head_subnet: &str, compute_subnet: &str) {
        self.head_node.networking.subnet_id = head_subnet.to_string();
        match &mut self.head_node.ssh {
            Some(ssh) => ssh.key_name = key_name.to_string(),
            None => {
                self.head_node.ssh = Some(Ssh {
                    key_name: key_name.to_string(),
                    extra: Extra::new(),
                })
            }
        }
        for queue in &mut self.scheduling.slurm_queues {
            queue.networking.subnet_ids = vec![compute_subnet.to_string()];
        }
    }

    /// Every instance type the config asks for: head node first, then each queue's.
    pub fn instance_types(&self) -> Vec<String> {
        let mut types = vec![self.head_node.instance_type.clone()];
        for queue in &self.scheduling.slurm_queues {
            for resource in &queue.compute_resources {
                if let Some(t) = &resource.instance_type
                    && !types.contains(t)
                {
                    types.push(t.clone());
                }
            }
        }
        types
    }

    /// The value of tag `key`, if set.
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags
            .iter()
            .find(|t| t.key == key)
            .map(|t| t.value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WITH_EXTRAS: &str = r#"
Region: us-west-2
Image:
  Os: alinux2023
HeadNode:
  InstanceType: t3.medium
  Networking:
    SubnetId: subnet-1
  Ssh:
    KeyName: k
  CustomActions:
    OnNodeConfigured:
      Script: s3://bucket/setup.sh
Scheduling:
  Scheduler: slurm
  ScalingStrategy: all-or-nothing
  SlurmQueues:
    - Name: debug
      ComputeResources:
        - Name: micro
          InstanceType: t3.micro
          MaxCount: 8
      Networking:
        SubnetIds: [subnet-1]
Monitoring:
  Logs:
    CloudWatch:
      RetentionInDays: 14
      DeletionPolicy: Delete
"#;

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let config = ClusterConfig::from_yaml(WITH_EXTRAS).unwrap();
        assert!(config.extra.contains_key("Monitoring"));
        assert!(config.head_node.extra.contains_key("CustomActions"));
        assert!(config.scheduling.extra.contains_key("ScalingStrategy"));
        let again = ClusterConfig::from_yaml(&config.to_yaml()).unwrap();
        assert_eq!(again, config);
        assert!(config.to_yaml().contains("RetentionInDays: 14"));
    }

    #[test]
    fn place_sets_the_key_and_subnets_everywhere() {
        let mut config = ClusterConfig::from_yaml(WITH_EXTRAS).unwrap();
        config.place("mine", "subnet-head", "subnet-compute");
        assert_eq!(config.head_node.networking.subnet_id, "subnet-head");
        assert_eq!(config.head_node.ssh.as_ref().unwrap().key_name, "mine");
        assert_eq!(
            config.scheduling.slurm_queues[0].networking.subnet_ids,
            vec!["subnet-compute"]
        );
        assert_eq!(config.instance_types(), vec!["t3.medium", "t3.micro"]);
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let error = ClusterConfig::from_yaml("HeadNode: [1, 2]").unwrap_err();
        assert!(
            error.0.starts_with("not a ParallelCluster 3 config"),
            "{error}"
        );
    }
}
