//! `pcwiz rev NAME --new`: a reV project from the command line's form: the sites counted
//! (on a compute node for a box) and said before anything is written, execution_control
//! from the queue (or a sizing answer, or the flags), then the files written, with what
//! each replaced kept beside it. The directory is remembered for the dashboard's reV tab.

use super::args::RevArgs;
use crate::cluster::rev_install::DEFAULT_VENV;
use crate::cluster::rev_project::{
    Execution, ProjectForm, Sites, Technology, from_sizing, set_sam,
};
use crate::cluster::slurm::Node;
use crate::hsds::setup::Defaults;
use crate::remote::SshTarget;
use crate::remote::put_files::Installed;
use crate::rev::project::{self, Written};

/// The form from the flags, the cluster's queue and a sizing answer.
pub fn form(
    args: &RevArgs,
    dir: String,
    config: Option<&crate::cluster::config::ClusterConfig>,
    nodes: &[Node],
) -> anyhow::Result<ProjectForm> {
    let technology = Technology::parse(&args.tech).map_err(anyhow::Error::msg)?;
    let sites = match (&args.bbox, &args.gids) {
        (Some(bbox), _) => Sites::bbox(bbox),
        (None, Some(gids)) => Sites::parse_gids(gids),
        (None, None) => {
            Err("which sites? --bbox LAT_MIN LON_MIN LAT_MAX LON_MAX, or --gids 0-99".into())
        }
    }
    .map_err(anyhow::Error::msg)?;
    let mut sam = technology.default_sam();
    for setting in &args.sam {
        set_sam(&mut sam, setting, false).map_err(anyhow::Error::msg)?;
    }
    let defaults = Defaults::for_cluster(config, nodes, args.queue.as_deref());
    let (mut execution, estimate) = match &args.sizing {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("--sizing {}: {e}", path.display()))?;
            let answer = serde_json::from_str(&text)
                .map_err(|e| anyhow::anyhow!("--sizing {}: not JSON ({e})", path.display()))?;
            from_sizing(&answer).map_err(|e| anyhow::anyhow!("--sizing {}: {e}", path.display()))?
        }
        None => (
            Execution {
                nodes: defaults.nodes,
                max_workers: defaults.max_workers,
                sites_per_worker: None,
                // The guide's: its run peaked at 90 % with a 70 % limit.
                memory_utilization_limit: 0.7,
                walltime: None,
                partition: None,
                exclusive: defaults.shared_nodes,
            },
            None,
        ),
    };
    execution.partition = defaults.partition.clone();
    if let Some(nodes) = args.nodes {
        execution.nodes = nodes;
    }
    if let Some(workers) = args.max_workers {
        execution.max_workers = workers;
    }
    if args.walltime.is_some() {
        execution.walltime = args.walltime;
    }
    if args.shared_nodes {
        execution.exclusive = false;
    }
    Ok(ProjectForm {
        dir,
        technology,
        year: args.year,
        resource_file: args
            .resource
            .clone()
            .unwrap_or_else(|| technology.default_resource().into()),
        sites,
        sam,
        execution,
        venv: args.venv.clone().unwrap_or_else(|| DEFAULT_VENV.into()),
        estimate,
    })
}

pub async fn run(
    target: &SshTarget,
    form: ProjectForm,
    nodes_asked: bool,
    json: bool,
) -> anyhow::Result<Written> {
    let written = project::create(target, form, nodes_asked, |line| {
        if !json {
            eprintln!("{line}");
        }
    })
    .await
    .map_err(anyhow::Error::msg)?;
    if !json {
        print(&written);
    }
    Ok(written)
}

fn print(w: &Written) {
    let f = &w.form;
    let e = &f.execution;
    println!(
        "reV project {}: {} {} from {}, {}",
        f.dir,
        f.technology.label(),
        f.year,
        f.resource_file,
        project::said(&w.sites, &f.sites)
    );
    println!(
        "  {} node job{} of {} workers{}{}{}",
        w.jobs,
        if w.jobs == 1 { "" } else { "s" },
        e.max_workers,
        e.partition
            .as_ref()
            .map(|q| format!(" in queue {q}"))
            .unwrap_or_default(),
        if e.exclusive { ", whole nodes" } else { "" },
        e.walltime
            .map(|h| format!(", walltime {h} h"))
            .unwrap_or_default()
    );
    if let Some(estimate) = &f.estimate {
        println!(
            "  the sizing's estimate: {:.1} h on {} × {}{}",
            estimate.hours,
            estimate.nodes,
            estimate.instance_type,
            estimate
                .usd
                .map(|u| format!(", ${u:.2}"))
                .unwrap_or_default()
        );
    }
    for file in &w.files {
        let line = match file {
            Installed::Installed { path, backup: None } => format!("{path} written"),
            Installed::Installed {
                path,
                backup: Some(b),
            } => format!("{path} written; the old one is kept as {b}"),
            Installed::Unchanged { path } => format!("{path} unchanged"),
            Installed::Failed { path, reason } => format!("{path} NOT written: {reason}"),
        };
        println!("  {line}");
    }
    for note in &w.notes {
        println!("  note: {note}");
    }
    println!("Submit it with: pcwiz rev NAME --submit --dir {}", f.dir);
}
