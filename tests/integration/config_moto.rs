//! `pcwiz config new | check` with the real pcluster: every preset passes pcluster's own
//! schema and `pcluster create-cluster --dryrun` against moto, and mistakes are refused.
//! moto stands in for AWS (with ParallelCluster-named AMIs injected by the harness).

use std::process::Command;

use crate::common::{Harness, Home};

/// moto's RunInstances dry run rejects pcluster's block-device mappings ("The request must
/// contain the parameter ebs"), so these two validators are suppressed in tests only.
const MOTO_SUPPRESS: [&str; 2] = [
    "type:HeadNodeLaunchTemplateValidator",
    "type:ComputeResourceLaunchTemplateValidator",
];
const REGION: &str = "us-west-2";

struct Setup {
    harness: Harness,
    home: Home,
    subnet: String,
}

impl Setup {
    /// A home with an ed25519 key imported as `name`, and a public subnet in us-west-2a.
    fn new(key_name: &str, key_type: &str) -> Self {
        let harness = Harness::get();
        harness.make_default_vpc_like_aws(REGION);
        let home = Home::new();
        let key = home.path().join(key_name);
        let status = Command::new("ssh-keygen")
            .args(["-q", "-t", key_type, "-N", "", "-f"])
            .arg(&key)
            .status()
            .unwrap();
        assert!(status.success());
        harness.aws(&[
            "ec2",
            "import-key-pair",
            "--region",
            REGION,
            "--key-name",
            key_name,
            "--public-key-material",
            &format!("fileb://{}.pub", key.display()),
        ]);
        let subnet = harness.default_subnet(REGION);
        Self {
            harness,
            home,
            subnet,
        }
    }

    fn pcwiz(&self, args: &[&str]) -> std::process::Output {
        self.home
            .pcwiz(args)
            .env("AWS_ENDPOINT_URL", &self.harness.moto_url)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", REGION)
            .env("PATH", self.harness.path_with_tools())
            .output()
            .unwrap()
    }

    fn new_config(&self, preset: &str, key_name: &str, extra: &[&str]) -> std::path::PathBuf {
        let path = self.home.path().join(format!("{preset}.yaml"));
        let mut args = vec![
            "config",
            "new",
            "--preset",
            preset,
            "--key-name",
            key_name,
            "--subnet",
            &self.subnet,
            "--tag",
            "org=nrel",
            "--tag",
            "billingId=42",
            "-o",
            path.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let output = self.pcwiz(&args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        path
    }

    fn check(&self, path: &std::path::Path) -> (i32, serde_json::Value) {
        let mut args = vec![
            "config",
            "check",
            path.to_str().unwrap(),
            "--pcluster",
            "--json",
            "--suppress-validators",
        ];
        args.extend_from_slice(&MOTO_SUPPRESS);
        let output = self.pcwiz(&args);
        let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        });
        (output.status.code().unwrap(), report)
    }

