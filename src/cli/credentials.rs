//! `pcwiz credentials keys NAME` and `pcwiz credentials sso NAME …`: credentials set up
//! without the AWS CLI. Keys come on stdin, never the command line; what is printed shows
//! the key id's last 4 characters only.

use std::io::{BufRead, Write};

use crate::cli::args::{CredentialKeysArgs, CredentialSsoArgs, CredentialsCommand};
use crate::cluster::access_keys::AccessKeys;
use crate::context::Context;
use crate::credentials::{self, SsoSetup, Written, sso_login};

pub async fn run(ctx: &Context, command: &CredentialsCommand) -> anyhow::Result<i32> {
    match command {
        CredentialsCommand::Keys(args) => keys(ctx, args).await,
        CredentialsCommand::Sso(args) => sso(ctx, args).await,
    }
}

/// The region to write: --region, else the configured one, else reV's.
fn region(ctx: &Context) -> String {
    ctx.region()
        .map(|r| r.name)
        .unwrap_or_else(|| crate::cluster::regions::REV_DATA_REGION.into())
}

async fn keys(ctx: &Context, args: &CredentialKeysArgs) -> anyhow::Result<i32> {
    let mut lines = std::io::stdin().lock().lines();
    let mut next = || lines.next().transpose().map(Option::unwrap_or_default);
    let (id, secret) = (next()?, next()?);
    let keys = AccessKeys::parse(&id, &secret).map_err(|e| anyhow::anyhow!("{e}"))?;
    let region = region(ctx);
    let written = credentials::add_keys(&ctx.aws_env, &ctx.dirs.cache, &args.name, &keys, &region)
        .await
        .map_err(anyhow::Error::msg)?;
    report(&written, args.json)
}

async fn sso(ctx: &Context, args: &CredentialSsoArgs) -> anyhow::Result<i32> {
    let setup = SsoSetup {
        profile: args.name.clone(),
        session: args.session.clone().unwrap_or_else(|| args.name.clone()),
        start_url: args.start_url.clone(),
        sso_region: args.sso_region.clone(),
        account_id: args.account.clone(),
        role_name: args.role.clone(),
        region: region(ctx),
    };
    let written =
        credentials::add_sso(&ctx.aws_env, &ctx.dirs.cache, &setup).map_err(anyhow::Error::msg)?;
    let code = report(&written, args.json)?;
    if !args.login {
        return Ok(code);
    }
    let aws = match sso_login::aws_cli(&ctx.search_path(), &args.name) {
        Ok(aws) => aws,
        Err(how) => {
            eprintln!("{how}");
            return Ok(1);
        }
    };
    // On the terminal itself: the AWS CLI asks and opens the browser as it always does.
    let status = std::process::Command::new(aws)
        .args(["sso", "login", "--profile", &args.name])
        .status()?;
    Ok(if status.success() { 0 } else { 1 })
}

fn report(written: &Written, json: bool) -> anyhow::Result<i32> {
    if json {
        super::print_json(written)?;
        return Ok(0);
    }
    let mut out = std::io::stdout().lock();
    if let Some(who) = &written.who {
        writeln!(out, "✔ The keys are {who}.")?;
    }
    for file in &written.files {
        writeln!(
            out,
            "✔ Profile `{}` written to {} (mode 0600).",
            written.profile,
            file.display()
        )?;
    }
    for backup in &written.backups {
        writeln!(out, "  The earlier file is kept as {}.", backup.display())?;
    }
    writeln!(out, "Next: {}.", written.next)?;
    Ok(0)
}
