//! A cluster's AWS Budget: made (the cluster's tag activated for cost allocation first,
//! else an account-wide budget, labelled so), read for the Cost tab, and removed. Every
//! refusal is a sentence for the user, never a failed launch.

use chrono::Utc;

use crate::aws::budgets::{self, NewBudget};
use crate::aws::identity;
use crate::aws::session::AwsSession;
use crate::cluster::budget::{self, BudgetSeen, Scope};
use crate::cluster::cluster_instance::NAME_TAG;
use crate::store::dirs::Dirs;
use crate::store::history::{BudgetRecord, History};

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetRequest {
    pub monthly_usd: u32,
    pub email: String,
}

/// What was made, and what the user should know about it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BudgetMade {
    pub name: String,
    pub monthly_usd: u32,
    pub scope: Scope,
    pub notes: Vec<String>,
}

/// Makes (or remakes, with new settings) the budget for `cluster` and records it.
pub async fn create(
    session: &AwsSession,
    dirs: &Dirs,
    cluster: &str,
    request: &BudgetRequest,
) -> Result<BudgetMade, String> {
    let email = budget::check_email(&request.email)?;
    let account = account(session).await?;
    let name = budget::budget_name(cluster, &session.region);
    let mut notes = vec![];
    let scope = match budgets::activate_cost_tag(session, NAME_TAG).await {
        Ok(()) => {
            notes.push(format!(
                "AWS takes up to 24 hours to start counting costs by the tag {NAME_TAG}: until then the budget shows $0 spent."
            ));
            Scope::ClusterTag
        }
        Err(e) => {
            let why = format!(
                "the tag {NAME_TAG} could not be activated for cost allocation ({}); a member account of an AWS Organization may not be allowed to, its management account can",
                e.explained()
            );
            notes.push(format!("This budget counts the whole account: {why}."));
            Scope::AccountWide { why }
        }
    };
    let new = NewBudget {
        account: &account,
        name: &name,
        monthly_usd: request.monthly_usd,
        tagged_cluster: matches!(scope, Scope::ClusterTag).then_some(cluster),
        email: &email,
    };
    match budgets::create(session, &new).await {
        // A new amount or address replaces the old budget (AWS keeps no history of it).
        Err(e) if e.code() == Some("DuplicateRecordException") => {
            budgets::delete(session, &account, &name)
                .await
                .map_err(|e| refused("replace the old budget", &e))?;
            budgets::create(session, &new)
                .await
                .map_err(|e| refused("create the budget", &e))?;
        }
        made => made.map_err(|e| refused("create the budget", &e))?,
    }
    notes.push(format!(
        "AWS emails {email} at 80% and 100% of ${} spent and when the month's forecast passes it.",
        request.monthly_usd
    ));
    let record = BudgetRecord {
        name: name.clone(),
        monthly_usd: request.monthly_usd,
        email,
        scope: scope.clone(),
        created_at: Utc::now(),
    };
    let recorded =
        History::in_dir(&dirs.data).update(cluster, &session.region, Some(&account), |c| {
            c.budget = Some(record)
        });
    if let Err(e) = recorded {
        notes.push(format!(
            "pcwiz could not note the budget in its history ({e}); clean-up finds it by name."
        ));
    }
    Ok(BudgetMade {
        name,
        monthly_usd: request.monthly_usd,
        scope,
        notes,
    })
}

/// The cluster's budget as AWS has it now; None when it has none.
pub async fn look(session: &AwsSession, cluster: &str) -> Result<Option<BudgetSeen>, String> {
    let account = account(session).await?;
    budgets::describe(
        session,
        &account,
        &budget::budget_name(cluster, &session.region),
    )
    .await
    .map_err(|e| refused("read the budget", &e))
}

/// Removes the cluster's budget; Ok(false) when it had none.
pub async fn remove(session: &AwsSession, dirs: &Dirs, cluster: &str) -> Result<bool, String> {
    let account = account(session).await?;
    let name = budget::budget_name(cluster, &session.region);
    let removed = budgets::delete(session, &account, &name)
        .await
        .map_err(|e| refused("remove the budget", &e))?;
    let _ = History::in_dir(&dirs.data).update(cluster, &session.region, Some(&account), |c| {
        c.budget = None
    });
    Ok(removed)
}

async fn account(session: &AwsSession) -> Result<String, String> {
    identity::caller_identity(&session.config, &session.endpoint("sts"))
        .await
        .map(|i| i.account)
        .map_err(|e| {
            format!(
                "pcwiz could not tell which account this is: {}",
                e.explained()
            )
        })
}

fn refused(what: &str, error: &crate::aws::error::AwsError) -> String {
    format!("pcwiz could not {what}: {}", error.explained())
}
