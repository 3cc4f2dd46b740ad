//! `pcluster describe-cluster`: what pcluster itself knows of a cluster, above all where its
//! stored config is (`clusterConfiguration.url`, an S3 URL presigned for an hour that points
//! at the config as the user wrote it, at the version the stack pins), plus the fleet's
//! status and the version that made the cluster.

use std::time::Duration;

use serde::Deserialize;

use super::{Pcluster, PclusterError, unparsable};
use crate::cluster::aws_scope::AwsScope;
use crate::tools::probe;

/// What `describe-cluster` says (the parts pcwiz uses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    /// pcluster's cluster status: CREATE_COMPLETE, UPDATE_IN_PROGRESS, UPDATE_FAILED…
    pub cluster_status: String,
    pub stack_status: String,
    /// RUNNING, STOPPED, …; None when pcluster could not read it.
    pub fleet_status: Option<String>,
    /// The ParallelCluster version that made the cluster.
    pub version: Option<String>,
    /// The stored config's presigned URL; None when pcluster says NOT_AVAILABLE.
    pub config_url: Option<String>,
}

/// pcluster's word for a URL it could not make (the reason goes to its own log).
const NOT_AVAILABLE: &str = "NOT_AVAILABLE";

impl Pcluster {
    pub async fn describe_cluster(
        &self,
        name: &str,
        scope: &AwsScope,
    ) -> Result<Described, PclusterError> {
        let mut command = self.command_in(scope);
        command.args([
            "describe-cluster",
            "--cluster-name",
            name,
            "--region",
            &scope.region,
        ]);
        let (output, code) = probe::run_any(command, Duration::from_secs(120)).await?;
        match parse_describe(&output.stdout) {
            Some(Ok(described)) if code == 0 => Ok(described),
            Some(Err(message)) => Err(PclusterError::Refused(message)),
            _ => Err(unparsable(&output)),
        }
    }
}

/// The cluster's description, or pcluster's `message` when it refused.
pub fn parse_describe(stdout: &str) -> Option<Result<Described, String>> {
    #[derive(Deserialize)]
    struct Url {
        url: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Answer {
        message: Option<String>,
        cluster_status: Option<String>,
        cloud_formation_stack_status: Option<String>,
        compute_fleet_status: Option<String>,
        version: Option<String>,
        cluster_configuration: Option<Url>,
    }
    let answer: Answer = serde_json::from_str(stdout.trim()).ok()?;
    Some(match (answer.cluster_status, answer.message) {
        (Some(cluster_status), _) => Ok(Described {
            cluster_status,
            stack_status: answer.cloud_formation_stack_status.unwrap_or_default(),
            fleet_status: answer.compute_fleet_status.filter(|s| s != "UNKNOWN"),
            version: answer.version,
            config_url: answer
                .cluster_configuration
                .and_then(|c| c.url)
                .filter(|u| u != NOT_AVAILABLE),
        }),
        (None, Some(message)) => Err(message),
        (None, None) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_configs_url_and_the_fleet_are_read() {
        // pcluster 3.16.1 against moto (notes §2.4, outputs/out_desc.json), shortened.
        let described = parse_describe(r#"{"version": "3.16.1", "clusterConfiguration": {"url": "http://127.0.0.1:5055/parallelcluster-204fe0dacd9fa73b-v1-do-not-delete/parallelcluster/3.16.1/clusters/c2-68pv9ep4doq4n2pr/configs/cluster-config.yaml?versionId=1fd2&Expires=1796520789"}, "cloudFormationStackStatus": "CREATE_COMPLETE", "clusterName": "c2", "computeFleetStatus": "RUNNING", "clusterStatus": "CREATE_COMPLETE"}"#)
            .unwrap()
            .unwrap();
        assert_eq!(described.fleet_status.as_deref(), Some("RUNNING"));
        assert_eq!(described.version.as_deref(), Some("3.16.1"));
        assert!(described.config_url.unwrap().contains("versionId=1fd2"));
        let unavailable = parse_describe(r#"{"clusterStatus": "CREATE_COMPLETE", "cloudFormationStackStatus": "CREATE_COMPLETE", "clusterConfiguration": {"url": "NOT_AVAILABLE"}}"#)
            .unwrap()
            .unwrap();
        assert_eq!(unavailable.config_url, None);
        assert_eq!(
            parse_describe(r#"{"message": "Cluster 'nosuch' does not exist or belongs to an incompatible ParallelCluster major version."}"#),
            Some(Err("Cluster 'nosuch' does not exist or belongs to an incompatible ParallelCluster major version.".into()))
        );
    }
}