    /// pcluster's own schema, loaded offline the way pcluster does before any validator.
    fn schema_errors(&self, path: &std::path::Path) -> Option<String> {
        let output = Command::new(self.harness.venv_bin.join("python"))
            .args(["-c", "import sys, yaml\nfrom pcluster.schemas.cluster_schema import ClusterSchema\nClusterSchema(cluster_name='pcwiz-schema').load(yaml.safe_load(open(sys.argv[1])))"])
            .arg(path)
            .env_clear()
            .envs(crate::common::safe_env())
            .env("AWS_DEFAULT_REGION", REGION)
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .output()
            .unwrap();
        (!output.status.success()).then(|| String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn errors(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn every_preset_passes_pclusters_schema_and_dry_run() {
    let setup = Setup::new("cfg-ed25519", "ed25519");
    // EFA nodes cannot take a public IP: mpi-efa's compute nodes get a private subnet.
    let vpc = setup.harness.aws(&[
        "ec2",
        "describe-vpcs",
        "--region",
        REGION,
        "--filters",
        "Name=is-default,Values=true",
    ]);
    let private = setup.harness.aws(&[
        "ec2",
        "create-subnet",
        "--region",
        REGION,
        "--vpc-id",
        vpc["Vpcs"][0]["VpcId"].as_str().unwrap(),
        "--cidr-block",
        "172.31.128.0/20",
        "--availability-zone",
        "us-west-2a",
    ]);
    let private = private["Subnet"]["SubnetId"].as_str().unwrap().to_string();
    for (preset, extra) in [
        ("rev-conus", vec![]),
        ("starter", vec![]),
        ("mpi-efa", vec!["--compute-subnet", private.as_str()]),
    ] {
        let path = setup.new_config(preset, "cfg-ed25519", &extra);
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            setup.schema_errors(&path),
            None,
            "{preset} fails pcluster's schema"
        );
        let (code, report) = setup.check(&path);
        assert_eq!(
            report["pcluster"]["would_succeed"], true,
            "{preset}: {report:#}"
        );
        assert_eq!(
            errors(&report),
            Vec::<String>::new(),
            "{preset}: {report:#}"
        );
        assert_eq!(code, 0, "{preset}");
    }
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn the_rev_config_is_the_tutorials_with_the_users_key_and_subnet_and_the_rev_warnings() {
    let setup = Setup::new("cfg-rev", "ed25519");
    let path = setup.new_config("rev-conus", "cfg-rev", &[]);
    let text = std::fs::read_to_string(&path).unwrap();
    let yaml: serde_yaml_value::Value = serde_yaml_value::from_str(&text);
    assert_eq!(yaml.get("HeadNode.Ssh.KeyName"), "cfg-rev");
    assert_eq!(yaml.get("HeadNode.Networking.SubnetId"), setup.subnet);
    assert_eq!(
        yaml.get("Scheduling.SlurmQueues.0.ComputeResources.0.InstanceType"),
        "c6a.12xlarge"
    );
    assert_eq!(
        yaml.get("Scheduling.SlurmQueues.1.ComputeResources.0.InstanceType"),
        "m6a.12xlarge"
    );
    assert_eq!(
        yaml.get("SharedStorage.0.FsxLustreSettings.StorageCapacity"),
        "1200"
    );
    let (_, report) = setup.check(&path);
    let ids: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"rev.shared-nodes"),
        "the guide's node-sharing trap is flagged: {ids:?}"
    );
    assert!(ids.contains(&"iam.s3-full-access"), "{ids:?}");
    assert!(
        !ids.contains(&"rev.empty-tag"),
        "the tags were given: {ids:?}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn an_rsa_key_for_ubuntu_is_an_error_before_launch() {
    let setup = Setup::new("cfg-rsa", "rsa");
    let path = setup.new_config("rev-conus", "cfg-rsa", &[]);
    let (code, report) = setup.check(&path);
    assert_eq!(code, 1);
    assert!(
        errors(&report)
            .iter()
            .any(|e| e.contains("Ubuntu 24.04 refuses RSA keys")),
        "{report:#}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_type_the_zone_lacks_and_a_missing_key_pair_are_both_caught() {
    let setup = Setup::new("cfg-exists", "ed25519");
    let path = setup.new_config("starter", "no-such-key", &[]);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("InstanceType: t3.large", "InstanceType: hpc7a.96xlarge");
    std::fs::write(&path, text).unwrap();
    let (code, report) = setup.check(&path);
    assert_eq!(code, 1);
    let errors = errors(&report);
    assert!(
        errors
            .iter()
            .any(|e| e
                == "hpc7a.96xlarge is not offered in us-west-2a, the subnet's availability zone."),
        "pcwiz's own check: {errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("pcluster KeyPairValidator")),
        "pcluster's verdict, passed on: {errors:#?}"
    );
    assert_eq!(report["pcluster"]["would_succeed"], false);
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_file_that_is_not_a_config_gets_a_clear_error() {
    let setup = Setup::new("cfg-garbage", "ed25519");
    let path = setup.home.write("notes.yaml", "- just\n- a list\n");
    let output = setup.pcwiz(&["config", "check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not a ParallelCluster 3 config"),
        "{stderr}"
    );
}

/// Just enough YAML navigation for these tests, through pcwiz's own serde_yaml dependency.
mod serde_yaml_value {
    pub struct Value(serde_json::Value);

    pub fn from_str(text: &str) -> Value {
        let value: serde_json::Value = serde_yaml::from_str(text).unwrap();
        Value(value)
    }

    impl Value {
        /// `a.b.0.c` → the scalar there, as text.
        pub fn get(&self, path: &str) -> String {
            let mut node = &self.0;
            for part in path.split('.') {
                node = match part.parse::<usize>() {
                    Ok(i) => &node[i],
                    Err(_) => &node[part],
                };
            }
            match node {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            }
        }
    }
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn the_os_list_is_the_one_the_installed_pcluster_accepts() {
    // pcwiz keeps the list static (no Python at start-up); this keeps it honest: a
    // pcluster upgrade that changes SUPPORTED_OSES fails here.
    let harness = Harness::get();
    let output = Command::new(harness.venv_bin.join("python"))
        .args(["-c", "from pcluster.constants import SUPPORTED_OSES; print(' '.join(sorted(SUPPORTED_OSES)))"])
        .env_clear()
        .envs(crate::common::safe_env())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let theirs = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let mut ours: Vec<&str> = pcwiz::cluster::os::Os::ALL
        .iter()
        .map(|os| os.config_name())
        .collect();
    ours.sort();
    assert_eq!(ours.join(" "), theirs);
}
