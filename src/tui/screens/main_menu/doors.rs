//! The main menu's doors, after gismo's `mainmenu`. Only doors that work are listed.

use crate::wizard::Draft;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    CreateCluster,
    ResumeDraft,
    CheckSetup,
    Clusters,
    CleanUp,
    SizeJob,
    Quit,
}

/// The doors to show: "Resume draft" only when there is one.
pub fn doors(saved_draft: Option<&Draft>) -> Vec<Door> {
    let mut doors = vec![Door::CreateCluster];
    if saved_draft.is_some() {
        doors.push(Door::ResumeDraft);
    }
    doors.extend([
        Door::CheckSetup,
        Door::Clusters,
        Door::CleanUp,
        Door::SizeJob,
        Door::Quit,
    ]);
    doors
}

impl Door {
    pub fn title(self) -> &'static str {
        match self {
            Door::CreateCluster => "Create a new cluster",
            Door::ResumeDraft => "Resume draft",
            Door::CheckSetup => "Check my setup",
            Door::Clusters => "Resume or monitor an existing cluster",
            Door::CleanUp => "Clean up a cluster",
            Door::SizeJob => "Size a job",
            Door::Quit => "Quit",
        }
    }

    pub fn summary(self, saved_draft: Option<&Draft>) -> String {
        match self {
            Door::CreateCluster => "guided: region, SSH key, network".into(),
            Door::ResumeDraft => saved_draft.map(Draft::summary).unwrap_or_default(),
            Door::CheckSetup => "credentials (SSO or IAM?), region, pcluster, node and ssh".into(),
            Door::Clusters => "the region's clusters: status, nodes up, $/hour now".into(),
            Door::CleanUp => "delete a cluster and all it leaves billing, or park it".into(),
            Door::SizeJob => "instance type and nodes from one measured unit of work".into(),
            Door::Quit => "leave pcwiz; nothing keeps running".into(),
        }
    }

    /// The paragraph shown beside the menu: why you would open this door.
    pub fn why(self) -> &'static str {
        match self {
            Door::CreateCluster => {
                "Walks you through a cluster step by step, each with a sensible default and the reason \
                 for it: who you are, the region (us-west-2 for reV), an SSH key Ubuntu accepts (pcwiz can \
                 make one), and a subnet your instances can actually run in. Your answers are saved after \
                 every step, so you can stop and come back. Starting anew replaces a saved draft."
            }
            Door::ResumeDraft => {
                "Pick up the saved draft where you left it. Esc in the wizard goes back a step without losing answers."
            }
            Door::CheckSetup => {
                "Start here. pcwiz finds where your AWS credentials come from and asks AWS who you are. \
                 SSO logins are fine for creating a cluster, but HSDS on the compute nodes cannot use them, \
                 so you learn now rather than after a failed reV run. It also checks your region \
                 (NREL's data lives in us-west-2) and the programs pcwiz drives: pcluster, node, ssh and \
                 ssh-keygen. Every problem comes with the command that fixes it."
            }
            Door::Clusters => {
                "The clusters in your region, found the way pcluster finds them, with the ones you \
                 launched from here and have since deleted. Each shows its status, its head node, how \
                 many compute nodes are up and what it costs per hour right now: the quickest way to \
                 spot a cluster left billing overnight."
            }
            Door::CleanUp => {
                "Deleting the stack is not the end: volumes, snapshots, log groups and the NAT \
                 gateway stay and bill; forgotten resources are how newcomers get hurt. pcwiz shows \
                 the full plan first, each item with why it is this cluster's and its cost per month, \
                 and deletes only what you tick, once you type the cluster's name. Nothing shared is \
                 touched. Parking instead keeps the minimal state: fleet and head node stopped, \
                 storage kept, ready to come back."
            }
            Door::SizeJob => {
                "How many nodes of which type? Give pcwiz one small piece of your job (say 200 reV \
                 sites), typed in or measured as it runs: its time, cores and peak memory. pcwiz \
                 packs workers onto each instance type by cores and by memory, finds the nodes that \
                 meet your deadline, and charts cost against time across the types, cheapest and \
                 fastest marked, with reV's execution_control to match and a warning when HSDS \
                 would answer 503. From the wizard's queue step (z), the point you pick fills the queue."
            }
            Door::Quit => {
                "Leave pcwiz. It starts nothing in the background and leaves nothing billing."
            }
        }
    }
}
