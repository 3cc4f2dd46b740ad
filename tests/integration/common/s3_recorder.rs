//! The recording stand-in in front of moto's S3 (tests/harness/s3_recorder.py): HSDS is
//! pointed at it, it forwards every request to moto unchanged and writes down whether it
//! was signed, with which key, and what moto answered. Stopped when dropped.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::{Harness, free_port, wait_until};

pub struct S3Recorder {
    /// What HSDS is given as its S3 gateway.
    pub url: String,
    log: PathBuf,
    child: Child,
    _dir: tempfile::TempDir,
}

impl S3Recorder {
    pub fn start(harness: &Harness, moto: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("requests.jsonl");
        let port = free_port();
        let child = Command::new(harness.venv_bin.join("python"))
            .arg(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/harness/s3_recorder.py"),
            )
            .arg(port.to_string())
            .arg(moto)
            .arg(&log)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the S3 recorder");
        wait_until("the S3 recorder to listen", Duration::from_secs(20), || {
            std::net::TcpStream::connect(("127.0.0.1", port)).ok()
        });
        Self {
            url: format!("http://127.0.0.1:{port}"),
            log,
            child,
            _dir: dir,
        }
    }

    /// Every request so far, oldest first.
    pub fn requests(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for S3Recorder {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
