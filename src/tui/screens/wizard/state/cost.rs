//! Prices and the cost estimate while the wizard runs. From the head-node step on, every
//! key recomputes the estimate for the config as it stands (with the type under the
//! picker's cursor, so moving through the picker moves the numbers), and asks the
//! background for any price not yet asked for. Nothing here waits for an answer.

use std::collections::BTreeSet;

use super::*;
use crate::cluster::cost::{self, Estimate};
use crate::cluster::price_book::{PriceBook, PriceKey};
use crate::cluster::price_outage::PriceOutage;

/// Types priced before the rest of the zone's catalog: about a screen of the picker.
const FIRST_BATCH: usize = 40;

#[derive(Debug, Clone, Default)]
pub struct PriceState {
    pub book: PriceBook,
    /// Asked for already in this region (the engine refreshes only what is stale).
    requested: BTreeSet<PriceKey>,
    /// Requests still answering.
    pub pending: usize,
    /// Why live prices could not be had, from the last request that failed.
    pub problem: Option<PriceOutage>,
}

impl WizardUi {
    /// The cost panel shows from the head-node step on.
    pub fn cost_shown(&self) -> bool {
        self.step.index() >= StepId::HeadNode.index()
    }

    /// The config as it stands, with the type under a picker's cursor put in place.
    pub fn config_for_cost(&self) -> Option<ClusterConfig> {
        let mut config = build::config_so_far(&self.draft)?;
        let highlighted = match self.catalog.value() {
            Some(Ok(picker)) => picker.current().map(|t| t.name.clone()),
            _ => None,
        };
        match (self.step, highlighted) {
            (StepId::HeadNode, Some(t)) => config.head_node.instance_type = t,
            (StepId::Queues, Some(t)) if self.queue_picking => {
                if let Some(&(q, r)) = edits::queue_rows(&config).get(self.queue_selected) {
                    config.scheduling.slurm_queues[q].compute_resources[r].instance_type = Some(t);
                }
            }
            _ => {}
        }
        Some(config)
    }

    /// Whether the compute subnet goes out through a NAT gateway, as far as is known.
    pub fn cost_surroundings(&self) -> cost::Surroundings {
        let Some(choice) = &self.draft.network else {
            return cost::Surroundings { nat_gateways: None };
        };
        let subnet = match self.network.value() {
            Some(Ok(inventory)) => inventory
                .subnets
                .iter()
                .find(|s| s.id == choice.compute_subnet),
            _ => None,
        };
        let nat = match subnet {
            Some(s) => Some(s.route_out == crate::cluster::network::RouteOut::NatGateway),
            // A network pcwiz made with a separate compute subnet is the NAT layout.
            None if choice.created_stack.is_some() => {
                Some(choice.compute_subnet != choice.head_subnet)
            }
            None => None,
        };
        cost::Surroundings {
            nat_gateways: nat.map(u32::from),
        }
    }

    pub fn cost_estimate(&self) -> Option<Estimate> {
        let config = self.config_for_cost()?;
        Some(cost::estimate(
            &config,
            &self.prices.book,
            self.cost_surroundings(),
        ))
    }

    /// The prices the screen needs and nobody has asked for yet, as one background request:
    /// the estimate's and the picker's first screen first, the rest of the catalog after.
    pub(super) fn price_requests(&mut self) -> Vec<Command> {
        let region = self.region();
        if !self.cost_shown() || region.is_empty() {
            return vec![];
        }
        if self.prices.book.region != region {
            self.prices = PriceState {
                book: PriceBook::new(&region),
                ..PriceState::default()
            };
        }
        let Some(config) = self.config_for_cost() else {
            return vec![];
        };
        let mut first = cost::price_keys(&config, self.cost_surroundings());
        if self.step == StepId::Queues {
            // Both markets for every queue's type: the queue step shows them side by side.
            let queues = &config.scheduling.slurm_queues;
            for t in queues
                .iter()
                .flat_map(|q| &q.compute_resources)
                .filter_map(|r| r.instance_type.as_ref())
            {
                first.push(PriceKey::instance(t, false));
                first.push(PriceKey::instance(t, true));
            }
        }
        let mut rest = vec![];
        if let Some(Ok(picker)) = self.catalog.value() {
            let on_demand = |t: &InstanceInfo| PriceKey::instance(&t.name, false);
            first.extend(picker.visible().take(FIRST_BATCH).map(on_demand));
            rest.extend(picker.visible().skip(FIRST_BATCH).map(on_demand));
        }
        let mut new = |keys: Vec<PriceKey>| -> Vec<PriceKey> {
            keys.into_iter()
                .filter(|k| self.prices.requested.insert(k.clone()))
                .collect()
        };
        let (first, rest) = (new(first), new(rest));
        if first.is_empty() && rest.is_empty() {
            return vec![];
        }
        self.prices.pending += 1;
        vec![Command::LoadPrices {
            offline: self.offline,
            region,
            first,
            rest,
            zone: self
                .draft
                .network
                .as_ref()
                .map(|n| n.availability_zone.clone()),
        }]
    }

    pub fn prices_loaded(
        &mut self,
        region: &str,
        book: PriceBook,
        problem: Option<PriceOutage>,
        finished: bool,
    ) {
        if region != self.prices.book.region {
            return;
        }
        self.prices.book.merge(book);
        if problem.is_some() {
            self.prices.problem = problem;
        }
        if finished {
            self.prices.pending = self.prices.pending.saturating_sub(1);
        }
    }
}
