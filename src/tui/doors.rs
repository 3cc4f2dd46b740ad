//! The main menu's doors, after gismo's `mainmenu`. Only doors that work are listed.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    CheckSetup,
    Quit,
}

impl Door {
    pub const ALL: [Door; 2] = [Door::CheckSetup, Door::Quit];

    pub fn title(self) -> &'static str {
        match self {
            Door::CheckSetup => "Check my setup",
            Door::Quit => "Quit",
        }
    }

    pub fn summary(self) -> &'static str {
        match self {
            Door::CheckSetup => "credentials (SSO or IAM?), region, pcluster, node and ssh",
            Door::Quit => "leave pcwiz; nothing keeps running",
        }
    }

    /// The paragraph shown beside the menu: why you would open this door.
    pub fn why(self) -> &'static str {
        match self {
            Door::CheckSetup => {
                "Start here. pcwiz finds where your AWS credentials come from and asks AWS who you are. \
                 SSO logins are fine for creating a cluster, but HSDS on the compute nodes cannot use them, \
                 so you learn now rather than after a failed reV run. It also checks your region \
                 (NREL's data lives in us-west-2) and the programs pcwiz drives: pcluster, node, ssh and \
                 ssh-keygen. Every problem comes with the command that fixes it."
            }
            Door::Quit => {
                "Leave pcwiz. It starts nothing in the background and leaves nothing billing."
            }
        }
    }
}
