//! `pcwiz config presets | new` need no AWS: they run in a plain `cargo test`.

use crate::common::Home;

#[test]
fn a_users_own_preset_is_listed_and_used_and_a_broken_one_is_named() {
    let home = Home::new();
    let starter = include_str!("../../presets/starter.yaml")
        .replace("Name: starter", "Name: lab-small")
        .replace("Title: Starter sandbox", "Title: Our lab's small cluster");
    home.write(".config/pcwiz/presets/lab.yaml", &starter);
    home.write(
        ".config/pcwiz/presets/typo.yaml",
        "Name: oops\nConfig: 42\n",
    );

    let listed = home.pcwiz(&["config", "presets"]).output().unwrap();
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(
        text.contains("lab-small: Our lab's small cluster"),
        "{text}"
    );
    assert!(text.contains("rev-conus: reV at CONUS scale"), "{text}");
    let warnings = String::from_utf8_lossy(&listed.stderr);
    assert!(
        warnings.contains("typo.yaml"),
        "the broken file is named: {warnings}"
    );

    let out = home.path().join("lab.yaml");
    let made = home
        .pcwiz(&[
            "config",
            "new",
            "--preset",
            "lab-small",
            "--key-name",
            "k",
            "--subnet",
            "subnet-1",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let config = std::fs::read_to_string(&out).unwrap();
    assert!(
        config.contains("Value: lab-small"),
        "tagged with its preset: {config}"
    );
    assert!(config.contains("KeyName: k"));
}

#[test]
fn an_unknown_preset_lists_the_ones_there_are() {
    let home = Home::new();
    let output = home
        .pcwiz(&[
            "config",
            "new",
            "--preset",
            "rev",
            "--key-name",
            "k",
            "--subnet",
            "s",
            "-o",
            "x.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no preset `rev`; one of: rev-conus, starter, mpi-efa"),
        "{stderr}"
    );
}

#[test]
fn price_gives_the_snapshots_price_with_its_source_and_never_guesses() {
    let home = Home::new();
    let output = home
        .pcwiz(&["price", "t3.large", "c6a.12xlarge", "--json"])
        .env("AWS_REGION", "us-west-2")
        .output()
        .unwrap();
    assert!(output.status.success());
    let prices: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(prices[0]["usd_per_hour"], 0.0832);
    assert_eq!(prices[1]["usd_per_hour"], 1.836);
    assert_eq!(prices[1]["source"], "offline snapshot 2023-08");
    assert_eq!(prices[1]["as_of"], "2023-08");

    let elsewhere = home
        .pcwiz(&["price", "t3.large"])
        .env("AWS_REGION", "ap-south-1")
        .output()
        .unwrap();
    assert_eq!(elsewhere.status.code(), Some(1));
    let text = String::from_utf8_lossy(&elsewhere.stdout);
    assert!(text.contains("unknown offline in ap-south-1"), "{text}");
}
