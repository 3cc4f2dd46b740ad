//! A second HSDS started by a test itself, for settings the harness's must not have
//! (`MAX_TASK_COUNT=1`, which makes every data request 503). Stopped when dropped, the
//! way FACTS.md says HSDS stops cleanly: SIGINT to its launcher, then its process group.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::Harness;

pub struct OwnHsds {
    pub port: u16,
    child: Child,
    _root: tempfile::TempDir,
}

impl OwnHsds {
    pub fn start(harness: &Harness, extra_env: &[(&str, &str)]) -> Self {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("hsdstest")).unwrap();
        let (port, data_port) = (super::free_port(), super::free_port());
        // HSDS's launcher pins its data node to port 6101, which the harness's HSDS holds:
        // the wrapper moves it (tests/harness/hsds_second.py). Its own process group
        // (setsid), so its node processes go with it.
        let wrapper =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/hsds_second.py");
        let child = Command::new("setsid")
            .arg(harness.venv_bin.join("python"))
            .arg(wrapper)
            .arg("--root_dir")
            .arg(root.path())
            .args(["--bucket_name", "hsdstest", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .args([
                "--count",
                "1",
                "--hs_username",
                "admin",
                "--hs_password",
                "admin",
            ])
            .current_dir(root.path())
            .env("HSDS_DN_PORT", data_port.to_string())
            .envs(extra_env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start hsds");
        let hsds = Self {
            port,
            child,
            _root: root,
        };
        // /about says READY as soon as the service node is up, before its data node
        // listens (a request then answers 500): wait for both.
        let data_node = format!("http://127.0.0.1:{data_port}/info");
        super::wait_until(
            &format!("HSDS on port {port} to be READY with its data node"),
            Duration::from_secs(15),
            || {
                let ready = hsds.get("/about", false).1.contains("READY");
                (ready && answers(&data_node)).then_some(())
            },
        );
        hsds
    }

    /// GET `path` with curl: (HTTP status, body).
    pub fn get(&self, path: &str, as_admin: bool) -> (String, String) {
        let mut curl = Command::new("curl");
        curl.args(["-s", "-m", "2", "-w", "\n%{http_code}"]);
        if as_admin {
            curl.args(["-u", "admin:admin"]);
        }
        let output = curl
            .arg(format!("http://127.0.0.1:{}{path}", self.port))
            .output()
            .expect("run curl");
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let (body, code) = text.rsplit_once('\n').unwrap_or(("", &text));
        (code.to_string(), body.to_string())
    }
}

impl Drop for OwnHsds {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-s", "INT", "--", &group])
            .status();
        // HSDS stops its node processes on SIGINT; the group is killed if it has not
        // within a few seconds.
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while std::time::Instant::now() < deadline
            && Command::new("kill")
                .args(["-0", "--", &group])
                .status()
                .is_ok_and(|s| s.success())
        {
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &group])
            .status();
        let _ = self.child.wait();
    }
}

/// Whether `url` answers HTTP at all.
fn answers(url: &str) -> bool {
    Command::new("curl")
        .args(["-s", "-m", "2", "-o", "/dev/null", url])
        .status()
        .is_ok_and(|s| s.success())
}
