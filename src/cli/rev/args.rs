//! `pcwiz rev NAME …`'s arguments: the steps of a reV run, any of which may be given at
//! once and run in this order: --install, --new, --submit, then the run's state (always),
//! then --fetch.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  pcwiz rev rev-conus --install\n  pcwiz rev rev-conus --install --wheelhouse ~/wheels      # a cluster without internet\n  pcwiz rev rev-conus --new --dir ~/runs/co --tech pvwatts --year 2019 --bbox 37 -109 41 -102\n  pcwiz rev rev-conus --submit --dir ~/runs/co\n  pcwiz rev rev-conus                                     # the run: steps, jobs, cost, failures explained\n  pcwiz rev rev-conus --fetch ./results"
)]
pub struct RevArgs {
    pub name: String,
    /// Install reV and h5pyd (pinned versions) in a venv on the cluster's shared file system
    #[arg(long)]
    pub install: bool,
    /// Install from this local directory of wheels (copied to the head node first)
    #[arg(
        long,
        value_name = "DIR",
        requires = "install",
        conflicts_with = "index_url"
    )]
    pub wheelhouse: Option<PathBuf>,
    /// Install from this package index instead of PyPI
    #[arg(long, value_name = "URL", requires = "install")]
    pub index_url: Option<String>,
    /// The venv on the cluster (default ~/envs/rev, the guide's)
    #[arg(long, value_name = "PATH")]
    pub venv: Option<String>,
    /// Write a reV project (config_gen.json, config_pipeline.json, SAM file, project points)
    #[arg(long)]
    pub new: bool,
    /// The project directory on the cluster (default: the one remembered for this cluster)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<String>,
    /// pvwatts (solar, NSRDB) or wind (WIND Toolkit)
    #[arg(long, default_value = "pvwatts")]
    pub tech: String,
    /// The resource year
    #[arg(long, default_value_t = 2019)]
    pub year: u32,
    /// Sites in a box: LAT_MIN LON_MIN LAT_MAX LON_MAX (counted on a compute node through HSDS)
    #[arg(long, num_args = 4, value_names = ["LAT_MIN", "LON_MIN", "LAT_MAX", "LON_MAX"], allow_negative_numbers = true, conflicts_with = "gids")]
    pub bbox: Option<Vec<f64>>,
    /// Sites by resource gid: 0,1,2 or 10-20
    #[arg(long, value_name = "LIST")]
    pub gids: Option<String>,
    /// The resource on HSDS, {} for the year (default: NREL's dataset for the technology)
    #[arg(long, value_name = "PATH")]
    pub resource: Option<String>,
    /// A SAM setting over the guide's defaults, e.g. --sam system_capacity=50000 (repeatable)
    #[arg(long, value_name = "KEY=VALUE")]
    pub sam: Vec<String>,
    /// The Slurm queue the jobs run in (default: the config's first)
    #[arg(long)]
    pub queue: Option<String>,
    /// Node jobs the sites are split over (default: the sizing's, else the queue's MaxCount)
    #[arg(long)]
    pub nodes: Option<u32>,
    /// reV's workers per node (default: the sizing's, else the queue's CPUs per node)
    #[arg(long)]
    pub max_workers: Option<u32>,
    /// Let the jobs share nodes (default: --exclusive, unless the queue gives whole nodes)
    #[arg(long)]
    pub shared_nodes: bool,
    /// Slurm's time limit per job in hours (default: the sizing's, else none)
    #[arg(long)]
    pub walltime: Option<f64>,
    /// A `pcwiz size … --json` answer: its pick fills execution_control and the estimate
    #[arg(long, value_name = "FILE")]
    pub sizing: Option<PathBuf>,
    /// Start the pipeline on the head node (it outlives pcwiz and the ssh connection)
    #[arg(long)]
    pub submit: bool,
    /// Copy the run's outputs into this local directory
    #[arg(long, value_name = "DIR")]
    pub fetch: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}
