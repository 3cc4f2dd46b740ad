//! Snapshots of the update screen (the dashboard's `u`) through ratatui's TestBackend,
//! driven by the actions the event loop sends: the config read, the wizard's own queue step
//! over it, pcluster's change set said in words for each kind of change (made in place,
//! nodes replaced under DRAIN, the fleet stopped with the jobs it kills, a change pcluster
//! forbids), the update followed, and how it ended. The change sets are pcluster 3.16.1's
//! own answers (observed against moto in update_moto.rs) run through pcwiz's domain.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use pcwiz::cluster::launch::LaunchStatus;
use pcwiz::cluster::stack::{StackEvent, StackProgress};
use pcwiz::cluster::update::change::{Blocked, Change, UpdateAnswer};
use pcwiz::cluster::update::cost_change::{BeforeAfter, CostChange};
use pcwiz::cluster::update::explain::{RunningJob, Situation, explain};
use pcwiz::cluster::update::outcome;
use pcwiz::cluster::update::plan::plan;
use pcwiz::cluster::validation::ValidationProblem;
use pcwiz::tui::action::{Action, Command, ConfigRead};
use pcwiz::tui::app::{App, Screen};
use pcwiz::tui::screens::dashboard::DashboardUi;
use pcwiz::tui::theme::Theme;
use pcwiz::tui::view;
use pcwiz::update::apply::{Applied, Step};
use pcwiz::update::current::{Current, Source};
use pcwiz::update::preview::Preview;

const WIDTH: u16 = 100;
const HEIGHT: u16 = 32;
const NAME: &str = "rev-conus";

const CONFIG: &str = "Region: us-west-2
Image:
  Os: ubuntu2404
HeadNode:
  InstanceType: t3.large
  Networking:
    SubnetId: subnet-0a1b2c3d
  Ssh:
    KeyName: laptop
Scheduling:
  Scheduler: slurm
  SlurmQueues:
    - Name: standard
      ComputeResources:
        - Name: c6a12xl
          InstanceType: c6a.12xlarge
          MinCount: 0
          MaxCount: 10
      Networking:
        SubnetIds:
          - subnet-0a1b2c3d
Tags:
  - Key: org
    Value: nrel
";

const MAX: &str = "Scheduling.SlurmQueues[standard].ComputeResources[c6a12xl].MaxCount";
const TYPE: &str = "Scheduling.SlurmQueues[standard].ComputeResources[c6a12xl].InstanceType";
/// pcluster 3.16.1's refusals, verbatim (notes §4.4).
const FLEET_STOP: &str = "All compute nodes must be stopped. Stop the compute fleet with the pcluster update-compute-fleet command";
const HEAD_TYPE: &str = "Update actions are not currently supported for the 'InstanceType' parameter. Restore 'InstanceType' value to 't3.large'. If you need this change, please consider creating a new cluster instead of updating the existing one.";

fn draw(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    terminal.draw(|frame| view::render(app, frame)).unwrap();
    terminal.backend().to_string()
}

