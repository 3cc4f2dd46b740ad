//! The AWS lookups behind a clean-up plan: each finds one kind of thing by the cluster's
//! tag and says why it counts. Each fails on its own (the plan then says it may be
//! incomplete and where), so one denied permission does not hide the rest. The same
//! lookups serve the sweep, which asks for every cluster's things at once (`Owner::Any`)
//! and keeps those whose cluster is gone.

use aws_sdk_ec2::types::Filter;

use super::error::sdk_error;
use super::session::AwsSession;
use crate::cluster::cleanup_plan::{Found, Kind, Seen, tagged};
use crate::cluster::cluster_instance::{NAME_TAG, NODE_TYPE_TAG};
use crate::cluster::price_book::PriceKey;

type Lookup = Result<Vec<Seen>, String>;

/// Whose things to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner<'a> {
    /// Those tagged with this cluster's name.
    Cluster(&'a str),
    /// Those tagged with any cluster's name (each found says which).
    Any,
}

impl Owner<'_> {
    fn filter(self) -> Filter {
        match self {
            Owner::Cluster(name) => Filter::builder()
                .name(format!("tag:{NAME_TAG}"))
                .values(name)
                .build(),
            Owner::Any => Filter::builder().name("tag-key").values(NAME_TAG).build(),
        }
    }

    fn owns(self, tag: Option<&str>) -> bool {
        match (self, tag) {
            (Owner::Cluster(name), Some(tag)) => tag == name,
            (Owner::Any, Some(_)) => true,
            (_, None) => false,
        }
    }
}

/// The cluster a thing's tags name.
fn owner_of<'t>(
    tags: impl IntoIterator<Item = (Option<&'t str>, Option<&'t str>)>,
) -> Option<String> {
    tags.into_iter()
        .find(|(k, _)| *k == Some(NAME_TAG))
        .and_then(|(_, v)| v)
        .map(str::to_string)
}

/// A thing found by its tag: why it counts, and whose it is.
fn tagged_found(kind: Kind, id: &str, detail: String, owner: Option<String>) -> Found {
    let mut found = Found::new(kind, id, detail, tagged(owner.as_deref().unwrap_or("")));
    found.owner = owner;
    found
}

/// The cluster's own stack, if it is one (ParallelCluster's version tag on it).
pub async fn stack(session: &AwsSession, name: &str) -> Lookup {
    let Some(stack) = crate::aws::stacks::describe(session, name)
        .await
        .map_err(|e| e.explained())?
        .filter(|s| !s.deleted())
    else {
        return Ok(vec![]);
    };
    Ok(vec![
        match stack.tag(crate::aws::cluster_list::VERSION_TAG) {
            Some(version) => Seen::Item(Found::new(
                Kind::ClusterStack,
                name,
                format!("{}; takes the head node with it", stack.status),
                format!("the cluster's stack (ParallelCluster {version})"),
            )),
            None => Seen::LeftAlone(format!(
                "stack {name}: not a ParallelCluster stack (no {} tag)",
                crate::aws::cluster_list::VERSION_TAG
            )),
        },
    ])
}

/// Instances with the cluster's tag that its stack will not take: compute nodes (launched
/// by Slurm, not CloudFormation), and a head node whose stack is already gone. The head
/// node with its stack is priced there, under the stack.
pub async fn instances(session: &AwsSession, owner: Owner<'_>) -> Lookup {
    let endpoint = session.endpoint("ec2");
    let mut seen = vec![];
    let mut pages = session
        .ec2()
        .describe_instances()
        .filters(owner.filter())
        .filters(crate::aws::cluster_list::not_terminated())
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeInstances").explained())?;
        for i in page.reservations().iter().flat_map(|r| r.instances()) {
            let role = i
                .tags()
                .iter()
                .find(|t| t.key() == Some(NODE_TYPE_TAG))
                .and_then(|t| t.value())
                .unwrap_or("");
            let id = i.instance_id().unwrap_or_default();
            let kind_name = i.instance_type().map(|t| t.as_str()).unwrap_or("");
            let state = i
                .state()
                .and_then(|s| s.name())
                .map(|n| n.as_str())
                .unwrap_or("");
            let spot = i.instance_lifecycle().map(|l| l.as_str()) == Some("spot");
            let cluster = owner_of(i.tags().iter().map(|t| (t.key(), t.value())));
            let mut found = tagged_found(
                Kind::ComputeInstance,
                id,
                format!(
                    "{}{kind_name}{}, {state}",
                    if role == "HeadNode" { "head node " } else { "" },
                    if spot { " spot" } else { "" }
                ),
                cluster.clone(),
            );
            if matches!(state, "pending" | "running") {
                found.price = Some((PriceKey::instance(kind_name, spot), 1.0));
            }
            if role == "HeadNode" {
                found.head_node = true;
                found.why = format!(
                    "{}; its stack is gone, so it is removed on its own",
                    tagged(cluster.as_deref().unwrap_or(""))
                );
            }
            seen.push(Seen::Item(found));
        }
    }
    Ok(seen)
}

