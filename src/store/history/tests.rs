use super::*;

fn record(name: &str) -> ClusterRecord {
    ClusterRecord {
        name: name.into(),
        region: "us-west-2".into(),
        account_id: Some("123456789012".into()),
        profile: None,
        config_file: format!("/home/jane/{name}.yaml").into(),
        key_name: Some("laptop".into()),
        key_file: Some("/home/jane/.ssh/laptop".into()),
        created_by_pcwiz: CreatedByPcwiz {
            key_pair: true,
            network_stack: None,
        },
        created_at: "2026-11-21T12:00:00Z".parse().unwrap(),
        credential_kind: Some("iam-user".into()),
        stack_id: None,
        pcluster_version: Some("3.16.1".into()),
        deleted_at: None,
        removed: vec![],
        budget: None,
        updates: vec![],
    }
}

#[test]
fn records_are_added_replaced_and_updated() {
    let dir = tempfile::tempdir().unwrap();
    let history = History::in_dir(dir.path());
    assert!(history.load().unwrap().clusters.is_empty());
    history.record(record("rev")).unwrap();
    history.record(record("other")).unwrap();
    let mut again = record("rev");
    again.stack_id = Some("arn:aws:cloudformation:…/rev/1".into());
    history.record(again).unwrap();
    history
        .update("other", "us-west-2", None, |c| {
            c.deleted_at = Some(Utc::now())
        })
        .unwrap();
    let loaded = history.load().unwrap();
    assert_eq!(loaded.clusters.len(), 2);
    assert!(
        loaded.clusters[0].stack_id.is_some(),
        "replaced, not doubled"
    );
    assert!(loaded.clusters[1].deleted_at.is_some());
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(history.path())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "it names key files and accounts");
}

#[test]
fn concurrent_writers_lose_nothing() {
    // Each thread opens the lock file itself, so these contend exactly as two pcwiz
    // processes do (flock locks belong to the open file, not the process).
    let dir = tempfile::tempdir().unwrap();
    let threads: Vec<_> = (0..16)
        .map(|n| {
            let history = History::in_dir(dir.path());
            std::thread::spawn(move || {
                for m in 0..5 {
                    history.record(record(&format!("c{n}-{m}"))).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let loaded = History::in_dir(dir.path()).load().unwrap();
    assert_eq!(loaded.clusters.len(), 80, "every write kept");
    assert!(loaded.problem.is_none());
}

#[test]
fn a_truncated_file_is_moved_aside_and_reported_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let history = History::in_dir(dir.path());
    history.record(record("rev")).unwrap();
    let full = std::fs::read_to_string(history.path()).unwrap();
    let cut = &full[..full.len() / 2];
    std::fs::write(history.path(), cut).unwrap();

    let loaded = history.load().unwrap();
    let problem = loaded.problem.expect("the damage is reported");
    assert!(problem.contains("was damaged"), "{problem}");
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "backed up");
    assert_eq!(
        std::fs::read_to_string(aside[0].path()).unwrap(),
        cut,
        "as it was"
    );
    // The next record starts a sound file.
    history.record(record("next")).unwrap();
    let loaded = history.load().unwrap();
    assert_eq!(loaded.clusters.len(), 1);
    assert!(loaded.problem.is_none());
}

#[test]
fn two_accounts_keep_two_records_of_one_name() {
    let dir = tempfile::tempdir().unwrap();
    let history = History::in_dir(dir.path());
    history.record(record("rev")).unwrap();
    let mut other = record("rev");
    other.account_id = Some("210987654321".into());
    other.profile = Some("personal".into());
    history.record(other).unwrap();
    history
        .update("rev", "us-west-2", Some("210987654321"), |c| {
            c.deleted_at = Some(Utc::now())
        })
        .unwrap();
    let loaded = history.load().unwrap();
    assert_eq!(loaded.clusters.len(), 2, "one per account");
    assert!(
        loaded.clusters[0].deleted_at.is_none(),
        "the other account's is untouched"
    );
    assert!(loaded.clusters[1].deleted_at.is_some());
    assert!(loaded.clusters[0].in_account(Some("123456789012")));
    assert!(!loaded.clusters[0].in_account(Some("210987654321")));
    assert!(loaded.clusters[0].in_account(None));
}

#[test]
fn a_network_is_recorded_before_it_is_asked_for_and_what_became_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let history = History::in_dir(dir.path());
    history.record(record("rev")).unwrap();
    history
        .record_network(NetworkRecord {
            stack_name: "pcwiz-network-us-west-2a-202612010900".into(),
            region: "us-west-2".into(),
            account_id: Some("123456789012".into()),
            layout: "public-private".into(),
            requested_at: "2026-12-01T09:00:00Z".parse().unwrap(),
            state: NetworkState::Requested,
        })
        .unwrap();
    history
        .network_became(
            "pcwiz-network-us-west-2a-202612010900",
            "us-west-2",
            NetworkState::Created {
                stack_id: "arn:aws:cloudformation:us-west-2:1:stack/x/1".into(),
            },
        )
        .unwrap();
    let loaded = history.load().unwrap();
    assert_eq!(loaded.clusters.len(), 1, "clusters are untouched");
    assert!(matches!(
        loaded.networks[0].state,
        NetworkState::Created { .. }
    ));
    // A cluster change keeps the networks.
    history
        .update("rev", "us-west-2", None, |c| {
            c.deleted_at = Some(Utc::now())
        })
        .unwrap();
    assert_eq!(history.load().unwrap().networks.len(), 1);
}
