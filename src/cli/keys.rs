//! `pcwiz keys list | import | new`: SSH keys here and key pairs in the region, matched.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use serde::Serialize;

use crate::aws::keypairs::{self, ImportError};
use crate::cli::args::{KeysCommand, KeysImportArgs, KeysListArgs, KeysNewArgs};
use crate::cluster::os::Os;
use crate::cluster::regions;
use crate::cluster::ssh_key::{RemoteKeyPair, refusal};
use crate::context::Context;
use crate::store::ssh_dir::{self, LocalKey, Unreadable};
use crate::tools::ssh_keygen;
use crate::wizard::key_step::{self, KeyRow};

pub async fn run(ctx: &Context, command: &KeysCommand) -> anyhow::Result<i32> {
    match command {
        KeysCommand::List(args) => list(ctx, args).await,
        KeysCommand::Import(args) => import(ctx, args).await,
        KeysCommand::New(args) => new(ctx, args).await,
    }
}

#[derive(Serialize)]
struct Listing {
    region: String,
    local: Vec<LocalKey>,
    unreadable: Vec<Unreadable>,
    remote: Vec<RemoteKeyPair>,
    choices: Vec<KeyRow>,
    /// With --name: the other regions holding a key pair of that name.
    name_elsewhere: Option<Vec<String>>,
}

async fn list(ctx: &Context, args: &KeysListArgs) -> anyhow::Result<i32> {
    let session = ctx.session().await?;
    let local = ssh_dir::scan(&ctx.ssh_dir());
    let remote = keypairs::list(&session)
        .await
        .map_err(|e| anyhow::Error::msg(e.explained()))?;
    let os = parse_os(args.os.as_deref())?;
    let choices = key_step::rows(
        &local,
        &remote,
        os,
        ctx.aws_env.home().map(|p| p.as_path()),
        &session.region,
    );
    let name_elsewhere = match &args.name {
        Some(name) if !remote.iter().any(|r| &r.name == name) => {
            Some(regions_with(ctx, &session.region, name).await)
        }
        _ => None,
    };
    let listing = Listing {
        region: session.region.clone(),
        local: local.keys,
        unreadable: local.unreadable,
        remote,
        choices,
        name_elsewhere,
    };
    if args.json {
        super::print_json(&listing)?;
        return Ok(0);
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Key pairs in {} and keys in ~/.ssh, matched by public key:",
        listing.region
    )?;
    for row in &listing.choices {
        let mark = match (&row.action, &row.refused) {
            (_, Some(_)) => "✖",
            (None, _) => "·",
            (Some(_), None) => "✔",
        };
        writeln!(out, "  {mark} {}: {}", row.title, row.detail)?;
        if let Some(reason) = &row.refused {
            writeln!(out, "      refused: {reason}")?;
        }
        for warning in &row.warnings {
            writeln!(out, "      warning: {warning}")?;
        }
    }
    for bad in &listing.unreadable {
        writeln!(
            out,
            "  ! {} is not a key: {}",
            bad.path.display(),
            bad.reason
        )?;
    }
    if let (Some(name), Some(elsewhere)) = (&args.name, &listing.name_elsewhere) {
        if elsewhere.is_empty() {
            writeln!(out, "\nNo key pair named `{name}` exists in any region.")?;
        } else {
            writeln!(
                out,
                "\nwarning: a key pair named `{name}` exists in {} but not in {}. Key pairs belong to one region; import your public key here: pcwiz keys import --name {name} --public-key ~/.ssh/….pub",
                elsewhere.join(", "),
                listing.region
            )?;
        }
    }
    Ok(0)
}

