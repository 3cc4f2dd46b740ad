//! Running `Command`s as background tasks. Each has a timeout and always answers, so no
//! screen waits forever on a spinner.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use super::action::{Action, Command, KeyInventory};
use crate::aws::error::AwsError;
use crate::aws::network_stack::{self, Layout};
use crate::aws::price_engine::{PriceEngine, Refreshed};
use crate::aws::session::AwsSession;
use crate::aws::{catalog, keypairs, network, surroundings};
use crate::cluster::price_book::{PriceBook, PriceKey};
use crate::context::Context;
use crate::doctor::gather::{self, DoctorInputs};
use crate::doctor::{Finding, IdentityCheck, tools};
use crate::keys;
use crate::store::dirs::Dirs;
use crate::store::price_cache::PriceCache;
use crate::store::{atomic, drafts, ssh_dir};
use crate::wizard::Draft;
use crate::wizard::draft::KeyOrigin;

/// Safety nets above the per-call timeouts inside.
const IDENTITY_LIMIT: Duration = Duration::from_secs(40);
const TOOLS_LIMIT: Duration = Duration::from_secs(90);
const AWS_LIMIT: Duration = Duration::from_secs(60);
/// How often a stack being created is looked at: CloudFormation is slow, calls are not free.
const STACK_POLL: Duration = Duration::from_secs(3);
const STACK_LIMIT: Duration = Duration::from_secs(20 * 60);

/// What background work needs from the outside world, captured once.
#[derive(Debug, Clone)]
pub struct CommandEnv {
    pub doctor: DoctorInputs,
    pub dirs: Dirs,
    pub ssh_dir: PathBuf,
    /// PCWIZ_SSH_CONFIG: an ssh config for pcwiz's ssh instead of ~/.ssh/config.
    pub ssh_config: Option<PathBuf>,
    /// PCWIZ_HSDS_PORT: where HSDS listens on the compute nodes, when not 5101.
    pub hsds_port: Option<u16>,
}

impl CommandEnv {
    pub fn from_context(ctx: &Context) -> Self {
        Self {
            doctor: ctx.doctor_inputs(),
            dirs: ctx.dirs.clone(),
            ssh_dir: ctx.ssh_dir(),
            ssh_config: std::env::var_os("PCWIZ_SSH_CONFIG").map(PathBuf::from),
            hsds_port: std::env::var("PCWIZ_HSDS_PORT")
                .ok()
                .and_then(|p| p.parse().ok()),
        }
    }

    pub(super) async fn session(&self, region: &str) -> AwsSession {
        let profile = crate::aws::credential_source::ProfileChoice::resolve(
            self.doctor.profile_flag.as_deref(),
            &self.doctor.env,
        );
        AwsSession::new(&self.doctor.env, &profile, region).await
    }
}

pub fn spawn(command: Command, env: Arc<CommandEnv>, tx: UnboundedSender<Action>) {
    tokio::spawn(async move {
        match command {
            Command::CreateNetwork {
                region,
                availability_zone,
                layout,
            } => create_network(&env, &region, &availability_zone, layout, &tx).await,
            Command::LoadPrices {
                region,
                first,
                rest,
                zone,
            } => load_prices(&env, &region, [first, rest], zone.as_deref(), &tx).await,
            Command::Launch { pcluster, request } => {
                super::launch_commands::launch(&env, &pcluster, &request, &tx).await
            }
            Command::FollowLaunch { name, region } => {
                super::launch_commands::follow_launch(&env, &name, &region, &tx).await
            }
            Command::RunCleanup { plan } => super::cleanup_commands::run(&env, &plan, &tx).await,
            Command::ParkCluster {
                name,
                region,
                resume,
            } => {
                let done = super::cleanup_commands::park(&env, &name, &region, resume, &tx).await;
                let _ = tx.send(done);
            }
            Command::MeasureUnit { command, stop } => {
                super::sizing_commands::measure_unit(&env, command, stop, &tx).await
            }
            Command::SetUpHsds {
                name,
                region,
                choices,
            } => super::hsds_commands::set_up(&env, &name, &region, *choices, &tx).await,
            command => {
                let action = run(command, &env).await;
                // The app may have quit meanwhile; then nobody is listening, which is fine.
                let _ = tx.send(action);
            }
        }
    });
}

