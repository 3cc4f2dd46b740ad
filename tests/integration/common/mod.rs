//! Shared by the integration tests: the harness's services, and running the real binary
//! with an environment that can only reach 127.0.0.1.
#![allow(dead_code)] // each test file uses a different part of this module

pub mod cluster_stacks;
pub mod hsds_node;
pub mod moto_s3;
pub mod own_hsds;
pub mod own_slurm;
pub mod own_sshd;
pub mod s3_recorder;
pub mod tmux;
pub mod unit_programs;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The services started by `tests/run.sh`, read from the variables it exports.
pub struct Harness {
    pub moto_url: String,
    pub venv_bin: PathBuf,
    pub wheelhouse: PathBuf,
    pub ssh_port: u16,
    pub ssh_user: String,
    pub ssh_key: PathBuf,
    /// The harness sshd's host key, as a known-hosts line: tests check it strictly.
    pub ssh_known_hosts: PathBuf,
    /// The harness sshd's config, for a test that runs an sshd of its own like it.
    pub sshd_config: PathBuf,
    pub hsds_url: String,
    /// The Price List API stand-in (moto has none): recorded-format GetProducts answers.
    pub pricing_url: String,
    /// Cost Explorer's cost allocation tags (moto has none), Budgets forwarded to moto.
    pub billing_url: String,
    /// The ParallelCluster-named AMIs the harness's moto carries (MOTO_AMIS_PATH).
    pub amis_path: PathBuf,
    /// Scratch space for this run's tests, emptied when the harness starts.
    pub run_dir: PathBuf,
}

impl Harness {
    pub fn get() -> Self {
        let var = |name: &str| {
            std::env::var(name).unwrap_or_else(|_| {
                panic!("{name} is not set: this test needs the services that tests/run.sh starts")
            })
        };
        Self {
            moto_url: var("PCWIZ_TEST_MOTO_URL"),
            venv_bin: var("PCWIZ_TEST_VENV_BIN").into(),
            wheelhouse: var("PCWIZ_TEST_WHEELHOUSE").into(),
            ssh_port: var("PCWIZ_TEST_SSH_PORT").parse().unwrap(),
            ssh_user: var("PCWIZ_TEST_SSH_USER"),
            ssh_key: var("PCWIZ_TEST_SSH_KEY").into(),
            ssh_known_hosts: var("PCWIZ_TEST_SSH_KNOWN_HOSTS").into(),
            sshd_config: var("PCWIZ_TEST_SSHD_CONFIG").into(),
            hsds_url: var("PCWIZ_TEST_HSDS_URL"),
            pricing_url: var("PCWIZ_TEST_PRICING_URL"),
            billing_url: var("PCWIZ_TEST_BILLING_URL"),
            amis_path: var("PCWIZ_TEST_AMIS_PATH").into(),
            run_dir: var("PCWIZ_TEST_RUN_DIR").into(),
        }
    }

    /// The AWS CLI from the harness venv, pointed at moto with the harness's dummy keys.
    pub fn aws(&self, args: &[&str]) -> serde_json::Value {
        self.aws_on(&self.moto_url, args)
    }

