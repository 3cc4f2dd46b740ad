//! AWS Budgets for a cluster, and the cost allocation tag it counts by. Both APIs answer in
//! us-east-1 whatever region the cluster is in (FACTS.md, "AWS Budgets"). Refusals name the
//! IAM action to allow, which for Budgets is not the API's name: creating and deleting need
//! budgets:ModifyBudget, reading budgets:ViewBudget.

use std::collections::HashMap;

use aws_sdk_budgets::types::{
    Budget, BudgetType, ComparisonOperator, Notification, NotificationType,
    NotificationWithSubscribers, Spend, Subscriber, SubscriptionType, ThresholdType, TimeUnit,
};
use aws_sdk_costexplorer::types::{CostAllocationTagStatus, CostAllocationTagStatusEntry};

use super::error::{AwsError, sdk_error};
use super::session::AwsSession;
use crate::cluster::budget::{self, ALERTS, BudgetSeen};

/// Where both APIs answer.
const BILLING_REGION: &str = "us-east-1";
/// The Budgets cost filter key for tags.
const TAG_FILTER: &str = "TagKeyValue";

fn budgets(session: &AwsSession) -> aws_sdk_budgets::Client {
    let config = aws_sdk_budgets::config::Builder::from(&session.config)
        .region(aws_config::Region::new(BILLING_REGION))
        .build();
    aws_sdk_budgets::Client::from_conf(config)
}

fn cost_explorer(session: &AwsSession) -> aws_sdk_costexplorer::Client {
    let config = aws_sdk_costexplorer::config::Builder::from(&session.config)
        .region(aws_config::Region::new(BILLING_REGION))
        .build();
    aws_sdk_costexplorer::Client::from_conf(config)
}

/// Activates `key` as a cost allocation tag (Cost Explorer UpdateCostAllocationTagsStatus),
/// so budgets can count by it. AWS takes up to 24 hours to start.
pub async fn activate_cost_tag(session: &AwsSession, key: &str) -> Result<(), AwsError> {
    let endpoint = session.endpoint("ce");
    let entry = CostAllocationTagStatusEntry::builder()
        .tag_key(key)
        .status(CostAllocationTagStatus::Active)
        .build()
        .map_err(|e| AwsError::Other(e.to_string()))?;
    let answer = cost_explorer(session)
        .update_cost_allocation_tags_status()
        .cost_allocation_tags_status(entry)
        .send()
        .await
        .map_err(|e| sdk_error(e, &endpoint, "ce:UpdateCostAllocationTagsStatus"))?;
    // Per-tag refusals come back in the answer, not as an error.
    match answer.errors().first() {
        None => Ok(()),
        Some(refused) => Err(AwsError::Service {
            code: refused.code().unwrap_or("TagNotActivated").to_string(),
            message: refused.message().unwrap_or_default().to_string(),
        }),
    }
}

/// What to create.
#[derive(Debug, Clone)]
pub struct NewBudget<'a> {
    pub account: &'a str,
    pub name: &'a str,
    pub monthly_usd: u32,
    /// The cluster whose tag it counts; None: the whole account.
    pub tagged_cluster: Option<&'a str>,
    pub email: &'a str,
}

