//! pcluster's setting paths said the way pcwiz's screens say them: "queue standard ·
//! c6a12xl · MaxCount (most nodes)" rather than
//! `Scheduling.SlurmQueues[standard].ComputeResources[c6a12xl].MaxCount`. The setting's own
//! name stays, because that is what the user finds in the YAML.

/// What the settings a reV user changes most mean.
const GLOSSES: &[(&str, &str)] = &[
    ("MaxCount", "most nodes"),
    ("MinCount", "nodes always on"),
    ("InstanceType", "instance type"),
    ("JobExclusiveAllocation", "whole nodes per job"),
    ("DisableSimultaneousMultithreading", "SMT off"),
    ("ScaledownIdletime", "idle minutes before a node stops"),
    ("CapacityType", "on-demand or spot"),
    ("Size", "GB"),
    ("StorageCapacity", "GB"),
    ("MountDir", "mounted at"),
];

/// A readable label for pcluster's `parameter`.
pub fn label(parameter: &str) -> String {
    let mut parts: Vec<String> = vec![];
    for segment in parameter.split('.') {
        let (key, item) = match segment.split_once('[') {
            Some((key, rest)) => (key, Some(rest.trim_end_matches(']'))),
            None => (segment, None),
        };
        parts.push(match (key, item) {
            ("Scheduling", None) => continue,
            ("SlurmQueues", Some(name)) => format!("queue {name}"),
            ("SlurmQueues", None) => "queues".into(),
            ("ComputeResources", Some(name)) => name.to_string(),
            ("ComputeResources", None) => "compute resources".into(),
            ("SharedStorage", Some(name)) => format!("storage {name}"),
            ("SharedStorage", None) => "shared storage".into(),
            ("HeadNode", None) => "head node".into(),
            ("Tags", None) if parts.is_empty() => "cluster tags".into(),
            (key, Some(item)) => format!("{key} {item}"),
            (key, None) => key.to_string(),
        });
    }
    if let Some(last) = parts.last_mut()
        && let Some((_, gloss)) = GLOSSES.iter().find(|(key, _)| key == last)
    {
        *last = format!("{last} ({gloss})");
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_the_screens_name_things() {
        assert_eq!(
            label("Scheduling.SlurmQueues[standard].ComputeResources[c6a12xl].MaxCount"),
            "queue standard · c6a12xl · MaxCount (most nodes)"
        );
        assert_eq!(
            label("HeadNode.InstanceType"),
            "head node · InstanceType (instance type)"
        );
        assert_eq!(label("Scheduling.SlurmQueues"), "queues");
        assert_eq!(label("Tags"), "cluster tags");
        assert_eq!(
            label("Scheduling.SlurmQueues[standard].JobExclusiveAllocation"),
            "queue standard · JobExclusiveAllocation (whole nodes per job)"
        );
    }
}
