//! The dashboard's cost over the cluster's life: the idle guard's log of compute nodes up,
//! priced, on top of what bills all along (the head node and the storage). Without the log,
//! the $/hour of each refresh since the dashboard opened, said so.

use chrono::DateTime;

use super::state::DashboardUi;
use crate::cluster::cost_history::{self, Baseline};
use crate::cluster::price_book::PriceKey;

/// $/hour in cents per slice, and what the slices span.
pub struct CostSeries {
    pub cents: Vec<u64>,
    pub label: String,
}

impl DashboardUi {
    /// The head node's instance and the storage, per hour, when both are priced.
    pub fn baseline(&self) -> Option<Baseline> {
        let head = self
            .instances
            .value
            .iter()
            .flatten()
            .find(|i| i.node_type == "HeadNode")?;
        let head_usd = self
            .book
            .get(&PriceKey::instance(&head.instance_type, head.spot))?
            .usd;
        Some(Baseline {
            usd_per_hour: head_usd + self.storage_usd_per_hour?,
        })
    }

    /// The clock the history runs to: the head node's, else this machine's.
    fn history_now(&self, wall: DateTime<chrono::Utc>) -> i64 {
        self.cluster_clock.unwrap_or(wall.timestamp())
    }

    /// $/hour over the cluster's life in `slices`, from the guard's log; else the refreshes'.
    pub fn cost_series(&self, slices: usize, wall: DateTime<chrono::Utc>) -> CostSeries {
        let cents = |usd: &[f64]| usd.iter().map(|u| (u * 100.0).round() as u64).collect();
        match (self.nodes_up.first(), self.baseline()) {
            (Some(first), Some(baseline)) => {
                let from = self.created.map_or(first.t, |c| c.timestamp().min(first.t));
                let to = self.history_now(wall);
                let usd = cost_history::usd_per_hour_series(
                    &self.nodes_up,
                    baseline,
                    &self.book,
                    from,
                    to,
                    slices,
                );
                let unpriced = cost_history::unpriced_types(&self.nodes_up, &self.book);
                CostSeries {
                    cents: cents(&usd),
                    label: format!(
                        " $/hour since {} (the idle guard's log){} ",
                        crate::cluster::cluster_row::age(DateTime::from_timestamp(from, 0), wall)
                            + " ago",
                        if unpriced.is_empty() {
                            String::new()
                        } else {
                            format!(", unpriced: {}", unpriced.join(", "))
                        }
                    ),
                }
            }
            _ => CostSeries {
                cents: cents(&self.cost_samples),
                label: if self.nodes_up_kept {
                    " $/hour over the dashboard's refreshes (the guard's log is not priced yet) "
                        .into()
                } else {
                    format!(
                        " $/hour over {} (no cost log on the head node: the idle guard keeps one, g) ",
                        match self.cost_samples.len() {
                            1 => "the last refresh".to_string(),
                            n => format!("the last {n} refreshes"),
                        }
                    )
                },
            },
        }
    }
}
