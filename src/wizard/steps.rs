//! The wizard's steps, in order, each with a title and the paragraph that says why.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepId {
    Credentials,
    Region,
    SshKey,
    Network,
    Preset,
    Os,
    HeadNode,
    Queues,
    Storage,
    Extras,
    Review,
    Launch,
}

impl StepId {
    pub const ALL: [StepId; 12] = [
        StepId::Credentials,
        StepId::Region,
        StepId::SshKey,
        StepId::Network,
        StepId::Preset,
        StepId::Os,
        StepId::HeadNode,
        StepId::Queues,
        StepId::Storage,
        StepId::Extras,
        StepId::Review,
        StepId::Launch,
    ];

    pub fn title(self) -> &'static str {
        match self {
            StepId::Credentials => "Credentials",
            StepId::Region => "Region",
            StepId::SshKey => "SSH key",
            StepId::Network => "Network",
            StepId::Preset => "Preset",
            StepId::Os => "Operating system",
            StepId::HeadNode => "Head node",
            StepId::Queues => "Queues",
            StepId::Storage => "Shared storage",
            StepId::Extras => "Tags & upkeep",
            StepId::Review => "Review",
            StepId::Launch => "Launch",
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
            StepId::Preset => {
                "A preset is a whole cluster to start from: instance types, queues, storage. For reV, \
                 the tutorial's cluster is the one to take; your key and subnet go into it."
            }
            StepId::Os => {
                "Every node runs this. It decides the ssh login name, the package manager HSDS is \
                 installed with, and which SSH keys are accepted."
            }
            StepId::HeadNode => {
                "The head node runs Slurm's controller and is where you log in, edit and submit; it \
                 does not run reV itself. The reV default, t3.large (2 vCPUs, 8 GiB, burstable), is \
                 enough for that and cheap while idle. Type to filter; Tab sorts."
            }
            StepId::Queues => {
                "Queues are where jobs wait; each has compute nodes of a type that start at MinCount and \
                 grow to MaxCount as jobs arrive. MinCount 0 means nodes exist (and bill) only while \
                 jobs run. reV sizes each job for a whole node, so it wants exclusive nodes."
            }
            StepId::Storage => {
                "Shared storage is mounted on every node: reV writes its outputs there. FSx for Lustre \
                 is fast and billed by size; EFS grows with what you store. The deletion policy decides \
                 whether the data survives the cluster (and keeps billing) or goes with it."
            }
            StepId::Extras => {
                "Tags follow every resource onto the bill, so a lab can tell whose cluster cost what. \
                 Compute nodes keep billing for the idle time after their last job. CloudWatch keeps \
                 the cluster's logs (small, but not free) for the retention you set."
            }
            StepId::Review => {
                "The ParallelCluster config pcwiz wrote, and every check it ran against your account. \
                 Errors must be fixed before a launch; warnings are worth reading. Save writes the file \
                 you will launch from (mode 0600)."
            }
            StepId::Launch => {
                "pcwiz checks everything once more, lets pcluster try a dry run, then creates the \
                 cluster and follows it: usually 15–25 minutes, mostly the head node setting itself \
                 up. The cluster is recorded the moment AWS has it, so closing pcwiz loses nothing."
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
        assert_eq!(StepId::Network.next(), Some(StepId::Preset));
        assert_eq!(StepId::Review.next(), Some(StepId::Launch));
        assert_eq!(StepId::Launch.next(), None);
        assert_eq!(StepId::Credentials.previous(), None);
        assert_eq!(StepId::Network.previous(), Some(StepId::SshKey));
    }
}
