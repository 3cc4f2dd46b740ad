//! Secrets stay off the command line (issue 20): a new SSH key's passphrase reaches
//! ssh-keygen through a pipe and its askpass, never its argv (which `ps` shows every user)
//! nor its environment. The key made is really encrypted with it.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use pcwiz::tools::locate::SearchPath;
use pcwiz::tools::ssh_keygen;

const PASSPHRASE: &str = "correct horse battery staple";

/// An `ssh-keygen` that writes down its arguments and environment, then is the real one.
fn recording_ssh_keygen(dir: &std::path::Path) -> std::path::PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = dir.join("seen.txt");
    let script = bin.join("ssh-keygen");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf 'argv: %s\\n' \"$*\" >> {log}\nenv >> {log}\nexec /usr/bin/ssh-keygen \"$@\"\n",
            log = log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    log
}

#[test]
fn a_new_keys_passphrase_goes_through_a_pipe_not_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let seen = recording_ssh_keygen(dir.path());
    let search = SearchPath::new(Some(dir.path().join("bin").into_os_string()), None);
    let ssh = dir.path().join("ssh");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let public = runtime
        .block_on(ssh_keygen::generate_ed25519(
            &search, &ssh, "lab", PASSPHRASE,
        ))
        .expect("the key is made");

    let seen = std::fs::read_to_string(&seen).unwrap();
    assert!(seen.contains("argv: -q -t ed25519"), "{seen}");
    assert!(!seen.contains("correct horse"), "in argv or env: {seen}");
    assert!(!seen.contains("-N"), "{seen}");

    // Encrypted with exactly that passphrase: the public key comes out with it, not without.
    let private = ssh.join("lab");
    let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let derive = |passphrase: &str| {
        Command::new("ssh-keygen")
            .args(["-y", "-P", passphrase, "-f"])
            .arg(&private)
            .output()
            .unwrap()
    };
    let with = derive(PASSPHRASE);
    assert!(
        with.status.success(),
        "{}",
        String::from_utf8_lossy(&with.stderr)
    );
    let written = std::fs::read_to_string(&public).unwrap();
    let derived = String::from_utf8_lossy(&with.stdout);
    assert_eq!(
        written.split_whitespace().nth(1),
        derived.split_whitespace().nth(1),
        "the same key"
    );
    assert!(!derive("").status.success(), "not without the passphrase");
    assert!(!derive("wrong").status.success());

    // The askpass directory is gone, and a line break is refused before anything runs.
    let left: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("pcwiz-askpass-{}-", std::process::id()))
        })
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let refused = runtime.block_on(ssh_keygen::generate_ed25519(&search, &ssh, "other", "a\nb"));
    assert!(
        matches!(refused, Err(ssh_keygen::KeygenError::LineBreak)),
        "{refused:?}"
    );

    // No passphrase: still a key, unencrypted.
    runtime
        .block_on(ssh_keygen::generate_ed25519(&search, &ssh, "plain", ""))
        .unwrap();
    let plain = Command::new("ssh-keygen")
        .args(["-y", "-P", "", "-f"])
        .arg(ssh.join("plain"))
        .output()
        .unwrap();
    assert!(plain.status.success());
}
