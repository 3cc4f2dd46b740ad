//! What can happen (`Action`) and what the app asks to be done (`Command`), with their
//! payloads. Only domain and service types come in here, never a screen's: every screen
//! and every effect imports this file, so it imports none of them.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crossterm::event::{KeyEvent, MouseEvent};

use crate::aws::network_stack::Layout;
use crate::cleanup::park::ParkReport;
use crate::cleanup::{Plan, Progress};
use crate::cluster::cluster_row::ClusterRow;
use crate::cluster::config::ClusterConfig;
use crate::cluster::findings::Surroundings;
use crate::cluster::hsds_files::DataSource;
use crate::cluster::instance::InstanceInfo;
use crate::cluster::launch::LaunchStatus;
use crate::cluster::network::NetworkInventory;
use crate::cluster::price_book::{PriceBook, PriceKey};
use crate::cluster::sizing::Sizing;
use crate::cluster::slurm::Node;
use crate::cluster::ssh_key::RemoteKeyPair;
use crate::cluster::stack::StackProgress;
use crate::doctor::{Finding, IdentityCheck};
use crate::hsds::keys::HsdsKeys;
use crate::launch::preflight::Preflight;
use crate::launch::start::LaunchRequest;
use crate::monitor::priced::Refreshed;
use crate::pcluster::{Pcluster, ValidationProblem};
use crate::remote::SshTarget;
use crate::store::ssh_dir::SshDir;
use crate::update::apply::{Applied, Step};
use crate::update::current::Current;
use crate::update::preview::Preview;
use crate::wizard::Draft;
use crate::wizard::draft::KeyChoice;

/// `~/.ssh` and the region's key pairs, fetched together for the key step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInventory {
    pub local: SshDir,
    pub remote: Vec<RemoteKeyPair>,
}

/// What the list command brings back.
pub type Listing = Result<ClusterListing, String>;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClusterListing {
    pub rows: Vec<ClusterRow>,
    /// The history's complaint, if any.
    pub history_problem: Option<String>,
    /// Why the $/h are not live (cached or the snapshot), and what to do: `pcwiz list`'s words.
    pub price_note: Option<String>,
}

impl ClusterListing {
    pub fn of(rows: Vec<ClusterRow>) -> Self {
        Self {
            rows,
            ..Self::default()
        }
    }
}

/// Stops a measurement: shared with the background task (compared by identity).
#[derive(Debug, Clone, Default)]
pub struct StopFlag(pub Arc<AtomicBool>);