pub async fn create(session: &AwsSession, new: &NewBudget<'_>) -> Result<(), AwsError> {
    let endpoint = session.endpoint("budgets");
    let build = |e: aws_sdk_budgets::error::BuildError| AwsError::Other(e.to_string());
    let mut filters: HashMap<String, Vec<String>> = HashMap::new();
    if let Some(cluster) = new.tagged_cluster {
        filters.insert(TAG_FILTER.into(), vec![budget::tag_filter_value(cluster)]);
    }
    #[allow(deprecated)] // CostFilters: what moto and every account still accept.
    let budget = Budget::builder()
        .budget_name(new.name)
        .budget_type(BudgetType::Cost)
        .time_unit(TimeUnit::Monthly)
        .budget_limit(
            Spend::builder()
                .amount(new.monthly_usd.to_string())
                .unit("USD")
                .build()
                .map_err(build)?,
        )
        .set_cost_filters(Some(filters).filter(|f| !f.is_empty()))
        .build()
        .map_err(build)?;
    let subscriber = Subscriber::builder()
        .subscription_type(SubscriptionType::Email)
        .address(new.email)
        .build()
        .map_err(build)?;
    let mut request = budgets(session)
        .create_budget()
        .account_id(new.account)
        .budget(budget);
    for (spend, percent) in ALERTS {
        let notification = Notification::builder()
            .notification_type(match spend {
                budget::Spend::Actual => NotificationType::Actual,
                budget::Spend::Forecasted => NotificationType::Forecasted,
            })
            .comparison_operator(ComparisonOperator::GreaterThan)
            .threshold(percent)
            .threshold_type(ThresholdType::Percentage)
            .build()
            .map_err(build)?;
        request = request.notifications_with_subscribers(
            NotificationWithSubscribers::builder()
                .notification(notification)
                .subscribers(subscriber.clone())
                .build()
                .map_err(build)?,
        );
    }
    request
        .send()
        .await
        .map_err(|e| sdk_error(e, &endpoint, "budgets:ModifyBudget"))?;
    Ok(())
}

/// The budget named `name`, with what it has counted this month; None when there is none.
pub async fn describe(
    session: &AwsSession,
    account: &str,
    name: &str,
) -> Result<Option<BudgetSeen>, AwsError> {
    let endpoint = session.endpoint("budgets");
    let client = budgets(session);
    let answer = match client
        .describe_budget()
        .account_id(account)
        .budget_name(name)
        .send()
        .await
    {
        Ok(answer) => answer,
        Err(e) => {
            let error = sdk_error(e, &endpoint, "budgets:ViewBudget");
            return match error.code() {
                Some("NotFoundException") => Ok(None),
                _ => Err(error),
            };
        }
    };
    let Some(found) = answer.budget() else {
        return Ok(None);
    };
    let notifications = client
        .describe_notifications_for_budget()
        .account_id(account)
        .budget_name(name)
        .send()
        .await
        .map_err(|e| sdk_error(e, &endpoint, "budgets:ViewBudget"))?;
    // Email subscribers are not read back (moto has no DescribeSubscribersForNotification,
    // and the address is in pcwiz's history): the alerts are.
    let alerts = notifications
        .notifications()
        .iter()
        .map(|n| {
            let spend = match n.notification_type() {
                NotificationType::Forecasted => budget::Spend::Forecasted,
                _ => budget::Spend::Actual,
            };
            (spend, n.threshold())
        })
        .collect();
    let amount = |spend: Option<&Spend>| spend.and_then(|s| s.amount().parse::<f64>().ok());
    #[allow(deprecated)]
    let by_tag = found
        .cost_filters()
        .is_some_and(|f| f.contains_key(TAG_FILTER));
    Ok(Some(BudgetSeen {
        name: name.to_string(),
        monthly_usd: amount(found.budget_limit()).unwrap_or(0.0),
        actual_usd: amount(found.calculated_spend().and_then(|c| c.actual_spend())),
        forecast_usd: amount(found.calculated_spend().and_then(|c| c.forecasted_spend())),
        by_tag,
        alerts,
    }))
}

/// Deletes the budget; Ok(false) when there was none.
pub async fn delete(session: &AwsSession, account: &str, name: &str) -> Result<bool, AwsError> {
    let endpoint = session.endpoint("budgets");
    match budgets(session)
        .delete_budget()
        .account_id(account)
        .budget_name(name)
        .send()
        .await
    {
        Ok(_) => Ok(true),
        Err(e) => {
            let error = sdk_error(e, &endpoint, "budgets:ModifyBudget");
            match error.code() {
                Some("NotFoundException") => Ok(false),
                _ => Err(error),
            }
        }
    }
}
