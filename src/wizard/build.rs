//! From a draft to a ParallelCluster config: the chosen preset, with the user's region, OS,
//! key pair and subnets put in. Pure; the review step shows and checks the result.

use serde_yaml::{Mapping, Value};

use crate::cluster::config::{ClusterConfig, Policy, Tag};
use crate::cluster::presets::{self, PRESET_TAG};

use super::Draft;
use super::draft::Extras;

pub fn build(draft: &Draft) -> Result<ClusterConfig, String> {
    draft.preset.as_deref().ok_or("no preset chosen yet")?;
    let key = draft.key.as_ref().ok_or("no SSH key chosen yet")?;
    let network = draft.network.as_ref().ok_or("no subnet chosen yet")?;
    build_with(
        draft,
        &key.name,
        &network.head_subnet,
        &network.compute_subnet,
    )
}

/// The config as exploring without an account sees it: like `build`, with placeholders
/// where the key pair and subnets go until those steps are done (`wizard::explore`).
pub fn explore(draft: &Draft) -> Result<ClusterConfig, String> {
    use super::explore::{KEY_PLACEHOLDER, SUBNET_PLACEHOLDER};
    let key = draft
        .key
        .as_ref()
        .map_or(KEY_PLACEHOLDER, |k| k.name.as_str());
    let (head, compute) = draft
        .network
        .as_ref()
        .map_or((SUBNET_PLACEHOLDER, SUBNET_PLACEHOLDER), |n| {
            (n.head_subnet.as_str(), n.compute_subnet.as_str())
        });
    build_with(draft, key, head, compute)
}

fn build_with(
    draft: &Draft,
    key_name: &str,
    head_subnet: &str,
    compute_subnet: &str,
) -> Result<ClusterConfig, String> {
    let name = draft.preset.as_deref().ok_or("no preset chosen yet")?;
    let mut config = match &draft.config {
        Some(edited) => edited.clone(),
        None => preset_config(name)?,
    };
    config.region = draft.region.clone();
    config.image.os = draft.os.config_name().to_string();
    if let Some(head) = &draft.head_node_type {
        config.head_node.instance_type = head.clone();
    }
    config.place(key_name, head_subnet, compute_subnet);
    apply_extras(&mut config, &draft.extras);
    if config.tag(PRESET_TAG).is_none() {
        config.tags.push(Tag {
            key: PRESET_TAG.into(),
            value: name.to_string(),
        });
    }
    Ok(config)
}

/// The config as far as the draft has got, for the cost estimate: no key or subnet needed.
pub fn config_so_far(draft: &Draft) -> Option<ClusterConfig> {
    let mut config = match &draft.config {
        Some(edited) => edited.clone(),
        None => preset_config(draft.preset.as_deref()?).ok()?,
    };
    config.region = draft.region.clone();
    if let Some(head) = &draft.head_node_type {
        config.head_node.instance_type = head.clone();
    }
    Some(config)
}

/// A built-in preset's config, to start editing from.
pub fn preset_config(name: &str) -> Result<ClusterConfig, String> {
    presets::builtin()
        .into_iter()
        .find(|p| p.name == name)
        .map(|p| p.config)
        .ok_or_else(|| format!("the preset `{name}` no longer exists"))
}

fn apply_extras(config: &mut ClusterConfig, extras: &Extras) {
    add_compute_policy(config, &extras.compute_policy);
    let more = extras.parsed_tags().unwrap_or_default();
    let named = [
        ("org".to_string(), extras.org.clone()),
        ("billingId".to_string(), extras.billing_id.clone()),
    ];
    for (key, value) in named.iter().chain(more.iter()) {
        set_tag(config, key, value);
    }
    set_scaledown(config, extras.scaledown_minutes);
    set_logs(
        config,
        extras.log_retention_days,
        extras.delete_logs_with_cluster,
    );
}

/// One more IAM policy for every queue's nodes (none when blank).
pub(super) fn add_compute_policy(config: &mut ClusterConfig, policy: &str) {
    let policy = policy.trim();
    if policy.is_empty() {
        return;
    }
    for queue in &mut config.scheduling.slurm_queues {
        let iam = queue.iam.get_or_insert_with(Default::default);
        if !iam
            .additional_iam_policies
            .iter()
            .any(|p| p.policy == policy)
        {
            iam.additional_iam_policies.push(Policy {
                policy: policy.to_string(),
            });
        }
    }
}

