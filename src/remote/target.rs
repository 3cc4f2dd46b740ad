//! Where and as whom to log in, and how the far end's host key is checked.

use std::path::PathBuf;

/// One head node to reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshTarget {
    /// The OS's default user (the stack's ClusterUser).
    pub user: String,
    pub host: String,
    /// The cluster's key, when pcwiz knows it (else ssh's own defaults, agent and config).
    pub key: Option<PathBuf>,
    /// The EC2 key pair the head node was launched with, to explain a refused login.
    pub key_pair: Option<String>,
    /// An ssh config file to use instead of ~/.ssh/config (PCWIZ_SSH_CONFIG), e.g. for a
    /// jump host; ssh reads the user's own config by itself otherwise.
    pub config: Option<PathBuf>,
    /// The private directory where shared connections' sockets live.
    pub control_dir: PathBuf,
    pub host_key: HostKeyCheck,
}

/// How the head node's host key is checked: against pcwiz's known-hosts file for this
/// cluster, under the head node's instance id (HostKeyAlias), never the user's own file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostKeyCheck {
    /// The head node's instance id: the name its keys are filed under.
    pub alias: String,
    pub known_hosts: PathBuf,
    /// The cluster, for the next step in messages (`pcwiz ssh NAME --repin`).
    pub cluster: String,
}

impl SshTarget {
    /// `user@host`, for messages.
    pub fn login(&self) -> String {
        format!("{}@{}", self.user, self.host)
    }
}
