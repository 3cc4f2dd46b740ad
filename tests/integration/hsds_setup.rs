//! `pcwiz hsds NAME`, for real: the files go to the harness's head node through its real
//! sshd, HSDS is pip-installed there from the harness's wheelhouse (the cluster has no
//! PyPI here), the check runs through its real Slurm (`srun`) against a real HSDS, and
//! private data's keys go to a real OS keyring (gnome-keyring's Secret Service on a private
//! D-Bus, started here) and nowhere else: not into any file pcwiz writes here, nor its log.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use crate::common::cluster_stacks::ClusterStacks;
use crate::common::own_hsds::OwnHsds;
use crate::common::{Harness, Home, harness_home_in_use, safe_env, wait_until};

const REGION: &str = "us-west-2";

/// A private session bus with gnome-keyring's Secret Service on it, unlocked; stopped
/// when dropped.
struct Keyring {
    bus: String,
    daemons: Vec<Child>,
}

impl Keyring {
    fn start(home: &Path) -> Self {
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (Debian package dbus-daemon)");
        let mut address = String::new();
        use std::io::BufRead;
        std::io::BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_string();
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env_clear()
            .envs(safe_env())
            .env("HOME", home)
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon (Debian package gnome-keyring)");
        // --unlock reads the login keyring's password on stdin.
        use std::io::Write;
        let mut stdin = keyring.stdin.take().unwrap();
        stdin.write_all(b"test-login-password").unwrap();
        drop(stdin);
        let this = Self {
            bus: address,
            daemons: vec![bus, keyring],
        };
        // Ready when the Secret Service can store. It answers lookups before its login
        // collection exists, and a store then fails ("Object does not exist at path
        // /org/freedesktop/secrets/collection/login"): seen once in six starts here.
        let probe = ["service", "pcwiz-test-readiness"];
        wait_until(
            "gnome-keyring's login collection",
            std::time::Duration::from_secs(10),
            || {
                let stored = this.secret_tool(
                    home,
                    &[&["store", "--label=probe"], &probe[..]].concat(),
                    "x",
                );
                stored.status.success().then_some(())
            },
        );
        assert!(
            this.secret_tool(home, &[&["clear"], &probe[..]].concat(), "")
                .status
                .success()
        );
        this
    }

    /// What the keyring holds for pcwiz's entry `bucket`.
    fn lookup(&self, home: &Path, bucket: &str) -> Output {
        self.secret_tool(
            home,
            &["lookup", "service", "pcwiz-hsds", "username", bucket],
            "",
        )
    }

    /// secret-tool (libsecret's CLI) on this keyring's bus, `input` on its stdin.
    fn secret_tool(&self, home: &Path, args: &[&str], input: &str) -> Output {
        let mut child = Command::new("secret-tool")
            .args(args)
            .env_clear()
            .envs(safe_env())
            .env("HOME", home)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }
}

impl Drop for Keyring {
    fn drop(&mut self) {
        for daemon in &mut self.daemons {
            let _ = daemon.kill();
            let _ = daemon.wait();
        }
    }
}

fn hsds(
    home: &Home,
    harness: &Harness,
    hsds_port: u16,
    args: &[&str],
    stdin: &str,
    bus: Option<&str>,
) -> (i32, serde_json::Value, String) {
    let wheelhouse = harness.wheelhouse.display().to_string();
    let mut command =
        home.pcwiz(&[&["hsds"], args, &["--wheelhouse", &wheelhouse, "--json"]].concat());
    command
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .env("PCWIZ_SSH_CONFIG", home.path().join(".ssh/config"))
        .env("PCWIZ_HSDS_PORT", hsds_port.to_string())
        // Everything pcwiz and the SDK log, so the secret test sees all of it.
        .env("PCWIZ_LOG", "debug")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(bus) = bus {
        command.env("DBUS_SESSION_BUS_ADDRESS", bus);
    }
    let mut child = command.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let json = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{stderr}", String::from_utf8_lossy(&output.stdout)));
    (output.status.code().unwrap_or(-1), json, stderr)
}

/// Every file under `dir` whose bytes contain `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = vec![];
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && !path.is_symlink() {
            found.extend(files_containing(&path, needle));
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        {
            found.push(path);
        }
    }
    found
}

