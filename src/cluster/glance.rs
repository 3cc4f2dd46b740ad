//! The dashboard at a glance: Slurm's nodes and jobs sorted into the few states a person
//! reads from across the room, each with a glyph and a word (never colour alone, so
//! `NO_COLOR` and a 16-colour terminal lose nothing), and the alerts, most costly first,
//! each with the key that acts on it. Pure: the Overview draws what this returns.

use crate::cluster::node_billing::Billing;
use crate::cluster::slurm::{Job, Node};

/// A node as the Overview's bar shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeState {
    Busy,
    PoweringUp,
    Idle,
    PoweredOff,
    Down,
}

impl NodeState {
    /// In the bar's order: what bills first.
    pub const ALL: [NodeState; 5] = [
        NodeState::Busy,
        NodeState::PoweringUp,
        NodeState::Idle,
        NodeState::PoweredOff,
        NodeState::Down,
    ];

    /// The order a person deals with them: down, then billing for nothing, starting,
    /// working, and last what costs nothing.
    pub const ATTENTION: [NodeState; 5] = [
        NodeState::Down,
        NodeState::Idle,
        NodeState::PoweringUp,
        NodeState::Busy,
        NodeState::PoweredOff,
    ];

    pub fn glyph(self) -> char {
        match self {
            NodeState::Busy => '█',
            NodeState::PoweringUp => '▓',
            NodeState::Idle => '▒',
            NodeState::PoweredOff => '░',
            NodeState::Down => '✖',
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            NodeState::Busy => "busy",
            NodeState::PoweringUp => "starting",
            NodeState::Idle => "idle",
            NodeState::PoweredOff => "off",
            NodeState::Down => "down",
        }
    }
}

/// Down or drained wins over the power flags: such a node needs a person, whatever its power.
/// Not responding does too, except while the node powers up: its slurmd has not
/// registered yet (sinfo's `mixed#`), which is how every cloud node starts.
pub fn node_state(node: &Node) -> NodeState {
    let has = |flag: &str| node.flags.iter().any(|f| f == flag);
    let down = matches!(
        node.state.as_str(),
        "down" | "drained" | "draining" | "fail"
    ) || (has("NOT_RESPONDING") && !has("POWERING_UP"));
    if down {
        NodeState::Down
    } else if has("POWERING_UP") {
        NodeState::PoweringUp
    } else if has("POWERED_DOWN") || has("POWERING_DOWN") || node.state == "future" {
        NodeState::PoweredOff
    } else if matches!(node.state.as_str(), "allocated" | "mixed" | "completing") {
        NodeState::Busy
    } else {
        NodeState::Idle
    }
}

/// One queue's nodes counted by state, in `NodeState::ALL`'s order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueNodes {
    pub queue: String,
    pub counts: [usize; 5],
    /// Its nodes, as indexes into the slice `queues` was given, what needs a person first
    /// (`NodeState::ATTENTION`), in Slurm's order within each state: the Nodes tab lists
    /// them under their queue, so a node down or idle and billing is seen without scrolling
    /// past the powered-off ones.
    pub nodes: Vec<usize>,
}

impl QueueNodes {
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    pub fn count(&self, state: NodeState) -> usize {
        NodeState::ALL
            .iter()
            .position(|s| *s == state)
            .map_or(0, |i| self.counts[i])
    }

    /// "3 busy · 1 idle · 8 off": the states it has, in the bar's order.
    pub fn words(&self) -> String {
        self.present()
            .map(|(s, n)| format!("{n} {}", s.word()))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The states it has with their counts, in the bar's order.
    pub fn present(&self) -> impl Iterator<Item = (NodeState, usize)> + '_ {
        NodeState::ALL
            .into_iter()
            .zip(self.counts)
            .filter(|(_, n)| *n > 0)
    }
}

/// Nodes by their queue, in the order Slurm listed them.
pub fn queues(nodes: &[Node]) -> Vec<QueueNodes> {
    let mut queues: Vec<QueueNodes> = vec![];
    for (n, node) in nodes.iter().enumerate() {
        let queue = queue_of(node);
        let at = match queues.iter().position(|q| q.queue == queue) {
            Some(at) => at,
            None => {
                queues.push(QueueNodes {
                    queue,
                    counts: [0; 5],
                    nodes: vec![],
                });
                queues.len() - 1
            }
        };
        let state = node_state(node);
        let slot = NodeState::ALL.iter().position(|s| *s == state).unwrap_or(0);
        queues[at].counts[slot] += 1;
        queues[at].nodes.push(n);
    }
    for queue in &mut queues {
        // Stable: Slurm's order stays within each state.
        queue.nodes.sort_by_key(|n| {
            let state = node_state(&nodes[*n]);
            NodeState::ATTENTION.iter().position(|s| *s == state)
        });
    }
    queues
}

