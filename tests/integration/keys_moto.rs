//! `pcwiz keys …` against moto with real `ssh-keygen` keys. Run by tests/run.sh.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::common::{Harness, Home};

fn keygen(home: &Home, name: &str, kind: &str) -> std::path::PathBuf {
    let path = home.path().join(".ssh").join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", kind, "-N", "", "-C", name, "-f"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    path.with_extension("pub")
}

/// pcwiz with this home, against the shared moto, in `region`.
fn pcwiz(home: &Home, harness: &Harness, region: &str, args: &[&str]) -> std::process::Output {
    home.pcwiz(args)
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", region)
        .output()
        .unwrap()
}

fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The key pair as moto holds it: (type, public key blob, tags).
fn remote(harness: &Harness, region: &str, name: &str) -> serde_json::Value {
    let answer = harness.aws(&[
        "ec2",
        "describe-key-pairs",
        "--region",
        region,
        "--include-public-key",
        "--key-names",
        name,
    ]);
    answer["KeyPairs"][0].clone()
}

fn blob(public_key_file: &Path) -> String {
    std::fs::read_to_string(public_key_file)
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string()
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn import_sends_only_the_public_key_and_tags_it() {
    let harness = Harness::get();
    let home = Home::new();
    let public = keygen(&home, "id_ed25519", "ed25519");
    let output = pcwiz(
        &home,
        &harness,
        "eu-north-1",
        &[
            "keys",
            "import",
            "--name",
            "import-ed",
            "--public-key",
            public.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let imported = json(&output);
    assert_eq!(imported["kind"], "ed25519");
    assert_eq!(imported["region"], "eu-north-1");
    let pair = remote(&harness, "eu-north-1", "import-ed");
    assert_eq!(pair["KeyType"], "ed25519");
    assert_eq!(
        pair["PublicKey"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap(),
        blob(&public)
    );
    let tags = pair["Tags"].to_string();
    assert!(tags.contains("pcwiz:managed"), "{pair:#}");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn rsa_is_refused_for_ubuntu_24_04_and_accepted_for_amazon_linux_2023() {
    let harness = Harness::get();
    let home = Home::new();
    let public = keygen(&home, "id_rsa", "rsa");
    let path = public.to_str().unwrap();
    let refused = pcwiz(
        &home,
        &harness,
        "eu-north-1",
        &[
            "keys",
            "import",
            "--name",
            "rsa-ubuntu",
            "--public-key",
            path,
            "--os",
            "ubuntu2404",
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("Ubuntu 24.04 refuses RSA keys"),
        "{}",
        stderr(&refused)
    );
    assert!(
        stderr(&refused).contains("ed25519"),
        "says what to use instead"
    );
    let listed = harness.aws(&["ec2", "describe-key-pairs", "--region", "eu-north-1"]);
    assert!(
        !listed.to_string().contains("rsa-ubuntu"),
        "nothing was imported"
    );

    let accepted = pcwiz(
        &home,
        &harness,
        "eu-north-1",
        &[
            "keys",
            "import",
            "--name",
            "rsa-al2023",
            "--public-key",
            path,
            "--os",
            "alinux2023",
            "--json",
        ],
    );
    assert!(accepted.status.success(), "{}", stderr(&accepted));
    assert_eq!(
        remote(&harness, "eu-north-1", "rsa-al2023")["KeyType"],
        "rsa"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn list_matches_key_pairs_to_local_files_by_public_key() {
    let harness = Harness::get();
    let home = Home::new();
    let mine = keygen(&home, "id_ed25519", "ed25519");
    keygen(&home, "id_rsa", "rsa");
    // Imported by someone else under an unrelated name: matched by the key, not the name.
    harness.aws(&[
        "ec2",
        "import-key-pair",
        "--region",
        "ap-south-1",
        "--key-name",
        "laptop-2019",
        "--public-key-material",
        &format!("fileb://{}", mine.display()),
    ]);
    let output = pcwiz(&home, &harness, "ap-south-1", &["keys", "list", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let listing = json(&output);
    let choices = listing["choices"].as_array().unwrap();
    assert_eq!(
        choices[0]["title"], "Use key pair `laptop-2019`",
        "{listing:#}"
    );
    assert!(
        choices[0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("this key pair is your ~/.ssh/id_ed25519")
    );
    let rsa = choices
        .iter()
        .find(|c| c["title"] == "Import ~/.ssh/id_rsa.pub")
        .unwrap();
    assert!(
        rsa["refused"].as_str().unwrap().contains("Ubuntu 24.04"),
        "default OS is Ubuntu 24.04"
    );
    assert!(
        !choices
            .iter()
            .any(|c| c["title"] == "Import ~/.ssh/id_ed25519.pub"),
        "a key already in the region is not offered for import again"
    );
    assert_eq!(
        choices.last().unwrap()["title"],
        "Generate a new ed25519 key"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_duplicate_name_is_a_clear_error_and_changes_nothing() {
    let harness = Harness::get();
    let home = Home::new();
    let public = keygen(&home, "id_ed25519", "ed25519");
    let path = public.to_str().unwrap();
    let first = pcwiz(
        &home,
        &harness,
        "ca-central-1",
        &["keys", "import", "--name", "dup", "--public-key", path],
    );
    assert!(first.status.success(), "{}", stderr(&first));
    let other = keygen(&home, "other", "ed25519");
    let second = pcwiz(
        &home,
        &harness,
        "ca-central-1",
        &[
            "keys",
            "import",
            "--name",
            "dup",
            "--public-key",
            other.to_str().unwrap(),
        ],
    );
    assert_eq!(second.status.code(), Some(1));
    assert!(
        stderr(&second).contains("a key pair named `dup` already exists"),
        "{}",
        stderr(&second)
    );
    let pair = remote(&harness, "ca-central-1", "dup");
    assert_eq!(
        pair["PublicKey"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap(),
        blob(&public),
        "the first key is untouched"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn keys_new_makes_an_ed25519_key_with_ssh_keygen_and_imports_it() {
    let harness = Harness::get();
    let home = Home::new();
    let output = pcwiz(
        &home,
        &harness,
        "sa-east-1",
        &["keys", "new", "--name", "fresh", "--json"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let private = home.path().join(".ssh/fresh");
    let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the private key is private");
    let pair = remote(&harness, "sa-east-1", "fresh");
    assert_eq!(pair["KeyType"], "ed25519");
    assert_eq!(
        pair["PublicKey"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap(),
        blob(&private.with_extension("pub"))
    );
    // ssh-keygen accepts the private key: it really is the pair of the imported key.
    let derived = Command::new("ssh-keygen")
        .arg("-y")
        .arg("-f")
        .arg(&private)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&derived.stdout).contains(&blob(&private.with_extension("pub")))
    );

    let again = pcwiz(
        &home,
        &harness,
        "sa-east-1",
        &["keys", "new", "--name", "fresh"],
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_key_pair_name_found_only_in_another_region_is_warned_about() {
    let harness = Harness::get();
    let home = Home::new();
    let public = keygen(&home, "id_ed25519", "ed25519");
    let imported = pcwiz(
        &home,
        &harness,
        "eu-west-3",
        &[
            "keys",
            "import",
            "--name",
            "parisian",
            "--public-key",
            public.to_str().unwrap(),
        ],
    );
    assert!(imported.status.success(), "{}", stderr(&imported));
    let output = pcwiz(
        &home,
        &harness,
        "us-west-2",
        &["keys", "list", "--name", "parisian"],
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("a key pair named `parisian` exists in eu-west-3 but not in us-west-2"),
        "{text}"
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_private_key_or_garbage_is_refused_before_anything_is_sent() {
    let harness = Harness::get();
    let home = Home::new();
    let public = keygen(&home, "id_ed25519", "ed25519");
    let private = public.with_extension("");
    let output = pcwiz(
        &home,
        &harness,
        "us-west-2",
        &[
            "keys",
            "import",
            "--name",
            "oops",
            "--public-key",
            private.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("looks like a PRIVATE key"),
        "{}",
        stderr(&output)
    );
    let garbage = home.write("notes.txt", "hello");
    let output = pcwiz(
        &home,
        &harness,
        "us-west-2",
        &[
            "keys",
            "import",
            "--name",
            "oops",
            "--public-key",
            garbage.to_str().unwrap(),
        ],
    );
    assert!(
        stderr(&output).contains("not an OpenSSH public key"),
        "{}",
        stderr(&output)
    );
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn a_missing_ssh_keygen_is_named_with_how_to_install_it() {
    let harness = Harness::get();
    let home = Home::new();
    let output = home
        .pcwiz(&["keys", "new", "--name", "nokeygen"])
        .env("PATH", home.path().join("empty-bin"))
        .env("AWS_ENDPOINT_URL", &harness.moto_url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-west-2")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("ssh-keygen is not installed"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("apt install openssh-client"));
    assert!(!home.path().join(".ssh/nokeygen").exists());
    let listed = harness.aws(&["ec2", "describe-key-pairs", "--region", "us-west-2"]);
    assert!(!listed.to_string().contains("nokeygen"), "nothing imported");
}

#[test]
#[ignore = "needs the real services: run tests/run.sh"]
fn an_unreachable_endpoint_is_reported_with_the_next_step() {
    let _harness = Harness::get();
    let home = Home::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let output = home
        .pcwiz(&["keys", "list"])
        .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{port}"))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-west-2")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("could not reach"), "{text}");
    assert!(text.contains("Check your network connection"), "{text}");
}
