//! `pcwiz config presets | new` need no AWS: they run in a plain `cargo test`.

mod common;

use common::Home;

#[test]
fn a_users_own_preset_is_listed_and_used_and_a_broken_one_is_named() {
    let home = Home::new();
    let starter = include_str!("../presets/starter.yaml")
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
