//! One of a cluster's instances as EC2 sees it: the head node, a compute node or a login
//! node, with what the screens need (state, address, type, market) and no SDK type.

use chrono::{DateTime, Utc};

/// The tag ParallelCluster puts on everything a cluster has (FACTS.md): its name.
pub const NAME_TAG: &str = "parallelcluster:cluster-name";
/// HeadNode, Compute or LoginNode.
pub const NODE_TYPE_TAG: &str = "parallelcluster:node-type";

/// One of a cluster's instances, as EC2 sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ClusterInstance {
    pub cluster: String,
    /// HeadNode, Compute or LoginNode.
    pub node_type: String,
    pub instance_id: String,
    pub instance_type: String,
    pub state: String,
    pub spot: bool,
    pub public_ip: Option<String>,
    pub private_ip: Option<String>,
    pub launched: Option<DateTime<Utc>>,
    /// The EC2 key pair it was launched with (to explain a refused ssh login).
    pub key_name: Option<String>,
    /// Why EC2 last changed its state (`Client.InstanceInitiatedShutdown` when its own OS
    /// shut it down, as the idle guard does), when EC2 says.
    pub state_reason: Option<String>,
    /// When it was stopped, from EC2's state transition reason.
    pub stopped_at: Option<DateTime<Utc>>,
}