/// ParallelCluster names a node `<queue>-dy-<resource>-<n>` (or `-st-` for a static one),
/// and its queue is its partition; a node an admin also put in another partition keeps the
/// queue its name says. Other names: the first partition Slurm lists.
fn queue_of(node: &Node) -> String {
    let named = ["-dy-", "-st-"]
        .iter()
        .find_map(|kind| node.name.split_once(kind).map(|(queue, _)| queue));
    match named {
        Some(queue) if node.partitions.iter().any(|p| p == queue) => queue.to_string(),
        _ => node.partitions.first().cloned().unwrap_or_default(),
    }
}

/// `width` cells of glyphs, each state's share rounded so that the cells add up and every
/// state present gets at least one.
pub fn bar(counts: &[usize], glyphs: &[char], width: usize) -> String {
    let total: usize = counts.iter().sum();
    if total == 0 || width == 0 {
        return String::new();
    }
    let present = counts.iter().filter(|n| **n > 0).count();
    let width = width.max(present);
    let mut cells: Vec<usize> = counts
        .iter()
        .map(|n| match n {
            0 => 0,
            n => ((n * width) as f64 / total as f64).round().max(1.0) as usize,
        })
        .collect();
    // Rounding may over- or undershoot: take from or give to the largest share.
    while cells.iter().sum::<usize>() != width {
        let largest = (0..cells.len()).max_by_key(|i| cells[*i]).unwrap_or(0);
        if cells.iter().sum::<usize>() > width {
            cells[largest] -= 1;
        } else {
            cells[largest] += 1;
        }
    }
    cells
        .iter()
        .zip(glyphs)
        .flat_map(|(n, g)| std::iter::repeat_n(*g, *n))
        .collect()
}

/// Jobs as the gauge shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    Running,
    Pending,
    Done,
    Failed,
}

impl JobState {
    pub const ALL: [JobState; 4] = [
        JobState::Done,
        JobState::Running,
        JobState::Pending,
        JobState::Failed,
    ];

    pub fn glyph(self) -> char {
        match self {
            JobState::Done => '█',
            JobState::Running => '▓',
            JobState::Pending => '░',
            JobState::Failed => '✖',
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            JobState::Done => "done",
            JobState::Running => "running",
            JobState::Pending => "pending",
            JobState::Failed => "failed",
        }
    }
}

pub fn job_state(job: &Job) -> JobState {
    match job.state.as_str() {
        "RUNNING" | "COMPLETING" | "CONFIGURING" | "SUSPENDED" => JobState::Running,
        "PENDING" | "REQUEUED" | "RESIZING" => JobState::Pending,
        "COMPLETED" => JobState::Done,
        // Cancelled, timed out, out of memory, node failure, boot failure, deadline…
        _ => JobState::Failed,
    }
}

/// Counted in `JobState::ALL`'s order.
pub fn job_counts(jobs: &[Job]) -> [usize; 4] {
    let mut counts = [0; 4];
    for job in jobs {
        let state = job_state(job);
        if let Some(i) = JobState::ALL.iter().position(|s| *s == state) {
            counts[i] += 1;
        }
    }
    counts
}

/// One thing wrong, what it costs, and the key that deals with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    /// What it costs per hour while it lasts; 0 for what costs time, not money.
    pub usd_per_hour: f64,
    pub text: String,
    /// "f", "2", …: shown as "[f]".
    pub key: &'static str,
}

/// What the alerts are made from: each part of the last refresh, as far as it is known.
#[derive(Debug, Default)]
pub struct AlertInputs<'a> {
    pub billing: Option<&'a Billing>,
    pub scaledown_minutes: u32,
    /// HSDS's 503s over the last minutes.
    pub recent_503: Option<u64>,
    pub failed_jobs: usize,
    /// Spent this month and the budget, in USD, when a budget is set.
    pub budget: Option<(Option<f64>, Option<f64>, f64)>,
    /// Minutes until the idle guard stops the head node, when it will.
    pub guard_stops_in_minutes: Option<i64>,
}

