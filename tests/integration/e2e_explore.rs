//! The real binary in tmux on a machine with no AWS account set up (issue 20): a new HOME
//! with no AWS files, no keys in the environment. From the menu, the wizard explores to
//! the review and its cost breakdown, with the offline snapshot's prices on screen, and
//! nothing is sent to any endpoint: every AWS endpoint is a listener of the test's own
//! that counts connections, and it counts none.

use std::sync::atomic::Ordering;

use crate::common::tmux::{TmuxSession, terminal_is_sane};
use crate::common::{Home, counting_endpoint};

#[test]
#[ignore = "needs tmux: run tests/run.sh"]
fn a_newcomer_without_an_account_sees_what_the_rev_cluster_would_cost() {
    let home = Home::new();
    let (endpoint, connections) = counting_endpoint();
    let env = crate::e2e_tmux::environment(
        &home,
        &[
            ("AWS_ENDPOINT_URL", &endpoint),
            ("AWS_ENDPOINT_URL_PRICING", &endpoint),
        ],
    );
    let tmux = TmuxSession::start(&env, env!("CARGO_BIN_EXE_pcwiz"));
    tmux.wait_for("identity unknown");
    tmux.keys(&["1"]);
    tmux.wait_for("Enter explores anyway");
    tmux.keys(&["Enter"]);
    tmux.wait_for("2. Region");
    tmux.keys(&["Enter"]); // us-west-2, preselected: NREL's data is there
    tmux.wait_for("○ Later: Key pairs live in your AWS account");
    tmux.keys(&["Enter"]);
    tmux.wait_for("○ Later: Subnets live in your AWS account");
    tmux.keys(&["Enter"]);
    tmux.wait_for("5. Preset");
    tmux.keys(&["Enter"]); // rev-conus
    tmux.wait_for("6. Operating system");
    tmux.keys(&["Enter"]); // Ubuntu 24.04
    let picker = tmux.wait_for("types in the offline catalog");
    assert!(picker.contains("3. SSH key (later)"), "{picker}");
    let picker = tmux.wait_for("$0.0832 · $60.74");
    assert!(picker.contains("› t3.large"), "{picker}");
    tmux.keys(&["Enter"]); // t3.large
    tmux.wait_for("8. Queues ─");
    tmux.keys(&["Enter"]);
    tmux.wait_for("9. Shared storage ─");
    tmux.keys(&["Enter"]);
    tmux.wait_for("10. Tags & upkeep ─");
    tmux.keys(&["Enter"]);
    let review = tmux.wait_for("Exploring without an AWS account");
    assert!(review.contains("11. Review ─"), "{review}");
    tmux.keys(&["c"]);
    let cost = tmux.wait_for("Full scale: every queue at MaxCount");
    assert!(
        cost.contains("1 × t3.large          $0.0832      $60.74"),
        "{cost}"
    );
    assert!(
        cost.contains("10 × c6a.12xlarge      $18.36  $13,402.80"),
        "{cost}"
    );
    assert!(cost.contains("Idle ≥$0.0882/h"), "the panel: {cost}");
    tmux.keys(&["q"]);
    let (status, stty) = tmux.wait_for_exit();
    assert_eq!(status, 0);
    assert!(terminal_is_sane(&stty), "{stty}");

    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "nothing was sent to any endpoint"
    );
    assert!(!home.path().join(".aws").exists(), "no AWS files written");
    let draft = std::fs::read_to_string(home.path().join(".local/share/pcwiz/drafts/current.json"))
        .expect("the explored draft is saved");
    let draft: serde_json::Value = serde_json::from_str(&draft).unwrap();
    assert_eq!(draft["later"], serde_json::json!(["ssh-key", "network"]));
    assert_eq!(draft["current"], "review");
}
