//! The config a cluster runs with: the one pcluster stored for it (`describe-cluster`'s
//! presigned URL, the file as the user wrote it at the version the stack pins), or, only
//! when that cannot be read, the copy pcwiz's history points at, labelled as such.

use std::path::PathBuf;

use serde::Serialize;

use crate::aws::presigned;
use crate::cluster::update::refusal;
use crate::pcluster::describe::Described;
use crate::pcluster::{Pcluster, PclusterError};
use crate::store::history::ClusterRecord;

/// Where the current config came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "kebab-case")]
pub enum Source {
    /// pcluster's stored config: what its own update compares with.
    Pcluster,
    /// pcwiz's copy (the launch's file, or the last update's), because pcluster's could
    /// not be read; it may differ from what the cluster runs.
    History { file: PathBuf, why: String },
}

impl Source {
    /// "pcluster's stored config", or the fallback with why.
    pub fn label(&self) -> String {
        match self {
            Self::Pcluster => "pcluster's stored config for the cluster".into(),
            Self::History { file, why } => format!(
                "pcwiz's own copy ({}), NOT pcluster's: {why}; the change set below is still pcluster's own",
                file.display()
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Current {
    pub text: String,
    pub source: Source,
    /// What describe-cluster said of the cluster, when it answered.
    #[serde(skip)]
    pub described: Option<Described>,
}

/// Reads the cluster's config. A cluster pcluster does not know is an error, not a reason
/// to fall back.
pub async fn read(
    pcluster: &Pcluster,
    scope: &crate::cluster::aws_scope::AwsScope,
    name: &str,
    record: Option<&ClusterRecord>,
) -> Result<Current, String> {
    let (described, why) = match pcluster.describe_cluster(name, scope).await {
        Ok(described) => {
            let why = match &described.config_url {
                None => "pcluster has no URL for it (NOT_AVAILABLE)".to_string(),
                Some(url) => match presigned::get_text(url).await {
                    Ok(text) => {
                        return Ok(Current {
                            text,
                            source: Source::Pcluster,
                            described: Some(described),
                        });
                    }
                    Err(e) => format!("reading it from S3 failed: {}", e.explained()),
                },
            };
            (Some(described), why)
        }
        Err(PclusterError::Refused(message)) => return Err(refusal::in_words(&message)),
        Err(e) => (None, format!("pcluster describe-cluster failed: {e}")),
    };
    let Some(file) = record.map(|r| r.config_file.clone()) else {
        return Err(format!(
            "{name}'s config could not be read ({why}), and pcwiz's history has no copy of it"
        ));
    };
    let text = std::fs::read_to_string(&file).map_err(|e| {
        format!(
            "{name}'s config could not be read ({why}), nor pcwiz's copy {}: {e}",
            file.display()
        )
    })?;
    Ok(Current {
        text,
        source: Source::History { file, why },
        described,
    })
}

/// The availability zone of the subnet the config's first queue runs in, so the wizard's
/// type picker offers what that zone has; None when AWS does not say.
pub async fn compute_zone(
    session: &crate::aws::session::AwsSession,
    config: &crate::cluster::config::ClusterConfig,
) -> Option<String> {
    let subnet = config
        .scheduling
        .slurm_queues
        .first()?
        .networking
        .subnet_ids
        .first()?
        .clone();
    let inventory = crate::aws::network::inventory(session, &config.instance_types())
        .await
        .ok()?;
    inventory
        .subnets
        .into_iter()
        .find(|s| s.id == subnet)
        .map(|s| s.availability_zone)
}
