//! The reV tab and its screens, drawn through ratatui's TestBackend from the dashboard's
//! refresh (screens.rs's, built from real gaps status files and Slurm output): the run with
//! its cost per job and step and a failed job explained; `n`'s form, what it refuses at
//! which field, its progress with pip's bar, what came of it; `F`'s fetch.

use crossterm::event::KeyCode;
use pcwiz::cluster::rev_status::JobLogs;
use pcwiz::tui::action::{Action, Command};
use pcwiz::tui::app::App;

use crate::screens::{draw, key, open_dashboard, refreshed};

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The dashboard on the reV tab, after a refresh in which the collect job had been killed
/// for memory and generation_j0 had written its output.
fn rev_tab() -> App {
    let mut app = open_dashboard();
    let mut again = refreshed(true, 0);
    if let Some(Ok(report)) = again.refresh.probe.as_mut()
        && let Some(Ok(pipeline)) = report.rev.as_mut()
    {
        pipeline.logs.insert(
            "rev_conus_collect".into(),
            JobLogs {
                stdout: Some("Running on: standard-dy-standard-1\nINFO - collecting 2 files".into()),
                stderr: Some("slurmstepd: error: StepId=103.batch exceeded memory limit (105637632000 > 103079215104), being killed\nslurmstepd: error: Exceeded job memory limit".into()),
            },
        );
        pipeline.outputs.insert(
            "/shared/rev_conus/rev_conus_generation_j0.h5".into(),
            Some(734_003_200),
        );
    }
    app.update(Action::ClusterRefreshed {
        name: "rev-conus".into(),
        refreshed: Box::new(again),
    });
    key(&mut app, KeyCode::Char('5'));
    app
}

#[test]
fn the_rev_tab_shows_cost_per_job_and_step_and_explains_a_failure() {
    let app = rev_tab();
    let screen = draw(&app);
    for expect in [
        "n new run · F fetch outputs",
        "node-h",
        "$2.77",
        "✖ rev_conus_collect: It was killed for memory",
        "fix: Lower max_workers",
        "│ slurmstepd: error: Exceeded job memory limit",
        "/shared/rev_conus/rev_conus_generation_j0.h5  734.0 MB",
    ] {
        assert!(screen.contains(expect), "{expect}: {screen}");
    }
    insta::assert_snapshot!("rev_tab_failure_explained", screen);
}

