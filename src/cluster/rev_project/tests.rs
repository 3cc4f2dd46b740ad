use super::*;

fn form() -> ProjectForm {
    ProjectForm {
        dir: "~/rev_runs/brazil".into(),
        technology: Technology::Pvwatts,
        year: 2019,
        resource_file: Technology::Pvwatts.default_resource().into(),
        sites: Sites::parse_gids("0-23").unwrap(),
        sam: Technology::Pvwatts.default_sam(),
        execution: Execution {
            nodes: 2,
            max_workers: 4,
            sites_per_worker: Some(6),
            memory_utilization_limit: 0.7,
            walltime: Some(2.0),
            partition: Some("standard".into()),
            exclusive: true,
        },
        venv: "~/envs/rev".into(),
        estimate: None,
    }
}

fn file(form: &ProjectForm, name: &str) -> Value {
    let files = form.files();
    let (_, text) = files.iter().find(|(n, _)| *n == name).unwrap();
    serde_json::from_str(text).unwrap()
}

#[test]
fn generation_reads_hsds_runs_on_the_queue_and_starts_hsds_first() {
    let form = form();
    assert_eq!(form.check(), Ok(()));
    let gen_config = file(&form, "config_gen.json");
    assert_eq!(gen_config["technology"], "pvwattsv8");
    assert_eq!(gen_config["resource_file"], "/nrel/nsrdb/v3/nsrdb_{}.h5");
    assert_eq!(gen_config["analysis_years"], json!([2019]));
    assert_eq!(gen_config["project_points"], "./project_points.csv");
    assert_eq!(gen_config["sam_files"]["default"], "./sam_pvwattsv8.json");
    let control = &gen_config["execution_control"];
    assert_eq!(control["option"], "awspc");
    assert!(control["allocation"].is_null());
    assert_eq!(control["walltime"], 2.0);
    assert_eq!(control["nodes"], 2);
    assert_eq!(control["max_workers"], 4);
    assert_eq!(control["sites_per_worker"], 6);
    assert_eq!(control["feature"], "--exclusive --partition=standard");
    assert_eq!(
        control["sh_script"],
        "source ~/envs/rev/bin/activate && bash ~/start_hsds.sh || exit 1"
    );
    let pipeline = file(&form, "config_pipeline.json");
    assert_eq!(
        pipeline["pipeline"],
        json!([{"generation": "./config_gen.json"}, {"collect": "./config_collect.json"}])
    );
    let collect = file(&form, "config_collect.json");
    assert_eq!(collect["collect_pattern"], "PIPELINE");
    assert_eq!(collect["execution_control"]["option"], "awspc");
    assert_eq!(file(&form, "sam_pvwattsv8.json")["system_capacity"], 20000);
    let points = &form.files()[4];
    assert_eq!(points.0, "project_points.csv");
    assert_eq!(points.1.lines().count(), 25);
    // What pcwiz wrote it from, to read back.
    assert_eq!(read_note(&form.files()[5].1), Some(form.clone()));
}

