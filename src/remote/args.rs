//! The ssh command line, built once for every use: the probe, file installs, measurements,
//! a person's shell, and the first contact that learns a host key.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::target::SshTarget;

/// A dead connection (a laptop that changed networks) is noticed after this many seconds
/// of silence times the count below, instead of a refresh hanging on it.
const SERVER_ALIVE_INTERVAL_S: u32 = 5;
const SERVER_ALIVE_COUNT_MAX: u32 = 3;
/// How long the shared connection outlives its last use.
const CONTROL_PERSIST_S: u32 = 120;

/// How this ssh treats the head node's host key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HostKeys<'a> {
    /// Only the key pinned in the target's known-hosts file: everything but first contact.
    Pinned,
    /// First contact: ssh records whatever key the host presents into this file (which
    /// pcwiz then checks against the console output, or shows as not verified).
    Record(&'a Path),
}

/// The ssh arguments, before the remote command, for an unattended ssh: no prompt ever
/// (BatchMode), over the shared connection, the host key checked strictly.
pub fn ssh_args(target: &SshTarget) -> Vec<String> {
    let mut args = common(target, HostKeys::Pinned);
    args.extend(option("BatchMode", "yes"));
    args.extend(shared_connection(target));
    args.extend(identity_and_login(target));
    args
}

/// The arguments for a person's shell over the same shared connection: a terminal, and
/// prompts allowed (a key's passphrase), but the host key checked just as strictly.
pub fn interactive_args(target: &SshTarget) -> Vec<String> {
    let mut args = vec!["-t".to_string()];
    args.extend(common(target, HostKeys::Pinned));
    args.extend(option("BatchMode", "no"));
    args.extend(shared_connection(target));
    args.extend(identity_and_login(target));
    args
}

/// First contact: a connection of its own (no shared one: it must really see the host's
/// key), that records the key into `record_into` and runs nothing but `true`.
pub fn first_contact_args(target: &SshTarget, record_into: &Path) -> Vec<String> {
    let mut args = common(target, HostKeys::Record(record_into));
    args.extend(option("BatchMode", "yes"));
    args.extend(option("ControlMaster", "no"));
    args.extend(option("ControlPath", "none"));
    args.extend(identity_and_login(target));
    args.push("true".into());
    args
}

/// Asks the shared connection's master, if one runs, to end.
pub fn close_shared_args(target: &SshTarget) -> Vec<String> {
    let mut args = option("ControlPath", &path_value(&control_path(target))).to_vec();
    args.extend(["-O".into(), "exit".into(), target.login()]);
    args
}

fn common(target: &SshTarget, host_keys: HostKeys) -> Vec<String> {
    let mut args: Vec<String> = vec![];
    if let Some(config) = &target.config {
        args.push("-F".into());
        args.push(config.display().to_string());
    }
    let (file, strict) = match host_keys {
        HostKeys::Pinned => (target.host_key.known_hosts.as_path(), "yes"),
        HostKeys::Record(file) => (file, "accept-new"),
    };
    args.extend(option("HostKeyAlias", &target.host_key.alias));
    args.extend(option("UserKnownHostsFile", &path_value(file)));
    args.extend(option("StrictHostKeyChecking", strict));
    // The address is not the head node's identity (AWS reuses addresses); nor may ssh add
    // keys the host offers later on its own: only pcwiz pins.
    args.extend(option("CheckHostIP", "no"));
    args.extend(option("UpdateHostKeys", "no"));
    args.extend(option("ConnectTimeout", "10"));
    args.extend(option(
        "ServerAliveInterval",
        &SERVER_ALIVE_INTERVAL_S.to_string(),
    ));
    args.extend(option(
        "ServerAliveCountMax",
        &SERVER_ALIVE_COUNT_MAX.to_string(),
    ));
    args
}

/// The cluster's key (when pcwiz knows it), then `user@host`: always last before the
/// remote command.
fn identity_and_login(target: &SshTarget) -> Vec<String> {
    let mut args = vec![];
    if let Some(key) = &target.key {
        args.push("-i".into());
        args.push(key.display().to_string());
    }
    args.push(target.login());
    args
}

fn shared_connection(target: &SshTarget) -> Vec<String> {
    let mut args = option("ControlMaster", "auto").to_vec();
    args.extend(option("ControlPath", &path_value(&control_path(target))));
    args.extend(option("ControlPersist", &CONTROL_PERSIST_S.to_string()));
    args
}

fn option(name: &str, value: &str) -> [String; 2] {
    ["-o".into(), format!("{name}={value}")]
}

