//! The wizard's queue, storage and "Tags & upkeep" steps on a running cluster's config:
//! the extras step starts from what the config says, and only the settings the user
//! changed are written back. A setting pcwiz merely restated (ScaledownIdletime: 10 where
//! the config had none) would be a change to pcluster, and that one needs the compute
//! fleet stopped.

use serde_yaml::Value;

use super::build::{add_compute_policy, set_logs, set_scaledown, set_tag};
use super::draft::Extras;
use crate::cluster::config::ClusterConfig;

/// The reV guide's two tags, which the extras step has fields of their own for.
const NAMED_TAGS: [&str; 2] = ["org", "billingId"];

/// The extras step's fields as `config` has them.
pub fn extras_of(config: &ClusterConfig) -> Extras {
    let defaults = Extras::default();
    let cloudwatch = config
        .extra
        .get("Monitoring")
        .and_then(|m| m.get("Logs"))
        .and_then(|l| l.get("CloudWatch"));
    let more: Vec<String> = config
        .tags
        .iter()
        .filter(|t| !NAMED_TAGS.contains(&t.key.as_str()))
        .map(|t| format!("{}={}", t.key, t.value))
        .collect();
    Extras {
        org: config.tag("org").unwrap_or_default().to_string(),
        billing_id: config.tag("billingId").unwrap_or_default().to_string(),
        scaledown_minutes: config
            .scheduling
            .slurm_settings
            .as_ref()
            .and_then(|s| s.scaledown_idletime)
            .unwrap_or(defaults.scaledown_minutes),
        log_retention_days: cloudwatch
            .and_then(|c| c.get("RetentionInDays"))
            .and_then(Value::as_u64)
            .map_or(defaults.log_retention_days, |d| d as u32),
        delete_logs_with_cluster: cloudwatch
            .and_then(|c| c.get("DeletionPolicy"))
            .and_then(Value::as_str)
            == Some("Delete"),
        compute_policy: String::new(),
        more_tags: more.join(", "),
        ..defaults
    }
}

/// `edited` (the queue and storage steps' work) with the extras that differ from `seed`
/// (what `extras_of` gave) written in, and nothing else touched.
pub fn changed_config(edited: &ClusterConfig, seed: &Extras, extras: &Extras) -> ClusterConfig {
    let mut config = edited.clone();
    if extras.org != seed.org {
        set_tag(&mut config, "org", &extras.org);
    }
    if extras.billing_id != seed.billing_id {
        set_tag(&mut config, "billingId", &extras.billing_id);
    }
    if extras.more_tags != seed.more_tags {
        let now = extras.parsed_tags().unwrap_or_default();
        let before = seed.parsed_tags().unwrap_or_default();
        config.tags.retain(|t| {
            !before.iter().any(|(k, _)| *k == t.key) || now.iter().any(|(k, _)| *k == t.key)
        });
        for (key, value) in &now {
            set_tag(&mut config, key, value);
        }
    }
    if extras.scaledown_minutes != seed.scaledown_minutes {
        set_scaledown(&mut config, extras.scaledown_minutes);
    }
    if (extras.log_retention_days, extras.delete_logs_with_cluster)
        != (seed.log_retention_days, seed.delete_logs_with_cluster)
    {
        set_logs(
            &mut config,
            extras.log_retention_days,
            extras.delete_logs_with_cluster,
        );
    }
    add_compute_policy(&mut config, &extras.compute_policy);
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUNNING: &str = "Region: us-west-2
Image:
  Os: ubuntu2404
HeadNode:
  InstanceType: t3.large
  Networking:
    SubnetId: subnet-1
Scheduling:
  Scheduler: slurm
  SlurmQueues:
    - Name: standard
      ComputeResources:
        - Name: c6a12xl
          InstanceType: c6a.12xlarge
          MaxCount: 10
      Networking:
        SubnetIds: [subnet-1]
Tags:
  - Key: org
    Value: nrel
  - Key: project
    Value: wind
";

    #[test]
    fn untouched_extras_leave_the_config_as_it_was() {
        let config = ClusterConfig::from_yaml(RUNNING).unwrap();
        let seed = extras_of(&config);
        assert_eq!(seed.org, "nrel");
        assert_eq!(seed.more_tags, "project=wind");
        assert_eq!(seed.scaledown_minutes, 10, "pcluster's default when unset");
        assert_eq!(changed_config(&config, &seed, &seed), config);
    }

    #[test]
    fn only_what_changed_is_written() {
        let config = ClusterConfig::from_yaml(RUNNING).unwrap();
        let seed = extras_of(&config);
        let mut extras = seed.clone();
        extras.billing_id = "42".into();
        extras.more_tags = "owner=jane".into();
        let changed = changed_config(&config, &seed, &extras);
        assert_eq!(changed.tag("billingId"), Some("42"));
        assert_eq!(changed.tag("owner"), Some("jane"));
        assert_eq!(changed.tag("project"), None, "removed from the list");
        assert_eq!(changed.tag("org"), Some("nrel"));
        assert!(changed.scheduling.slurm_settings.is_none());
        assert!(!changed.extra.contains_key("Monitoring"));

        extras.scaledown_minutes = 5;
        let changed = changed_config(&config, &seed, &extras);
        assert_eq!(
            changed
                .scheduling
                .slurm_settings
                .unwrap()
                .scaledown_idletime,
            Some(5)
        );
    }
}
