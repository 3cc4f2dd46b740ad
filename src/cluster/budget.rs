//! A cluster's AWS Budget as pcwiz makes it: one monthly cost budget counting the cluster's
//! `parallelcluster:cluster-name` tag (or the whole account when the tag cannot be counted
//! by), emailing at 80% and 100% of what was spent and at 100% of AWS's forecast. Pure.

use serde::{Deserialize, Serialize};

use super::cluster_instance::NAME_TAG;
use super::cost::Estimate;
use super::price::money;

/// The margin over the idle month the default budget allows for.
const MARGIN: f64 = 0.25;

/// The three alerts: (ACTUAL or FORECASTED, percent of the budget).
pub const ALERTS: [(Spend, f64); 3] = [
    (Spend::Actual, 80.0),
    (Spend::Actual, 100.0),
    (Spend::Forecasted, 100.0),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Spend {
    Actual,
    Forecasted,
}

/// What the budget counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Scope {
    /// Costs carrying the cluster's tag (once AWS counts by it).
    ClusterTag,
    /// Every cost in the account: the tag could not be activated, for `why`.
    AccountWide { why: String },
}

/// The budget's name: budget names are unique per account, cluster names per region.
pub fn budget_name(cluster: &str, region: &str) -> String {
    format!("pcwiz-{cluster}-{region}")
}

/// The Budgets cost filter for the cluster's tag: user tags are filtered as
/// `user:KEY$VALUE`.
pub fn tag_filter_value(cluster: &str) -> String {
    format!("user:{NAME_TAG}${cluster}")
}

/// The default monthly budget, whole dollars, and why: the idle month with a margin.
pub fn default_monthly(estimate: &Estimate) -> (u32, String) {
    let idle = estimate.idle.usd_per_month();
    let amount = ((idle * (1.0 + MARGIN)) / 10.0).ceil() as u32 * 10;
    let amount = amount.max(10);
    (
        amount,
        format!(
            "the idle month ({}) plus {:.0}%, rounded up to $10; add what you plan to spend on runs",
            money(idle),
            MARGIN * 100.0
        ),
    )
}

/// Whether `text` can be an email address AWS will send to (a plain check: one @, a dot
/// in the domain, no spaces); the error says what is wrong.
pub fn check_email(text: &str) -> Result<String, String> {
    let text = text.trim();
    let (local, domain) = text
        .split_once('@')
        .ok_or_else(|| format!("'{text}' is not an email address (no @)"))?;
    if local.is_empty()
        || domain.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || text.chars().any(char::is_whitespace)
    {
        return Err(format!("'{text}' is not an email address"));
    }
    Ok(text.to_string())
}

/// A budget as AWS has it, for the Cost tab and `pcwiz budget`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetSeen {
    pub name: String,
    pub monthly_usd: f64,
    /// Spent this month, as AWS counts it (hours behind).
    pub actual_usd: Option<f64>,
    pub forecast_usd: Option<f64>,
    /// True when it counts only the cluster's tag.
    pub by_tag: bool,
    /// Its alerts: what is compared (spent or forecast) and at what percent.
    pub alerts: Vec<(Spend, f64)>,
}

impl BudgetSeen {
    /// "$12.40 of $290.00 this month (4%) · forecast $180.00 · counts the cluster's tag ·
    /// alerts at 80% and 100% spent, 100% forecast".
    pub fn describe(&self) -> String {
        let spent = match self.actual_usd {
            Some(actual) if self.monthly_usd > 0.0 => format!(
                "{} of {} this month ({:.0}%)",
                money(actual),
                money(self.monthly_usd),
                actual / self.monthly_usd * 100.0
            ),
            _ => format!("{} a month", money(self.monthly_usd)),
        };
        let forecast = self
            .forecast_usd
            .filter(|f| *f > 0.0)
            .map(|f| format!(" · forecast {}", money(f)))
            .unwrap_or_default();
        let scope = if self.by_tag {
            "counts the cluster's tag"
        } else {
            "counts the whole account"
        };
        let at = |kind: Spend| {
            self.alerts
                .iter()
                .filter(|(s, _)| *s == kind)
                .map(|(_, p)| format!("{p:.0}%"))
                .collect::<Vec<_>>()
                .join(" and ")
        };
        let alerts = match (at(Spend::Actual), at(Spend::Forecasted)) {
            (a, f) if a.is_empty() && f.is_empty() => " · no alerts".to_string(),
            (a, f) if f.is_empty() => format!(" · alerts at {a} spent"),
            (a, f) if a.is_empty() => format!(" · alerts at {f} forecast"),
            (a, f) => format!(" · alerts at {a} spent, {f} forecast"),
        };
        format!("{spent}{forecast} · {scope}{alerts}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::cost::{Breakdown, LineItem};
    use crate::cluster::price::{Price, PriceSource};

    #[test]
    fn the_default_is_the_idle_month_with_a_margin_and_says_so() {
        let line = LineItem {
            what: "Head node".into(),
            quantity: "1 × t3.large".into(),
            units: 1.0,
            price: Some(Price::hourly(
                0.0832,
                PriceSource::Snapshot {
                    as_of: "2023-08".into(),
                },
            )),
            note: None,
        };
        let estimate = Estimate {
            idle: Breakdown {
                lines: vec![line.clone()],
            },
            full_scale: Breakdown { lines: vec![line] },
        };
        // 0.0832 × 730 = 60.74; × 1.25 = 75.92 → $80.
        let (amount, why) = default_monthly(&estimate);
        assert_eq!(amount, 80);
        assert!(why.starts_with("the idle month ($60.74) plus 25%"), "{why}");
    }

    #[test]
    fn names_filters_and_addresses() {
        assert_eq!(budget_name("rev", "us-west-2"), "pcwiz-rev-us-west-2");
        assert_eq!(
            tag_filter_value("rev"),
            "user:parallelcluster:cluster-name$rev"
        );
        assert_eq!(check_email(" ana@uni.edu ").unwrap(), "ana@uni.edu");
        for bad in ["ana", "ana@uni", "@uni.edu", "ana @uni.edu", "ana@uni.edu."] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
        let seen = BudgetSeen {
            name: "pcwiz-rev-us-west-2".into(),
            monthly_usd: 290.0,
            actual_usd: Some(12.4),
            forecast_usd: Some(180.0),
            by_tag: true,
            alerts: ALERTS.to_vec(),
        };
        assert_eq!(
            seen.describe(),
            "$12.40 of $290.00 this month (4%) · forecast $180.00 · counts the cluster's tag · alerts at 80% and 100% spent, 100% forecast"
        );
    }
}
