//! pcluster's dry run, then the creation, recorded in pcwiz's history the moment pcluster
//! accepts it: from then on the cluster exists in AWS whatever happens to this process.

use std::path::PathBuf;

use chrono::Utc;

use crate::pcluster::{Accepted, DryRunVerdict, Pcluster, PclusterError, Refused};
use crate::store::history::{ClusterRecord, CreatedByPcwiz, History};

/// What to launch, and what the history should remember about it.
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchRequest {
    pub name: String,
    pub region: String,
    pub config_file: PathBuf,
    /// Handed to pcluster unchanged; pcwiz suppresses nothing by itself.
    pub suppress_validators: Vec<String>,
    pub key_name: Option<String>,
    pub key_file: Option<PathBuf>,
    pub created_by_pcwiz: CreatedByPcwiz,
    pub credential_kind: Option<String>,
}

pub async fn dry_run(
    pcluster: &Pcluster,
    request: &LaunchRequest,
) -> Result<DryRunVerdict, PclusterError> {
    pcluster
        .dry_run(
            &request.name,
            &request.config_file,
            &request.region,
            &request.suppress_validators,
        )
        .await
}

/// pcluster accepted the request and the history has it (or says why it could not).
#[derive(Debug, Clone, PartialEq)]
pub struct Created {
    pub accepted: Accepted,
    pub history_problem: Option<String>,
}

pub async fn create(
    pcluster: &Pcluster,
    request: &LaunchRequest,
    history: &History,
) -> Result<Result<Created, Refused>, PclusterError> {
    let accepted = match pcluster
        .create(
            &request.name,
            &request.config_file,
            &request.region,
            &request.suppress_validators,
        )
        .await?
    {
        Ok(accepted) => accepted,
        Err(refused) => return Ok(Err(refused)),
    };
    let record = ClusterRecord {
        name: request.name.clone(),
        region: request.region.clone(),
        config_file: request.config_file.clone(),
        key_name: request.key_name.clone(),
        key_file: request.key_file.clone(),
        created_by_pcwiz: request.created_by_pcwiz.clone(),
        created_at: Utc::now(),
        credential_kind: request.credential_kind.clone(),
        stack_id: accepted.stack_arn.clone(),
        pcluster_version: accepted.version.clone(),
        deleted_at: None,
    };
    // The cluster exists now; a history that cannot be written must not hide that.
    let history_problem = match history.record(record) {
        Ok(loaded) => loaded.problem,
        Err(e) => Some(format!(
            "the cluster is being created, but pcwiz could not record it in {}: {e}",
            history.path().display()
        )),
    };
    Ok(Ok(Created {
        accepted,
        history_problem,
    }))
}
