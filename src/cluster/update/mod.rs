//! Changing a running cluster, as data: what `pcluster update-cluster` reports (`change`),
//! which update policy governs each setting (`policy`), what each change means for this
//! cluster now in plain words (`explain`), what pcwiz must do to apply it (`plan`), the cost
//! before and after (`cost_change`), and how the stack's update ended (`outcome`).
//!
//! pcluster's dry run lists settings and refusal messages that a newcomer cannot read ("All
//! compute nodes must be stopped…"): this module turns them into "needs the compute fleet
//! stopped: the 3 running jobs (rev-gen …) will be killed" before anything happens.

pub mod change;
pub mod cost_change;
pub mod explain;
pub mod label;
pub mod outcome;
pub mod plan;
pub mod policy;
pub mod refusal;