    /// The same against another moto (a test's own).
    pub fn aws_on(&self, moto: &str, args: &[&str]) -> serde_json::Value {
        let output = Command::new(self.venv_bin.join("aws"))
            .args(args)
            .args(["--output", "json"])
            .env_clear()
            .envs(safe_env())
            .env("AWS_ENDPOINT_URL", moto)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_DEFAULT_REGION", "us-west-2")
            .output()
            .expect("run the aws CLI");
        assert!(
            output.status.success(),
            "aws {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap_or(serde_json::Value::Null)
    }

    /// How many GetProducts calls the pricing stand-in has had from this access key id.
    pub fn pricing_requests(&self, key_id: &str) -> u64 {
        let output = Command::new("curl")
            .args([
                "-sf",
                &format!("{}/__requests?key={key_id}", self.pricing_url),
            ])
            .env_clear()
            .envs(safe_env())
            .output()
            .expect("run curl");
        let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        answer["count"].as_u64().unwrap()
    }

    /// A new IAM user in moto, with an access key: (key id, secret).
    pub fn iam_user(&self, name: &str) -> (String, String) {
        self.iam_user_on(&self.moto_url, name)
    }

    /// The same in another moto (a test's own).
    pub fn iam_user_on(&self, moto: &str, name: &str) -> (String, String) {
        self.aws_on(moto, &["iam", "create-user", "--user-name", name]);
        let key = self.aws_on(moto, &["iam", "create-access-key", "--user-name", name]);
        (
            key["AccessKey"]["AccessKeyId"]
                .as_str()
                .unwrap()
                .to_string(),
            key["AccessKey"]["SecretAccessKey"]
                .as_str()
                .unwrap()
                .to_string(),
        )
    }

    /// Temporary credentials from AssumeRole on a role under `path`: (key, secret, token).
    pub fn assume_role(&self, path: &str, role: &str, session: &str) -> (String, String, String) {
        let created = self.aws(&[
            "iam",
            "create-role",
            "--role-name",
            role,
            "--path",
            path,
            "--assume-role-policy-document",
            "{}",
        ]);
        let arn = created["Role"]["Arn"].as_str().unwrap().to_string();
        let assumed = self.aws(&[
            "sts",
            "assume-role",
            "--role-arn",
            &arn,
            "--role-session-name",
            session,
        ]);
        let c = &assumed["Credentials"];
        let s = |k: &str| c[k].as_str().unwrap().to_string();
        (s("AccessKeyId"), s("SecretAccessKey"), s("SessionToken"))
    }

    /// moto's default VPC has no route to its internet gateway; real AWS's does
    /// (0.0.0.0/0 → igw in the main route table). Give it one, so a test sees what a new
    /// AWS account looks like. Idempotent: test files share one moto, and tests within a
    /// file run in parallel (hence the lock).
    pub fn make_default_vpc_like_aws(&self, region: &str) {
        self.make_default_vpc_like_aws_on(&self.moto_url, region)
    }

    /// The same in another moto (a test's own).
    pub fn make_default_vpc_like_aws_on(&self, moto: &str, region: &str) {
        static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let ec2 = |args: &[&str]| {
            let mut all = vec!["ec2", args[0], "--region", region];
            all.extend_from_slice(&args[1..]);
            self.aws_on(moto, &all)
        };
        let vpcs = ec2(&["describe-vpcs", "--filters", "Name=is-default,Values=true"]);
        let vpc = vpcs["Vpcs"][0]["VpcId"].as_str().unwrap().to_string();
        let tables = ec2(&[
            "describe-route-tables",
            "--filters",
            &format!("Name=vpc-id,Values={vpc}"),
        ]);
        let main = tables["RouteTables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["Associations"].to_string().contains("\"Main\":true"))
            .expect("a VPC has a main route table")
            .clone();
        if main["Routes"].to_string().contains("0.0.0.0/0") {
            return; // already routes out
        }
        let igw = ec2(&["create-internet-gateway"]);
        let igw = igw["InternetGateway"]["InternetGatewayId"]
            .as_str()
            .unwrap()
            .to_string();
        ec2(&[
            "attach-internet-gateway",
            "--vpc-id",
            &vpc,
            "--internet-gateway-id",
            &igw,
        ]);
        ec2(&[
            "create-route",
            "--route-table-id",
            main["RouteTableId"].as_str().unwrap(),
            "--destination-cidr-block",
            "0.0.0.0/0",
            "--gateway-id",
            &igw,
        ]);
    }

    /// PATH with the harness venv first: pcluster and node are found there.
    /// The harness's HSDS port (the node's HSDS, for PCWIZ_HSDS_PORT).
    pub fn hsds_port(&self) -> u16 {
        self.hsds_url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("PCWIZ_TEST_HSDS_URL ends in a port")
    }

    /// ssh to the harness's head node as its user, running `command` (only 127.0.0.1).
    pub fn ssh(&self, command: &str) -> Output {
        self.ssh_command(command).output().expect("run ssh")
    }

    /// The ssh `ssh` runs, not started: for a caller that feeds it stdin.
    pub fn ssh_command(&self, command: &str) -> Command {
        let mut ssh = Command::new("ssh");
        ssh.args(["-p", &self.ssh_port.to_string(), "-i"])
            .arg(&self.ssh_key)
            .arg("-o")
            .arg(format!(
                "UserKnownHostsFile={}",
                self.ssh_known_hosts.display()
            ))
            .args([
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "LogLevel=ERROR",
                "-o",
                "BatchMode=yes",
            ])
            .arg(format!("{}@127.0.0.1", self.ssh_user))
            .arg(command)
            .env_clear()
            .envs(safe_env());
        ssh
    }

