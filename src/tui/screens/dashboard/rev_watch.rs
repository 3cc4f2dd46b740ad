//! The reV tab's run as watched: the jobs' node prices learnt at each refresh (a job's node
//! is known only while Slurm lists it), and the run as both front ends show it
//! (`cluster/rev_watch`), at the cluster's clock.

use crate::cluster::rev_watch::{self, Watched};

impl super::state::DashboardUi {
    /// After a refresh that read the run: what its running jobs' nodes cost per hour.
    pub(super) fn learn_rev_rates(&mut self) {
        let (Some(pipeline), Some(billing)) = (&self.rev.value, self.billing()) else {
            return;
        };
        let partition = pipeline
            .project
            .as_ref()
            .and_then(|p| p.execution.partition.clone());
        self.rev_rates.learn(
            pipeline,
            self.jobs.value.as_deref().unwrap_or(&[]),
            self.nodes.value.as_deref().unwrap_or(&[]),
            &billing,
            partition.as_deref(),
        );
    }

    /// The run as the tab shows it, when it has been read.
    pub fn rev_watched(&self) -> Option<Watched> {
        let pipeline = self.rev.value.as_ref()?;
        let now = self
            .cluster_clock
            .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map(|t| t.naive_utc());
        Some(rev_watch::watch(
            pipeline,
            self.jobs.value.as_deref().unwrap_or(&[]),
            &self.rev_rates,
            self.hsds.value.as_deref().unwrap_or(&[]),
            now,
        ))
    }
}
