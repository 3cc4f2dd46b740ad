//! One look at a reV run from the command line: a dashboard refresh (stack, instances,
//! the probe reading the project's GAPs status, prices), then the run as `cluster/rev_watch`
//! makes it: steps, jobs, costs, causes of failures, outputs. The dashboard does the same
//! from its own refreshes, learning the jobs' node prices as they run.

use std::path::Path;

use crate::aws::session::AwsSession;
use crate::cluster::node_billing;
use crate::cluster::rev_cost::RevRates;
use crate::cluster::rev_status::RevPipeline;
use crate::cluster::rev_watch::{self, Watched};
use crate::monitor::priced;
use crate::store::dirs::Dirs;

/// The run in the project directory remembered for `name` (the probe reads that one).
pub async fn look(
    session: &AwsSession,
    dirs: &Dirs,
    name: &str,
    ssh_config: Option<&Path>,
    hsds_port: u16,
) -> Result<(Watched, RevPipeline), String> {
    let refreshed = priced::refresh(session, dirs, name, ssh_config, hsds_port, None, None).await;
    let report = match &refreshed.refresh.probe {
        Some(Ok(report)) => report,
        Some(Err(e)) => return Err(e.message.clone()),
        None => return Err(format!("{name} has no running head node to ask")),
    };
    let pipeline = match &report.rev {
        Some(Ok(pipeline)) => pipeline.clone(),
        Some(Err(why)) => return Err(why.clone()),
        None => return Err("no reV project directory is known for this cluster: --dir DIR".into()),
    };
    let queue = report
        .jobs
        .as_ref()
        .map(|a| a.items.as_slice())
        .unwrap_or(&[]);
    let nodes = report
        .nodes
        .as_ref()
        .map(|a| a.items.as_slice())
        .unwrap_or(&[]);
    let instances = refreshed.refresh.instances.as_deref().unwrap_or(&[]);
    // Without the instances no job can be priced: say why rather than "no instance seen".
    let ec2_silent = refreshed.refresh.instances.as_ref().err().map(|why| {
        format!(
            "EC2 did not list the cluster's instances this time, so the jobs are not priced: {why}"
        )
    });
    let billing = node_billing::match_nodes(
        nodes,
        instances,
        &refreshed.book,
        Some(report.time),
        refreshed.scaledown_minutes,
    );
    let partition = pipeline
        .project
        .as_ref()
        .and_then(|p| p.execution.partition.as_deref());
    let mut rates = RevRates::default();
    rates.learn(&pipeline, queue, nodes, &billing, partition);
    // gaps stamps the node's local time; ParallelCluster's nodes run in UTC.
    let now = chrono::DateTime::from_timestamp(report.time, 0).map(|t| t.naive_utc());
    let mut watched = rev_watch::watch(&pipeline, queue, &rates, &report.hsds, now);
    watched.problems.extend(ec2_silent);
    Ok((watched, pipeline))
}
