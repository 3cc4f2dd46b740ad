//! A stack's events as the line-by-line front ends print them while following a launch or
//! an update (`pcwiz launch`, `pcwiz update`, `pcwiz --plain`): each new one once, oldest first, in one line.

use crate::cluster::stack::{StackEvent, StackProgress};

/// "HeadNode AWS::EC2::Instance CREATE_FAILED: We currently do not have…".
pub fn line(event: &StackEvent) -> String {
    format!(
        "  {} {} {}{}",
        event.logical_id,
        event.resource_type,
        event.status,
        event
            .reason
            .as_ref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default()
    )
}

/// The events not printed yet (events arrive newest first; `shown` counts the oldest ones
/// already printed), oldest first; `shown` then counts them all.
pub fn unseen(stack: &StackProgress, shown: &mut usize) -> Vec<String> {
    let new = stack.events.len().saturating_sub(*shown);
    *shown = stack.events.len();
    stack.events[..new].iter().rev().map(line).collect()
}
