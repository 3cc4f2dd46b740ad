//! The offline catalog: vCPUs, memory and architecture of each instance type, from the same
//! bundled file as the offline price snapshot (`assets/prices/`, ec2instances.info, 2023-08).
//! It lets `pcwiz size --offline` plan without asking EC2; online, EC2's offerings decide
//! which of these types the region has.

use crate::cluster::instance::InstanceInfo;

const TSV: &str = include_str!("../../../assets/prices/ec2-prices-us-east-1-2023-08.tsv");

/// The type as the bundled file describes it, or `None` for a type it lacks.
pub fn describe(name: &str) -> Option<InstanceInfo> {
    rows().find(|f| f.first() == Some(&name)).and_then(info)
}

/// Every type in the bundled file: the instance picker's catalog when there is no
/// account to ask which types a zone offers (exploring offline).
pub fn all() -> Vec<InstanceInfo> {
    rows().filter_map(info).collect()
}

fn rows() -> impl Iterator<Item = Vec<&'static str>> {
    TSV.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("instance_type\t"))
        .map(|l| l.split('\t').collect::<Vec<_>>())
}

fn info(f: Vec<&str>) -> Option<InstanceInfo> {
    let name = *f.first()?;
    let (arch, vcpus, gib) = (*f.get(1)?, f.get(2)?.parse().ok()?, f.get(3)?);
    let gib: f64 = gib.parse().ok()?;
    Some(InstanceInfo {
        name: name.to_string(),
        vcpus,
        memory_mib: (gib * 1024.0).round() as u64,
        architectures: vec![arch.to_string()],
        // Not in the file; the sizing model does not use them, and the picker says so.
        network: String::new(),
        burstable: name.starts_with('t'),
        efa: false,
        gpus: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rev_preset_types_are_described_as_facts_says() {
        let c6a = describe("c6a.12xlarge").unwrap();
        assert_eq!((c6a.vcpus, c6a.memory_mib), (48, 96 * 1024));
        assert_eq!(c6a.architecture(), "x86_64");
        let m6a = describe("m6a.12xlarge").unwrap();
        assert_eq!((m6a.vcpus, m6a.memory_gib()), (48, 192.0));
        assert!(describe("x99.mega").is_none());
        assert!(describe("instance_type").is_none(), "the header is no type");
        let all = all();
        assert!(all.len() > 600, "{}", all.len());
        assert!(all.iter().any(|t| t.name == "t3.large" && t.burstable));
    }

    #[test]
    fn every_default_candidate_is_in_the_offline_catalog() {
        for name in super::super::candidates::default_names() {
            assert!(describe(&name).is_some(), "{name}");
        }
    }
}