async fn run(command: Command, env: &CommandEnv) -> Action {
    let limit = |what: &str| {
        format!(
            "{what} took longer than {} s; press r to try again",
            AWS_LIMIT.as_secs()
        )
    };
    match command {
        Command::CheckIdentity => {
            let check = tokio::time::timeout(IDENTITY_LIMIT, gather::check_identity(&env.doctor))
                .await
                .unwrap_or_else(|_| IdentityCheck::gave_up(IDENTITY_LIMIT.as_secs()));
            Action::IdentityChecked(Box::new(check))
        }
        Command::CheckTools => {
            let findings =
                match tokio::time::timeout(TOOLS_LIMIT, gather::check_tools(&env.doctor.search))
                    .await
                {
                    Ok(states) => tools::findings(&states),
                    Err(_) => vec![Finding::fail(
                        "tools",
                        format!(
                            "Looking for pcluster, node and ssh took longer than {} s.",
                            TOOLS_LIMIT.as_secs()
                        ),
                        "Press r to check again; run `pcluster version` by hand to see what hangs",
                    )],
                };
            Action::ToolsChecked(findings)
        }
        Command::LoadKeys { region } => {
            let session = env.session(&region).await;
            let result = match tokio::time::timeout(AWS_LIMIT, keypairs::list(&session)).await {
                Ok(Ok(remote)) => Ok(KeyInventory {
                    local: ssh_dir::scan(&env.ssh_dir),
                    remote,
                }),
                Ok(Err(e)) => Err(e.explained()),
                Err(_) => Err(limit("Listing key pairs")),
            };
            Action::KeysLoaded { region, result }
        }
        Command::ImportKey {
            region,
            public_key,
            name,
        } => {
            let session = env.session(&region).await;
            Action::KeyReady(
                keys::import_file(&session, &public_key, &name, KeyOrigin::Imported).await,
            )
        }
        Command::GenerateKey {
            region,
            name,
            passphrase,
        } => {
            let session = env.session(&region).await;
            let result = keys::generate_and_import(
                &session,
                &env.doctor.search,
                &env.ssh_dir,
                &name,
                &passphrase,
            );
            Action::KeyReady(
                tokio::time::timeout(AWS_LIMIT, result)
                    .await
                    .unwrap_or_else(|_| Err(limit("Making the key"))),
            )
        }
        Command::LoadNetwork {
            region,
            instance_types,
        } => {
            let session = env.session(&region).await;
            let result = match tokio::time::timeout(
                AWS_LIMIT,
                network::inventory(&session, &instance_types),
            )
            .await
            {
                Ok(Ok(inventory)) => Ok(Box::new(inventory)),
                Ok(Err(e)) => Err(e.explained()),
                Err(_) => Err(limit("Listing the network")),
            };
            Action::NetworkLoaded { region, result }
        }
        Command::SaveDraft(draft) => Action::DraftSaved(save(&env.dirs, *draft).await),
        Command::LookAround { region, config } => {
            let session = env.session(&region).await;
            let result =
                tokio::time::timeout(AWS_LIMIT, surroundings::look_around(&session, &config))
                    .await
                    .unwrap_or_else(|_| Err(limit("Checking against AWS")));
            Action::ConfigLookedAround(result.map(Box::new))
        }
        Command::LoadCatalog { region, zone } => {
            let session = env.session(&region).await;
            let result =
                match tokio::time::timeout(AWS_LIMIT, catalog::offered_in_zone(&session, &zone))
                    .await
                {
                    Ok(Ok(types)) => Ok(types),
                    Ok(Err(e)) => Err(e.explained()),
                    Err(_) => Err(limit("Listing instance types")),
                };
            Action::CatalogLoaded { zone, result }
        }
        Command::SaveConfig { path, text } => {
            let result = tokio::task::spawn_blocking(move || {
                atomic::write(&path, text.as_bytes(), 0o600)
                    .map(|()| path.clone())
                    .map_err(|e| format!("could not write {}: {e}", path.display()))
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
            Action::ConfigSaved(result)
        }
        Command::LaunchPreflight {
            config,
            name,
            region,
        } => super::launch_commands::preflight(env, &config, &name, &region).await,
        Command::RefreshCluster { name, region, user } => {
            let refreshed = super::dashboard_commands::refresh(env, &name, &region, user).await;
            Action::ClusterRefreshed {
                name,
                refreshed: Box::new(refreshed),
            }
        }
        Command::LoadClusters { region } => {
            let session = env.session(&region).await;
            let listing =
                tokio::time::timeout(AWS_LIMIT, crate::monitor::list::list(&session, &env.dirs))
                    .await
                    .unwrap_or_else(|_| {
                        Err(crate::aws::error::AwsError::TimedOut {
                            endpoint: session.endpoint("cloudformation"),
                        })
                    })
                    .map(|l| (l.rows, l.history_problem))
                    .map_err(|e| e.explained());
            Action::ClustersLoaded { region, listing }
        }
        Command::DeleteStack { name, region } => {
            super::launch_commands::delete_stack(env, &name, &region).await
        }
        Command::DescribeFleet { name, region } => {
            let status = super::dashboard_commands::describe_fleet(env, &name, &region).await;
            Action::FleetDescribed { name, status }
        }
        Command::SetFleet {
            name,
            region,
            start,
        } => {
            let result = super::dashboard_commands::set_fleet(env, &name, &region, start).await;
            Action::DashboardActionDone { name, result }
        }
        Command::SetHeadNode {
            name,
            region,
            instance_id,
            start,
        } => {
            let result =
                super::dashboard_commands::set_head_node(env, &region, &instance_id, start).await;
            Action::DashboardActionDone { name, result }
        }
        Command::RepinHostKey {
            name,
            region,
            target,
            accept_unverified,
        } => {
            let result =
                super::dashboard_commands::repin(env, &region, &target, accept_unverified).await;
            Action::HostKeyRepinned { name, result }
        }
        Command::RememberRevDir { name, region, dir } => {
            let result = super::dashboard_commands::remember_rev_dir(env, &name, &region, &dir)
                .map(|()| match dir.trim() {
                    "" => "reV directory forgotten.".to_string(),
                    dir => format!("Reading reV's status from {dir}."),
                });
            Action::DashboardActionDone { name, result }
        }
        Command::SizeJob {
            region,
            unit,
            job,
            knobs,
        } => super::sizing_commands::size_job(env, &region, unit, job, knobs).await,
        Command::PlanCleanup { name, region } => {
            super::cleanup_commands::plan(env, &name, &region).await
        }
        Command::Sweep { region } => super::cleanup_commands::sweep(env, &region).await,
        Command::CreateNetwork { .. }
        | Command::ParkCluster { .. }
        | Command::RunCleanup { .. }
        | Command::SetUpHsds { .. }
        | Command::MeasureUnit { .. }
        | Command::LoadPrices { .. }
        | Command::Launch { .. }
        | Command::FollowLaunch { .. } => {
            unreachable!("handled by spawn: it answers more than once")
        }
        Command::OpenShell { .. } => {
            unreachable!("run by the event loop: it needs the terminal")
        }
    }
}

async fn save(dirs: &Dirs, draft: Draft) -> Result<(), String> {
    let dirs = dirs.clone();
    tokio::task::spawn_blocking(move || drafts::save(&dirs, &draft).map_err(|e| e.to_string()))
        .await
        .unwrap_or_else(|e| Err(e.to_string()))
}

/// Create the stack, then report its progress until it finishes (or the limit passes).
/// Cached and snapshot prices at once, then live ones batch by batch. A batch that fails
/// ends the request: the next batch would fail the same way, slower.
async fn load_prices(
    env: &CommandEnv,
    region: &str,
    batches: [Vec<PriceKey>; 2],
    zone: Option<&str>,
    tx: &UnboundedSender<Action>,
) {
    let engine = PriceEngine::new(PriceCache::in_dir(&env.dirs.cache));
    let all: Vec<PriceKey> = batches.iter().flatten().cloned().collect();
    if !prices_loaded(tx, region, engine.known(region, &all), None, false) {
        return;
    }
    let session = env.session(region).await;
    let count = batches.len();
    for (n, batch) in batches.into_iter().enumerate() {
        let refreshed = tokio::time::timeout(
            AWS_LIMIT,
            engine.refresh(&session, region, &batch, zone, chrono::Utc::now()),
        )
        .await
        .unwrap_or_else(|_| Refreshed {
            book: PriceBook::new(region),
            problem: Some(AwsError::TimedOut {
                endpoint: session.endpoint("pricing"),
            }),
        });
        let problem = refreshed.problem.map(|p| price_problem(&p));
        let last = n + 1 == count || problem.is_some();
        if !prices_loaded(tx, region, refreshed.book, problem, last) || last {
            return;
        }
    }
}

fn prices_loaded(
    tx: &UnboundedSender<Action>,
    region: &str,
    book: PriceBook,
    problem: Option<String>,
    finished: bool,
) -> bool {
    tx.send(Action::PricesLoaded {
        region: region.to_string(),
        book: Box::new(book),
        problem,
        finished,
    })
    .is_ok()
}

/// Why the prices shown are not live, in one line.
fn price_problem(error: &AwsError) -> String {
    match error {
        AwsError::AccessDenied { .. } => {
            "live prices need the pricing:GetProducts permission; showing cached or snapshot prices"
                .into()
        }
        AwsError::Throttled(_) => "AWS is throttling price requests; showing cached prices".into(),
        other => format!("live prices unavailable ({other}); showing cached or snapshot prices"),
    }
}

async fn create_network(
    env: &CommandEnv,
    region: &str,
    availability_zone: &str,
    layout: Layout,
    tx: &UnboundedSender<Action>,
) {
    let session = env.session(region).await;
    let name = match crate::launch::network::create(&session, &env.dirs, layout, availability_zone)
        .await
    {
        Ok(name) => name,
        Err(why) => {
            let _ = tx.send(Action::NetworkProgress(Err(why)));
            return;
        }
    };
    let started = tokio::time::Instant::now();
    loop {
        let progress = network_stack::progress(&session, &name).await;
        let finished = match &progress {
            Ok(p) => p.finished(),
            Err(_) => true,
        };
        if tx
            .send(Action::NetworkProgress(
                progress.map(Box::new).map_err(|e| e.explained()),
            ))
            .is_err()
            || finished
        {
            return;
        }
        if started.elapsed() > STACK_LIMIT {
            let _ = tx.send(Action::NetworkProgress(Err(format!(
                "{name} is still being created after {} minutes; it carries on in AWS. Press r on this step later to see it.",
                STACK_LIMIT.as_secs() / 60
            ))));
            return;
        }
        tokio::time::sleep(STACK_POLL).await;
    }
}
