//! The dashboard's probe (`assets/remote/probe.sh`) on big and odd inputs, run on the
//! harness's head node through its real sshd and read by pcwiz's own parser: a reV run of
//! thousands of jobs whose status gaps itself wrote is read whole (no job shown failed
//! because its file was not read), and garbage on HSDS's `/metrics` and `/about` costs at
//! most that number, never the report. Plus the check that keeps a bad bucket name or
//! region out of `start_hsds.sh`.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use pcwiz::cluster::probe_report::{self, Report};
use pcwiz::cluster::rev_status;

use crate::common::{Harness, free_port};

const PROBE: &str = include_str!("../../assets/remote/probe.sh");

/// Runs the probe on the harness's head node with `args`, as pcwiz sends it (on stdin),
/// and reads its answer with pcwiz's parser. Also returns the answer's size in bytes.
fn probe(harness: &Harness, args: &str) -> (Report, usize) {
    let mut ssh = harness
        .ssh_command(&format!("bash -s -- {args}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    ssh.stdin
        .take()
        .unwrap()
        .write_all(PROBE.as_bytes())
        .unwrap();
    let output = ssh.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report = probe_report::parse(&stdout)
        .unwrap_or_else(|e| panic!("{e}\nstderr: {}", String::from_utf8_lossy(&output.stderr)));
    (report, stdout.len())
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_run_of_thousands_of_jobs_is_read_whole_and_none_is_shown_failed() {
    let harness = Harness::get();
    let jobs = 3000;
    let project = format!("/home/{}/big_run", harness.ssh_user);
    let _ = std::fs::remove_dir_all(&project);
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/rev_big_status.py");
    let made = crate::common::rev_python(&[
        script.as_os_str(),
        project.as_ref(),
        jobs.to_string().as_ref(),
    ]);
    let made: serde_json::Value = serde_json::from_slice(&made).unwrap();
    // What used to stop the probe: more than 500 files, a main file over 400 KB.
    assert!(made["job_files"].as_u64().unwrap() > 500, "{made}");
    assert!(made["main_bytes"].as_u64().unwrap() > 400_000, "{made}");
    let owned = Command::new("chown")
        .args(["-R", &harness.ssh_user, &project])
        .status()
        .unwrap();
    assert!(owned.success());

    let started = Instant::now();
    let (report, bytes) = probe(&harness, "--rev-dir ~/big_run");
    let took = started.elapsed();
    let pipeline = report.rev.unwrap().unwrap();
    assert!(pipeline.problems.is_empty(), "{:?}", pipeline.problems);
    let step = &pipeline.steps[0];
    assert_eq!(step.jobs.len(), jobs);
    let not_done: Vec<_> = step
        .jobs
        .iter()
        .filter(|j| j.status != rev_status::SUCCESSFUL)
        .map(|j| (&j.name, &j.status))
        .collect();
    assert!(
        not_done.is_empty(),
        "{} not successful: {:?}",
        not_done.len(),
        &not_done[..not_done.len().min(5)]
    );
    assert_eq!(step.step_status(), rev_status::SUCCESSFUL);
    assert_eq!(pipeline.outputs.len(), jobs, "each job's out_file listed");
    // The answer carries what pcwiz reads, not the run's arguments repeated per job.
    let raw: u64 = std::fs::read_dir(format!("{project}/.gaps"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    eprintln!(
        "{jobs} jobs: status files {raw} B on the cluster, probe answer {bytes} B, round trip {:.2} s",
        took.as_secs_f64()
    );
    assert!(
        (bytes as u64) < raw / 2,
        "{bytes} B sent for {raw} B of status"
    );
    let _ = std::fs::remove_dir_all(&project);
}

/// An HTTP server on 127.0.0.1 that answers `/about` and `/metrics` with what a broken or
/// odd HSDS might: NaN and infinities where numbers go, lines without a value. Stopped when
/// dropped.
struct OddHsds {
    port: u16,
    child: Child,
}

const ODD_METRICS: &str = r#"# HELP hsds_http_requests_total requests by status
hsds_http_requests_total{method="GET",status="200"} 12.0
hsds_http_requests_total{method="GET",status="503"} 7.0
hsds_http_requests_total{method="PUT",status="503"} NaN
hsds_http_requests_total{method="POST",status="503"} +Inf
hsds_http_requests_total{method="DELETE",status="503"}
hsds_http_requests_total{method="HEAD",status="503"} -3
hsds_tasks_max NaN
not a metric at all
"#;

const ODD_SERVER: &str = r#"
import http.server, sys
metrics = open(sys.argv[2]).read().encode()
about = b'{"state": "READY", "hsds_version": "1.0.2", "node_count": NaN, "dn_urls": ["http://127.0.0.1:6101"], "start_time": Infinity}'
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = metrics if self.path.startswith("/metrics") else about
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H)
print("ready", flush=True)
server.serve_forever()
"#;

impl OddHsds {
    fn start(harness: &Harness, metrics: &std::path::Path) -> Self {
        let port = free_port();
        let mut child = Command::new(harness.venv_bin.join("python"))
            .args(["-c", ODD_SERVER, &port.to_string()])
            .arg(metrics)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the odd HSDS did not start");
        Self { port, child }
    }
}

impl Drop for OddHsds {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn nan_and_garbage_from_hsds_cost_that_number_not_the_report() {
    let harness = Harness::get();
    let dir = tempfile::tempdir().unwrap();
    let metrics = dir.path().join("metrics");
    std::fs::write(&metrics, ODD_METRICS).unwrap();
    let odd = OddHsds::start(&harness, &metrics);
    let (report, _) = probe(&harness, &format!("--hsds-port {}", odd.port));
    assert!(
        report.jobs.is_ok(),
        "Slurm's part still there: {:?}",
        report.jobs
    );
    let node = report
        .hsds
        .iter()
        .find(|h| h.node == "localhost")
        .unwrap_or_else(|| panic!("{:?}", report.hsds));
    assert_eq!(node.state.as_deref(), Some("READY"));
    assert_eq!(node.refused_503, Some(7), "only the one finite 503 count");
    assert_eq!(node.max_task_count, None, "NaN is no limit");
    assert_eq!(node.node_count, None, "NaN is no count");
    assert_eq!(node.data_nodes, Some(1));
    assert!(node.problem.is_none(), "{:?}", node.problem);
}

#[test]
fn a_bad_bucket_or_region_never_reaches_start_hsds() {
    use pcwiz::cluster::hsds_files::DataSource;
    use pcwiz::hsds::setup::{Defaults, SetupRequest};
    let defaults = Defaults::for_cluster(None, &[], None);
    let request = |bucket: &str, region: &str| {
        SetupRequest::new(
            &defaults,
            DataSource::Private {
                bucket: bucket.into(),
                region: region.into(),
            },
            None,
            0,
            4,
        )
    };
    let fine = request("lab-data", "us-east-1").unwrap();
    // The bucket reaches the nodes in HSDS's override.yml, which start_hsds.sh installs.
    assert!(fine.on.override_yml().contains("bucket_name: lab-data"));
    let why = request("lab-data}; curl evil #", "us-east-1").unwrap_err();
    assert!(why.contains("only lowercase letters"), "{why}");
    let why = request("lab-data", "us-east-1\"; reboot").unwrap_err();
    assert!(why.contains("not an AWS region name"), "{why}");
    assert!(request("Lab_Data", "us-east-1").is_err());
}