    /// Runs a command on the harness's head node; its stdout, and it must succeed.
    pub fn on_cluster(&self, command: &str) -> String {
        let output = self.ssh(command);
        assert!(
            output.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The real `pcluster` against the harness's moto (its stdout, as JSON).
    pub fn pcluster(&self, args: &[&str]) -> serde_json::Value {
        let output = Command::new(self.venv_bin.join("pcluster"))
            .args(args)
            .env_clear()
            .envs(safe_env())
            .env("PATH", self.path_with_tools())
            .env("AWS_ENDPOINT_URL", &self.moto_url)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .output()
            .expect("run pcluster");
        json_of(&output)
    }

    /// The compute fleet's status, as the real `pcluster describe-compute-fleet` says.
    pub fn fleet_status(&self, name: &str, region: &str) -> String {
        self.pcluster(&["describe-compute-fleet", "-n", name, "-r", region])["status"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// moto's default subnet in the region's first zone (`<region>a`).
    pub fn default_subnet(&self, region: &str) -> String {
        let zone = format!("Name=availability-zone,Values={region}a");
        let subnets = self.aws(&[
            "ec2",
            "describe-subnets",
            "--region",
            region,
            "--filters",
            &zone,
            "Name=default-for-az,Values=true",
        ]);
        subnets["Subnets"][0]["SubnetId"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// `command` with the harness's pcluster stand-in first on PATH, the real pcluster
    /// behind it (tests/harness/pcluster-standin/pcluster says what it stands in for).
    pub fn with_pcluster_standin<'c>(&self, command: &'c mut Command) -> &'c mut Command {
        let standin =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/pcluster-standin");
        command
            .env(
                "PATH",
                format!("{}:{}", standin.display(), self.path_with_tools()),
            )
            .env("PCLUSTER_REAL", self.venv_bin.join("pcluster"))
            .env("STANDIN_PYTHON", self.venv_bin.join("python"))
    }

    pub fn path_with_tools(&self) -> String {
        format!("{}:/usr/local/bin:/usr/bin:/bin", self.venv_bin.display())
    }
}

/// The harness user's home is the "head node's" home, which the compute node shares: the
/// tests that install HSDS's files and venv there (pcwiz hsds, the dashboard's `i`) or run
/// reV jobs that read them take turns, so no test points them at another HSDS meanwhile.
pub fn harness_home_in_use() -> std::sync::MutexGuard<'static, ()> {
    static HOME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    HOME.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The harness has one Slurm node, at 127.0.0.1, so one compute instance can stand at its
/// address: moto refuses a second there, and `add-compute` hands the one there to whichever
/// cluster asks last (retagged). The tests that price that node's work through its instance
/// take turns, so no other test's cluster takes it over in the middle of one (which left a
/// reV run's jobs unpriced). Taken after `harness_home_in_use` where both are held.
pub fn harness_node_instance_in_use() -> std::sync::MutexGuard<'static, ()> {
    static INSTANCE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    INSTANCE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Terminal logins are the machine's, not a test's (utmp, which `who` reads): the idle
/// guard counts them. A test that makes one (ssh -t, as a person logs in; a tmux session,
/// which tmux records through utempter) holds `terminal_in_use`; one that needs nobody
/// logged in holds `nobody_logged_in`, which waits for all of those to end.
///
/// Readers come in even while a writer waits: a test may hold two terminals at once (a
/// second pcwiz resuming the first's draft), and `std::sync::RwLock` would park that second
/// reader behind a waiting writer, which waits for the first: a deadlock.
static TERMINALS: std::sync::Mutex<usize> = std::sync::Mutex::new(0);
static TERMINALS_CHANGED: std::sync::Condvar = std::sync::Condvar::new();

fn terminals() -> std::sync::MutexGuard<'static, usize> {
    TERMINALS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One terminal login held open; counted until dropped.
pub struct TerminalInUse(());

impl Drop for TerminalInUse {
    fn drop(&mut self) {
        *terminals() -= 1;
        TERMINALS_CHANGED.notify_all();
    }
}

pub fn terminal_in_use() -> TerminalInUse {
    *terminals() += 1;
    TerminalInUse(())
}

/// Holds the count at zero: no test can open a terminal until this is dropped.
pub fn nobody_logged_in() -> std::sync::MutexGuard<'static, usize> {
    TERMINALS_CHANGED
        .wait_while(terminals(), |open| *open > 0)
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A port free on 127.0.0.1 right now (for a service a test starts itself).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A listener on 127.0.0.1 that accepts and at once closes every connection, counting
/// them: an endpoint that hangs up, and a witness of whether anything was sent at all.
pub fn counting_endpoint() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            drop(stream);
        }
    });
    (url, count)
}

