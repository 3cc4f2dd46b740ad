//! Command-line arguments (clap). Global flags apply to the TUI and every subcommand.

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "pcwiz",
    version,
    about = "A terminal wizard and dashboard for AWS ParallelCluster, made for running NREL's reV",
    long_about = "Run without a subcommand for the full-screen app. Subcommands print text (or JSON with --json) and need no terminal."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// AWS profile to use (default: AWS_PROFILE, then `default`)
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region)
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// More detail in the log file (the log is in pcwiz's state dir, never on screen)
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// The wizard as line-by-line prompts instead of the full-screen app (screen readers)
    #[arg(long)]
    pub plain: bool,
    /// Draw the first frame, then exit: used by the start-up benchmark.
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,
    /// Panic after the first frame: used by the test that checks the terminal is restored.
    #[arg(long, hide = true)]
    pub panic_after_first_frame: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check credentials, region and tools; say what to do about each problem
    Doctor(DoctorArgs),
    /// Set credentials up: an IAM user's pasted keys (checked with STS) or an SSO profile,
    /// written as a named profile into ~/.aws (backed up, 0600, nothing else touched)
    #[command(subcommand)]
    Credentials(CredentialsCommand),
    /// SSH keys on this machine and key pairs in the region
    #[command(subcommand)]
    Keys(KeysCommand),
    /// The region's VPCs and subnets, and a network for a cluster when none fits
    #[command(subcommand)]
    Network(NetworkCommand),
    /// ParallelCluster configs: presets, a new config, pre-launch checks
    #[command(subcommand)]
    Config(ConfigCommand),
    /// What instance types cost per hour and per month, with where the price comes from
    Price(PriceArgs),
    /// Create a cluster from a config: checks, pcluster's dry run, then follow it until ready
    Launch(LaunchArgs),
    /// Follow a cluster that is being created (after Ctrl-C, or from another terminal)
    Follow(FollowArgs),
    /// Log in to a cluster's head node (user, address and key looked up)
    Ssh(SshArgs),
    /// The region's clusters: status, version, age, head node, nodes up, $/hour now
    List(ListArgs),
    /// One look at a cluster: stack, instances, Slurm nodes and jobs, HSDS (one ssh round trip)
    Status(StatusArgs),
    /// Delete a cluster and everything it leaves billing, after showing the plan
    Cleanup(CleanupArgs),
    /// Is anything still billing in the region? Every cluster, and every leftover no
    /// cluster owns any more, with what it bills; --remove removes the ticked leftovers
    Sweep(SweepArgs),
    /// Park a cluster in its minimal state: compute fleet and head node stopped
    Park(ParkArgs),
    /// Bring a parked cluster back: head node started, then the compute fleet
    Resume(ParkArgs),
    /// Which instance type and how many nodes: from one measured unit of work to a plan, its cost and reV's settings
    Size(SizeArgs),
    /// Set HSDS up for reV on a cluster: scripts and configs installed, then checked on a compute node
    Hsds(HsdsArgs),
    /// reV on a cluster: install it, write a project, submit its pipeline, watch it, fetch the outputs
    Rev(super::rev::args::RevArgs),
    /// The idle guard: stops the head node by itself when the cluster has been idle for a
    /// window (no job, no compute node, nobody logged in). Shows it; --idle arms it, --off removes it
    Guard(GuardArgs),
    /// Change a running cluster: pcluster's change set in plain words, what it stops, kills
    /// and costs, then the update (the fleet stopped and started around it when needed)
    Update(UpdateArgs),
    /// The cluster's AWS Budget: emails at 80% and 100% of a monthly amount spent and when the
    /// forecast passes it. Shows it; --monthly with --email makes (or changes) it, --off removes it
    Budget(BudgetArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  pcwiz size --unit-seconds 540 --unit-cores 3.9 --unit-mem-gib 6 --sites-per-unit 200 --sites 1000000 --deadline 24\n  pcwiz size --measure --sites-per-unit 100 --sites 1000000 -- reV generation -c config_gen.json\n  pcwiz size --measure --cluster rev --sites-per-unit 100 --sites 1000000 --write-config cluster.yaml -- bash -lc 'cd ~/run && reV generation -c config_gen.json'"
)]
pub struct SizeArgs {
    /// Wall-clock seconds one unit took
    #[arg(long, value_name = "S", required_unless_present = "measure")]
    pub unit_seconds: Option<f64>,
    /// Cores one unit kept busy (CPU time over wall time)
    #[arg(long, value_name = "C", required_unless_present = "measure")]
    pub unit_cores: Option<f64>,
    /// Peak memory of one unit, GiB
    #[arg(long, value_name = "M", required_unless_present = "measure")]
    pub unit_mem_gib: Option<f64>,
    /// reV workers (max_workers) the unit ran with (default: its cores used, rounded)
    #[arg(long, value_name = "W")]
    pub unit_workers: Option<u32>,
    /// reV sites in one unit: gives sites_per_worker, and lets --sites count the job
    #[arg(long, value_name = "K")]
    pub sites_per_unit: Option<u32>,
    /// The whole job, in units
    #[arg(
        long,
        value_name = "N",
        required_unless_present = "sites",
        conflicts_with = "sites"
    )]
    pub units: Option<u64>,
    /// The whole job, in reV sites (needs --sites-per-unit)
    #[arg(long, value_name = "N", requires = "sites_per_unit")]
    pub sites: Option<u64>,
    /// Finish within this many hours
    #[arg(long, value_name = "H")]
    pub deadline: Option<f64>,
    /// The queue's MaxCount: no more nodes than this
    #[arg(long, value_name = "M")]
    pub max_count: Option<u32>,
    /// Only these instance types (default: c6a c6i m6a m6i m7a m7i r6a r6i, 8x/12x/24xlarge)
    #[arg(long = "instance-type", value_name = "TYPE")]
    pub instance_types: Vec<String>,
    /// Only types this availability zone offers (default: any zone of the region)
    #[arg(long, value_name = "AZ")]
    pub zone: Option<String>,
    /// Spot prices instead of on-demand
    #[arg(long)]
    pub spot: bool,
    /// Do not ask AWS: the bundled catalog, cached prices and the snapshot only
    #[arg(long)]
    pub offline: bool,
    /// Share of a node's memory the workers may fill; also reV's memory_utilization_limit
    #[arg(long, value_name = "FRACTION", default_value_t = crate::cluster::sizing::inputs::DEFAULT_MEMORY_LIMIT)]
    pub memory_limit: f64,
    /// Minutes each node bills before work starts (boot and start_hsds.sh)
    #[arg(long, value_name = "MIN", default_value_t = crate::cluster::sizing::inputs::DEFAULT_STARTUP_MINUTES)]
    pub startup_minutes: f64,
    /// Minutes each node bills idle after its work (the queue's ScaledownIdletime)
    #[arg(long, value_name = "MIN", default_value_t = crate::cluster::sizing::inputs::DEFAULT_SCALEDOWN_MINUTES)]
    pub scaledown_minutes: f64,
    /// The queue runs with SMT off (DisableSimultaneousMultithreading, as rev-conus)
    #[arg(long)]
    pub no_smt: bool,
    /// The queue already gives jobs whole nodes (JobExclusiveAllocation): no --exclusive
    #[arg(long)]
    pub exclusive_queue: bool,
    /// The nodes' HSDS max_task_count (HSDS's default 100, or your override.yml's)
    #[arg(long, value_name = "N", default_value_t = crate::cluster::hsds_files::DEFAULT_MAX_TASK_COUNT)]
    pub hsds_max_task_count: u32,
    /// Fill in the settings for this type instead of the cheapest
    #[arg(long, value_name = "TYPE")]
    pub pick: Option<String>,
    /// Run the command after -- as one unit and measure it
    #[arg(long, requires = "command")]
    pub measure: bool,
    /// With --measure: run and measure the unit on this cluster's head node, over ssh
    /// (where reV is installed); AWS is asked where the head node is, even with --offline
    #[arg(long, value_name = "NAME", requires = "measure")]
    pub cluster: Option<String>,
    /// Set the picked type and node count (MaxCount) in this ParallelCluster config, and
    /// SMT as the sizing assumed; the old file is kept as FILE.bak
    #[arg(long, value_name = "FILE")]
    pub write_config: Option<std::path::PathBuf>,
    /// The queue --write-config fills in (default: the config's first)
    #[arg(long, value_name = "NAME", requires = "write_config")]
    pub queue: Option<String>,
    #[arg(long)]
    pub json: bool,
    /// The command to measure (after --)
    #[arg(last = true, value_name = "CMD")]
    pub command: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CleanupArgs {
    pub name: String,
    /// Print the plan and stop (nothing is touched)
    #[arg(long)]
    pub dry_run: bool,
    /// Print the plan (and the results) as JSON
    #[arg(long)]
    pub json: bool,
    /// Remove without asking, for scripts: the cluster's name, given again to confirm
    /// (a bare --yes is not enough: a script aimed at the wrong cluster stops here)
    #[arg(long, value_name = "NAME")]
    pub confirm: Option<String>,
    /// Keep these kinds (untick them), e.g. --keep log-group --keep network-stack
    #[arg(long, value_name = "KIND")]
    pub keep: Vec<String>,
    /// Also remove these kinds, which hold data and are kept by default, e.g. --also ebs-volume
    #[arg(long, value_name = "KIND")]
    pub also: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Remove the ticked leftovers (after the region's name is typed, or --confirm)
    #[arg(long)]
    pub remove: bool,
    /// With --remove, for scripts: the region's name, given again to confirm
    #[arg(long, value_name = "REGION", requires = "remove")]
    pub confirm: Option<String>,
    /// Keep these kinds (untick them), e.g. --keep log-group
    #[arg(long, value_name = "KIND")]
    pub keep: Vec<String>,
    /// Also remove these kinds, which hold data and are kept by default, e.g. --also ebs-volume
    #[arg(long, value_name = "KIND")]
    pub also: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ParkArgs {
    pub name: String,
    /// How long to wait for the compute instances to end before stopping the head node
    /// (which is what ends them); past it, nothing more is stopped
    #[arg(long, value_name = "MINUTES", default_value_t = 15.0)]
    pub wait_minutes: f64,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  pcwiz guard rev               what the guard is doing\n  pcwiz guard rev --idle 60     stop the head node after an idle hour\n  pcwiz guard rev --off         remove it"
)]
pub struct GuardArgs {
    pub name: String,
    /// Arm the guard, or change its window: stop the head node after this many idle minutes (10 or more)
    #[arg(long, value_name = "MINUTES", conflicts_with = "off", value_parser = clap::value_parser!(u32).range(10..))]
    pub idle: Option<u32>,
    /// Remove the guard from the head node
    #[arg(long)]
    pub off: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  pcwiz budget rev                                   what it has spent of its budget\n  pcwiz budget rev --monthly 300 --email ana@uni.edu\n  pcwiz budget rev --off"
)]
pub struct BudgetArgs {
    pub name: String,
    /// The monthly amount, US dollars
    #[arg(long, value_name = "USD", requires = "email", conflicts_with = "off", value_parser = clap::value_parser!(u32).range(1..))]
    pub monthly: Option<u32>,
    /// Where AWS sends the alerts
    #[arg(long, value_name = "ADDRESS", requires = "monthly")]
    pub email: Option<String>,
    /// Remove the budget
    #[arg(long)]
    pub off: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    pub name: String,
    /// HSDS's port on the compute nodes (default 5101)
    #[arg(long)]
    pub hsds_port: Option<u16>,
    /// The reV project directory on the cluster whose pipeline status to read
    /// (remembered for this cluster; `--rev-dir ''` forgets it)
    #[arg(long)]
    pub rev_dir: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SshArgs {
    pub name: String,
    /// Print the ssh command instead of running it
    #[arg(long)]
    pub print: bool,
    /// The head node's host key changed (it was replaced or rebuilt): pin the new one once
    /// its EC2 console output confirms it
    #[arg(long)]
    pub repin: bool,
    /// With --repin: accept the new key although the console output lists no keys to
    /// confirm it (check its fingerprint another way first)
    #[arg(long, requires = "repin")]
    pub accept_unverified: bool,
}

#[derive(Debug, Args)]
pub struct LaunchArgs {
    /// The ParallelCluster config (from the wizard or `pcwiz config new`)
    pub file: std::path::PathBuf,
    /// The cluster's name (also its CloudFormation stack's)
    #[arg(long)]
    pub name: String,
    /// Do not ask to type the cluster name to confirm (for scripts)
    #[arg(long)]
    pub yes: bool,
    /// Stop after pcluster's dry run: exit 0 only when it says the request would succeed
    #[arg(long)]
    pub dry_run: bool,
    /// Handed to pcluster unchanged, e.g. type:KeyPairValidator
    #[arg(long, num_args = 1.., value_name = "VALIDATOR")]
    pub suppress_validators: Vec<String>,
    /// Once ready, arm the idle guard: the head node stops after this many idle minutes
    /// (0: no guard)
    #[arg(long, value_name = "MINUTES", default_value_t = crate::cluster::guard::DEFAULT_IDLE_MINUTES)]
    pub idle_guard: u32,
    /// Once ready, make a monthly AWS Budget for the cluster, US dollars (with --budget-email)
    #[arg(long, value_name = "USD", requires = "budget_email", value_parser = clap::value_parser!(u32).range(1..))]
    pub budget: Option<u32>,
    /// Where AWS sends the budget's alerts
    #[arg(long, value_name = "ADDRESS", requires = "budget")]
    pub budget_email: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  pcwiz update rev --current > rev.yaml    the config the cluster runs with\n  pcwiz update rev rev.yaml --dry-run      what would change, stop and cost\n  pcwiz update rev --edit                  edit it in $EDITOR, then update"
)]
pub struct UpdateArgs {
    pub name: String,
    /// The new config (the cluster's current one, edited: see --current)
    #[arg(required_unless_present_any = ["edit", "current"], conflicts_with_all = ["edit", "current"])]
    pub file: Option<std::path::PathBuf>,
    /// Open the cluster's current config in $VISUAL or $EDITOR, then use what you save
    #[arg(long)]
    pub edit: bool,
    /// Print the config the cluster runs with (pcluster's stored one) and stop
    #[arg(long, conflicts_with = "edit")]
    pub current: bool,
    /// Do not ask to type the cluster name to confirm (for scripts)
    #[arg(long)]
    pub yes: bool,
    /// Stop after the change set: exit 0 only when pcwiz could apply it
    #[arg(long)]
    pub dry_run: bool,
    /// Handed to pcluster unchanged, e.g. type:KeyPairValidator
    #[arg(long, num_args = 1.., value_name = "VALIDATOR")]
    pub suppress_validators: Vec<String>,
    /// When the fleet must be stopped: how long to wait for its compute instances to end
    #[arg(long, value_name = "MINUTES", default_value_t = 15.0)]
    pub wait_minutes: f64,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FollowArgs {
    pub name: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PriceArgs {
    /// e.g. t3.large c6a.12xlarge
    #[arg(required = true, value_name = "TYPE")]
    pub instance_types: Vec<String>,
    /// The latest spot price instead of on-demand (the highest of the region's zones)
    #[arg(long)]
    pub spot: bool,
    /// Do not ask AWS: cached prices and the bundled snapshot only
    #[arg(long)]
    pub offline: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// The built-in presets and who each is for
    Presets(ConfigPresetsArgs),
    /// Write a config from a preset, with your key pair and subnet
    New(ConfigNewArgs),
    /// pcwiz's pre-launch checks, and with --pcluster pcluster's own dry run
    Check(ConfigCheckArgs),
    /// What the cluster costs idle, at full scale and per month, line by line
    Cost(ConfigCostArgs),
}

#[derive(Debug, Args)]
pub struct ConfigCostArgs {
    pub file: std::path::PathBuf,
    /// Do not ask AWS: cached prices and the bundled snapshot only
    #[arg(long)]
    pub offline: bool,
    /// Also price a run of this many node-hours (on --queue, default the first queue)
    #[arg(long, value_name = "N")]
    pub node_hours: Option<f64>,
    #[arg(long, value_name = "QUEUE", requires = "node_hours")]
    pub queue: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ConfigPresetsArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ConfigNewArgs {
    /// rev-conus, starter or mpi-efa (see `pcwiz config presets`)
    #[arg(long)]
    pub preset: String,
    /// The EC2 key pair for ssh
    #[arg(long)]
    pub key_name: String,
    /// The head node's subnet (and the compute nodes', unless --compute-subnet)
    #[arg(long)]
    pub subnet: String,
    /// A separate (private) subnet for the compute nodes
    #[arg(long)]
    pub compute_subnet: Option<String>,
    /// A tag, e.g. --tag org=nrel --tag billingId=1234
    #[arg(long, value_name = "KEY=VALUE")]
    pub tag: Vec<String>,
    /// Where to write the config (mode 0600)
    #[arg(long, short)]
    pub output: std::path::PathBuf,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ConfigCheckArgs {
    pub file: std::path::PathBuf,
    /// Also run `pcluster create-cluster --dryrun true` and report its verdict
    #[arg(long)]
    pub pcluster: bool,
    /// The cluster name for the dry run
    #[arg(long, default_value = "pcwiz-check")]
    pub name: String,
    /// Handed to pcluster unchanged, e.g. type:HeadNodeLaunchTemplateValidator
    #[arg(long, value_name = "VALIDATOR", num_args = 1..)]
    pub suppress_validators: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Local keys and the region's key pairs, matched by public key
    List(KeysListArgs),
    /// Import a public key as a key pair (the private key never leaves this machine)
    Import(KeysImportArgs),
    /// Make a new ed25519 key in ~/.ssh with ssh-keygen and import it
    New(KeysNewArgs),
}

#[derive(Debug, Args)]
pub struct KeysListArgs {
    #[arg(long)]
    pub json: bool,
    /// The cluster's OS, to mark keys it refuses (default ubuntu2404)
    #[arg(long, value_name = "OS")]
    pub os: Option<String>,
    /// Also say which other regions hold a key pair of this name
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct KeysImportArgs {
    /// The key pair's name in AWS
    #[arg(long)]
    pub name: String,
    /// The public key file, e.g. ~/.ssh/id_ed25519.pub
    #[arg(long, value_name = "PATH")]
    pub public_key: std::path::PathBuf,
    /// Refuse keys this OS will not accept (RSA on ubuntu2204/ubuntu2404)
    #[arg(long, value_name = "OS")]
    pub os: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct KeysNewArgs {
    /// The name of both the key file in ~/.ssh and the key pair in AWS
    #[arg(long)]
    pub name: String,
    /// Read a passphrase for the private key from the first line of standard input
    #[arg(long)]
    pub passphrase_stdin: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum NetworkCommand {
    /// Subnets with their AZ, free addresses, route out, and whether the cluster fits
    List(NetworkListArgs),
    /// Create a VPC with a public subnet (as `pcluster configure` does), tagged for cleanup
    Create(NetworkCreateArgs),
}

#[derive(Debug, Args)]
pub struct NetworkListArgs {
    #[arg(long)]
    pub json: bool,
    /// Instance types the subnet's AZ must offer (default: the reV preset's)
    #[arg(long, value_name = "TYPE")]
    pub instance_type: Vec<String>,
}

#[derive(Debug, Args)]
pub struct NetworkCreateArgs {
    /// The availability zone for the subnet(s), e.g. us-west-2a
    #[arg(long)]
    pub az: String,
    /// Also a private compute subnet behind a NAT gateway (bills hourly)
    #[arg(long)]
    pub private_compute: bool,
    /// Accept the NAT gateway's cost without asking
    #[arg(long)]
    pub yes: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
    /// Install pcluster and node into a private venv in pcwiz's data dir, then check again
    #[arg(long)]
    pub install_pcluster: bool,
}

#[derive(Debug, Args)]
pub struct HsdsArgs {
    pub name: String,
    /// Read a private bucket with an IAM user's keys (default: NREL's public data, no keys)
    #[arg(long, value_name = "BUCKET")]
    pub private_bucket: Option<String>,
    /// The private bucket's region (default: the cluster's)
    #[arg(long, value_name = "REGION")]
    pub bucket_region: Option<String>,
    /// Read the keys from stdin (key id, then secret, one per line) even if the keyring has them
    #[arg(long)]
    pub keys_from_stdin: bool,
    /// Remove the bucket's keys from the OS keyring
    #[arg(long)]
    pub forget_keys: bool,
    /// The Slurm queue reV runs in (default: the config's first)
    #[arg(long)]
    pub queue: Option<String>,
    /// reV's max_workers per node (default: the queue's CPUs per node)
    #[arg(long)]
    pub max_workers: Option<u32>,
    /// Which NREL dataset the reV snippet reads: wtk or nsrdb
    #[arg(long, default_value = "wtk")]
    pub dataset: String,
    /// Install only; do not check HSDS on a compute node
    #[arg(long)]
    pub no_verify: bool,
    /// Run HSDS in Docker on each node (HSDS's own runall.sh) instead of the pip-installed HSDS
    #[arg(long)]
    pub docker: bool,
    /// Install HSDS from this directory of wheels on the cluster (no PyPI needed)
    #[arg(long, value_name = "DIR", conflicts_with_all = ["index_url", "docker"])]
    pub wheelhouse: Option<String>,
    /// Install HSDS from this package index instead of PyPI
    #[arg(long, value_name = "URL", conflicts_with = "docker")]
    pub index_url: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CredentialsCommand {
    /// An IAM user's access keys, read from stdin (key id, then secret, one per line):
    /// checked with STS, then written as profile NAME
    Keys(CredentialKeysArgs),
    /// An SSO (IAM Identity Center) profile and its sso-session, as `aws configure sso` writes them
    Sso(CredentialSsoArgs),
}

#[derive(Debug, Args)]
pub struct CredentialKeysArgs {
    /// The profile to write (`default` for the one every tool uses unasked); its region
    /// is --region, else the one configured, else us-west-2 (beside NREL's data)
    pub name: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CredentialSsoArgs {
    /// The profile to write
    pub name: String,
    /// The AWS access portal's address, e.g. https://my-org.awsapps.com/start
    #[arg(long, value_name = "URL")]
    pub start_url: String,
    /// The region Identity Center is in
    #[arg(long, value_name = "REGION")]
    pub sso_region: String,
    /// The 12-digit account to work in
    #[arg(long, value_name = "ID")]
    pub account: String,
    /// The permission set's role name, e.g. PowerUserAccess
    #[arg(long, value_name = "ROLE")]
    pub role: String,
    /// The sso-session's name (default: the profile's)
    #[arg(long, value_name = "NAME")]
    pub session: Option<String>,
    /// Run `aws sso login --profile NAME` afterwards (it opens a browser)
    #[arg(long)]
    pub login: bool,
    #[arg(long)]
    pub json: bool,
}
