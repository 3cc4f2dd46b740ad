//! A compute node's HSDS as pcwiz sets it up, run here for real: a home holding the files
//! pcwiz generates for a data source (start_hsds.sh, override.yml, .hscfg and, for a
//! private bucket, the keys' file), HSDS from the venv pcwiz's own installer made from the
//! harness's wheelhouse, and start_hsds.sh run as a reV job runs it.
//!
//! Two things differ from a cluster, both in the `hsds` the script is given
//! (HSDS_COMMAND): HSDS's data nodes go on a free port (tests/harness/hsds_second.py: the
//! harness's own HSDS holds 6101), and a `curl` stand-in comes first on HSDS's PATH. HSDS
//! runs curl only to ask the instance metadata service for its IAM role; the stand-in
//! writes the call down and reaches nothing, so a test sees whether HSDS tried.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};

use pcwiz::cluster::hsds_files::{DataSource, HsdsOnCluster, Launcher};
use pcwiz::cluster::pip_source::PipSource;
use pcwiz::hsds::keys::HsdsKeys;
use pcwiz::hsds::venv::{self, HsdsVenv};

use super::{Harness, free_port, safe_env};

/// HSDS nodes started by tests run one at a time: each is a launcher and two Python
/// servers, and they share the harness's bucket `nrel-pds-hsds`.
pub fn one_hsds_at_a_time() -> MutexGuard<'static, ()> {
    static NODES: Mutex<()> = Mutex::new(());
    NODES.lock().unwrap_or_else(|e| e.into_inner())
}

/// The venv pcwiz's installer (assets/remote/install_hsds.sh, as `pcwiz hsds` runs it on a
/// head node) makes from the harness's wheelhouse, once per run, in the run's scratch dir.
pub fn installed_venv(harness: &Harness) -> &'static Path {
    static VENV: OnceLock<PathBuf> = OnceLock::new();
    VENV.get_or_init(|| {
        let home = harness.run_dir.join("hsds-venv-home");
        std::fs::create_dir_all(&home).unwrap();
        let source = PipSource::Wheelhouse(harness.wheelhouse.display().to_string());
        let mut installer = Command::new("bash")
            .args(["-s", "--"])
            .args(venv::installer_args(&source, "ubuntu2404"))
            .env_clear()
            .envs(safe_env())
            .env("HOME", &home)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        installer
            .stdin
            .take()
            .unwrap()
            .write_all(venv::INSTALLER.as_bytes())
            .unwrap();
        let output = installer.wait_with_output().unwrap();
        let said = venv::parse(
            &String::from_utf8_lossy(&output.stdout),
            &String::from_utf8_lossy(&output.stderr),
            &source,
        );
        assert!(
            matches!(
                said,
                HsdsVenv::Installed { .. } | HsdsVenv::Unchanged { .. }
            ),
            "pcwiz's installer: {}",
            said.describe()
        );
        home.join(".hsds/venv")
    })
}

