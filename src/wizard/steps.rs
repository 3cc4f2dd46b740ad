//! The wizard's steps, in order, each with a title and the paragraph that says why.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepId {
    Credentials,
    Region,
    SshKey,
    Network,
}

impl StepId {
    pub const ALL: [StepId; 4] = [
        StepId::Credentials,
        StepId::Region,
        StepId::SshKey,
        StepId::Network,
    ];

    pub fn title(self) -> &'static str {
        match self {
            StepId::Credentials => "Credentials",
            StepId::Region => "Region",
            StepId::SshKey => "SSH key",
            StepId::Network => "Network",
        }
    }

    pub fn why(self) -> &'static str {
        match self {
            StepId::Credentials => {
                "pcwiz creates the cluster with your AWS identity. SSO is fine for that; only HSDS \
                 on the compute nodes needs something else, and pcwiz sets that up later."
            }
            StepId::Region => {
                "A cluster lives in one region: its instances, key pair and network all belong there. \
                 For reV choose us-west-2, where NREL's data is."
            }
            StepId::SshKey => {
                "You log in to the head node with an SSH key. AWS keeps only the public half (a \"key \
                 pair\"); the private half stays on this machine and never leaves it. Ubuntu 22.04 and \
                 24.04 refuse RSA keys, so pcwiz makes ed25519 keys."
            }
            StepId::Network => {
                "The cluster needs a subnet: a slice of a VPC in one availability zone. This is the \
                 guide's \"SubnetId: where would you find this?\". pcwiz lists the region's subnets and \
                 marks the ones your instances cannot run in."
            }
        }
    }

    pub fn index(self) -> usize {
        StepId::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn next(self) -> Option<StepId> {
        StepId::ALL.get(self.index() + 1).copied()
    }

    pub fn previous(self) -> Option<StepId> {
        self.index().checked_sub(1).map(|i| StepId::ALL[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_run_in_order_both_ways() {
        assert_eq!(StepId::Credentials.next(), Some(StepId::Region));
        assert_eq!(StepId::Network.next(), None);
        assert_eq!(StepId::Credentials.previous(), None);
        assert_eq!(StepId::Network.previous(), Some(StepId::SshKey));
    }
}