/// A folder `/nrel/wtk/` in an HSDS, as NREL's bucket has: what the check lists.
fn nrel_folders(port: u16) {
    for domain in ["/nrel", "/nrel/wtk"] {
        let output = Command::new("curl")
            .args([
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-u",
                "admin:admin",
                "-X",
                "PUT",
            ])
            .args([
                "-H",
                "Content-Type: application/json",
                "-d",
                "{\"folder\": true}",
            ])
            .arg(format!("http://127.0.0.1:{port}/?domain={domain}"))
            .output()
            .unwrap();
        let code = String::from_utf8_lossy(&output.stdout);
        assert!(code == "201" || code == "409", "PUT {domain}: {code}");
    }
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn an_sso_user_with_nrel_public_data_gets_hsds_checked_on_a_compute_node_without_keys() {
    let _home = harness_home_in_use();
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create(
        "hsds-public",
        "complete",
        &["--cluster-user", &harness.ssh_user],
    );
    let own = OwnHsds::start(&harness, &[]);
    nrel_folders(own.port);
    harness.on_cluster("rm -rf ~/.hsds ~/start_hsds.sh ~/.hscfg.pcwiz-backup-*; echo 'hs_endpoint = mine' > ~/.hscfg",
    );
    let home = Home::with_ssh_to(&harness, harness.ssh_port);

    let (code, out, stderr) = hsds(&home, &harness, own.port, &["hsds-public"], "", None);
    assert_eq!(code, 0, "{out:#}\n{stderr}");
    assert!(out["keys"].is_null(), "public data asks for no keys");
    assert!(!stderr.contains("keyring"), "{stderr}");
    let installed = out["result"]["installed"].as_array().unwrap();
    let hscfg = installed.iter().find(|f| f["path"] == ".hscfg").unwrap();
    let backup = hscfg["backup"]
        .as_str()
        .expect("the user's .hscfg backed up");
    assert_eq!(
        harness.on_cluster(&format!("cat ~/{backup}")),
        "hs_endpoint = mine\n"
    );
    assert!(
        harness
            .on_cluster("cat ~/.hscfg")
            .contains("hs_bucket = nrel-pds-hsds")
    );
    // HSDS itself, pinned, in a venv in the home the compute nodes share.
    let venv = &out["result"]["hsds"];
    assert_eq!(venv["outcome"], "installed", "{out:#}");
    assert_eq!(venv["version"], "1.0.2");
    assert!(
        venv["from"]
            .as_str()
            .unwrap()
            .starts_with("the wheelhouse ")
    );
    assert_eq!(
        harness.on_cluster("~/.hsds/venv/bin/python -c 'import h5pyd, importlib.metadata as m; print(m.version(\"hsds\"))'"),
        "1.0.2\n"
    );
    let verified = &out["result"]["verified"]["Ok"];
    assert_eq!(verified["node"], "localhost", "{out:#}");
    assert_eq!(verified["started"], 0);
    assert!(
        verified["check"].as_str().unwrap().ends_with("READY"),
        "{out:#}"
    );
    assert_eq!(verified["read_status"], 200, "{out:#}");
    assert_eq!(verified["domains"], serde_json::json!(["/nrel/wtk"]));
    let snippet = &out["rev_snippet"];
    assert_eq!(
        snippet["execution_control"]["sh_script"],
        "bash ~/start_hsds.sh"
    );
    assert_eq!(snippet["resource_file"], "/nrel/wtk/conus/wtk_conus_{}.h5");
    // As many workers as Slurm gives the node CPUs.
    let cpus: u64 = harness
        .on_cluster("sinfo -h -N -n localhost -o %c | head -1")
        .trim()
        .parse()
        .unwrap();
    assert_eq!(
        snippet["execution_control"]["max_workers"], cpus,
        "one worker per CPU"
    );

    // Again: nothing changed, nothing backed up twice.
    let (_, out, _) = hsds(
        &home,
        &harness,
        own.port,
        &["hsds-public", "--no-verify"],
        "",
        None,
    );
    let installed = out["result"]["installed"].as_array().unwrap();
    assert!(
        installed.iter().all(|f| f["outcome"] == "unchanged"),
        "{out:#}"
    );
    assert_eq!(out["result"]["hsds"]["outcome"], "unchanged", "{out:#}");

    // HSDS down: the check says so and shows the start log.
    drop(own);
    let (code, out, _) = hsds(
        &home,
        &harness,
        own_port_closed(),
        &["hsds-public"],
        "",
        None,
    );
    assert_eq!(code, 1);
    let verified = &out["result"]["verified"]["Ok"];
    assert!(
        verified["check"].as_str().unwrap().contains("not running"),
        "{out:#}"
    );
    // In one sentence: here the harness's own HSDS holds 6101, HSDS's data node port.
    assert_eq!(
        verified["why"],
        "port 6101 on this node is already in use by another program, so HSDS cannot listen there.",
        "{out:#}"
    );
}

/// A port nothing listens on, so start_hsds.sh starts HSDS itself, which fails before it
/// begins: the harness's own HSDS holds the data node's port.
fn own_port_closed() -> u16 {
    9
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn an_iam_users_keys_go_to_the_keyring_and_the_cluster_and_nowhere_else() {
    let _home = harness_home_in_use();
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create(
        "hsds-private",
        "complete",
        &["--cluster-user", &harness.ssh_user],
    );
    let (key_id, secret) = harness.iam_user("hsds-reader");
    let hsds_port: u16 = harness.hsds_port();
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    let keyring = Keyring::start(home.path());
    let args = [
        "hsds-private",
        "--private-bucket",
        "my-rev-data",
        "--bucket-region",
        "us-east-1",
    ];

    let typed = format!("{key_id}\n{secret}\n");
    let (code, out, stderr) = hsds(
        &home,
        &harness,
        hsds_port,
        &args,
        &typed,
        Some(&keyring.bus),
    );
    assert_eq!(code, 0, "{out:#}\n{stderr}");
    assert_eq!(out["keys"], format!("…{}", &key_id[key_id.len() - 4..]));
    assert_eq!(out["keys_kept"], "keyring");
    assert!(
        out["keys_owner"].as_str().unwrap().contains("hsds-reader"),
        "{out:#}"
    );
    assert!(
        out["result"]["verified"]["Ok"]["check"]
            .as_str()
            .unwrap()
            .ends_with("READY")
    );
    // In the keyring, for the bucket.
    let kept = keyring.lookup(home.path(), "my-rev-data");
    assert_eq!(
        String::from_utf8_lossy(&kept.stdout),
        format!("{key_id}:{secret}")
    );
    // On the cluster: a mode-0600 file only its user reads, which start_hsds.sh names.
    let remote = harness.on_cluster("stat -c %a ~/.hsds/credentials; cat ~/.hsds/credentials");
    assert!(
        remote.starts_with("600\n") && remote.contains(&secret),
        "{remote}"
    );
    assert!(
        harness
            .on_cluster("cat ~/start_hsds.sh")
            .contains("CREDENTIALS_FILE=${CREDENTIALS_FILE:-$HOME/.hsds/credentials}")
    );
    // Nowhere here: no file pcwiz wrote (config, state, log), not its output.
    let leaks = files_containing(home.path(), &secret);
    assert!(leaks.is_empty(), "the secret is in {leaks:?}");
    assert!(!out.to_string().contains(&secret) && !stderr.contains(&secret));
    assert!(
        !stderr.contains(&key_id),
        "only the last 4 characters of the key id: {stderr}"
    );
    let log_written = files_containing(home.path(), "pcwiz");
    assert!(
        !log_written.is_empty(),
        "the log exists, so the check above read it"
    );

    // Next time the keyring answers: nothing typed.
    let (code, out, stderr) = hsds(
        &home,
        &harness,
        hsds_port,
        &[&args[..], &["--no-verify"]].concat(),
        "",
        Some(&keyring.bus),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("kept in the OS keyring"), "{stderr}");
    assert_eq!(out["keys_kept"], "keyring");

    // SSO keys are refused with the reason, and nothing is installed.
    let (sso_id, sso_secret, _) = harness.assume_role(
        "/aws-reserved/sso.amazonaws.com/",
        "AWSReservedSSO_Dev_0123",
        "jane",
    );
    let output = home
        .pcwiz(&[
            "hsds",
            "hsds-private",
            "--private-bucket",
            "my-rev-data",
            "--keys-from-stdin",
        ])
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .env("DBUS_SESSION_BUS_ADDRESS", &keyring.bus)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(format!("{sso_id}\n{sso_secret}\n").as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert_ne!(output.status.code(), Some(0));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("temporary") && said.contains("AWS_SESSION_TOKEN"),
        "{said}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn without_a_keyring_the_keys_are_asked_each_time_and_never_stored() {
    let _home = harness_home_in_use();
    let harness = Harness::get();
    let stacks = ClusterStacks::start(&harness);
    stacks.create(
        "hsds-nokeyring",
        "complete",
        &["--cluster-user", &harness.ssh_user],
    );
    let (key_id, secret) = harness.iam_user("hsds-reader-2");
    let hsds_port: u16 = harness.hsds_port();
    let home = Home::with_ssh_to(&harness, harness.ssh_port);
    let args = [
        "hsds-nokeyring",
        "--private-bucket",
        "other-data",
        "--no-verify",
    ];

    let typed = format!("{key_id}\n{secret}\n");
    let (code, out, stderr) = hsds(&home, &harness, hsds_port, &args, &typed, None);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("No OS keyring answers here"), "{stderr}");
    assert_eq!(out["keys_kept"], "not kept");
    assert!(files_containing(home.path(), &secret).is_empty());
    // Asked again, since nothing kept them: with nothing typed, a clear error.
    let output = home
        .pcwiz(&[
            "hsds",
            "hsds-nokeyring",
            "--private-bucket",
            "other-data",
            "--no-verify",
        ])
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("No OS keyring answers here") && said.contains("AKIA"),
        "{said}"
    );
}
