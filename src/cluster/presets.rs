//! Presets: a named starting config with a paragraph saying who it is for. The built-in
//! ones ship inside the binary (`presets/*.yaml`); users add their own to the config dir.

use serde::Deserialize;

use super::config::{ClusterConfig, ConfigError};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Preset {
    pub name: String,
    pub title: String,
    /// Who this is for, in one paragraph (shown on the picker).
    pub r#for: String,
    pub config: ClusterConfig,
}

/// The tag pcwiz adds to a config made from a preset, so checks know what it is for.
pub const PRESET_TAG: &str = "pcwiz:preset";
pub const REV: &str = "rev-conus";

const BUILTIN: [&str; 3] = [
    include_str!("../../presets/rev-conus.yaml"),
    include_str!("../../presets/starter.yaml"),
    include_str!("../../presets/mpi-efa.yaml"),
];

pub fn parse(text: &str) -> Result<Preset, ConfigError> {
    serde_yaml::from_str(text).map_err(|e| ConfigError(format!("not a pcwiz preset: {e}")))
}

pub fn builtin() -> Vec<Preset> {
    BUILTIN
        .iter()
        .map(|text| parse(text).expect("built-in presets are valid (a unit test checks)"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_presets_parse_and_are_named_as_their_files() {
        let names: Vec<String> = builtin().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["rev-conus", "starter", "mpi-efa"]);
    }

    #[test]
    fn the_rev_preset_is_the_tutorials_cluster() {
        let rev = builtin()
            .into_iter()
            .find(|p| p.name == REV)
            .unwrap()
            .config;
        assert_eq!(rev.region.as_deref(), Some("us-west-2"));
        assert_eq!(rev.image.os, "ubuntu2404");
        assert_eq!(rev.head_node.instance_type, "t3.large");
        let queues: Vec<(&str, &str, u32, u32)> = rev
            .scheduling
            .slurm_queues
            .iter()
            .map(|q| {
                let r = &q.compute_resources[0];
                (
                    q.name.as_str(),
                    r.instance_type.as_deref().unwrap(),
                    r.min_count.unwrap(),
                    r.max_count.unwrap(),
                )
            })
            .collect();
        assert_eq!(
            queues,
            [
                ("standard", "c6a.12xlarge", 0, 10),
                ("bigmem", "m6a.12xlarge", 0, 10)
            ]
        );
        let fsx = rev.shared_storage[0].fsx_lustre_settings.as_ref().unwrap();
        assert_eq!(
            (fsx.storage_capacity, fsx.deployment_type.as_deref()),
            (Some(1200), Some("SCRATCH_2"))
        );
        assert_eq!(rev.shared_storage[0].mount_dir, "/scratch");
        assert!(rev.tag("org").is_some() && rev.tag("billingId").is_some());
    }
}