fn key(app: &mut App, code: KeyCode) -> Vec<Command> {
    app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// A dashboard open on the cluster, as the list leaves it.
fn dashboard() -> App {
    let mut app = App::new(Theme { color: false }, WIDTH, HEIGHT)
        .with_configured_region(Some("us-west-2".into()));
    app.wall = "2026-11-21T12:00:00Z".parse().unwrap();
    let (mut dashboard, _) = DashboardUi::open(NAME, "us-west-2");
    dashboard.acting_as = "account 123456789012, profile lab, us-west-2".into();
    // Its first look came back (here: was never sent), so leaving the update looks again.
    dashboard.refreshing = false;
    app.dashboard = Some(dashboard);
    app.screen = Screen::Dashboard;
    app
}

/// `u`, and the config read back as pcluster stored it.
fn editing() -> App {
    let mut app = dashboard();
    key(&mut app, KeyCode::Char('u'));
    app.update(Action::ClusterConfigRead {
        name: NAME.into(),
        result: Ok(Box::new(ConfigRead {
            current: Current {
                text: CONFIG.into(),
                source: Source::Pcluster,
                described: None,
            },
            zone: Some("us-west-2a".into()),
        })),
    });
    app
}

fn change(parameter: &str, old: &str, new: &str) -> Change {
    Change {
        parameter: parameter.into(),
        old: old.into(),
        new: new.into(),
    }
}

fn situation(fleet: &str, jobs: &[(&str, &str)], strategy: Option<&str>) -> Situation {
    Situation {
        fleet: Some(fleet.into()),
        running_jobs: Ok(jobs
            .iter()
            .map(|(id, name)| RunningJob {
                id: id.to_string(),
                name: name.to_string(),
            })
            .collect()),
        queue_update_strategy: strategy.map(str::to_string),
    }
}

/// pcwiz's preview of `answer` for the cluster in `situation`; full scale at
/// 10 → `max_after` c6a.12xlarge nodes ($1.836/h each).
fn preview(answer: UpdateAnswer, situation: Situation, full_after: f64) -> Preview {
    let changes = explain(&answer, &situation);
    Preview {
        name: NAME.into(),
        region: "us-west-2".into(),
        new_file: "/home/ana/.local/share/pcwiz/updates/us-west-2/rev-conus/proposed.yaml".into(),
        plan: plan(&answer, &changes),
        situation,
        answer,
        changes,
        cost: Some(CostChange {
            idle: BeforeAfter {
                before_usd_per_hour: 0.1256,
                after_usd_per_hour: 0.1256,
                at_least: false,
            },
            full_scale: BeforeAfter {
                before_usd_per_hour: 18.4856,
                after_usd_per_hour: full_after,
                at_least: false,
            },
        }),
        prices_from: Some("live · 2 min ago".into()),
        dry_run_seconds: 3.2,
        suppress_validators: vec![],
    }
}

fn previewing(preview: Preview) -> App {
    let mut app = editing();
    for _ in 0..3 {
        key(&mut app, KeyCode::Enter);
    }
    app.update(Action::UpdatePreviewed {
        name: NAME.into(),
        result: Ok(Box::new(preview)),
    });
    app
}

/// Esc: back on the dashboard, which looks again (the cluster may have changed).
fn back_to_the_dashboard(app: &mut App) {
    let commands = key(app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Dashboard);
    assert!(
        matches!(commands.as_slice(), [Command::RefreshCluster { .. }]),
        "{commands:?}"
    );
}

#[test]
fn u_reads_the_stored_config_into_the_wizards_own_queue_step() {
    let mut app = dashboard();
    let screen = draw(&app);
    assert!(
        screen.contains("u change"),
        "the footer offers it: {screen}"
    );
    let commands = key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.screen, Screen::Update);
    assert!(
        matches!(commands.as_slice(), [Command::ReadClusterConfig { name, region }] if name == NAME && region == "us-west-2"),
        "{commands:?}"
    );
    insta::assert_snapshot!("update_reading", draw(&app));

    let mut app = editing();
    insta::assert_snapshot!("update_queue_step", draw(&app));
    // One more node, then through storage and tags: Enter on the last step asks pcluster,
    // with only the queue's MaxCount changed (the tags step wrote nothing back).
    key(&mut app, KeyCode::Char('+'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let commands = key(&mut app, KeyCode::Enter);
    let Some(Command::PreviewUpdate { new_text, .. }) = commands
        .iter()
        .find(|c| matches!(c, Command::PreviewUpdate { .. }))
    else {
        panic!("{commands:?}")
    };
    let new = pcwiz::cluster::config::ClusterConfig::from_yaml(new_text).unwrap();
    let mut expected = pcwiz::cluster::config::ClusterConfig::from_yaml(CONFIG).unwrap();
    expected.scheduling.slurm_queues[0].compute_resources[0].max_count = Some(11);
    assert_eq!(new, expected);
    assert!(draw(&app).contains("Asking pcluster what would change"));
    // Esc on the queue step goes back to the dashboard, which looks again.
    let mut app = editing();
    back_to_the_dashboard(&mut app);
}

#[test]
fn each_change_is_said_in_plain_words_with_its_cost() {
    // More nodes: made in place.
    let more = preview(
        UpdateAnswer::WouldApply {
            changes: vec![change(MAX, "10", "20")],
            warnings: vec![],
        },
        situation("RUNNING", &[("41", "rev-gen")], None),
        36.8456,
    );
    insta::assert_snapshot!("update_more_nodes", draw(&previewing(more)));

    // A queue's root volume under QueueUpdateStrategy DRAIN, and tags, with a warning.
    let root = "Scheduling.SlurmQueues[standard].ComputeSettings.LocalStorage.RootVolume.Size";
    let drain = preview(
        UpdateAnswer::WouldApply {
            changes: vec![
                change(root, "-", "100"),
                change("Tags", "-", "{'Key': 'billingId', 'Value': '42'}"),
            ],
            warnings: vec![ValidationProblem {
                level: "WARNING".into(),
                validator: "KeyPairValidator".into(),
                message: "If you do not specify a key pair, you can't connect to the instance unless you choose an AMI that is configured to allow users another way to log in".into(),
            }],
        },
        situation("RUNNING", &[("41", "rev-gen")], Some("DRAIN")),
        18.5056,
    );
    insta::assert_snapshot!("update_nodes_replaced", draw(&previewing(drain)));
}

#[test]
fn a_change_that_needs_the_fleet_stopped_names_the_jobs_it_kills_then_is_followed() {
    let answer = UpdateAnswer::Refused {
        changes: vec![change(TYPE, "c6a.12xlarge", "c6a.24xlarge")],
        blocked: vec![Blocked {
            parameter: TYPE.into(),
            message: FLEET_STOP.into(),
        }],
    };
    let jobs = [("41", "rev-gen"), ("42", "rev-gen"), ("43", "rev-collect")];
    let stop = preview(answer, situation("RUNNING", &jobs, None), 36.7256);
    let mut app = previewing(stop.clone());
    let screen = draw(&app);
    assert!(
        screen.contains("needs the compute fleet stopped: the 3 running jobs (41 rev-gen, 42 rev-gen, 43 rev-collect)"),
        "{screen}"
    );
    assert!(screen.contains("  are killed"), "{screen}");
    insta::assert_snapshot!("update_fleet_stop", screen);

    // y: asked once, now applied.
    let commands = key(&mut app, KeyCode::Char('y'));
    assert!(
        matches!(commands.as_slice(), [Command::ApplyUpdate { name, preview, .. }] if name == NAME && **preview == stop),
        "{commands:?}"
    );
    let step = |app: &mut App, step: Step| {
        app.update(Action::UpdateStep {
            name: NAME.into(),
            step: Box::new(step),
        });
    };
    step(&mut app, Step::StoppingFleet);
    step(&mut app, Step::Waiting("waiting for 2 compute instances to end (i-0a (c6a.12xlarge), i-0b (c6a.12xlarge)) · still billing $3.672/h · 5 s so far".into()));
    step(&mut app, Step::Waiting("compute instances ended; waiting for pcluster to record the fleet STOPPED (now STOPPING) · 65 s so far".into()));
    step(
        &mut app,
        Step::FleetStopped(vec![
            "compute fleet: STOP_REQUESTED".into(),
            "compute instances: all ended after 1 min 2 s".into(),
            "compute fleet: STOPPED after 1 min 10 s".into(),
        ]),
    );
    step(&mut app, Step::Updating);
    step(
        &mut app,
        Step::Started {
            stack_status: "UPDATE_IN_PROGRESS".into(),
            history_problem: None,
        },
    );
    step(
        &mut app,
        Step::Look(Ok(Box::new(look("UPDATE_IN_PROGRESS", &[])))),
    );
    let screen = draw(&app);
    assert!(
        !screen.contains("q quit"),
        "nothing quits mid-update: {screen}"
    );
    insta::assert_snapshot!("update_following", screen);

    step(
        &mut app,
        Step::Look(Ok(Box::new(look(
            "UPDATE_COMPLETE",
            &[
                (
                    "HeadNodeWaitCondition20261121121500",
                    "CREATE_COMPLETE",
                    None,
                ),
                ("rev-conus", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", None),
                ("rev-conus", "UPDATE_COMPLETE", None),
            ],
        )))),
    );
    step(&mut app, Step::StartingFleet);
    step(&mut app, Step::FleetStarted(Ok("START_REQUESTED".into())));
    let done = look("UPDATE_COMPLETE", &[]);
    app.update(Action::UpdateApplied {
        name: NAME.into(),
        result: Ok(Box::new(applied(&done))),
    });
    insta::assert_snapshot!("update_done", draw(&app));
    back_to_the_dashboard(&mut app);
}

#[test]
fn a_change_pcluster_forbids_is_refused_and_cannot_be_applied() {
    let answer = UpdateAnswer::Refused {
        changes: vec![
            change("HeadNode.InstanceType", "t3.large", "t3.xlarge"),
            change(MAX, "10", "20"),
        ],
        blocked: vec![Blocked {
            parameter: "HeadNode.InstanceType".into(),
            message: HEAD_TYPE.into(),
        }],
    };
    let mut app = previewing(preview(answer, situation("RUNNING", &[], None), 36.8456));
    let screen = draw(&app);
    assert!(!screen.contains("y update"), "{screen}");
    insta::assert_snapshot!("update_refused_head_node", screen);
    assert!(key(&mut app, KeyCode::Char('y')).is_empty());
    // e: back to the wizard's steps, to put it back.
    key(&mut app, KeyCode::Char('e'));
    assert!(app.update.as_ref().unwrap().editing().is_some());
}

#[test]
fn a_failed_update_is_explained_in_words() {
    let answer = UpdateAnswer::WouldApply {
        changes: vec![change(MAX, "10", "20")],
        warnings: vec![],
    };
    let mut app = previewing(preview(answer, situation("RUNNING", &[], None), 36.8456));
    key(&mut app, KeyCode::Char('y'));
    let rolled = look(
        "UPDATE_ROLLBACK_COMPLETE",
        &[
            (
                "HeadNodeWaitCondition20261121121500",
                "CREATE_FAILED",
                Some(
                    "WaitCondition received failed message: 'Update failed' for uniqueId: i-0f1e2d3c4b5a69788",
                ),
            ),
            (
                "rev-conus",
                "UPDATE_ROLLBACK_IN_PROGRESS",
                Some(
                    "The following resource(s) failed to create: [HeadNodeWaitCondition20261121121500]. ",
                ),
            ),
            ("rev-conus", "UPDATE_ROLLBACK_COMPLETE", None),
        ],
    );
    app.update(Action::UpdateStep {
        name: NAME.into(),
        step: Box::new(Step::Look(Ok(Box::new(rolled.clone())))),
    });
    app.update(Action::UpdateApplied {
        name: NAME.into(),
        result: Ok(Box::new(applied(&rolled))),
    });
    let screen = draw(&app);
    assert!(
        screen.contains("The update failed and CloudFormation rolled it back"),
        "{screen}"
    );
    insta::assert_snapshot!("update_rolled_back", screen);
}

/// The stack as a look sees it: created, then the update begun (User Initiated), then
/// `events` (oldest first).
fn look(status: &str, events: &[(&str, &str, Option<&str>)]) -> LaunchStatus {
    let at = |minute: u32| Some(format!("2026-11-21T12:{minute:02}:00Z").parse().unwrap());
    let stack_event = |logical: &str, status: &str, reason: Option<&str>, minute| StackEvent {
        time: at(minute),
        logical_id: logical.into(),
        resource_type: if logical == NAME {
            "AWS::CloudFormation::Stack".into()
        } else {
            "AWS::CloudFormation::WaitCondition".into()
        },
        status: status.into(),
        reason: reason.map(str::to_string),
        physical_id: None,
    };
    let mut all = vec![
        stack_event(NAME, "CREATE_COMPLETE", None, 1),
        stack_event(NAME, "UPDATE_IN_PROGRESS", Some("User Initiated"), 15),
    ];
    for (i, (logical, status, reason)) in events.iter().enumerate() {
        all.push(stack_event(logical, status, *reason, 16 + i as u32));
    }
    all.reverse();
    LaunchStatus {
        stack: StackProgress {
            name: NAME.into(),
            status: status.into(),
            events: all,
            ..StackProgress::default()
        },
        head_node: None,
    }
}

fn applied(last: &LaunchStatus) -> Applied {
    Applied {
        end: Some(outcome::end_of(&last.stack, NAME, "us-west-2")),
        stack_status: Some(last.stack.status.clone()),
        calls: 12,
        ..Applied::default()
    }
}