/// What HSDS's own code makes of its settings (tests/harness/hsds_effective_config.py, in
/// the venv pcwiz's installer made), run in the environment `env` that HSDS would have.
/// `override_file`, when given, is also checked against HSDS's config.yml key by key.
pub fn effective_config(
    harness: &Harness,
    override_file: Option<&Path>,
    env: &[(&str, &str)],
) -> serde_json::Value {
    let output = Command::new(installed_venv(harness).join("bin/python"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/hsds_effective_config.py"))
        .args(override_file)
        .env_clear()
        .envs(safe_env())
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

pub struct HsdsNode {
    pub home: tempfile::TempDir,
    pub port: u16,
    pub dn_port: u16,
    pub venv: PathBuf,
    env: Vec<(String, String)>,
}

impl HsdsNode {
    /// A node whose files pcwiz generated for `source` and `launcher`.
    pub fn new(
        harness: &Harness,
        source: DataSource,
        keys: Option<&HsdsKeys>,
        launcher: Launcher,
    ) -> Self {
        let home = tempfile::tempdir().unwrap();
        let (port, dn_port) = (free_port(), free_port());
        let on = HsdsOnCluster {
            os: "ubuntu2404".into(),
            source,
            port,
            launcher,
            // reV's workers per node: pcwiz's override.yml then says max_task_count 164,
            // not HSDS's default 100, so a test sees whether HSDS took the file.
            max_workers: 36,
        };
        let write = |relative: &str, text: &str| {
            let path = home.path().join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            path
        };
        write("start_hsds.sh", &on.start_hsds());
        write(".hsds/override.yml", &on.override_yml());
        write(".hscfg", &on.hscfg());
        if let Some(keys) = keys {
            let path = write(".hsds/credentials", &keys.credentials_file());
            chmod(&path, "600");
        }
        let venv = installed_venv(harness).to_path_buf();
        let shim = write(
            "metadata-shim/curl",
            &format!(
                "#!/bin/sh\n# Stands in for curl on HSDS's PATH: HSDS runs curl only to ask the instance \
                 metadata service for its IAM role. Writes the call down; reaches nothing.\n\
                 echo \"curl $*\" >> {}\necho 'curl: (7) not reached: the test stand-in' >&2\nexit 7\n",
                home.path().join("metadata-calls.log").display()
            ),
        );
        chmod(&shim, "755");
        let launcher_path = write(
            "bin/hsds",
            &format!(
                "#!/bin/sh\nPATH={}:$PATH exec {} {} \"$@\"\n",
                shim.parent().unwrap().display(),
                venv.join("bin/python").display(),
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/harness/hsds_second.py")
                    .display()
            ),
        );
        chmod(&launcher_path, "755");
        let env = vec![
            ("HSDS_VENV".into(), venv.display().to_string()),
            ("HSDS_COMMAND".into(), launcher_path.display().to_string()),
            ("HSDS_DN_PORT".into(), dn_port.to_string()),
            ("HSDS_DN_COUNT".into(), "1".into()),
            ("HSDS_WAIT_SECONDS".into(), "90".into()),
        ];
        Self {
            home,
            port,
            dn_port,
            venv,
            env,
        }
    }

    /// One more variable for start_hsds.sh (AWS_S3_GATEWAY: the recorder in front of moto).
    pub fn set_env(&mut self, name: &str, value: &str) {
        self.env.retain(|(n, _)| n != name);
        self.env.push((name.into(), value.into()));
    }

    /// `bash ~/start_hsds.sh [ARG]`, as a reV job runs it.
    pub fn script(&self, arg: Option<&str>) -> Command {
        let mut command = Command::new("bash");
        command.arg(self.home.path().join("start_hsds.sh"));
        command.args(arg);
        command
            .env_clear()
            .envs(safe_env())
            .env("HOME", self.home.path())
            .envs(self.env.iter().map(|(n, v)| (n, v)));
        command
    }

    pub fn run(&self, arg: Option<&str>) -> Output {
        self.script(arg).output().unwrap()
    }

    /// `start_hsds.sh` as a job runs it, which must succeed; then its start log.
    pub fn start(&self) -> String {
        let started = self.run(None);
        assert!(
            started.status.success(),
            "{}\n{}",
            said(&started),
            self.start_log()
        );
        self.start_log()
    }

    /// `start_hsds.sh`, which must fail; what it told the job on stderr (its one sentence).
    pub fn start_refused(&self) -> String {
        let started = self.run(None);
        assert!(!started.status.success(), "{}", said(&started));
        String::from_utf8_lossy(&started.stderr)
            .trim_end()
            .to_string()
    }

    /// The start log, `~/.hsds/start_hsds.HOST.log`.
    pub fn start_log(&self) -> String {
        std::fs::read_dir(self.home.path().join(".hsds"))
            .unwrap()
            .filter_map(|e| e.ok())
            .find(|e| e.file_name().to_string_lossy().starts_with("start_hsds."))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .unwrap_or_default()
    }

    /// What HSDS asked the instance metadata service (through the curl stand-in).
    pub fn metadata_calls(&self) -> String {
        std::fs::read_to_string(self.home.path().join("metadata-calls.log")).unwrap_or_default()
    }

    /// A program from pcwiz's venv (hstouch, hsload, python) in this node's home: h5pyd
    /// finds the node's HSDS, user and bucket in the ~/.hscfg pcwiz wrote, as reV's does.
    pub fn client(&self, program: &str, args: &[&str]) -> Output {
        Command::new(self.venv.join("bin").join(program))
            .args(args)
            .env_clear()
            .envs(safe_env())
            .env("HOME", self.home.path())
            .output()
            .unwrap()
    }
}

impl Drop for HsdsNode {
    fn drop(&mut self) {
        let _ = self.run(Some("--stop"));
    }
}

pub fn chmod(path: &Path, mode: &str) {
    let done = Command::new("chmod").arg(mode).arg(path).status().unwrap();
    assert!(done.success());
}

/// stdout and stderr of a program, for a failed assertion's message.
pub fn said(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
