//! Cluster-shaped stacks in moto, standing in for ParallelCluster clusters: moto cannot run
//! pcluster's real template (`tests/harness/cluster_stack.py` says exactly what it can and
//! cannot do). The script's CloudFormation overlay adds the events and failed states moto
//! never produces; tests reach it through AWS_ENDPOINT_URL_CLOUDFORMATION. Stopped when
//! dropped, with every stack it made deleted.

use std::io::BufRead;
use std::process::{Child, Command, Stdio};

use super::{Harness, safe_env};

pub struct ClusterStacks {
    /// The CloudFormation overlay in front of moto.
    pub overlay_url: String,
    moto_url: String,
    script: std::path::PathBuf,
    python: std::path::PathBuf,
    overlay: Child,
    made: std::sync::Mutex<Vec<String>>,
}

impl ClusterStacks {
    pub fn start(harness: &Harness) -> Self {
        Self::start_on(harness, &harness.moto_url)
    }

    /// The same against another moto (a test's own, standing for another account).
    pub fn start_on(harness: &Harness, moto_url: &str) -> Self {
        let script =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/cluster_stack.py");
        let python = harness.venv_bin.join("python");
        let mut overlay = script_command(&python, &script, moto_url, &["serve", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the CloudFormation overlay");
        let mut first = String::new();
        std::io::BufReader::new(overlay.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let started: serde_json::Value =
            serde_json::from_str(&first).expect("the overlay says where it is");
        Self {
            overlay_url: started["url"].as_str().unwrap().to_string(),
            moto_url: moto_url.to_string(),
            script,
            python,
            overlay,
            made: Default::default(),
        }
    }

    /// The script with moto's address and the harness's dummy keys.
    fn script(&self, args: &[&str]) -> Command {
        script_command(&self.python, &self.script, &self.moto_url, args)
    }

    /// Runs the script (create / signal / delete) and returns its JSON line.
    pub fn run(&self, args: &[&str]) -> serde_json::Value {
        let output = self.script(args).output().expect("run cluster_stack.py");
        assert!(
            output.status.success(),
            "cluster_stack.py {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let last = String::from_utf8_lossy(&output.stdout);
        serde_json::from_str(last.lines().last().unwrap_or("null")).unwrap()
    }

    pub fn create(&self, name: &str, scenario: &str, extra: &[&str]) -> serde_json::Value {
        self.made.lock().unwrap().push(name.to_string());
        let mut args = vec!["create", name, "--scenario", scenario];
        args.extend_from_slice(extra);
        self.run(&args)
    }
}

impl Drop for ClusterStacks {
    fn drop(&mut self) {
        for name in self.made.lock().unwrap().iter() {
            let _ = self.script(&["delete", name]).output();
        }
        let _ = self.overlay.kill();
        let _ = self.overlay.wait();
    }
}

fn script_command(
    python: &std::path::Path,
    script: &std::path::Path,
    moto_url: &str,
    args: &[&str],
) -> Command {
    let mut command = Command::new(python);
    command
        .arg(script)
        .args(args)
        .env_clear()
        .envs(safe_env())
        .env("AWS_ENDPOINT_URL", moto_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-west-2");
    command
}
