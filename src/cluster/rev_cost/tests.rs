use super::*;
use crate::cluster::node_billing::NodeBilling;
use crate::cluster::rev_project::Estimate;
use crate::cluster::rev_status::{self, StatusFile};

fn pipeline() -> RevPipeline {
    let file = |name: &str, text: &str| StatusFile {
        path: format!(".gaps/{name}"),
        text: text.into(),
        error: None,
    };
    rev_status::parse(&[
        file(
            "rev_conus_status.json",
            include_str!("../../../tests/fixtures/rev/uncollected/rev_conus/.gaps/rev_conus_status.json"),
        ),
        file(
            "jobstatus_rev_conus_generation_j0.json",
            include_str!("../../../tests/fixtures/rev/uncollected/rev_conus/.gaps/jobstatus_rev_conus_generation_j0.json"),
        ),
        file(
            "jobstatus_rev_conus_generation_j1.json",
            include_str!("../../../tests/fixtures/rev/uncollected/rev_conus/.gaps/jobstatus_rev_conus_generation_j1.json"),
        ),
        file(
            "jobstatus_rev_conus_collect.json",
            include_str!("../../../tests/fixtures/rev/uncollected/rev_conus/.gaps/jobstatus_rev_conus_collect.json"),
        ),
    ])
    .unwrap()
}

fn job(id: &str, nodes: &str) -> Job {
    Job {
        id: id.into(),
        name: "x".into(),
        user: "ubuntu".into(),
        partition: "standard".into(),
        state: "RUNNING".into(),
        flags: vec![],
        reason: String::new(),
        nodes: nodes.into(),
        node_count: Some(1),
        submit_time: None,
        start_time: None,
        end_time: None,
        time_limit_minutes: None,
        exit_code: None,
    }
}

fn node(name: &str, partition: &str) -> Node {
    Node {
        name: name.into(),
        partitions: vec![partition.into()],
        state: "allocated".into(),
        flags: vec![],
        cpus: Some(48),
        reason: None,
        address: None,
        last_busy: None,
    }
}

fn billed(node: &str, instance_type: &str, usd: Option<f64>) -> NodeBilling {
    NodeBilling {
        node: node.into(),
        instance_id: Some("i-0".into()),
        instance_type: Some(instance_type.into()),
        spot: false,
        usd_per_hour: usd,
        launch_error: None,
        idle_billing_minutes: None,
        is_static: false,
    }
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, GAPS_TIME_FORMAT).unwrap()
}

#[test]
fn a_running_jobs_node_sets_its_rate_and_the_queue_stands_in_for_the_rest() {
    let p = pipeline();
    let billing = Billing {
        nodes: vec![
            billed("standard-dy-standard-2", "c6a.12xlarge", Some(1.836)),
            billed("bigmem-dy-bigmem-1", "m6a.12xlarge", Some(2.0736)),
        ],
        unclaimed: vec![],
    };
    let nodes = [
        node("standard-dy-standard-2", "standard"),
        node("bigmem-dy-bigmem-1", "bigmem"),
    ];
    let mut rates = RevRates::default();
    // generation_j1 (job 102) runs on standard-dy-standard-2.
    rates.learn(
        &p,
        &[job("102", "standard-dy-standard-2")],
        &nodes,
        &billing,
        Some("standard"),
    );
    let j1 = rates.rate("rev_conus_generation_j1").unwrap();
    assert_eq!(j1.node.as_deref(), Some("standard-dy-standard-2"));
    let j0 = rates.rate("rev_conus_generation_j0").unwrap();
    assert_eq!(
        (j0.instance_type.as_str(), j0.node.as_ref()),
        ("c6a.12xlarge", None),
        "the queue's rate"
    );

    // Later the node is gone: what was learnt stays.
    rates.learn(
        &p,
        &[],
        &[],
        &Billing {
            nodes: vec![],
            unclaimed: vec![],
        },
        Some("standard"),
    );
    assert_eq!(
        rates.rate("rev_conus_generation_j1").unwrap().usd_per_hour,
        1.836
    );

    let cost = costs(&p, &rates, Some(at("03-Jun-2024 09:32:00")));
    // j0 ran 90.5 min, j1 has run 30 min (since 09:02), collect 0.75 min.
    let gen_step = &cost.steps[0];
    assert!(
        (gen_step.hours - (90.5 + 30.0) / 60.0).abs() < 1e-9,
        "{gen_step:?}"
    );
    assert!((gen_step.usd - 1.836 * (90.5 + 30.0) / 60.0).abs() < 1e-9);
    assert_eq!(cost.steps[1].unpriced, 0);
    assert!((cost.usd - 1.836 * (90.5 + 30.0 + 0.75) / 60.0).abs() < 1e-9);
    assert!(cost.jobs.contains_key("rev_conus_collect"));
}

#[test]
fn without_any_price_the_hours_still_count_and_say_unpriced() {
    let p = pipeline();
    let cost = costs(&p, &RevRates::default(), None);
    assert_eq!(cost.usd, 0.0);
    // j0 and collect have runtimes; j1 runs, but without a clock there is no runtime yet.
    assert_eq!(cost.unpriced, 2);
    assert!(cost.jobs["rev_conus_generation_j0"].usd.is_none());
}

#[test]
fn the_run_is_held_against_the_sizings_estimate() {
    let mut p = pipeline();
    assert!(
        against_estimate(&p, None).is_none(),
        "no estimate, nothing said"
    );
    let mut form: crate::cluster::rev_project::ProjectForm =
        serde_json::from_value(serde_json::json!({
            "dir": "~/rev_conus", "technology": "pvwatts", "year": 2012,
            "resource_file": "/nrel/nsrdb/v3/nsrdb_{}.h5",
            "sites": {"kind": "gids", "gids": [0, 1]}, "sam": {},
            "execution": {"nodes": 2, "max_workers": 4, "sites_per_worker": null,
                "memory_utilization_limit": 0.7, "walltime": null, "partition": null, "exclusive": true},
            "venv": "~/envs/rev", "estimate": null}))
        .unwrap();
    form.estimate = Some(Estimate {
        instance_type: "c6a.12xlarge".into(),
        nodes: 2,
        hours: 2.0,
        usd: Some(7.3),
    });
    p.project = Some(form);
    // generation_j1 runs (since 09:02): the clock is the cluster's.
    let live = against_estimate(&p, Some(at("03-Jun-2024 10:01:10"))).unwrap();
    assert_eq!(
        live.sentence(),
        "1.0 h of the sizing's estimated 2.0 h: about 1.0 h left"
    );
    let late = against_estimate(&p, Some(at("03-Jun-2024 11:31:10"))).unwrap();
    assert_eq!(
        late.sentence(),
        "2.5 h: 0.5 h over the sizing's estimate of 2.0 h"
    );
    // j1 ends at 11:02:10 and collect has failed: the run is over at its last job's end.
    let j1 = &mut p.steps[0].jobs[1];
    j1.status = "successful".into();
    j1.time_end = Some("03-Jun-2024 11:02:10".into());
    let over = against_estimate(&p, Some(at("03-Jun-2024 15:00:00"))).unwrap();
    assert!(over.finished);
    assert!((over.elapsed_hours - 2.0 - 1.0 / 60.0).abs() < 1e-9);
    assert_eq!(over.sentence(), "took 2.0 h against the sizing's 2.0 h");
}