/// A tag's value; a tag the config lacks is added unless the value is empty.
pub(super) fn set_tag(config: &mut ClusterConfig, key: &str, value: &str) {
    match config.tags.iter_mut().find(|t| t.key == key) {
        Some(tag) => tag.value = value.to_string(),
        None if !value.is_empty() => config.tags.push(Tag {
            key: key.into(),
            value: value.to_string(),
        }),
        None => {}
    }
}

pub(super) fn set_scaledown(config: &mut ClusterConfig, minutes: u32) {
    config
        .scheduling
        .slurm_settings
        .get_or_insert_with(Default::default)
        .scaledown_idletime = Some(minutes);
}

/// Monitoring is not modelled (presets may carry more of it): edit it as YAML, keeping
/// whatever else is there.
pub(super) fn set_logs(config: &mut ClusterConfig, retention_days: u32, delete_with_cluster: bool) {
    let monitoring = config
        .extra
        .entry("Monitoring".into())
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if let Some(monitoring) = monitoring.as_mapping_mut() {
        let logs = child(monitoring, "Logs");
        let cloudwatch = child(logs, "CloudWatch");
        cloudwatch.insert("RetentionInDays".into(), Value::from(retention_days));
        cloudwatch.insert(
            "DeletionPolicy".into(),
            Value::from(if delete_with_cluster {
                "Delete"
            } else {
                "Retain"
            }),
        );
    }
}

/// The mapping under `key`, made if missing.
fn child<'a>(map: &'a mut Mapping, key: &str) -> &'a mut Mapping {
    let entry = map
        .entry(key.into())
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if !entry.is_mapping() {
        *entry = Value::Mapping(Mapping::new());
    }
    entry.as_mapping_mut().expect("just made a mapping")
}

/// Where the review step offers to save: `<data>/configs/<preset>-<region>.yaml`.
pub fn default_file_name(draft: &Draft) -> String {
    format!(
        "{}-{}.yaml",
        draft.preset.as_deref().unwrap_or("cluster"),
        draft.region.as_deref().unwrap_or("region")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::os::Os;
    use crate::cluster::ssh_key::KeyKind;
    use crate::wizard::draft::{KeyChoice, KeyOrigin, NetworkChoice};

    #[test]
    fn the_draft_goes_into_the_preset() {
        let mut draft = Draft::default();
        assert_eq!(build(&draft).unwrap_err(), "no preset chosen yet");
        draft.set_region("us-west-2");
        draft.preset = Some("rev-conus".into());
        draft.os = Os::Alinux2023;
        draft.key = Some(KeyChoice {
            name: "laptop".into(),
            kind: KeyKind::Ed25519,
            private_key: None,
            origin: KeyOrigin::Existing,
        });
        draft.network = Some(NetworkChoice {
            vpc_id: "vpc-1".into(),
            head_subnet: "subnet-head".into(),
            compute_subnet: "subnet-compute".into(),
            availability_zone: "us-west-2a".into(),
            created_stack: None,
        });
        let config = build(&draft).unwrap();
        assert_eq!(config.image.os, "alinux2023");
        assert_eq!(config.head_node.networking.subnet_id, "subnet-head");
        assert_eq!(
            config.scheduling.slurm_queues[1].networking.subnet_ids,
            ["subnet-compute"]
        );
        assert_eq!(config.tag(PRESET_TAG), Some("rev-conus"));
        assert_eq!(default_file_name(&draft), "rev-conus-us-west-2.yaml");
        assert_eq!(
            config.tag("org"),
            Some(""),
            "the preset's empty tag until filled in"
        );

        draft.extras.org = "nrel".into();
        draft.extras.scaledown_minutes = 5;
        draft.extras.delete_logs_with_cluster = true;
        let yaml = build(&draft).unwrap().to_yaml();
        assert!(yaml.contains("Value: nrel"), "{yaml}");
        assert!(yaml.contains("ScaledownIdletime: 5"), "{yaml}");
        assert!(yaml.contains("RetentionInDays: 180"), "{yaml}");
        assert!(yaml.contains("DeletionPolicy: Delete"), "{yaml}");

        draft.extras.compute_policy = "arn:aws:iam::123456789012:policy/read-our-bucket".into();
        let config = build(&draft).unwrap();
        for queue in &config.scheduling.slurm_queues {
            let policies: Vec<&str> = queue
                .iam
                .as_ref()
                .unwrap()
                .additional_iam_policies
                .iter()
                .map(|p| p.policy.as_str())
                .collect();
            assert_eq!(
                policies,
                [
                    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                    "arn:aws:iam::123456789012:policy/read-our-bucket"
                ]
            );
        }
    }
}