/// Volumes with the cluster's tag that outlive its instances: shared EBS storage
/// (ParallelCluster retains it by default) and detached volumes. Root volumes go with
/// their instances, so they are not listed.
pub async fn volumes(session: &AwsSession, owner: Owner<'_>) -> Lookup {
    let endpoint = session.endpoint("ec2");
    let answer = session
        .ec2()
        .describe_volumes()
        .filters(owner.filter())
        .send()
        .await
        .map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeVolumes").explained())?;
    let mut seen = vec![];
    for v in answer.volumes() {
        let goes_with_instance = v
            .attachments()
            .iter()
            .any(|a| a.delete_on_termination() == Some(true));
        if goes_with_instance {
            continue;
        }
        let id = v.volume_id().unwrap_or_default();
        let size = v.size().unwrap_or(0);
        let volume_type = v.volume_type().map(|t| t.as_str()).unwrap_or("gp3");
        let state = v.state().map(|s| s.as_str()).unwrap_or("");
        let mut found = tagged_found(
            Kind::EbsVolume,
            id,
            format!("{volume_type} {size} GiB, {state}"),
            owner_of(v.tags().iter().map(|t| (t.key(), t.value()))),
        );
        found.price = Some((
            PriceKey::Ebs {
                volume_type: volume_type.to_string(),
            },
            f64::from(size),
        ));
        seen.push(Seen::Item(found));
    }
    Ok(seen)
}

pub async fn snapshots(session: &AwsSession, owner: Owner<'_>) -> Lookup {
    let endpoint = session.endpoint("ec2");
    let answer = session
        .ec2()
        .describe_snapshots()
        .owner_ids("self")
        .filters(owner.filter())
        .send()
        .await
        .map_err(|e| sdk_error(e, &endpoint, "ec2:DescribeSnapshots").explained())?;
    Ok(answer
        .snapshots()
        .iter()
        .map(|s| {
            let size = s.volume_size().unwrap_or(0);
            let mut found = tagged_found(
                Kind::EbsSnapshot,
                s.snapshot_id().unwrap_or_default(),
                format!("of a {size} GiB volume"),
                owner_of(s.tags().iter().map(|t| (t.key(), t.value()))),
            );
            // Snapshots bill the blocks they hold, which EC2 does not report.
            found.cost_note = Some(format!(
                "bills the changed blocks stored, at most {size} GiB"
            ));
            Seen::Item(found)
        })
        .collect())
}

pub async fn efs(session: &AwsSession, owner: Owner<'_>) -> Lookup {
    let endpoint = session.endpoint("elasticfilesystem");
    let answer = session
        .efs()
        .describe_file_systems()
        .send()
        .await
        .map_err(|e| {
            sdk_error(e, &endpoint, "elasticfilesystem:DescribeFileSystems").explained()
        })?;
    Ok(answer
        .file_systems()
        .iter()
        .filter_map(|fs| {
            let cluster = owner_of(fs.tags().iter().map(|t| (Some(t.key()), Some(t.value()))));
            owner.owns(cluster.as_deref()).then_some((fs, cluster))
        })
        .map(|(fs, cluster)| {
            let bytes = fs.size_in_bytes().map(|s| s.value()).unwrap_or(0);
            let gb = bytes as f64 / 1e9;
            let mut found = tagged_found(
                Kind::EfsFileSystem,
                fs.file_system_id(),
                format!("{gb:.1} GB stored, {}", fs.life_cycle_state().as_str()),
                cluster,
            );
            found.price = Some((PriceKey::EfsStandard, gb));
            Seen::Item(found)
        })
        .collect())
}