#[test]
fn n_opens_the_form_refuses_at_the_field_then_starts_shows_progress_and_the_outcome() {
    use pcwiz::cluster::rev_project::{Execution, ProjectForm, Sites, Technology};
    use pcwiz::remote::put_files::Installed as File;
    use pcwiz::rev::install::Installed;
    use pcwiz::rev::project::{SiteCount, Written};
    use pcwiz::rev::start::Started;
    use pcwiz::rev::submit::Submitted;

    let mut app = rev_tab();
    key(&mut app, KeyCode::Char('n'));
    let screen = draw(&app);
    assert!(screen.contains("› Project dir  ~/rev_conus▏"), "{screen}");
    insta::assert_snapshot!("rev_new_form", screen);
    // No sites: said, and the cursor goes to them; nothing starts.
    let commands = app.update(Action::Key(crossterm::event::KeyEvent::from(
        KeyCode::Enter,
    )));
    assert!(commands.is_empty());
    let screen = draw(&app);
    assert!(screen.contains("✖ no sites: list gids"), "{screen}");
    assert!(screen.contains("› Sites"), "{screen}");
    typed(&mut app, "box 37 -109 41 -102");
    // Sites → resource, SAM, queue, whole nodes, nodes, workers, walltime → reV from.
    for _ in 0..8 {
        key(&mut app, KeyCode::Down);
    }
    typed(&mut app, "/home/me/wheels");
    let commands = app.update(Action::Key(crossterm::event::KeyEvent::from(
        KeyCode::Enter,
    )));
    let Some(Command::StartRev { request, .. }) = commands.first() else {
        panic!("{commands:?}");
    };
    assert!(matches!(request.form.sites, Sites::Bbox { .. }));
    assert_eq!(
        request.source,
        pcwiz::rev::install::Source::Wheelhouse("/home/me/wheels".into())
    );
    assert!(request.submit);

    for (line, fraction) in [
        ("Looking at reV in ~/envs/rev…", None),
        ("Sending the wheelhouse: 200 of 200 MB", Some(1.0)),
        ("pip: numpy (41 found)", Some(0.35)),
    ] {
        app.update(Action::RevRunProgress {
            name: "rev-conus".into(),
            line: line.into(),
            fraction,
        });
    }
    let screen = draw(&app);
    assert!(
        screen.contains("[###########-------------------]  35%"),
        "{screen}"
    );
    assert!(
        !screen.contains("Sending the wheelhouse"),
        "a bar's line replaces the last bar's: {screen}"
    );
    insta::assert_snapshot!("rev_new_running", screen);

    let form = ProjectForm {
        dir: "~/rev_conus".into(),
        technology: Technology::Pvwatts,
        year: 2019,
        resource_file: Technology::Pvwatts.default_resource().into(),
        sites: Sites::bbox(&[37.0, -109.0, 41.0, -102.0]).unwrap(),
        sam: Technology::Pvwatts.default_sam(),
        execution: Execution {
            nodes: 3,
            max_workers: 48,
            sites_per_worker: None,
            memory_utilization_limit: 0.7,
            walltime: None,
            partition: None,
            exclusive: true,
        },
        venv: "~/envs/rev".into(),
        estimate: None,
    };
    let started = Started {
        installed: Installed {
            venv: "~/envs/rev".into(),
            python: "3.12.3".into(),
            pinned: vec!["NREL-reV==0.14.5".into(), "h5pyd==1.0.0".into()],
            versions: vec![],
            rev: "reV, version 0.14.5".into(),
            changed: true,
        },
        written: Written {
            form,
            sites: SiteCount {
                selected: 41_250,
                of: Some(2_018_392),
                backup: None,
            },
            jobs: 3,
            files: vec![
                File::Installed {
                    path: "config_gen.json".into(),
                    backup: Some("config_gen.json.pcwiz-backup-20261206T010000Z".into()),
                },
                File::Unchanged {
                    path: "sam_pvwattsv8.json".into(),
                },
            ],
            notes: vec![],
        },
        submitted: Some(Submitted {
            dir: "~/rev_conus".into(),
            monitor_pid: Some(4242),
            already_running: false,
            said: "Kicking off pipeline job in the background. Monitor PID: 4242".into(),
        }),
    };
    let commands = app.update(Action::RevRunDone {
        name: "rev-conus".into(),
        result: Box::new(Ok(started)),
    });
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::RefreshCluster { .. })),
        "the tab looks at the run at once: {commands:?}"
    );
    let screen = draw(&app);
    assert!(screen.contains("41250 sites in 3 node jobs"), "{screen}");
    assert!(
        screen.contains("submitted: gaps' monitor (PID 4242)"),
        "{screen}"
    );
    assert!(
        screen.contains("the old one is kept as config_gen.json.pcwiz-backup"),
        "{screen}"
    );
    insta::assert_snapshot!("rev_new_done", screen);
    key(&mut app, KeyCode::Esc);
    assert!(app.dashboard.as_ref().unwrap().rev_run.is_none());
}

#[test]
fn f_fetches_the_outputs_into_a_local_directory_with_a_bar() {
    let mut app = rev_tab();
    key(&mut app, KeyCode::Char('F'));
    let screen = draw(&app);
    assert!(
        screen.contains("› Into ./rev_outputs/rev_conus▏"),
        "{screen}"
    );
    let commands = app.update(Action::Key(crossterm::event::KeyEvent::from(
        KeyCode::Enter,
    )));
    let Some(Command::FetchRev { outputs, into, .. }) = commands.first() else {
        panic!("{commands:?}");
    };
    assert_eq!(outputs.len(), 1);
    assert_eq!(into, &std::path::PathBuf::from("./rev_outputs/rev_conus"));
    app.update(Action::RevFetchProgress {
        name: "rev-conus".into(),
        file: 0,
        received: 367_001_600,
        size: 734_003_200,
    });
    let screen = draw(&app);
    assert!(
        screen.contains("file 1/1  [###############---------------]  50%"),
        "{screen}"
    );
    insta::assert_snapshot!("rev_fetch_half_way", screen);
    app.update(Action::RevFetchDone {
        name: "rev-conus".into(),
        result: Err("the head node could not read /shared/rev_conus/rev_conus_generation_j0.h5: No such file".into()),
    });
    assert!(draw(&app).contains("✖ the head node could not read"));
    key(&mut app, KeyCode::Esc);
    assert!(app.dashboard.as_ref().unwrap().rev_fetch.is_none());
}