/// Variables every child process gets: nothing can fall through to real AWS.
pub fn safe_env() -> Vec<(&'static str, String)> {
    vec![
        ("AWS_EC2_METADATA_DISABLED", "true".into()),
        ("HTTPS_PROXY", "http://127.0.0.1:9".into()),
        ("NO_PROXY", "127.0.0.1,localhost".into()),
        ("PATH", "/usr/local/bin:/usr/bin:/bin".into()),
        ("LANG", "C.UTF-8".into()),
    ]
}

/// A fresh home directory for one test, so the user's real ~/.aws is never read.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// A home whose ssh config sends every host to the harness's sshd on `port` (a closed
    /// port for an unreachable head node), with its key: nothing leaves 127.0.0.1. ssh
    /// reads the passwd home's config, so tests hand this one over in PCWIZ_SSH_CONFIG.
    pub fn with_ssh_to(harness: &Harness, port: u16) -> Self {
        let home = Self::new();
        home.write(
            ".ssh/config",
            &format!(
                "Host *\n  HostName 127.0.0.1\n  Port {port}\n  IdentityFile {}\n  LogLevel ERROR\n",
                harness.ssh_key.display()
            ),
        );
        home
    }

    /// The real binary against the harness's moto (us-west-2, dummy keys) and pricing
    /// stand-in, reaching head nodes through this home's ssh config (`with_ssh_to`).
    pub fn pcwiz_reaching_head_nodes(&self, harness: &Harness, args: &[&str]) -> Command {
        let mut command = self.pcwiz(args);
        command
            .env("AWS_ENDPOINT_URL", &harness.moto_url)
            .env("AWS_ENDPOINT_URL_PRICING", &harness.pricing_url)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", "us-west-2")
            // ssh reads the passwd home's config, not $HOME's: point it at the test's.
            .env("PCWIZ_SSH_CONFIG", self.path().join(".ssh/config"));
        command
    }

    /// The real binary, with only this home and the safe environment.
    /// AWS_ENDPOINT_URL defaults to a closed port on 127.0.0.1: a test that forgets to set it
    /// fails fast instead of reaching out.
    pub fn pcwiz(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pcwiz"));
        command
            .args(args)
            .env_clear()
            .envs(safe_env())
            .env("HOME", self.path())
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        command
    }
}