pub async fn fsx(session: &AwsSession, owner: Owner<'_>) -> Lookup {
    let endpoint = session.endpoint("fsx");
    let answer = session
        .fsx()
        .describe_file_systems()
        .send()
        .await
        .map_err(|e| sdk_error(e, &endpoint, "fsx:DescribeFileSystems").explained())?;
    Ok(answer
        .file_systems()
        .iter()
        .filter_map(|fs| {
            let cluster = owner_of(fs.tags().iter().map(|t| (t.key(), t.value())));
            owner.owns(cluster.as_deref()).then_some((fs, cluster))
        })
        .map(|(fs, cluster)| {
            let gib = fs.storage_capacity().unwrap_or(0);
            let lustre = fs.lustre_configuration();
            let deployment = lustre
                .and_then(|l| l.deployment_type())
                .map(|d| d.as_str().to_string());
            let throughput = lustre
                .and_then(|l| l.per_unit_storage_throughput())
                .and_then(|t| u32::try_from(t).ok());
            let mut found = tagged_found(
                Kind::FsxFileSystem,
                fs.file_system_id().unwrap_or_default(),
                format!(
                    "{} {gib} GiB, {}",
                    deployment.as_deref().unwrap_or("FSx"),
                    fs.lifecycle().map(|l| l.as_str()).unwrap_or("")
                ),
                cluster,
            );
            match deployment {
                Some(deployment_type) => {
                    found.price = Some((
                        PriceKey::FsxLustre {
                            deployment_type,
                            throughput,
                        },
                        f64::from(gib),
                    ));
                }
                None => found.cost_note = Some("not FSx for Lustre: no price here".into()),
            }
            Seen::Item(found)
        })
        .collect())
}

/// ParallelCluster's log groups (`/aws/parallelcluster/<cluster>-<YYYYMMDDHHMM>`), which it
/// retains when the cluster is deleted. Only those with the cluster's tag are planned.
pub async fn log_groups(session: &AwsSession, owner: Owner<'_>) -> Lookup {
    let endpoint = session.endpoint("logs");
    let logs = session.logs();
    let prefix = match owner {
        Owner::Cluster(name) => format!("/aws/parallelcluster/{name}-"),
        Owner::Any => "/aws/parallelcluster/".to_string(),
    };
    let mut groups = vec![];
    let mut pages = logs
        .describe_log_groups()
        .log_group_name_prefix(&prefix)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| sdk_error(e, &endpoint, "logs:DescribeLogGroups").explained())?;
        groups.extend(page.log_groups().iter().cloned());
    }
    let mut seen = vec![];
    for group in &groups {
        let Some(group_name) = group.log_group_name() else {
            continue;
        };
        // `<cluster>-<YYYYMMDDHHMM>`: the prefix also matches a cluster whose name starts
        // with this one's and a dash.
        let rest = &group_name[prefix.len()..];
        let stamped = |rest: &str| rest.len() == 12 && rest.bytes().all(|b| b.is_ascii_digit());
        let named = match owner {
            Owner::Cluster(_) => stamped(rest),
            Owner::Any => rest
                .rsplit_once('-')
                .is_some_and(|(_, stamp)| stamped(stamp)),
        };
        if !named {
            continue;
        }
        #[allow(deprecated)] // the tag call moto and every region answer
        let tags = logs
            .list_tags_log_group()
            .log_group_name(group_name)
            .send()
            .await
            .map_err(|e| sdk_error(e, &endpoint, "logs:ListTagsLogGroup").explained())?;
        let cluster = tags.tags().and_then(|t| t.get(NAME_TAG)).cloned();
        if !owner.owns(cluster.as_deref()) {
            seen.push(Seen::LeftAlone(format!(
                "log group {group_name}: named like a cluster's but without its {NAME_TAG} tag"
            )));
            continue;
        }
        let bytes = group.stored_bytes().unwrap_or(0);
        let mut found = tagged_found(
            Kind::LogGroup,
            group_name,
            format!(
                "{:.1} MB stored (ParallelCluster retains it on delete)",
                bytes as f64 / 1e6
            ),
            cluster,
        );
        found.cost_note = Some("CloudWatch Logs storage, cents per GB-month".into());
        seen.push(Seen::Item(found));
    }
    Ok(seen)
}
