//! pcluster's dry run, then the creation, recorded in pcwiz's history the moment pcluster
//! accepts it: from then on the cluster exists in AWS whatever happens to this process.

use std::path::PathBuf;

use chrono::Utc;

use crate::cluster::aws_scope::AwsScope;
use crate::launch::preflight::Preflight;
use crate::pcluster::{Accepted, DryRunVerdict, Pcluster, PclusterError, Refused};
use crate::store::history::{ClusterRecord, CreatedByPcwiz, History};
use crate::wizard::Draft;
use crate::wizard::draft::KeyOrigin;

/// What to launch, and what the history should remember about it.
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchRequest {
    pub name: String,
    /// The profile and region to launch in, handed to pcluster explicitly.
    pub scope: AwsScope,
    /// The account the launch's credentials belong to (from the preflight's STS check).
    pub account: Option<String>,
    pub config_file: PathBuf,
    /// Handed to pcluster unchanged; pcwiz suppresses nothing by itself.
    pub suppress_validators: Vec<String>,
    pub key_name: Option<String>,
    pub key_file: Option<PathBuf>,
    pub created_by_pcwiz: CreatedByPcwiz,
    pub credential_kind: Option<String>,
    /// The wizard's answer about reV's data, for the dashboard's HSDS set-up.
    pub hsds_data: Option<crate::cluster::hsds_files::HsdsData>,
}

impl LaunchRequest {
    /// What the wizard launches from its draft (the saved config file, the key it chose or
    /// made, the network it made), to be completed by `checked_by`. None before the
    /// config is saved.
    pub fn from_draft(
        draft: &Draft,
        name: &str,
        region: &str,
        suppress_validators: &[String],
    ) -> Option<Self> {
        let key = draft.key.as_ref();
        Some(Self {
            name: name.to_string(),
            scope: AwsScope {
                profile: None,
                region: region.to_string(),
            },
            account: None,
            config_file: draft.config_file.clone()?,
            suppress_validators: suppress_validators.to_vec(),
            key_name: key.map(|k| k.name.clone()),
            key_file: key.and_then(|k| k.private_key.clone()),
            created_by_pcwiz: CreatedByPcwiz {
                key_pair: key.is_some_and(|k| k.origin != KeyOrigin::Existing),
                network_stack: draft.network.as_ref().and_then(|n| n.created_stack.clone()),
            },
            credential_kind: None,
            hsds_data: Some(draft.extras.hsds_data),
        })
    }

    /// Launched as the preflight confirmed: its profile, region and account.
    pub fn checked_by(mut self, preflight: &Preflight) -> Self {
        self.credential_kind = preflight.credential_kind.clone();
        self.scope = preflight.scope.clone();
        self.account = preflight.account.clone();
        self
    }
}

pub async fn dry_run(
    pcluster: &Pcluster,
    request: &LaunchRequest,
) -> Result<DryRunVerdict, PclusterError> {
    pcluster
        .dry_run(
            &request.name,
            &request.config_file,
            &request.scope,
            &request.suppress_validators,
        )
        .await
}

/// What the history remembers of an accepted launch.
pub fn record_for(
    request: &LaunchRequest,
    accepted: &Accepted,
    now: chrono::DateTime<Utc>,
) -> ClusterRecord {
    ClusterRecord {
        name: request.name.clone(),
        region: request.scope.region.clone(),
        account_id: request.account.clone(),
        profile: request.scope.profile.clone(),
        config_file: request.config_file.clone(),
        key_name: request.key_name.clone(),
        key_file: request.key_file.clone(),
        created_by_pcwiz: request.created_by_pcwiz.clone(),
        created_at: now,
        credential_kind: request.credential_kind.clone(),
        stack_id: accepted.stack_arn.clone(),
        pcluster_version: accepted.version.clone(),
        deleted_at: None,
        removed: vec![],
        budget: None,
        updates: vec![],
    }
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
            &request.scope,
            &request.suppress_validators,
        )
        .await?
    {
        Ok(accepted) => accepted,
        Err(refused) => return Ok(Err(refused)),
    };
    let record = record_for(request, &accepted, Utc::now());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_says_what_pcwiz_made_for_the_cluster() {
        let request = LaunchRequest {
            name: "rev".into(),
            scope: AwsScope {
                profile: Some("lab".into()),
                region: "us-west-2".into(),
            },
            account: Some("123456789012".into()),
            config_file: "/home/jane/rev.yaml".into(),
            suppress_validators: vec![],
            key_name: Some("laptop".into()),
            key_file: Some("/home/jane/.ssh/laptop".into()),
            created_by_pcwiz: CreatedByPcwiz {
                key_pair: true,
                network_stack: Some("pcwiz-network-us-west-2a".into()),
            },
            credential_kind: Some("sso".into()),
            hsds_data: None,
        };
        let accepted = Accepted {
            stack_arn: Some("arn:aws:cloudformation:us-west-2:1:stack/rev/x".into()),
            status: "CREATE_IN_PROGRESS".into(),
            version: Some("3.16.1".into()),
            warnings: vec![],
        };
        let now = "2026-11-21T12:00:00Z".parse().unwrap();
        let record = record_for(&request, &accepted, now);
        assert_eq!(record.name, "rev");
        assert_eq!(record.region, "us-west-2");
        assert_eq!(record.account_id.as_deref(), Some("123456789012"));
        assert_eq!(record.profile.as_deref(), Some("lab"));
        assert_eq!(
            record.config_file,
            std::path::PathBuf::from("/home/jane/rev.yaml")
        );
        assert_eq!(
            record.key_file.as_deref(),
            Some(std::path::Path::new("/home/jane/.ssh/laptop"))
        );
        assert!(record.created_by_pcwiz.key_pair);
        assert_eq!(
            record.created_by_pcwiz.network_stack.as_deref(),
            Some("pcwiz-network-us-west-2a")
        );
        assert_eq!(record.credential_kind.as_deref(), Some("sso"));
        assert_eq!(record.stack_id, accepted.stack_arn);
        assert_eq!(record.pcluster_version.as_deref(), Some("3.16.1"));
        assert_eq!(record.created_at, now);
    }
}
