//! Running `Command`s as background tasks, one file per service they call. Each has a
//! timeout and always answers with an `Action` on the app's channel, so no screen waits
//! forever on a spinner: even a task that panics answers, with its command's failure
//! (`failed.rs`). `CommandEnv` is what they all get from the outside world.

mod cleanup;
mod doctor;
mod failed;
mod guard;
mod hsds;
mod keys;
mod launch;
mod monitor;
mod network;
mod prices;
mod rev;
mod setup;
mod sizing;
mod update;
mod wizard;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use super::action::{Action, Command};
use crate::aws::session::AwsSession;
use crate::context::Context;
use crate::doctor::gather::DoctorInputs;
use crate::store::dirs::Dirs;

/// A safety net above the per-call timeouts inside the AWS calls.
const AWS_LIMIT: Duration = Duration::from_secs(60);

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
    /// PCWIZ_PANIC_IN_BACKGROUND: for the tests of what a panic becomes, the command
    /// (by its name, e.g. `CheckTools`) whose task panics instead of running. Unset: none.
    pub panic_in: Option<String>,
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
            panic_in: std::env::var("PCWIZ_PANIC_IN_BACKGROUND").ok(),
        }
    }

    async fn session(&self, region: &str) -> AwsSession {
        let profile = crate::aws::credential_source::ProfileChoice::resolve(
            self.doctor.profile_flag.as_deref(),
            &self.doctor.env,
        );
        AwsSession::new(&self.doctor.env, &profile, region).await
    }
}

/// "Listing key pairs took longer than 60 s; press r to try again".
fn too_long(what: &str) -> String {
    format!(
        "{what} took longer than {} s; press r to try again",
        AWS_LIMIT.as_secs()
    )
}

/// Where a missing pcluster is said: the dashboard's actions and parking need it.
fn no_pcluster() -> String {
    "pcluster is not installed. Install it from the set-up screen (or `pcwiz doctor --install-pcluster`).".into()
}

/// Runs `command` as a task, and a second, tiny one that waits for it: if the first
/// panics, the command's failure answer goes on the channel, so the screen that asked says
/// so instead of waiting forever (the panic hook leaves the terminal alone for tasks).
pub fn spawn(command: Command, env: Arc<CommandEnv>, tx: UnboundedSender<Action>) {
    let name = command_name(&command);
    let on_failure = command.clone();
    let answers = tx.clone();
    let asked_to_panic = env.panic_in.as_deref() == Some(name.as_str());
    let task = tokio::spawn(async move {
        if asked_to_panic {
            panic!("PCWIZ_PANIC_IN_BACKGROUND: a test asked this task to panic");
        }
        // The SDK's own words for any error the task explained: behind `?` on screen.
        let ((), details) =
            crate::aws::error::with_details(Box::pin(run(command, &env, &tx))).await;
        if let Some(detail) = details.into_iter().last() {
            let _ = tx.send(Action::ErrorDetail(detail));
        }
    });
    tokio::spawn(async move {
        let Err(stopped) = task.await else { return };
        if !stopped.is_panic() {
            return;
        }
        let why = failed::panic_text(stopped.into_panic().as_ref());
        tracing::error!("a background task panicked: {why}");
        let said =
            format!("pcwiz stopped this because of a bug ({name}); the log has the details.");
        if let Some(answer) = failed::answer(&on_failure, said) {
            let _ = answers.send(answer);
        }
    });
}

/// A command's name as the code spells it ("CheckTools", "LoadPrices").
fn command_name(command: &Command) -> String {
    let debug = format!("{command:?}");
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_string()
}

