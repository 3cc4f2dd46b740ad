//! The operating systems ParallelCluster 3.x offers, with what a reV user must know.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Os {
    Alinux2023,
    Ubuntu2204,
    Ubuntu2404,
    Rhel8,
    Rhel9,
    Rocky8,
    Rocky9,
}

impl Os {
    /// The values pcluster 3.16 accepts for `Image.Os` (FACTS.md).
    pub const ALL: [Os; 7] = [
        Os::Ubuntu2404,
        Os::Ubuntu2204,
        Os::Alinux2023,
        Os::Rhel9,
        Os::Rhel8,
        Os::Rocky9,
        Os::Rocky8,
    ];

    /// What the config file says.
    pub fn config_name(self) -> &'static str {
        match self {
            Os::Alinux2023 => "alinux2023",
            Os::Ubuntu2204 => "ubuntu2204",
            Os::Ubuntu2404 => "ubuntu2404",
            Os::Rhel8 => "rhel8",
            Os::Rhel9 => "rhel9",
            Os::Rocky8 => "rocky8",
            Os::Rocky9 => "rocky9",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Os::Alinux2023 => "Amazon Linux 2023",
            Os::Ubuntu2204 => "Ubuntu 22.04",
            Os::Ubuntu2404 => "Ubuntu 24.04",
            Os::Rhel8 => "RHEL 8",
            Os::Rhel9 => "RHEL 9",
            Os::Rocky8 => "Rocky Linux 8",
            Os::Rocky9 => "Rocky Linux 9",
        }
    }

    /// The ssh login user on the head node.
    pub fn default_user(self) -> &'static str {
        match self {
            Os::Alinux2023 | Os::Rhel8 | Os::Rhel9 => "ec2-user",
            Os::Rocky8 | Os::Rocky9 => "rocky",
            Os::Ubuntu2204 | Os::Ubuntu2404 => "ubuntu",
        }
    }

    /// Ubuntu 22.04 and later images refuse RSA keys (OpenSSH there disables ssh-rsa/SHA-1),
    /// which the reV guide learned the hard way.
    pub fn refuses_rsa(self) -> bool {
        matches!(self, Os::Ubuntu2204 | Os::Ubuntu2404)
    }

    /// One line: what matters for reV.
    pub fn note(self) -> &'static str {
        match self {
            Os::Ubuntu2404 => "recommended for reV: HSDS is tested here; refuses RSA keys",
            Os::Ubuntu2204 => "works; refuses RSA keys, like 24.04",
            Os::Alinux2023 => "Amazon's own; its Python is 3.9, so dnf adds 3.11 for HSDS",
            Os::Rhel9 | Os::Rhel8 => {
                "needs an entitlement licence on every node (packages for HSDS)"
            }
            Os::Rocky9 | Os::Rocky8 => "no official ParallelCluster image: needs your own AMI",
        }
    }

    pub fn from_config_name(name: &str) -> Option<Os> {
        Os::ALL.into_iter().find(|os| os.config_name() == name)
    }
}
