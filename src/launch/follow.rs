//! Following a cluster stack until it is created or has failed: one look (four calls) at a
//! time, more often while things change, less while the head node bootstraps in silence.

use crate::aws::clusters;
use crate::aws::error::AwsError;
use crate::aws::session::AwsSession;
use crate::cluster::launch::{LaunchStatus, PollSchedule};

/// Calls one look makes: DescribeStacks, DescribeStackResources, DescribeStackEvents,
/// DescribeInstances.
pub const CALLS_PER_LOOK: u32 = 4;

/// What changed between two looks decides how soon the next one comes.
fn fingerprint(status: &LaunchStatus) -> (String, usize, usize, Option<String>) {
    (
        status.stack.status.clone(),
        status.stack.resources_done,
        status.stack.events.len(),
        status.head_node.as_ref().map(|h| h.state.clone()),
    )
}

/// Looks until the stack is finished, calling `seen` after each look with the status and
/// the number of AWS calls so far; `seen` returns false to stop early. A failed look is
/// retried on the schedule (a blip should not end the follow) until `give_up_after`
/// failures in a row.
pub async fn follow(
    session: &AwsSession,
    name: &str,
    mut schedule: PollSchedule,
    mut seen: impl FnMut(&Result<LaunchStatus, AwsError>, u32) -> bool,
) -> Result<LaunchStatus, AwsError> {
    const GIVE_UP_AFTER: u32 = 5;
    let mut calls = 0;
    let mut last = None;
    let mut failures = 0;
    loop {
        let look = clusters::launch_status(session, name).await;
        calls += CALLS_PER_LOOK;
        if !seen(&look, calls) {
            return look;
        }
        let changed = match &look {
            Ok(status) => {
                if status.stack.finished() {
                    return look;
                }
                failures = 0;
                let now = fingerprint(status);
                let changed = last.as_ref() != Some(&now);
                last = Some(now);
                changed
            }
            Err(_) => {
                failures += 1;
                if failures >= GIVE_UP_AFTER {
                    return look;
                }
                false
            }
        };
        tokio::time::sleep(schedule.next(changed)).await;
    }
}
