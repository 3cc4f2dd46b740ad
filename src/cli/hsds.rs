//! `pcwiz hsds NAME`: sets HSDS up for reV on a cluster. Generates start_hsds.sh, .hscfg,
//! override.yml and a reV execution_control snippet for the cluster, installs them over
//! ssh (backing up what differs) with HSDS itself (pip, into a venv on the shared file
//! system; or Docker on each node with --docker), then checks HSDS on a compute node
//! through Slurm.
//! Private data needs an IAM user's keys: kept in the OS keyring, typed (or read from
//! stdin) once, never in a file here, on a command line or in the log.

use std::io::{BufRead, IsTerminal, Write};

use serde::Serialize;

use crate::aws::session::AwsSession;
use crate::cli::args::HsdsArgs;
use crate::cluster::hsds_files::{DATASETS, DataSource, Launcher};
use crate::cluster::pip_source::PipSource;
use crate::context::Context;
use crate::hsds::keys::HsdsKeys;
use crate::hsds::setup::{self, Defaults, SetupRequest, SetupResult};
use crate::hsds::{key_check, keyring_store};
use crate::store::history::ClusterRecord;

#[derive(Serialize)]
struct Out<'a> {
    name: &'a str,
    source: &'a DataSource,
    /// "…WXYZ": the last 4 characters of the key id, never more.
    keys: Option<String>,
    /// Where the keys are kept here: "keyring", or "not kept" (no keyring).
    keys_kept: Option<&'static str>,
    keys_owner: Option<String>,
    defaults: &'a Defaults,
    max_task_count: u32,
    result: &'a SetupResult,
    rev_snippet: &'a crate::cluster::hsds_files::RevSnippet,
}

pub async fn run(ctx: &Context, args: &HsdsArgs) -> anyhow::Result<i32> {
    let mut found = super::cluster_arg::find_cluster(ctx, &args.name)?;
    let session = ctx.session_in(&found.region).await;
    found.acting_as(&session).await?;
    let (record, region) = (found.record.clone(), found.region.clone());
    let source = match &args.private_bucket {
        Some(bucket) => DataSource::Private {
            bucket: bucket.clone(),
            region: args.bucket_region.clone().unwrap_or_else(|| region.clone()),
        },
        None => DataSource::NrelPublic,
    };
    let pip_source = PipSource::from_options(args.index_url.as_deref(), args.wheelhouse.as_deref());
    if let Some(problem) = source.problem().or_else(|| pip_source.problem()) {
        anyhow::bail!(problem);
    }
    if args.forget_keys {
        keyring_store::forget(source.bucket())
            .await
            .map_err(|e| anyhow::anyhow!(e.explained()))?;
        eprintln!("Forgot the keys for {} in the OS keyring.", source.bucket());
        if !args.keys_from_stdin {
            return Ok(0);
        }
    }
    let (keys, kept, owner) = if source.needs_keys() {
        let (keys, kept, owner) = keys_for(&session, source.bucket(), args.keys_from_stdin).await?;
        (Some(keys), Some(kept), Some(owner))
    } else {
        (None, None, None)
    };
    if let Some(owner) = &owner {
        eprintln!(
            "HSDS will read {} with the keys {} of {owner}.",
            source.bucket(),
            keys.as_ref().map(HsdsKeys::masked).unwrap_or_default()
        );
    }

    let (target, refresh) = super::head_node::find(ctx, &session, &found, "to install on").await?;
    let nodes = match &refresh.probe {
        Some(Ok(report)) => report.slurm_nodes(),
        Some(Err(e)) => anyhow::bail!("{e}"),
        None => vec![],
    };
    let config = record.as_ref().and_then(ClusterRecord::recorded_config);
    let defaults = Defaults::for_cluster(config.as_ref(), &nodes, args.queue.as_deref());
    let max_workers = args.max_workers.unwrap_or(defaults.max_workers);
    let dataset = DATASETS
        .iter()
        .position(|(_, path)| path.contains(&format!("/{}/", args.dataset)))
        .unwrap_or(0);
    let mut request = SetupRequest::new(
        &defaults,
        source.clone(),
        keys.clone(),
        dataset,
        max_workers,
    )
    .map_err(anyhow::Error::msg)?;
    request.verify = !args.no_verify;
    if args.docker {
        request.on.launcher = Launcher::Docker;
    }
    if args.index_url.is_some() || args.wheelhouse.is_some() {
        request.pip_source = pip_source;
    }
    let say = |line: &str| {
        if !args.json {
            eprintln!("{line}");
        }
    };
    let result = setup::run(&target, &request, say)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;

    let out = Out {
        name: &args.name,
        source: &source,
        keys: keys.as_ref().map(HsdsKeys::masked),
        keys_kept: kept,
        keys_owner: owner,
        defaults: &defaults,
        max_task_count: crate::cluster::hsds_files::max_task_count(max_workers),
        result: &result,
        rev_snippet: &request.snippet,
    };
    if args.json {
        super::print_json(&out)?;
    } else {
        print_text(&mut std::io::stdout().lock(), &out)?;
    }
    Ok(if result.ok() { 0 } else { 1 })
}

