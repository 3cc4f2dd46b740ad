use super::*;

fn change(parameter: &str, old: &str, new: &str) -> Change {
    Change {
        parameter: parameter.into(),
        old: old.into(),
        new: new.into(),
    }
}

fn running(jobs: &[(&str, &str)]) -> Situation {
    Situation {
        fleet: Some("RUNNING".into()),
        running_jobs: Ok(jobs
            .iter()
            .map(|(id, name)| RunningJob {
                id: id.to_string(),
                name: name.to_string(),
            })
            .collect()),
        queue_update_strategy: None,
    }
}

const MAX: &str = "Scheduling.SlurmQueues[standard].ComputeResources[c6a12xl].MaxCount";
const TYPE: &str = "Scheduling.SlurmQueues[standard].ComputeResources[c6a12xl].InstanceType";
/// pcluster 3.16.1's words for (b), observed against moto (notes §4.4).
const FLEET_STOP: &str = "All compute nodes must be stopped. Stop the compute fleet with the pcluster update-compute-fleet command";

#[test]
fn more_nodes_are_made_in_place() {
    let answer = UpdateAnswer::WouldApply {
        changes: vec![change(MAX, "10", "20")],
        warnings: vec![],
    };
    let said = explain(&answer, &running(&[("7", "rev-gen")]));
    assert_eq!(said[0].effect, Effect::InPlace);
    assert_eq!(
        said[0].words,
        "made in place: more nodes may start, running jobs carry on"
    );
    assert_eq!(
        said[0].label,
        "queue standard · c6a12xl · MaxCount (most nodes)"
    );
}

#[test]
fn a_new_instance_type_needs_the_fleet_stopped_and_names_the_jobs_it_kills() {
    let answer = UpdateAnswer::Refused {
        changes: vec![change(TYPE, "c6a.12xlarge", "c6a.24xlarge")],
        blocked: vec![Blocked {
            parameter: TYPE.into(),
            message: FLEET_STOP.into(),
        }],
    };
    let situation = running(&[
        ("7", "rev-gen"),
        ("8", "rev-gen"),
        ("9", "rev-collect"),
        ("10", "rev-multi"),
    ]);
    let said = explain(&answer, &situation);
    assert_eq!(said[0].effect, Effect::FleetStop);
    assert_eq!(
        said[0].words,
        "needs the compute fleet stopped: the 4 running jobs (7 rev-gen, 8 rev-gen, 9 rev-collect, …) are killed"
    );
    assert_eq!(said[0].pcluster_said.as_deref(), Some(FLEET_STOP));
    let idle = explain(&answer, &running(&[]));
    assert!(
        idle[0]
            .words
            .ends_with("no job is running now, so none is lost")
    );
    let unseen = Situation {
        running_jobs: Err("the head node did not answer".into()),
        ..running(&[])
    };
    assert!(
        explain(&answer, &unseen)[0]
            .words
            .contains("pcwiz could not see the jobs: the head node did not answer")
    );
}

#[test]
fn the_head_nodes_type_needs_a_new_cluster() {
    let message = "Update actions are not currently supported for the 'InstanceType' parameter. Restore 'InstanceType' value to 't3.large'. If you need this change, please consider creating a new cluster instead of updating the existing one.";
    let answer = UpdateAnswer::Refused {
        changes: vec![change("HeadNode.InstanceType", "t3.large", "t3.xlarge")],
        blocked: vec![Blocked {
            parameter: "HeadNode.InstanceType".into(),
            message: message.into(),
        }],
    };
    let said = explain(&answer, &running(&[]));
    assert_eq!(said[0].effect, Effect::NewCluster);
    assert!(said[0].words.starts_with(
        "cannot be changed on a running cluster: it needs a new cluster; put it back to t3.large"
    ));
    assert!(said[0].words.contains("root volume"));
}

#[test]
fn a_queue_setting_under_drain_replaces_nodes_after_their_jobs() {
    let root = "Scheduling.SlurmQueues[standard].ComputeSettings.LocalStorage.RootVolume.Size";
    let answer = UpdateAnswer::WouldApply {
        changes: vec![change(root, "-", "100")],
        warnings: vec![],
    };
    let mut situation = running(&[("7", "rev-gen")]);
    situation.queue_update_strategy = Some("DRAIN".into());
    let said = explain(&answer, &situation);
    assert_eq!(said[0].effect, Effect::NodesReplaced);
    assert!(said[0].words.contains("running jobs finish first"));
    situation.queue_update_strategy = Some("TERMINATE".into());
    assert!(
        explain(&answer, &situation)[0]
            .words
            .ends_with("the running job (7 rev-gen) is killed")
    );
}

#[test]
fn with_the_fleet_stopped_nothing_is_lost() {
    let answer = UpdateAnswer::WouldApply {
        changes: vec![change(TYPE, "c6a.12xlarge", "c6a.24xlarge")],
        warnings: vec![],
    };
    let mut situation = running(&[]);
    situation.fleet = Some("STOPPED".into());
    let said = explain(&answer, &situation);
    assert_eq!(said[0].effect, Effect::InPlace);
    assert!(said[0].words.contains("fleet is stopped"));
}

#[test]
fn a_refusal_about_login_nodes_is_not_lifted_by_a_fleet_stop() {
    assert!(lifted_by_stopping_the_fleet(FLEET_STOP));
    assert!(!lifted_by_stopping_the_fleet(
        "All compute nodes must be stopped. All login nodes must be stopped."
    ));
}

#[test]
fn values_are_shown_short() {
    assert_eq!(shown("-"), "(none)");
    assert_eq!(
        shown("{'Name': 'bigmem', 'ComputeResources': [{'Name': 'm6a12xl'}]}"),
        "bigmem {…}"
    );
    assert_eq!(shown(&"x".repeat(80)).chars().count(), 60);
}
