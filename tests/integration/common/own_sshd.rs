//! An sshd of a test's own, set up like the harness's (the same user, authorized keys and
//! Slurm), on a port and with a host key of its own. A test may restart it with a new host
//! key, as a head node rebuilt behind the same address would be, without touching the
//! harness's sshd that other tests use at the same time.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::{Harness, free_port, safe_env, wait_until};

pub struct OwnSshd {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
    template: String,
    /// System directories this sshd's sessions see privately (`start_private`).
    private: Option<tempfile::TempDir>,
}

/// What a session of `start_private`'s sshd writes as root lands in an overlay of these,
/// never on this machine's own: the idle guard installs into all three.
const PRIVATE_DIRS: [&str; 3] = ["/etc", "/usr/local", "/var"];

impl OwnSshd {
    pub fn start(harness: &Harness) -> Self {
        Self::new(harness, None)
    }

    /// The same, in a mount namespace of its own where /etc, /usr/local and /var are
    /// overlays: what its sessions install as root (through sudo) stays there, so a test
    /// can install system files on "the head node" without touching this machine's or
    /// another test's.
    pub fn start_private(harness: &Harness) -> Self {
        Self::new(harness, Some(tempfile::tempdir().unwrap()))
    }

    fn new(harness: &Harness, private: Option<tempfile::TempDir>) -> Self {
        let template = std::fs::read_to_string(&harness.sshd_config).unwrap();
        let mut sshd = Self {
            port: free_port(),
            dir: tempfile::tempdir().unwrap(),
            child: None,
            template,
            private,
        };
        sshd.new_host_key();
        sshd.run();
        sshd
    }

    /// Runs `command` on it as the harness's user, with a login's environment.
    pub fn ssh(&self, harness: &Harness, command: &str) -> std::process::Output {
        let known = self.dir.path().join("known_hosts");
        let key = std::fs::read_to_string(self.host_key().with_extension("pub")).unwrap();
        let key: Vec<&str> = key.split_whitespace().take(2).collect();
        std::fs::write(
            &known,
            format!("[127.0.0.1]:{} {}\n", self.port, key.join(" ")),
        )
        .unwrap();
        Command::new("ssh")
            .args(["-p", &self.port.to_string(), "-i"])
            .arg(&harness.ssh_key)
            .arg("-o")
            .arg(format!("UserKnownHostsFile={}", known.display()))
            .args(["-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes"])
            .args(["-o", "LogLevel=ERROR"])
            .arg(format!("{}@127.0.0.1", harness.ssh_user))
            .arg(command)
            .env_clear()
            .envs(safe_env())
            .output()
            .expect("run ssh")
    }

    /// Stops it (its open sessions too), gives it a new host key, and starts it again on
    /// the same port.
    pub fn restart_with_new_key(&mut self) {
        self.stop();
        self.new_host_key();
        self.run();
    }

    /// The host key's `SHA256:…` fingerprint, as ssh-keygen prints it.
    pub fn fingerprint(&self) -> String {
        let output = Command::new("ssh-keygen")
            .arg("-lf")
            .arg(self.host_key().with_extension("pub"))
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout)
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_string()
    }

    /// How many logins it has accepted so far (from its log).
    pub fn logins(&self) -> usize {
        self.count_in_log("Accepted publickey")
    }

    /// The commands or shells it has started so far, its log's line for each: one per ssh
    /// round trip, also over a shared (ControlMaster) connection, where one login carries
    /// many.
    pub fn sessions(&self) -> Vec<String> {
        std::fs::read_to_string(self.log())
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains("Starting session: "))
            .map(str::to_string)
            .collect()
    }

    fn count_in_log(&self, line: &str) -> usize {
        std::fs::read_to_string(self.log())
            .unwrap_or_default()
            .matches(line)
            .count()
    }

    fn host_key(&self) -> PathBuf {
        self.dir.path().join("host_key")
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("sshd.log")
    }

    fn new_host_key(&self) {
        let _ = std::fs::remove_file(self.host_key());
        let _ = std::fs::remove_file(self.host_key().with_extension("pub"));
        let made = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(self.host_key())
            .status()
            .unwrap();
        assert!(made.success());
    }

    fn run(&mut self) {
        let config: String = self
            .template
            .lines()
            .map(|line| match line.split_whitespace().next() {
                Some("Port") => format!("Port {}", self.port),
                Some("HostKey") => format!("HostKey {}", self.host_key().display()),
                Some("PidFile") => format!("PidFile {}/sshd.pid", self.dir.path().display()),
                _ => line.to_string(),
            })
            // VERBOSE logs each session started, which `sessions` counts.
            .chain(["LogLevel VERBOSE".to_string()])
            .map(|line| line + "\n")
            .collect();
        let config_file = self.dir.path().join("sshd_config");
        std::fs::write(&config_file, config).unwrap();
        let mut command = match &self.private {
            None => Command::new("/usr/sbin/sshd"),
            Some(private) => {
                let mut mounts = String::from("set -e\n");
                for (i, dir) in PRIVATE_DIRS.iter().enumerate() {
                    let (upper, work) = (
                        private.path().join(format!("{i}-upper")),
                        private.path().join(format!("{i}-work")),
                    );
                    std::fs::create_dir_all(&upper).unwrap();
                    std::fs::create_dir_all(&work).unwrap();
                    mounts += &format!(
                        "mount -t overlay overlay -o lowerdir={dir},upperdir={},workdir={} {dir}\n",
                        upper.display(),
                        work.display()
                    );
                }
                let mut unshare = Command::new("unshare");
                unshare
                    .args(["--mount", "--propagation", "private", "sh", "-c"])
                    .arg(mounts + "exec /usr/sbin/sshd \"$@\"")
                    .arg("sshd");
                unshare
            }
        };
        let child = command
            .arg("-D")
            .arg("-f")
            .arg(&config_file)
            .arg("-E")
            .arg(self.log())
            .env_clear()
            .envs(safe_env())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sshd");
        self.child = Some(child);
        let port = self.port;
        wait_until("the test's sshd to listen", Duration::from_secs(10), || {
            std::net::TcpStream::connect(("127.0.0.1", port)).ok()
        });
    }

    /// The listener and the sessions it forked (which are not in its process group).
    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("pkill")
                .args(["-TERM", "-P", &child.id().to_string()])
                .status();
            let _ = child.kill();
            let _ = child.wait();
        }
        let port = self.port;
        wait_until("the test's sshd to stop", Duration::from_secs(10), || {
            std::net::TcpStream::connect(("127.0.0.1", port))
                .is_err()
                .then_some(())
        });
    }
}

impl Drop for OwnSshd {
    fn drop(&mut self) {
        self.stop();
    }
}
