//! reV for real on the harness's "cluster" (its sshd as the head node, its Slurm as the
//! scheduler, its HSDS holding NREL's NSRDB sample, loaded with hsload): `pcwiz rev`
//! installs reV and h5pyd from a wheelhouse prepared outside the network namespace, writes a
//! PVWatts project from its form, submits the pipeline, which gaps runs through sbatch with
//! start_hsds.sh as its sh_script, reading the resource through HSDS; the outputs come home
//! and match a direct reV run on the .h5 file; a failing run is explained.

use std::process::Output;

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::{Harness, Home, hsds_files_in_use, json_of, stderr_of};

const REGION: &str = "us-west-2";
/// The venv these tests install and run reV from (the default, as a user would).
const VENV: &str = "~/envs/rev";

/// `pcwiz ARGS` against the harness's moto, reaching its head node, with the harness's
/// HSDS as the nodes' HSDS (pip-launched, no Docker).
fn pcwiz(home: &Home, harness: &Harness, args: &[&str]) -> Output {
    home.pcwiz_reaching_head_nodes(harness, args)
        .env("PCWIZ_HSDS_PORT", harness.hsds_port().to_string())
        .env("PCWIZ_HSDS_LAUNCHER", "pip")
        .env("AWS_REGION", REGION)
        .output()
        .unwrap()
}

fn wheelhouse() -> String {
    std::env::var("PCWIZ_TEST_REV_WHEELHOUSE").expect(
        "PCWIZ_TEST_REV_WHEELHOUSE: tests/harness/install.sh builds it, services.sh exports it",
    )
}

/// The cluster in moto whose head node is the harness's sshd, with the harness's user.
fn cluster(harness: &Harness, name: &str) -> ClusterStacks {
    let stacks = ClusterStacks::start(harness);
    stacks.create(name, "complete", &["--cluster-user", &harness.ssh_user]);
    stacks
}

/// Every file under the venv changed since `marker` was made (on the head node).
fn changed_since(harness: &Harness, marker: &str) -> String {
    harness.on_cluster(&format!(
        "find ~/envs/rev -newer {marker} -not -path '*/__pycache__*' | head -5"
    ))
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn rev_installs_from_a_wheelhouse_pinned_checked_and_a_second_time_changes_nothing() {
    let _files = hsds_files_in_use();
    let harness = Harness::get();
    let _stacks = cluster(&harness, "rev-install");
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    harness.on_cluster("rm -rf ~/envs/rev ~/.pcwiz");

    // A wheelhouse with no wheels is refused before anything is sent.
    let empty = tempfile::tempdir().unwrap();
    let output = pcwiz(
        &home,
        &harness,
        &[
            "rev",
            "rev-install",
            "--install",
            "--wheelhouse",
            empty.path().to_str().unwrap(),
        ],
    );
    assert!(!output.status.success());
    assert!(
        stderr_of(&output).contains("has no wheels"),
        "{}",
        stderr_of(&output)
    );

    let started = std::time::Instant::now();
    let output = pcwiz(
        &home,
        &harness,
        &[
            "rev",
            "rev-install",
            "--install",
            "--wheelhouse",
            &wheelhouse(),
            "--json",
        ],
    );
    let out = json_of(&output);
    assert!(output.status.success(), "{}", stderr_of(&output));
    eprintln!(
        "installed from the wheelhouse in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let installed = &out["install"];
    assert_eq!(installed["changed"], true, "{out:#}");
    assert_eq!(installed["rev"], "reV, version 0.14.5");
    assert_eq!(installed["venv"], VENV);
    let versions: Vec<(String, String)> = installed["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v[0].as_str().unwrap().into(),
                v[1].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    for (name, version) in [
        ("NREL-reV", "0.14.5"),
        ("NREL-gaps", "0.8.11"),
        ("NREL-rex", "0.4.3"),
        ("h5pyd", "1.0.0"),
    ] {
        assert!(
            versions.contains(&(name.to_string(), version.to_string())),
            "{name} {version}: {versions:?}"
        );
    }
    // pip's own lines drove the bar (not a TTY: one line per tenth, up to 100 %).
    let stderr = stderr_of(&output);
    assert!(stderr.contains("sending the wheelhouse"), "{stderr}");
    assert!(stderr.contains("100% pip: installed"), "{stderr}");
    // The copy was for this install only.
    assert_eq!(
        harness
            .on_cluster("ls -d ~/.pcwiz/wheelhouse-* 2>/dev/null | wc -l")
            .trim(),
        "0"
    );
    // A compute node runs the same reV: the venv is in the shared home.
    let on_node = harness.on_cluster("srun -p standard -N1 ~/envs/rev/bin/reV --version");
    assert_eq!(on_node.trim(), "reV, version 0.14.5");

    // Again: nothing sent, nothing installed, nothing in the venv touched.
    harness.on_cluster("touch ~/.pcwiz-marker");
    let output = pcwiz(
        &home,
        &harness,
        &[
            "rev",
            "rev-install",
            "--install",
            "--wheelhouse",
            &wheelhouse(),
        ],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("already installed, nothing changed"),
        "{text}"
    );
    assert!(
        !stderr_of(&output).contains("sending"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(changed_since(&harness, "~/.pcwiz-marker"), "");
    harness.on_cluster("rm -f ~/.pcwiz-marker");
}