/// Run and parse `pcwiz doctor --json`, returning (exit code, report).
pub fn doctor_json(command: &mut Command) -> (i32, serde_json::Value) {
    let output: Output = command.output().expect("run pcwiz");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "doctor --json did not print JSON ({e}):\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

/// The finding with this id, or a panic that shows the whole report.
pub fn finding<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no finding {id} in {report:#}"))
}

/// A second moto server started by a test itself, for settings the shared one must not
/// have (IAM authentication switched on). Stopped when dropped.
pub struct OwnMoto {
    pub url: String,
    child: std::process::Child,
}

impl OwnMoto {
    pub fn start(harness: &Harness, extra_env: &[(&str, &str)]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(harness.venv_bin.join("moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .envs(extra_env.iter().copied())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start moto_server");
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Self { url, child };
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("moto_server on port {port} did not start");
    }
}

impl Drop for OwnMoto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What `rev_config_in_moto` made.
pub struct RevConfig {
    pub file: PathBuf,
    pub key_name: String,
    pub private_key: PathBuf,
    pub vpc: String,
    pub subnet: String,
    pub zone: String,
}

/// A reV config (`pcwiz config new --preset rev-conus`) in `home`, on `moto`'s default
/// subnet, with a fresh ed25519 key imported as a key pair.
pub fn rev_config_in_moto(home: &Home, harness: &Harness, moto: &str, region: &str) -> RevConfig {
    let aws = |args: &[&str]| {
        let output = Command::new(harness.venv_bin.join("aws"))
            .args(args)
            .args(["--output", "json", "--region", region])
            .env_clear()
            .envs(safe_env())
            .env("AWS_ENDPOINT_URL", moto)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap_or_default()
    };
    let private_key = home.path().join(".ssh/launch");
    std::fs::create_dir_all(private_key.parent().unwrap()).unwrap();
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&private_key)
        .status()
        .unwrap();
    assert!(status.success());
    let public = format!("fileb://{}.pub", private_key.display());
    // One name per home: parallel tests never share a key pair.
    let key_name = format!(
        "launch-{}",
        home.path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .trim_start_matches('.')
    );
    aws(&[
        "ec2",
        "import-key-pair",
        "--key-name",
        &key_name,
        "--public-key-material",
        &public,
    ]);
    let subnets = aws(&[
        "ec2",
        "describe-subnets",
        "--filters",
        "Name=default-for-az,Values=true",
    ]);
    let first = &subnets["Subnets"][0];
    let field = |k: &str| first[k].as_str().unwrap().to_string();
    let (subnet, vpc, zone) = (field("SubnetId"), field("VpcId"), field("AvailabilityZone"));
    let file = home.path().join("rev.yaml");
    let output = home
        .pcwiz(&[
            "config",
            "new",
            "--preset",
            "rev-conus",
            "--key-name",
            &key_name,
            "--subnet",
            &subnet,
            "--tag",
            "org=nrel",
            "--tag",
            "billingId=1",
            "-o",
            file.to_str().unwrap(),
        ])
        .env("AWS_ENDPOINT_URL", moto)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    RevConfig {
        file,
        key_name,
        private_key,
        vpc,
        subnet,
        zone,
    }
}

/// A command's stdout as JSON, or a panic that shows what it printed instead.
pub fn json_of(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

pub fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The reV venv's python (.venv/rev, from tests/harness/rev-requirements.txt: gaps, reV,
/// rex, h5py, PySAM) run with `args` in the safe environment: its stdout. It must succeed;
/// else the panic shows what it said.
pub fn rev_python<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Vec<u8> {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/rev/bin/python");
    let output = Command::new(python)
        .args(args)
        .env_clear()
        .envs(safe_env())
        .output()
        .expect("the .venv/rev python (tests/run.sh installs it)");
    assert!(
        output.status.success(),
        "python {:?}: {}",
        args.iter()
            .map(|a| a
                .as_ref()
                .to_string_lossy()
                .chars()
                .take(60)
                .collect::<String>())
            .collect::<Vec<_>>(),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Real reV status files, written by the real NREL-gaps (tests/harness/rev_status_files.py
/// in the harness's .venv/rev) into a project directory in the cluster user's home.
pub fn rev_project_on_cluster(harness: &Harness, name: &str) -> String {
    let out = tempfile::tempdir().unwrap();
    let python = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/rev/bin/python");
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/rev_status_files.py");
    let made = std::process::Command::new(python)
        .arg(script)
        .arg(out.path())
        .env_clear()
        .envs(safe_env())
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let home = format!("/home/{}", harness.ssh_user);
    let project = format!("{home}/{name}");
    let _ = std::fs::remove_dir_all(&project);
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(out.path().join("uncollected/rev_conus"))
        .arg(&project)
        .status()
        .unwrap();
    assert!(copied.success());
    let owned = std::process::Command::new("chown")
        .args(["-R", &harness.ssh_user, &project])
        .status()
        .unwrap();
    assert!(owned.success());
    format!("~/{name}")
}

/// Waits until `check` answers Some, looking every 100 ms, and panics with `what` after
/// `limit`: a test waits for the condition it needs, never for a guessed time.
pub fn wait_until<T>(
    what: &str,
    limit: std::time::Duration,
    mut check: impl FnMut() -> Option<T>,
) -> T {
    let deadline = std::time::Instant::now() + limit;
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "gave up after {} s waiting for {what}",
            limit.as_secs()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