/// Most costly first; what costs no money after, in the order a run suffers from it.
pub fn alerts(inputs: &AlertInputs) -> Vec<Alert> {
    let mut alerts = vec![];
    if let Some(billing) = inputs.billing {
        let idle: Vec<_> = billing.idle_billing().collect();
        if !idle.is_empty() {
            // Summed from 0.0 (an empty float sum is -0.0, which prints as "$-0.00").
            let usd = idle
                .iter()
                .filter_map(|n| n.usd_per_hour)
                .fold(0.0, |sum, u| sum + u);
            let price = if usd > 0.0 {
                format!(", billing ${usd:.2}/h")
            } else {
                ", still billing (its price is unknown here)".to_string()
            };
            alerts.push(Alert {
                // Money, even unpriced: before what costs time.
                usd_per_hour: usd.max(f64::MIN_POSITIVE),
                text: format!(
                    "{} node{} idle past the {}-min scale-down{price}",
                    idle.len(),
                    plural(idle.len()),
                    inputs.scaledown_minutes
                ),
                key: "f",
            });
        }
        let orphans: f64 = billing
            .unclaimed
            .iter()
            .filter(|i| i.state == "running")
            .count() as f64;
        if orphans > 0.0 {
            alerts.push(Alert {
                usd_per_hour: 0.0,
                text: format!(
                    "{orphans} compute instance{} that no Slurm node claims",
                    plural(orphans as usize)
                ),
                key: "2",
            });
        }
        for node in billing.nodes.iter().filter(|n| n.launch_error.is_some()) {
            alerts.push(Alert {
                usd_per_hour: 0.0,
                text: format!(
                    "{} will not start: {}",
                    node.node,
                    node.launch_error.as_deref().unwrap_or_default()
                ),
                key: "2",
            });
        }
    }
    if let Some((actual, forecast, monthly)) = inputs.budget {
        let over = |v: Option<f64>| v.is_some_and(|v| v >= monthly);
        if over(actual) {
            alerts.push(Alert {
                usd_per_hour: 0.0,
                text: format!("the month's budget (${monthly:.0}) is spent"),
                key: "6",
            });
        } else if over(forecast) {
            alerts.push(Alert {
                usd_per_hour: 0.0,
                text: format!("the month is forecast past its budget (${monthly:.0})"),
                key: "6",
            });
        }
    }
    if let Some(refused) = inputs.recent_503.filter(|n| *n > 0) {
        alerts.push(Alert {
            usd_per_hour: 0.0,
            text: format!(
                "HSDS refused {refused} request{} (503)",
                plural(refused as usize)
            ),
            key: "4",
        });
    }
    if inputs.failed_jobs > 0 {
        alerts.push(Alert {
            usd_per_hour: 0.0,
            text: format!(
                "{} job{} failed",
                inputs.failed_jobs,
                plural(inputs.failed_jobs)
            ),
            key: "3",
        });
    }
    if let Some(minutes) = inputs.guard_stops_in_minutes.filter(|m| *m <= 30) {
        alerts.push(Alert {
            usd_per_hour: 0.0,
            text: format!(
                "the idle guard stops the head node in {} min",
                minutes.max(0)
            ),
            key: "g",
        });
    }
    // Stable: equal costs keep the order above.
    alerts.sort_by(|a, b| b.usd_per_hour.total_cmp(&a.usd_per_hour));
    alerts
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, partition: &str, state: &str, flags: &[&str]) -> Node {
        Node {
            name: name.into(),
            partitions: vec![partition.into()],
            state: state.into(),
            flags: flags.iter().map(|f| f.to_string()).collect(),
            cpus: None,
            reason: None,
            address: None,
            last_busy: None,
        }
    }

    #[test]
    fn nodes_sort_into_what_a_person_reads() {
        let cases = [
            ("allocated", &[][..], NodeState::Busy),
            ("mixed", &["CLOUD"][..], NodeState::Busy),
            (
                "idle",
                &["CLOUD", "POWERED_DOWN"][..],
                NodeState::PoweredOff,
            ),
            ("idle", &["CLOUD", "POWERING_UP"][..], NodeState::PoweringUp),
            (
                "mixed",
                &["CLOUD", "NOT_RESPONDING", "POWERING_UP"][..],
                NodeState::PoweringUp,
            ),
            ("idle", &["CLOUD"][..], NodeState::Idle),
            ("down", &["CLOUD", "POWERED_DOWN"][..], NodeState::Down),
            ("idle", &["NOT_RESPONDING"][..], NodeState::Down),
        ];
        for (state, flags, want) in cases {
            assert_eq!(
                node_state(&node("n", "q", state, flags)),
                want,
                "{state} {flags:?}"
            );
        }
    }

    #[test]
    fn queues_count_their_nodes_in_bar_order() {
        let nodes = [
            node("standard-dy-standard-1", "standard", "allocated", &[]),
            node("bigmem-dy-bigmem-1", "bigmem", "down", &[]),
            node(
                "standard-dy-standard-2",
                "standard",
                "idle",
                &["POWERED_DOWN"],
            ),
            node(
                "standard-dy-standard-3",
                "standard",
                "idle",
                &["POWERED_DOWN"],
            ),
        ];
        let queues = queues(&nodes);
        assert_eq!(queues[0].queue, "standard");
        assert_eq!(queues[0].words(), "1 busy · 2 off");
        assert_eq!(queues[1].words(), "1 down");
        assert_eq!(queues[0].total(), 3);
        // Each queue keeps its own nodes, whatever order Slurm listed them in.
        assert_eq!(queues[0].nodes, [0, 2, 3]);
        assert_eq!(queues[1].nodes, [1]);
        // What needs a person first: the down node before the busy one.
        let down_last = [
            nodes[0].clone(),
            node("standard-dy-standard-9", "standard", "down", &[]),
        ];
        assert_eq!(super::queues(&down_last)[0].nodes, [1, 0]);
        // A static node an admin added to another partition too stays in its own queue.
        let mut shared = node("bigmem-st-bigmem-1", "standard", "allocated", &["DRAIN"]);
        shared.partitions.push("bigmem".into());
        let queues = super::queues(&[nodes[0].clone(), shared]);
        assert_eq!(queues[1].queue, "bigmem");
        assert_eq!(queues[1].nodes, [1]);
    }

    #[test]
    fn a_bar_fills_its_width_and_shows_every_state_present() {
        let glyphs = ['a', 'b', 'c'];
        assert_eq!(bar(&[1, 0, 99], &glyphs, 10), "accccccccc");
        assert_eq!(bar(&[1, 1, 1], &glyphs, 10).chars().count(), 10);
        assert_eq!(bar(&[0, 0, 0], &glyphs, 10), "");
        // Narrower than the states present: each still gets a cell.
        assert_eq!(bar(&[1, 1, 1], &glyphs, 2), "abc");
    }

    #[test]
    fn alerts_put_money_first_and_name_their_key() {
        use crate::cluster::node_billing::NodeBilling;
        let billing = Billing {
            nodes: vec![
                NodeBilling {
                    node: "standard-dy-standard-8".into(),
                    instance_id: Some("i-8".into()),
                    instance_type: Some("c6a.12xlarge".into()),
                    spot: false,
                    usd_per_hour: Some(1.836),
                    launch_error: None,
                    idle_billing_minutes: Some(25),
                    is_static: false,
                },
                NodeBilling {
                    node: "bigmem-dy-bigmem-1".into(),
                    instance_id: None,
                    instance_type: None,
                    spot: false,
                    usd_per_hour: Some(0.0),
                    launch_error: Some("EC2 has no spare capacity".into()),
                    idle_billing_minutes: None,
                    is_static: false,
                },
            ],
            unclaimed: vec![],
        };
        let alerts = alerts(&AlertInputs {
            billing: Some(&billing),
            scaledown_minutes: 10,
            recent_503: Some(3),
            failed_jobs: 2,
            budget: Some((Some(300.0), None, 290.0)),
            guard_stops_in_minutes: Some(12),
        });
        let said: Vec<(&str, &str)> = alerts.iter().map(|a| (a.key, a.text.as_str())).collect();
        assert_eq!(
            said,
            [
                (
                    "f",
                    "1 node idle past the 10-min scale-down, billing $1.84/h"
                ),
                (
                    "2",
                    "bigmem-dy-bigmem-1 will not start: EC2 has no spare capacity"
                ),
                ("6", "the month's budget ($290) is spent"),
                ("4", "HSDS refused 3 requests (503)"),
                ("3", "2 jobs failed"),
                ("g", "the idle guard stops the head node in 12 min"),
            ]
        );
        let quiet = super::alerts(&AlertInputs {
            guard_stops_in_minutes: Some(45),
            recent_503: Some(0),
            ..Default::default()
        });
        assert!(quiet.is_empty(), "{quiet:?}");
    }
}
