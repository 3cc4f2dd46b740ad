//! A Slurm controller of a test's own, shaped like a ParallelCluster cluster's: CLOUD nodes
//! named as ParallelCluster names them (`standard-dy-c5-1`: dynamic; `standard-st-c5-1`:
//! static), powered down until a job needs them. It has no slurmd: a dynamic node asked for
//! is powered up (`ResumeProgram`) and stays "powering up" with its job CONFIGURING, as on
//! a cluster whose instance is still booting. Powered-down nodes are listed (`idle~`), as
//! ParallelCluster's `sinfo` lists them (`PrivateData=cloud`; Slurm 22.05 hides them
//! otherwise). It shares the harness's munge, and nothing
//! else: the harness's Slurm (one real node) keeps serving the other tests.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::{free_port, wait_until};

pub struct OwnSlurm {
    dir: tempfile::TempDir,
    controller: Child,
}

impl OwnSlurm {
    /// `nodes`: the ParallelCluster-style names, e.g. `standard-dy-c5-[1-2]`.
    pub fn start(nodes: &str) -> Self {
        let harness_conf = std::env::var("PCWIZ_TEST_SLURM_CONF")
            .expect("PCWIZ_TEST_SLURM_CONF: this test needs the services tests/run.sh starts");
        let munge = std::fs::read_to_string(&harness_conf)
            .unwrap()
            .lines()
            .find_map(|l| l.strip_prefix("AuthInfo=").map(str::to_string))
            .expect("the harness's Slurm names its munge socket");
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display();
        let conf = format!(
            "ClusterName=guard{port}\n\
             SlurmctldHost=localhost(127.0.0.1)\n\
             SlurmctldPort={port}\n\
             SlurmdPort={slurmd}\n\
             AuthType=auth/munge\n\
             AuthInfo={munge}\n\
             CredType=cred/munge\n\
             SlurmUser=root\n\
             StateSaveLocation={d}/state\n\
             SlurmdSpoolDir={d}/spool\n\
             SlurmctldPidFile={d}/slurmctld.pid\n\
             SlurmctldLogFile={d}/slurmctld.log\n\
             MailProg=/bin/true\n\
             ProctrackType=proctrack/linuxproc\n\
             TaskPlugin=task/none\n\
             SelectType=select/cons_tres\n\
             SelectTypeParameters=CR_Core_Memory\n\
             DefMemPerCPU=64\n\
             ReturnToService=2\n\
             SuspendProgram=/bin/true\n\
             ResumeProgram=/bin/true\n\
             SuspendTime=600\n\
             ResumeTimeout=600\n\
             SuspendTimeout=60\n\
             TreeWidth=65533\n\
             MpiDefault=none\n\
             JobCompType=jobcomp/none\n\
             AccountingStorageType=accounting_storage/none\n\
             PrivateData=cloud\n\
             NodeName={nodes} CPUs=2 RealMemory=1000 State=CLOUD Feature=dynamic,c5.xlarge\n\
             PartitionName=standard Nodes={nodes} Default=YES MaxTime=INFINITE State=UP\n",
            port = free_port(),
            slurmd = free_port(),
        );
        std::fs::create_dir_all(dir.path().join("state")).unwrap();
        std::fs::write(dir.path().join("slurm.conf"), conf).unwrap();
        let controller = Command::new("slurmctld")
            .arg("-D")
            .env("SLURM_CONF", dir.path().join("slurm.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start slurmctld");
        let slurm = Self { dir, controller };
        wait_until(
            "the test's slurmctld to answer",
            Duration::from_secs(30),
            || {
                slurm
                    .command("sinfo")
                    .arg("-h")
                    .output()
                    .ok()
                    .filter(|o| o.status.success())
            },
        );
        slurm
    }

    pub fn conf(&self) -> PathBuf {
        self.dir.path().join("slurm.conf")
    }

    /// A Slurm command against this controller.
    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.env("SLURM_CONF", self.conf());
        command
    }

    /// Submits `sbatch ARGS --wrap 'sleep 600'` and answers the job id.
    pub fn submit(&self, args: &[&str]) -> String {
        let output = self
            .command("sbatch")
            .args(["--parsable", "-o", "/dev/null"])
            .args(args)
            .args(["--wrap", "sleep 600"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "sbatch: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    /// Waits until job `id` is in `state` (PENDING, CONFIGURING…).
    pub fn wait_for_job(&self, id: &str, state: &str) {
        wait_until(
            &format!("job {id} to be {state}"),
            Duration::from_secs(30),
            || {
                let out = self
                    .command("squeue")
                    .args(["-h", "-j", id, "-o", "%T"])
                    .output()
                    .ok()?;
                (String::from_utf8_lossy(&out.stdout).trim() == state).then_some(())
            },
        );
    }

    /// Waits until Slurm is powering a node up (`#`) or has one up (not `~`).
    pub fn wait_for_a_node_powering_up(&self) {
        wait_until("a node to power up", Duration::from_secs(30), || {
            let out = self
                .command("sinfo")
                .args(["-h", "-N", "-o", "%t"])
                .output()
                .ok()?;
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|state| state.ends_with('#'))
                .then_some(())
        });
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for OwnSlurm {
    fn drop(&mut self) {
        let _ = self.controller.kill();
        let _ = self.controller.wait();
    }
}