/// The shared connection's socket: one per head node key, login, address, key and config,
/// so that a connection opened under one pin is never reused under another. A short hash
/// keeps the path under the 104 bytes macOS allows a socket.
pub fn control_path(target: &SshTarget) -> std::path::PathBuf {
    let mut hash = Sha256::new();
    for part in [
        target.host_key.alias.as_str(),
        &target.host_key.known_hosts.display().to_string(),
        &target.login(),
        &target
            .key
            .as_ref()
            .map(|k| k.display().to_string())
            .unwrap_or_default(),
        &target
            .config
            .as_ref()
            .map(|c| c.display().to_string())
            .unwrap_or_default(),
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    let digest = hash.finalize();
    let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    target.control_dir.join(name)
}

/// A path as one `-o` value: ssh splits option values at whitespace and expands `%`
/// tokens, so a path such as `~/Library/Application Support/…` is double-quoted and any
/// `%` doubled.
fn path_value(path: &Path) -> String {
    let text = path.display().to_string().replace('%', "%%");
    if text
        .chars()
        .any(|c| c.is_whitespace() || c == '"' || c == '\'')
    {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        text
    }
}

/// One word for a POSIX shell, whatever it contains; a leading `~/` stays outside the
/// quotes so the remote shell still expands it.
pub fn shell_quote(text: &str) -> String {
    let (home, rest) = match text.strip_prefix("~/") {
        Some(rest) => ("~/", rest),
        None => ("", text),
    };
    format!("{home}'{}'", rest.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remote::target::HostKeyCheck;

    fn target(state: &str) -> SshTarget {
        SshTarget {
            user: "ubuntu".into(),
            host: "54.201.3.4".into(),
            key: Some("/home/jane/.ssh/laptop".into()),
            key_pair: Some("laptop".into()),
            config: None,
            control_dir: "/run/user/1000/pcwiz".into(),
            host_key: HostKeyCheck {
                alias: "i-0abc".into(),
                known_hosts: format!("{state}/known_hosts/us-west-2/rev").into(),
                cluster: "rev".into(),
            },
        }
    }

    fn has(args: &[String], pair: &str) -> bool {
        args.windows(2).any(|w| w[0] == "-o" && w[1] == pair)
    }

    #[test]
    fn every_ssh_checks_the_pinned_key_strictly_over_one_shared_connection() {
        let target = target("/home/jane/.local/state/pcwiz");
        for args in [ssh_args(&target), interactive_args(&target)] {
            assert!(has(&args, "StrictHostKeyChecking=yes"), "{args:?}");
            assert!(has(&args, "HostKeyAlias=i-0abc"));
            assert!(has(
                &args,
                "UserKnownHostsFile=/home/jane/.local/state/pcwiz/known_hosts/us-west-2/rev"
            ));
            assert!(has(&args, "ControlMaster=auto"));
            assert!(has(&args, "ServerAliveInterval=5"));
            assert!(has(&args, "ServerAliveCountMax=3"));
            assert_eq!(
                args[args.len() - 3..],
                ["-i", "/home/jane/.ssh/laptop", "ubuntu@54.201.3.4"]
            );
        }
        assert!(has(&ssh_args(&target), "BatchMode=yes"), "never a prompt");
        assert!(has(&interactive_args(&target), "BatchMode=no"));
        let first = first_contact_args(&target, Path::new("/tmp/probe"));
        assert!(has(&first, "StrictHostKeyChecking=accept-new"));
        assert!(has(&first, "UserKnownHostsFile=/tmp/probe"));
        assert!(
            has(&first, "ControlPath=none"),
            "first contact shares nothing"
        );
    }

    #[test]
    fn the_socket_path_fits_macos_and_each_pin_has_its_own_connection() {
        let a = target("/home/jane/.local/state/pcwiz");
        let path = control_path(&a);
        // ssh adds ".XXXXXXXXXXXXXXXX" while it creates the socket.
        assert!(path.display().to_string().len() + 17 < 104, "{path:?}");
        let mut b = a.clone();
        b.host_key.alias = "i-0new".into();
        assert_ne!(control_path(&a), control_path(&b));
        assert_eq!(control_path(&a), control_path(&a.clone()));
    }

    #[test]
    fn a_state_dir_with_a_space_stays_one_option_value() {
        let target = target("/Users/jane/Library/Application Support/pcwiz");
        let args = ssh_args(&target);
        assert!(has(
            &args,
            "UserKnownHostsFile=\"/Users/jane/Library/Application Support/pcwiz/known_hosts/us-west-2/rev\""
        ));
        assert_eq!(path_value(Path::new("/a/100%")), "/a/100%%");
    }

    #[test]
    fn a_word_reaches_the_remote_shell_whole() {
        let run = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("printf %s {}", shell_quote("a b'$(x)")))
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&run.stdout), "a b'$(x)");
        assert_eq!(shell_quote("~/runs/it's"), r"~/'runs/it'\''s'");
    }
}
