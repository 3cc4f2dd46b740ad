//! The cluster a command names: its region (the one given, or the history's when only one
//! region has a cluster of that name), pcwiz's record of it, and, for commands that act,
//! the account check that keeps them out of a same-named cluster in another account.

use crate::aws::identity;
use crate::aws::session::AwsSession;
use crate::context::Context;
use crate::store::history::{ClusterRecord, History};

/// A cluster named on the command line.
#[derive(Debug, Clone)]
pub struct Found {
    pub name: String,
    pub region: String,
    /// pcwiz's record of it in that region, when it has one.
    pub record: Option<ClusterRecord>,
    /// Records of that name and region from other accounts than the record's.
    others: Vec<ClusterRecord>,
}

/// Finds `name`: in the region given (`--region`, AWS_REGION, AWS_DEFAULT_REGION), else the
/// one region pcwiz's history has it in, else the profile's region. A name the history
/// holds in several regions, with none given, is refused with the list.
pub fn find_cluster(ctx: &Context, name: &str) -> anyhow::Result<Found> {
    let loaded = History::in_dir(&ctx.dirs.data).load().ok();
    if let Some(problem) = loaded.as_ref().and_then(|l| l.problem.as_ref()) {
        eprintln!("warning: {problem}");
    }
    let named: Vec<ClusterRecord> = loaded
        .map(|l| l.clusters)
        .unwrap_or_default()
        .into_iter()
        .filter(|c| c.name == name)
        .collect();
    let region = match ctx.explicit_region() {
        Some(region) => region,
        None => {
            let mut regions: Vec<&str> = named.iter().map(|c| c.region.as_str()).collect();
            regions.sort();
            regions.dedup();
            match regions.as_slice() {
                [one] => one.to_string(),
                [] => match ctx.region() {
                    Some(region) => region.name,
                    None => anyhow::bail!(
                        "no region: pass --region (pcwiz's history has no cluster named {name})"
                    ),
                },
                many => anyhow::bail!(
                    "pcwiz's history has a cluster named {name} in {} regions ({}): pass --region to say which",
                    many.len(),
                    many.join(", ")
                ),
            }
        }
    };
    let (mut here, elsewhere): (Vec<ClusterRecord>, Vec<ClusterRecord>) =
        named.into_iter().partition(|c| c.region == region);
    if here.is_empty()
        && let Some(other) = elsewhere.first()
    {
        eprintln!(
            "note: pcwiz's history has {name} in {}, not {region}; pass --region {} for that one",
            other.region, other.region
        );
    }
    // The one launched with the profile in use first (two accounts, one name), a live one
    // before a deleted one.
    let profile = ctx.profile().name;
    here.sort_by_key(|c| {
        (
            c.profile.as_deref() != Some(profile.as_str()),
            c.deleted_at.is_some(),
        )
    });
    let record = (!here.is_empty()).then(|| here.remove(0));
    Ok(Found {
        name: name.to_string(),
        region,
        record,
        others: here,
    })
}

impl Found {
    /// For commands that change something: who pcwiz acts as (one STS call), said on
    /// stderr, and a refusal when the cluster pcwiz knows by this name belongs to another
    /// account. Returns the account, and switches to the record of this account if the
    /// history has one.
    pub async fn acting_as(&mut self, session: &AwsSession) -> anyhow::Result<String> {
        let identity = identity::caller_identity(&session.config, &session.endpoint("sts"))
            .await
            .map_err(|e| anyhow::anyhow!("could not confirm who you are: {}", e.explained()))?;
        let account = identity.account;
        eprintln!(
            "Acting as {} on {}.",
            session.scope().describe(Some(&account)),
            self.name
        );
        let mine = |c: &ClusterRecord| c.account_id.as_deref() == Some(account.as_str());
        if let Some(at) = self.others.iter().position(mine)
            && !self.record.as_ref().is_some_and(mine)
        {
            self.record = Some(self.others.remove(at));
        }
        if let Some(refusal) = self
            .record
            .as_ref()
            .and_then(|r| r.other_account_refusal(&account))
        {
            anyhow::bail!(refusal);
        }
        Ok(account)
    }
}

/// The ssh config to use instead of ~/.ssh/config, if PCWIZ_SSH_CONFIG names one.
pub fn ssh_config() -> Option<std::path::PathBuf> {
    std::env::var_os("PCWIZ_SSH_CONFIG").map(std::path::PathBuf::from)
}