impl PartialEq for StopFlag {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// What the background sizing brings back.
#[derive(Debug, Clone)]
pub struct Sized {
    pub sizing: Sizing,
    /// How a missing price reads ("unknown offline").
    pub unknown: String,
    /// Types left out and why; live prices' problem, if any.
    pub notes: Vec<String>,
}

/// What the background command needs from the form.
#[derive(Debug, Clone, PartialEq)]
pub struct HsdsChoices {
    pub source: DataSource,
    pub dataset: usize,
    pub max_workers: u32,
    /// Typed keys; None: the keyring's.
    pub keys: Option<HsdsKeys>,
    pub nodes: Vec<Node>,
    pub target: SshTarget,
}

/// What the background reports while a launch goes on.
#[derive(Debug, Clone)]
pub enum LaunchEvent {
    DryRun(Result<crate::pcluster::DryRunVerdict, String>),
    /// pcluster accepted (the history note, if any) or refused.
    Created(Result<Option<String>, (String, Vec<ValidationProblem>)>),
    Progress {
        look: Result<Box<LaunchStatus>, String>,
        calls: u32,
    },
    Deleted(Result<(), String>),
    /// What the launch set up once the cluster was ready (the idle guard, the budget), one
    /// line each, as `launch::upkeep` says them.
    UpkeepDone(Vec<String>),
}

#[derive(Debug, Clone)]
pub enum Action {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Time passes: spinners turn, "4 s ago" counts up.
    Tick,
    IdentityChecked(Box<IdentityCheck>),
    ToolsChecked(Vec<Finding>),
    /// Background results carry the region they were asked for: a late answer for a
    /// region the user has since left is dropped.
    KeysLoaded {
        region: String,
        result: Result<KeyInventory, String>,
    },
    KeyReady(Result<KeyChoice, String>),
    NetworkLoaded {
        region: String,
        result: Result<Box<NetworkInventory>, String>,
    },
    NetworkProgress(Result<Box<StackProgress>, String>),
    DraftSaved(Result<(), String>),
    /// The account's side of the review's checks (or why it could not be looked up).
    ConfigLookedAround(Result<Box<Surroundings>, String>),
    ConfigSaved(Result<PathBuf, String>),
    CatalogLoaded {
        /// None: the bundled catalog (exploring without an account).
        zone: Option<String>,
        result: Result<Vec<InstanceInfo>, String>,
    },
    /// Prices for the wizard's region: first what the disk knows, then each live batch.
    PricesLoaded {
        region: String,
        book: Box<PriceBook>,
        /// Why live prices could not be had (shown beside the cached/snapshot labels).
        problem: Option<crate::cluster::price_outage::PriceOutage>,
        /// The last answer for this request.
        finished: bool,
    },
    /// The region's clusters, for the region they were asked for.
    ClustersLoaded {
        region: String,
        listing: Listing,
    },
    /// One dashboard refresh, for the cluster it was asked for.
    ClusterRefreshed {
        name: String,
        refreshed: Box<Refreshed>,
    },
    /// The cluster's budget (None: it has none), or why it could not be read.
    BudgetLooked {
        name: String,
        result: Result<Option<crate::cluster::budget::BudgetSeen>, String>,
    },
    /// `pcluster describe-compute-fleet`'s status, for the dashboard's `f`.
    FleetDescribed {
        name: String,
        status: Result<String, String>,
    },
    /// A dashboard action finished (fleet, head node, reV directory, shell).
    DashboardActionDone {
        name: String,
        result: Result<String, String>,
    },
    /// Re-pinning the head node's host key ended: how it is pinned now, or why not.
    HostKeyRepinned {
        name: String,
        result: Result<String, crate::monitor::host_trust::RepinRefused>,
    },
    /// The launch step's checks, for the name they were run for.
    LaunchChecked {
        name: String,
        preflight: Box<Preflight>,
    },
    /// A launch going on: dry run, creation, each look at the stack, a deletion.
    Launch(LaunchEvent),
    /// What cleaning the cluster up would remove (Err: the look as a whole failed, e.g.
    /// timed out; a lookup that failed on its own is in the plan's `problems`).
    CleanupPlanned {
        name: String,
        plan: Result<Box<Plan>, String>,
    },
    /// One ticked item's progress during a clean-up run.
    CleanupProgress {
        name: String,
        progress: Progress,
    },
    /// The run ended: what became of each ticked item.
    CleanupFinished {
        name: String,
        results: Vec<Progress>,
    },
    /// The region's sweep: its clusters and its leftovers plan.
    Swept {
        region: String,
        result: Result<Box<crate::cleanup::sweep::Sweep>, String>,
    },
    /// Parking waits for the compute instances to end: how many still run, and for how long.
    ParkProgress {
        name: String,
        line: String,
    },
    /// Parking (or resuming) the cluster ended.
    Parked {
        name: String,
        result: Result<ParkReport, String>,
    },
    /// A step of the dashboard's HSDS set-up.
    HsdsSetupProgress {
        name: String,
        line: String,
    },
    /// The HSDS set-up ended: what was installed and what the check found, with notes
    /// about the keys; or why it stopped.
    HsdsSetupDone {
        name: String,
        result: Box<Result<(crate::hsds::setup::SetupResult, Vec<String>), String>>,
    },
    /// A step of a new reV run started from the reV tab, and its bar (None: no bar).
    RevRunProgress {
        name: String,
        line: String,
        fraction: Option<f64>,
    },
    /// The new reV run is installed, written (and submitted), or why not.
    RevRunDone {
        name: String,
        result: Box<Result<crate::rev::start::Started, String>>,
    },
    /// Bytes of the reV outputs being fetched: (file index, received, size).
    RevFetchProgress {
        name: String,
        file: usize,
        received: u64,
        size: u64,
    },
    RevFetchDone {
        name: String,
        result: Result<Vec<crate::rev::fetch::Fetched>, String>,
    },
    /// A sample of the unit being measured for the sizing assistant.
    SizingSample(crate::measure::Sample),
    /// The unit's measurement ended.
    SizingMeasured(Result<crate::measure::Measurement, String>),
    /// The job sized over the priced candidates.
    Sized(Result<Box<Sized>, String>),
    /// The cluster's config for the update screen (pcluster's stored one, or the history's
    /// copy, labelled), with its compute subnet's zone for the type picker.
    ClusterConfigRead {
        name: String,
        result: Result<Box<ConfigRead>, String>,
    },
    /// pcluster's dry run of the change, said in words with its cost.
    UpdatePreviewed {
        name: String,
        result: Result<Box<Preview>, String>,
    },
    /// A step of the update as it happens (fleet stop, the stack's looks, fleet start).
    UpdateStep {
        name: String,
        step: Box<Step>,
    },
    /// The update ended (or could not start).
    UpdateApplied {
        name: String,
        result: Result<Box<Applied>, String>,
    },
    /// A step of installing pcluster (Check my setup's `i`).
    InstallProgress(crate::pcluster::install::InstallEvent),
    /// The install ended: pcluster's version, or why not.
    PclusterInstalled(Result<String, String>),
    /// The pasted keys were checked and written (what to say), or why not.
    KeysWritten(Result<String, String>),
    /// The SSO profile was written (what to do next), or why not.
    SsoWritten {
        profile: String,
        result: Result<String, String>,
    },
    /// A line of `aws sso login`'s output.
    SsoLoginLine(String),
    /// The login ended: Ok, or why not (no AWS CLI: how to log in instead).
    SsoLoggedIn(Result<(), String>),
    /// The SDK's own words for the last error a background task explained in one
    /// sentence: kept for the help (`?`), never put across the screen.
    ErrorDetail(String),
    /// SIGTERM / SIGHUP: leave cleanly, restoring the terminal.
    Quit,
}

/// What the update screen starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigRead {
    pub current: Current,
    /// The compute subnet's availability zone, when AWS said (the type picker needs it).
    pub zone: Option<String>,
}