/// The keys for `bucket` with whose they are: the keyring's, else typed (or read from
/// stdin), checked with STS, and only then kept in the keyring when there is one, so keys
/// AWS refuses (a typo, a revoked or an SSO key) are never kept.
async fn keys_for(
    session: &AwsSession,
    bucket: &str,
    from_stdin: bool,
) -> anyhow::Result<(HsdsKeys, &'static str, String)> {
    let check = |keys: HsdsKeys| async move {
        let owner = key_check::check(session, &keys)
            .await
            .map_err(anyhow::Error::msg)?;
        anyhow::Ok((keys, owner))
    };
    let keyring = keyring_store::load(bucket).await;
    if let Ok(Some(keys)) = &keyring
        && !from_stdin
    {
        eprintln!(
            "Using the keys {} kept in the OS keyring for {bucket}.",
            keys.masked()
        );
        let (keys, owner) = check(keys.clone()).await?;
        return Ok((keys, "keyring", owner));
    }
    if let Err(no) = &keyring {
        eprintln!("{}", no.explained());
    }
    let (keys, owner) = check(ask_keys(from_stdin)?).await?;
    if keyring.is_ok() {
        match keyring_store::save(bucket, &keys).await {
            Ok(()) => {
                eprintln!(
                    "Kept the keys {} in the OS keyring for next time.",
                    keys.masked()
                );
                return Ok((keys, "keyring", owner));
            }
            Err(no) => eprintln!("{}", no.explained()),
        }
    }
    Ok((keys, "not kept", owner))
}

/// Two lines on stdin (key id, then secret), or asked on the terminal with the secret
/// hidden. Never from an argument: arguments show in `ps` and shell history.
fn ask_keys(from_stdin: bool) -> anyhow::Result<HsdsKeys> {
    let (id, secret) = if from_stdin || !std::io::stdin().is_terminal() {
        let mut lines = std::io::stdin().lock().lines();
        let mut next = || lines.next().transpose().map(|l| l.unwrap_or_default());
        (next()?, next()?)
    } else {
        eprintln!("{}", crate::hsds::keys::WHY_NOT_TEMPORARY);
        let id = inquire::Text::new("IAM user's access key id (AKIA…):").prompt()?;
        let secret = inquire::Password::new("Secret access key:")
            .without_confirmation()
            .prompt()?;
        (id, secret)
    };
    HsdsKeys::new(&id, &secret).map_err(|e| anyhow::anyhow!(e))
}

fn print_text(out: &mut impl Write, o: &Out) -> std::io::Result<()> {
    writeln!(out, "HSDS for reV on {}", o.name)?;
    match o.source {
        DataSource::NrelPublic => writeln!(
            out,
            "  data: NREL's public bucket, read anonymously (no keys)"
        )?,
        DataSource::Private { bucket, region } => writeln!(
            out,
            "  data: s3://{bucket} ({region}), keys {} ({})",
            o.keys.as_deref().unwrap_or("?"),
            o.keys_kept.unwrap_or("?")
        )?,
    }
    writeln!(
        out,
        "  reV: {} workers per node → HSDS max_task_count {} (HSDS's default is 100; beyond it HSDS answers 503)",
        o.rev_snippet.execution_control.max_workers, o.max_task_count
    )?;
    for file in &o.result.installed {
        writeln!(out, "  {}", file.describe())?;
    }
    match &o.result.hsds {
        Some(hsds) => writeln!(out, "  {}", hsds.describe())?,
        None => writeln!(
            out,
            "  HSDS runs in Docker on each node (HSDS's runall.sh; Docker installed there at the first start)"
        )?,
    }
    match &o.result.verified {
        None => writeln!(
            out,
            "  not checked on a compute node (--no-verify, or something did not install)"
        )?,
        Some(Err(e)) => writeln!(out, "  check failed: {e}")?,
        Some(Ok(v)) => {
            writeln!(out, "  {}", v.summary())?;
            if !v.ready() {
                for line in v.log_to_show() {
                    writeln!(out, "    {line}")?;
                }
            }
        }
    }
    writeln!(
        out,
        "\nMerge this into your reV config (also in ~/{}):",
        crate::hsds::install::REV_SNIPPET_FILE
    )?;
    writeln!(out, "{}", o.rev_snippet.to_json())
}