/// One command, to the service file that runs it. Most answer once; those that answer as
/// they go (a launch, a clean-up run, a measurement…) send on `tx` themselves.
async fn run(command: Command, env: &CommandEnv, tx: &UnboundedSender<Action>) {
    let answer = match command {
        Command::CheckIdentity => doctor::check_identity(env).await,
        Command::CheckTools => doctor::check_tools(env).await,
        Command::LoadKeys { region } => keys::load(env, region).await,
        Command::ImportKey {
            region,
            public_key,
            name,
        } => keys::import(env, &region, &public_key, &name).await,
        Command::GenerateKey {
            region,
            name,
            passphrase,
        } => keys::generate(env, &region, &name, &passphrase).await,
        Command::LoadNetwork {
            region,
            instance_types,
        } => network::load(env, region, &instance_types).await,
        Command::CreateNetwork {
            region,
            availability_zone,
            layout,
        } => return network::create(env, &region, &availability_zone, layout, tx).await,
        Command::SaveDraft(draft) => wizard::save_draft(env, *draft).await,
        Command::LookAround { region, config } => wizard::look_around(env, &region, &config).await,
        Command::LoadCatalog { region, zone } => wizard::load_catalog(env, &region, zone).await,
        Command::SaveConfig { path, text } => wizard::save_config(path, text).await,
        Command::LoadPrices {
            region,
            first,
            rest,
            zone,
            offline,
        } => {
            let zone = zone.as_deref();
            return prices::load(env, &region, [first, rest], zone, offline, tx).await;
        }
        Command::LaunchPreflight {
            config,
            name,
            region,
        } => launch::preflight(env, &config, &name, &region).await,
        Command::Launch { pcluster, request } => {
            return launch::launch(env, &pcluster, &request, tx).await;
        }
        Command::FollowLaunch { name, region } => {
            return launch::follow_launch(env, &name, &region, tx).await;
        }
        Command::DeleteStack { name, region } => launch::delete_stack(env, &name, &region).await,
        Command::SetGuard {
            name,
            region,
            target,
            head_instance_id,
            idle_minutes,
        } => guard::set_guard(env, name, &region, &target, &head_instance_id, idle_minutes).await,
        Command::LookUpBudget { name, region } => guard::look_up_budget(env, name, &region).await,
        Command::SetUpUpkeep {
            name,
            region,
            upkeep,
        } => launch::upkeep(env, &name, &region, &upkeep).await,
        Command::LoadClusters { region } => monitor::load_clusters(env, region).await,
        Command::RefreshCluster {
            name,
            region,
            user,
            nodes_up_since,
        } => monitor::refresh(env, name, &region, user, nodes_up_since).await,
        Command::DescribeFleet { name, region } => {
            monitor::describe_fleet(env, name, &region).await
        }
        Command::SetFleet {
            name,
            region,
            start,
        } => monitor::set_fleet(env, name, &region, start).await,
        Command::SetHeadNode {
            name,
            region,
            instance_id,
            start,
        } => monitor::set_head_node(env, name, &region, &instance_id, start).await,
        Command::RepinHostKey {
            name,
            region,
            target,
            accept_unverified,
        } => monitor::repin(env, name, &region, &target, accept_unverified).await,
        Command::RememberRevDir { name, region, dir } => {
            monitor::remember_rev_dir(env, name, &region, &dir)
        }
        Command::PlanCleanup { name, region } => cleanup::plan(env, &name, &region).await,
        Command::Sweep { region } => cleanup::sweep(env, &region).await,
        Command::RunCleanup { plan } => return cleanup::run(env, &plan, tx).await,
        Command::ParkCluster {
            name,
            region,
            resume,
        } => cleanup::park(env, &name, &region, resume, tx).await,
        Command::SetUpHsds {
            name,
            region,
            choices,
        } => return hsds::set_up(env, &name, &region, *choices, tx).await,
        Command::StartRev {
            name,
            region: _,
            target,
            request,
        } => return rev::start(&name, &target, *request, tx).await,
        Command::FetchRev {
            name,
            target,
            outputs,
            into,
        } => return rev::fetch(&name, &target, &outputs, &into, tx).await,
        Command::MeasureUnit { command, stop } => {
            return sizing::measure_unit(env, command, stop, tx).await;
        }
        Command::SizeJob {
            region,
            unit,
            job,
            knobs,
            offline,
        } => sizing::size_job(env, &region, unit, job, knobs, offline).await,
        Command::ReadClusterConfig { name, region } => {
            update::read_config(env, name, &region).await
        }
        Command::PreviewUpdate {
            name,
            region,
            current,
            new_text,
            suppress_validators,
        } => {
            update::preview(
                env,
                name,
                &region,
                &current,
                &new_text,
                &suppress_validators,
            )
            .await
        }
        Command::ApplyUpdate {
            name,
            region,
            current,
            preview,
        } => update::apply(env, name, &region, &current, &preview, tx).await,
        Command::InstallPcluster => return setup::install_pcluster(env, tx).await,
        Command::AddSso(sso) => return setup::add_sso(env, &sso, tx).await,
        Command::AddKeys {
            profile,
            keys,
            region,
        } => setup::add_keys(env, &profile, &keys, &region).await,
        Command::OpenShell { .. } => {
            unreachable!("run by the event loop: it needs the terminal")
        }
    };
    // The app may have quit meanwhile; then nobody is listening, which is fine.
    let _ = tx.send(answer);
}