/// Work for the background: each runs as a tokio task with a timeout and answers with an
/// `Action` on the app's channel.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    CheckIdentity,
    CheckTools,
    LoadKeys {
        region: String,
    },
    ImportKey {
        region: String,
        public_key: PathBuf,
        name: String,
    },
    GenerateKey {
        region: String,
        name: String,
        passphrase: String,
    },
    LoadNetwork {
        region: String,
        instance_types: Vec<String>,
    },
    CreateNetwork {
        region: String,
        availability_zone: String,
        layout: Layout,
    },
    SaveDraft(Box<Draft>),
    /// Look up what the review's checks need (key type, subnet, offerings).
    LookAround {
        region: String,
        config: Box<ClusterConfig>,
    },
    /// The instance types a zone offers, for the picker; with no zone (exploring without
    /// an account), the bundled catalog.
    LoadCatalog {
        region: String,
        zone: Option<String>,
    },
    /// Prices for the cost panel and pickers: `first` (what is on screen) before `rest`.
    LoadPrices {
        region: String,
        first: Vec<PriceKey>,
        rest: Vec<PriceKey>,
        /// The compute subnet's zone, for spot prices.
        zone: Option<String>,
        /// No account: the cache and the snapshot only, nothing asked.
        offline: bool,
    },
    /// The launch's preflight: credentials, checks, pcluster and node, name, cost.
    LaunchPreflight {
        config: Box<ClusterConfig>,
        name: String,
        region: String,
    },
    /// pcluster's dry run, the creation (recorded in the history), then following it.
    Launch {
        pcluster: Pcluster,
        request: Box<LaunchRequest>,
    },
    /// The region's clusters with their instances and $/hour.
    LoadClusters {
        region: String,
    },
    /// One dashboard refresh: DescribeStackEvents, DescribeInstances, one ssh round trip.
    RefreshCluster {
        name: String,
        region: String,
        /// The login user, once known (the first refresh reads it from the stack).
        user: Option<String>,
        /// The idle guard's cost history is read after this epoch (0 on the first refresh).
        nodes_up_since: i64,
    },
    /// Ask pcluster how the compute fleet is.
    DescribeFleet {
        name: String,
        region: String,
    },
    /// `pcluster update-compute-fleet`: START_REQUESTED or STOP_REQUESTED.
    SetFleet {
        name: String,
        region: String,
        start: bool,
    },
    /// Start or stop the head node's EC2 instance.
    SetHeadNode {
        name: String,
        region: String,
        instance_id: String,
        start: bool,
    },
    /// Remember the cluster's reV project directory (empty forgets it).
    RememberRevDir {
        name: String,
        region: String,
        dir: String,
    },
    /// Suspend the full screen and run an interactive ssh on the head node; the event
    /// loop runs it itself, as it owns the terminal.
    OpenShell {
        name: String,
        target: SshTarget,
    },
    /// Re-pin a head node whose host key changed (K, then y), once AWS confirms the new
    /// key or the person accepts it unverified.
    RepinHostKey {
        name: String,
        region: String,
        target: Box<SshTarget>,
        accept_unverified: bool,
    },
    /// Arm (with a window) or remove (None) the idle guard on the head node.
    SetGuard {
        name: String,
        region: String,
        target: Box<SshTarget>,
        head_instance_id: String,
        idle_minutes: Option<u32>,
    },
    /// The cluster's AWS Budget, as AWS has it now.
    LookUpBudget {
        name: String,
        region: String,
    },
    /// Follow a creation pcluster already accepted (a resumed draft).
    FollowLaunch {
        name: String,
        region: String,
    },
    /// Arm the idle guard and make the budget on a cluster that has just become ready.
    SetUpUpkeep {
        name: String,
        region: String,
        upkeep: crate::launch::upkeep::Upkeep,
    },
    /// Delete a cluster stack whose creation failed (its resources were rolled back).
    DeleteStack {
        name: String,
        region: String,
    },
    /// Look for everything the cluster leaves billing; touches nothing.
    PlanCleanup {
        name: String,
        region: String,
    },
    /// Remove the plan's ticked items (`selected`), reporting each as it goes.
    RunCleanup {
        plan: Box<Plan>,
    },
    /// Park the cluster (stop the fleet, then the head node), or resume it.
    ParkCluster {
        name: String,
        region: String,
        resume: bool,
    },
    /// Is anything still billing in the region? (the clean-up door's first entry)
    Sweep {
        region: String,
    },
    /// Install HSDS's files on the cluster and check HSDS on a compute node.
    SetUpHsds {
        name: String,
        region: String,
        choices: Box<HsdsChoices>,
    },
    /// A new reV run: reV installed if needed, the project written, the pipeline submitted.
    StartRev {
        name: String,
        region: String,
        target: SshTarget,
        request: Box<crate::rev::start::StartRequest>,
    },
    /// Copy a reV run's outputs into a local directory.
    FetchRev {
        name: String,
        target: SshTarget,
        outputs: Vec<(String, u64)>,
        into: std::path::PathBuf,
    },
    /// Run one unit's command here and measure it, sample by sample.
    MeasureUnit {
        command: Vec<String>,
        stop: StopFlag,
    },
    /// Size the job over the region's priced candidates.
    SizeJob {
        region: String,
        unit: crate::cluster::sizing::MeasuredUnit,
        job: crate::cluster::sizing::Job,
        /// The queue's SMT and node sharing when sized from the wizard; else defaults.
        knobs: crate::cluster::sizing::Knobs,
        /// No account: the bundled catalog and offline prices, nothing asked.
        offline: bool,
    },
    /// Install pcluster and node into pcwiz's own venv, reporting each step.
    InstallPcluster,
    /// Check an IAM user's keys with STS, then write them as `profile` (Check my setup).
    AddKeys {
        profile: String,
        keys: crate::cluster::access_keys::AccessKeys,
        region: String,
    },
    /// Write an SSO profile and its sso-session (as `pcwiz credentials sso` does), then run
    /// `aws sso login` for it when the AWS CLI is there (Check my setup).
    AddSso(Box<crate::credentials::SsoSetup>),
    /// Write the reviewed config (mode 0600).
    SaveConfig {
        path: PathBuf,
        text: String,
    },
    /// Read a running cluster's config for the update screen.
    ReadClusterConfig {
        name: String,
        region: String,
    },
    /// pcluster's dry run of `new_text` against the cluster, said in words.
    PreviewUpdate {
        name: String,
        region: String,
        current: Box<Current>,
        new_text: String,
        suppress_validators: Vec<String>,
    },
    /// The update the preview describes: fleet stopped around it when needed, followed.
    ApplyUpdate {
        name: String,
        region: String,
        current: Box<Current>,
        preview: Box<Preview>,
    },
}