#[test]
fn one_node_needs_no_collect_and_a_box_gets_its_points_on_the_cluster() {
    let mut form = form();
    form.execution.nodes = 1;
    form.execution.partition = None;
    form.execution.exclusive = false;
    form.execution.walltime = None;
    form.sites = Sites::bbox(&[-7.0, -56.23, -6.85, -56.0]).unwrap();
    let names: Vec<_> = form.files().iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "config_gen.json",
            "config_pipeline.json",
            "sam_pvwattsv8.json",
            NOTE_FILE
        ]
    );
    let control = &file(&form, "config_gen.json")["execution_control"];
    assert!(control.get("feature").is_none() && control["walltime"].is_null());
    assert_eq!(
        file(&form, "config_pipeline.json")["pipeline"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // A resource file without {} is the file itself: no analysis years.
    form.resource_file = "/nrel/nsrdb/test/nsrdb_tiled48_2019.h5".into();
    assert!(
        file(&form, "config_gen.json")
            .get("analysis_years")
            .is_none()
    );
}

#[test]
fn what_would_fail_later_is_said_now() {
    let why = |change: fn(&mut ProjectForm)| {
        let mut f = form();
        change(&mut f);
        f.check().unwrap_err()
    };
    assert!(why(|f| f.dir = "~/".into()).contains("directory of its own"));
    assert!(why(|f| f.dir = "./runs/a".into()).contains("./"));
    assert!(why(|f| f.dir = "~/my runs".into()).contains("shell character"));
    assert!(why(|f| f.dir = "~/runs/co$(x)".into()).contains("shell character"));
    assert!(why(|f| f.venv = "~/envs/rev;reboot".into()).contains("shell character"));
    assert!(why(|f| f.resource_file = "nrel/x.h5".into()).contains("starting with /"));
    assert!(why(|f| f.year = 2030).contains("1998-2022"));
    assert!(why(|f| f.execution.nodes = 30).contains("24 or fewer"));
    assert!(why(|f| f.execution.walltime = Some(1.999)).contains("whole number of minutes"));
    assert!(why(|f| f.execution.partition = Some("std --x".into())).contains("queue name"));
    assert!(why(|f| f.execution.max_workers = 0).contains("1 worker"));
    let mut other_data = form();
    other_data.resource_file = "/data/mine_{}.h5".into();
    other_data.year = 2030;
    assert_eq!(other_data.check(), Ok(()), "only NREL's years are known");
}

#[test]
fn sam_settings_change_known_keys_only() {
    let mut sam = Technology::Pvwatts.default_sam();
    set_sam(&mut sam, "system_capacity=50000", false).unwrap();
    set_sam(&mut sam, "tilt = 25.5", false).unwrap();
    assert_eq!(sam["system_capacity"], 50000);
    assert_eq!(sam["tilt"], 25.5);
    assert!(
        set_sam(&mut sam, "sytem_capacity=1", false)
            .unwrap_err()
            .contains("not one of")
    );
    set_sam(&mut sam, "adjust:constant=0", true).unwrap();
    assert!(
        set_sam(&mut sam, "tilt", false)
            .unwrap_err()
            .contains("KEY=VALUE")
    );
    let wind = Technology::Wind.default_sam();
    assert_eq!(wind["wind_turbine_hub_ht"], 100);
    assert_eq!(
        wind["wind_turbine_powercurve_windspeeds"]
            .as_array()
            .unwrap()
            .len(),
        wind["wind_turbine_powercurve_powerout"]
            .as_array()
            .unwrap()
            .len()
    );
}

#[test]
fn a_sizing_answer_fills_execution_and_the_estimate() {
    let answer = json!({
        "pick": {"why": "cheapest", "instance_type": "c6a.12xlarge", "max_count": 4,
                 "execution_control": {"option": "awspc", "nodes": 4, "max_workers": 44,
                     "sites_per_worker": 50, "memory_utilization_limit": 0.8,
                     "walltime": 3.0, "feature": "--exclusive", "sh_script": "bash ~/start_hsds.sh"}},
        "candidates": [{"instance_type": "m6a.12xlarge", "hours": 1.0},
                       {"instance_type": "c6a.12xlarge", "hours": 1.6, "usd": 11.75}]
    });
    let (execution, estimate) = from_sizing(&answer).unwrap();
    assert_eq!(
        (
            execution.nodes,
            execution.max_workers,
            execution.sites_per_worker
        ),
        (4, 44, Some(50))
    );
    assert_eq!(execution.walltime, Some(3.0));
    assert!(execution.exclusive);
    let estimate = estimate.unwrap();
    assert_eq!((estimate.hours, estimate.usd), (1.6, Some(11.75)));
    assert!(
        from_sizing(&json!({"pick": null}))
            .unwrap_err()
            .contains("no pick")
    );
}
