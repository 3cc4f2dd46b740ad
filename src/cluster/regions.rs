//! The regions ParallelCluster supports, and which to suggest.
//!
//! The list is pcluster 3.16.1's bundled `resources/supported-regions` (the file pcluster
//! falls back to when it cannot download the current one), minus the isolated partitions
//! no analyst can use. The names are AWS's own.

/// NREL's resource data (the `nrel-pds-hsds` bucket) is in Oregon.
pub const REV_DATA_REGION: &str = "us-west-2";

pub struct RegionInfo {
    pub code: &'static str,
    pub name: &'static str,
    /// GovCloud and China need accounts of their own partition.
    pub separate_partition: bool,
}

const fn region(code: &'static str, name: &'static str) -> RegionInfo {
    RegionInfo {
        code,
        name,
        separate_partition: false,
    }
}

const fn partition(code: &'static str, name: &'static str) -> RegionInfo {
    RegionInfo {
        code,
        name,
        separate_partition: true,
    }
}

pub const SUPPORTED: &[RegionInfo] = &[
    region("us-west-2", "US West (Oregon)"),
    region("us-east-1", "US East (N. Virginia)"),
    region("us-east-2", "US East (Ohio)"),
    region("us-west-1", "US West (N. California)"),
    region("ca-central-1", "Canada (Central)"),
    region("sa-east-1", "South America (São Paulo)"),
    region("eu-west-1", "Europe (Ireland)"),
    region("eu-west-2", "Europe (London)"),
    region("eu-west-3", "Europe (Paris)"),
    region("eu-central-1", "Europe (Frankfurt)"),
    region("eu-north-1", "Europe (Stockholm)"),
    region("eu-south-1", "Europe (Milan)"),
    region("il-central-1", "Israel (Tel Aviv)"),
    region("me-south-1", "Middle East (Bahrain)"),
    region("af-south-1", "Africa (Cape Town)"),
    region("ap-south-1", "Asia Pacific (Mumbai)"),
    region("ap-east-1", "Asia Pacific (Hong Kong)"),
    region("ap-northeast-1", "Asia Pacific (Tokyo)"),
    region("ap-northeast-2", "Asia Pacific (Seoul)"),
    region("ap-southeast-1", "Asia Pacific (Singapore)"),
    region("ap-southeast-2", "Asia Pacific (Sydney)"),
    region("ap-southeast-3", "Asia Pacific (Jakarta)"),
    region("ap-southeast-5", "Asia Pacific (Malaysia)"),
    region("ap-southeast-7", "Asia Pacific (Thailand)"),
    partition("us-gov-west-1", "AWS GovCloud (US-West)"),
    partition("us-gov-east-1", "AWS GovCloud (US-East)"),
    partition("cn-north-1", "China (Beijing)"),
    partition("cn-northwest-1", "China (Ningxia)"),
];

pub fn find(code: &str) -> Option<&'static RegionInfo> {
    SUPPORTED.iter().find(|r| r.code == code)
}

/// Why us-west-2 is the reV default, shown on the region step.
pub const REV_WHY: &str = "NREL's resource data (the nrel-pds-hsds bucket) lives in us-west-2 (Oregon). A cluster there reads it fast and free; anywhere else every byte crosses regions, which is slower and billed per GB.";

/// The region to preselect: the user's configured one when ParallelCluster supports it,
/// otherwise the reV data region.
pub fn default_choice(configured: Option<&str>) -> &'static str {
    configured
        .and_then(find)
        .map_or(REV_DATA_REGION, |r| r.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_the_configured_region_or_the_data_region() {
        assert_eq!(default_choice(Some("eu-west-1")), "eu-west-1");
        assert_eq!(default_choice(Some("mars-north-1")), "us-west-2");
        assert_eq!(default_choice(None), "us-west-2");
    }

    #[test]
    fn the_list_matches_pclusters_bundled_file() {
        // pcluster 3.16.1 lists 31 regions; pcwiz drops the three isolated (us-iso*) ones.
        assert_eq!(SUPPORTED.len(), 28);
        assert!(SUPPORTED.iter().all(|r| !r.code.starts_with("us-iso")));
    }
}