/// The other regions (of the commercial partition) that hold a key pair called `name`.
async fn regions_with(ctx: &Context, here: &str, name: &str) -> Vec<String> {
    let profile = ctx.profile();
    let lookups = regions::SUPPORTED
        .iter()
        .filter(|r| !r.separate_partition && r.code != here)
        .map(|r| {
            let env = ctx.aws_env.clone();
            let profile = profile.clone();
            async move {
                let session = crate::aws::session::AwsSession::new(&env, &profile, r.code).await;
                keypairs::exists(&session, name)
                    .await
                    .unwrap_or(false)
                    .then_some(r.code.to_string())
            }
        });
    futures::future::join_all(lookups)
        .await
        .into_iter()
        .flatten()
        .collect()
}

fn parse_os(os: Option<&str>) -> anyhow::Result<Os> {
    match os {
        None => Ok(Os::Ubuntu2404),
        Some(name) => Os::from_config_name(name).with_context(|| {
            format!(
                "unknown OS `{name}`; one of: {}",
                Os::ALL.map(Os::config_name).join(", ")
            )
        }),
    }
}

#[derive(Serialize)]
struct Imported {
    name: String,
    id: String,
    region: String,
    kind: &'static str,
    fingerprint: String,
    public_key_file: PathBuf,
    private_key_file: Option<PathBuf>,
}

async fn import(ctx: &Context, args: &KeysImportArgs) -> anyhow::Result<i32> {
    let key = ssh_dir::read_key(&args.public_key)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", args.public_key.display()))?;
    if let Some(os) = &args.os {
        let os = parse_os(Some(os))?;
        if let Some(reason) = refusal(key.kind, os) {
            anyhow::bail!("{}: {reason}", args.public_key.display());
        }
    }
    let session = ctx.session().await?;
    let pair = keypairs::import(
        &session,
        &args.name,
        &key,
        &args.public_key.display().to_string(),
    )
    .await
    .map_err(explain_import)?;
    let private = args.public_key.with_extension("");
    report(
        args.json,
        Imported {
            name: pair.name,
            id: pair.id,
            region: session.region.clone(),
            kind: key.kind.label(),
            fingerprint: key.fingerprint,
            public_key_file: args.public_key.clone(),
            private_key_file: private.exists().then_some(private),
        },
    )
}

async fn new(ctx: &Context, args: &KeysNewArgs) -> anyhow::Result<i32> {
    let passphrase = if args.passphrase_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\n', '\r']).to_string()
    } else {
        String::new()
    };
    let session = ctx.session().await?;
    // Check the name is free before making a key file the user then has to clean up.
    if keypairs::exists(&session, &args.name)
        .await
        .map_err(|e| anyhow::Error::msg(e.explained()))?
    {
        anyhow::bail!(ImportError::Duplicate(args.name.clone()));
    }
    let public =
        ssh_keygen::generate_ed25519(&ctx.search_path(), &ctx.ssh_dir(), &args.name, &passphrase)
            .await?;
    let key = ssh_dir::read_key(&public).map_err(anyhow::Error::msg)?;
    let pair = keypairs::import(&session, &args.name, &key, &public.display().to_string())
        .await
        .map_err(explain_import)?;
    report(
        args.json,
        Imported {
            name: pair.name,
            id: pair.id,
            region: session.region.clone(),
            kind: key.kind.label(),
            fingerprint: key.fingerprint,
            private_key_file: Some(public.with_extension("")),
            public_key_file: public,
        },
    )
}

fn explain_import(error: ImportError) -> anyhow::Error {
    match &error {
        ImportError::Aws(aws) => anyhow::Error::msg(aws.explained()),
        _ => anyhow::anyhow!(error),
    }
}

fn report(json: bool, imported: Imported) -> anyhow::Result<i32> {
    if json {
        return super::print_json(&imported).map(|()| 0);
    }
    let mut out = std::io::stdout().lock();
    {
        writeln!(
            out,
            "Imported key pair `{}` ({}, {}) into {}.",
            imported.name, imported.kind, imported.fingerprint, imported.region
        )?;
        if let Some(private) = &imported.private_key_file {
            writeln!(out, "Your private key stays here: {}", private.display())?;
        }
    }
    Ok(0)
}
