//! When ssh itself fails (exit 255): which of the failures a user can act on it was, read
//! from what ssh printed, and what to do about each.

use super::target::SshTarget;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SshFailureKind {
    /// The host presented a key other than the one pinned: refused, nothing ran.
    HostKeyChanged,
    /// The login was refused (the key is not the cluster's).
    PermissionDenied,
    /// No connection at all (stopped, firewalled, wrong address).
    Unreachable,
    /// A connection that went quiet or broke (ServerAlive gave up).
    ConnectionLost,
    Other,
}

/// ssh could not do what it was asked, with the reason in words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SshFailure {
    pub kind: SshFailureKind,
    pub message: String,
}

impl SshFailure {
    pub fn other(message: impl Into<String>) -> Self {
        Self {
            kind: SshFailureKind::Other,
            message: message.into(),
        }
    }

    /// Reads ssh's stderr after an exit of 255.
    pub fn from_stderr(target: &SshTarget, stderr: &str) -> Self {
        let kind = classify(stderr);
        let said = last_meaningful_line(stderr);
        let login = target.login();
        let cluster = &target.host_key.cluster;
        let message = match kind {
            SshFailureKind::HostKeyChanged => format!(
                "REFUSED: the head node at {} ({}) answered with a host key that is not the one pcwiz pinned for {cluster}. Either the address now belongs to another machine, or someone is in the middle of the connection. Nothing was run there. If the head node was replaced or rebuilt, re-pin its key: K on the dashboard or `pcwiz ssh {cluster} --repin` (pcwiz checks the new key against the instance's EC2 console output first).",
                target.host, target.host_key.alias
            ),
            SshFailureKind::PermissionDenied => {
                let tried = match &target.key {
                    Some(key) => format!("pcwiz tried the key {} (from its history)", key.display()),
                    None => "pcwiz knows no key for this cluster, so ssh tried your agent and its default keys".into(),
                };
                let launched = match &target.key_pair {
                    Some(pair) => {
                        format!("the cluster was launched with the EC2 key pair '{pair}'")
                    }
                    None => "EC2 did not say which key pair the head node was launched with".into(),
                };
                format!(
                    "{login} refused the login ({said}): {tried}; {launched}. Use that key pair's private key: load it with `ssh-add PATH`, or add `IdentityFile PATH` for this host to ~/.ssh/config."
                )
            }
            SshFailureKind::Unreachable => format!(
                "could not reach the head node {login} ({said}): it may be stopped or still starting, its security group may not allow ssh (port 22) from your address, or your network blocks it."
            ),
            SshFailureKind::ConnectionLost => {
                format!("the connection to {login} was lost ({said}); the next try connects again.")
            }
            SshFailureKind::Other => format!("could not reach the head node {login}: {said}"),
        };
        Self { kind, message }
    }
}

fn classify(stderr: &str) -> SshFailureKind {
    let has = |needle: &str| stderr.contains(needle);
    if has("REMOTE HOST IDENTIFICATION HAS CHANGED")
        || has("Host key verification failed")
        || has("host key for") && has("has changed")
    {
        SshFailureKind::HostKeyChanged
    } else if has("Permission denied") {
        SshFailureKind::PermissionDenied
    } else if has("Connection refused")
        || has("Connection timed out")
        || has("No route to host")
        || has("Could not resolve hostname")
        || has("Network is unreachable")
        || has("Operation timed out")
    {
        SshFailureKind::Unreachable
    } else if has("Timeout, server")
        || has("Connection reset")
        || has("Broken pipe")
        || has("Connection closed")
        || has("closed by remote host")
    {
        SshFailureKind::ConnectionLost
    } else {
        SshFailureKind::Other
    }
}

/// ssh's last line that says something (its banners of `@@@` and blank lines skipped).
fn last_meaningful_line(stderr: &str) -> String {
    stderr
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty() && !l.starts_with("@@@"))
        .unwrap_or("ssh failed")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remote::target::HostKeyCheck;

    fn target() -> SshTarget {
        SshTarget {
            user: "ubuntu".into(),
            host: "54.201.3.4".into(),
            key: Some("/home/jane/.ssh/laptop".into()),
            key_pair: Some("lab-key".into()),
            config: None,
            control_dir: "/tmp/pcwiz-1000".into(),
            host_key: HostKeyCheck {
                alias: "i-0abc".into(),
                known_hosts: "/k".into(),
                cluster: "rev".into(),
            },
        }
    }

    // What OpenSSH 9.2 (Debian 12) prints when the pinned key does not match, captured
    // against a local sshd with another host key.
    const CHANGED: &str = "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\nIT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\nSomeone could be eavesdropping on you right now (man-in-the-middle attack)!\nIt is also possible that a host key has just been changed.\nThe fingerprint for the ED25519 key sent by the remote host is\nSHA256:PeXGcdwSnhKgso/3fFcD8aAaWEXI7iOR0eHLiiXj110.\nPlease contact your system administrator.\nAdd correct host key in /tmp/sshcap/kh to get rid of this message.\nOffending ED25519 key in /tmp/sshcap/kh:1\n  remove with:\n  ssh-keygen -f \"/tmp/sshcap/kh\" -R \"i-0abc\"\nHost key for i-0abc has changed and you have requested strict checking.\nHost key verification failed.\n";

    #[test]
    fn a_changed_key_is_refused_with_what_it_means_and_the_way_to_re_pin() {
        let failure = SshFailure::from_stderr(&target(), CHANGED);
        assert_eq!(failure.kind, SshFailureKind::HostKeyChanged);
        assert!(failure.message.contains("someone is in the middle"));
        assert!(failure.message.contains("pcwiz ssh rev --repin"));
        assert!(failure.message.contains("Nothing was run"));
    }

    #[test]
    fn a_refused_login_names_the_key_tried_and_the_clusters_key_pair() {
        let failure = SshFailure::from_stderr(
            &target(),
            "ubuntu@54.201.3.4: Permission denied (publickey).\n",
        );
        assert_eq!(failure.kind, SshFailureKind::PermissionDenied);
        assert!(failure.message.contains("/home/jane/.ssh/laptop"));
        assert!(failure.message.contains("'lab-key'"));
        assert!(failure.message.contains("ssh-add"));
    }

    #[test]
    fn unreachable_and_lost_connections_are_told_apart() {
        let t = target();
        let refused = SshFailure::from_stderr(
            &t,
            "ssh: connect to host 127.0.0.1 port 1: Connection refused\n",
        );
        assert_eq!(refused.kind, SshFailureKind::Unreachable);
        assert!(refused.message.contains("security group"));
        let lost = SshFailure::from_stderr(&t, "Timeout, server 54.201.3.4 not responding.\n");
        assert_eq!(lost.kind, SshFailureKind::ConnectionLost);
    }
}
