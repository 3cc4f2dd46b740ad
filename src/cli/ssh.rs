//! `pcwiz ssh NAME`: log in to a cluster's head node with the right user, address and key,
//! found from pcwiz's history, the cluster stack (ClusterUser) and EC2 (the head node).

use std::os::unix::process::CommandExt;

use anyhow::Context as _;

use crate::aws::clusters;
use crate::aws::session::AwsSession;
use crate::cli::args::SshArgs;
use crate::cluster::launch::ssh_command;
use crate::context::Context;

pub async fn run(ctx: &Context, args: &SshArgs) -> anyhow::Result<i32> {
    let (record, region) = super::launch::find_cluster(ctx, &args.name)?;
    let session = AwsSession::new(&ctx.aws_env, &ctx.profile(), &region).await;
    let status = clusters::launch_status(&session, &args.name)
        .await
        .map_err(|e| anyhow::anyhow!("could not look {} up: {}", args.name, e.explained()))?;
    let head = status
        .head_node
        .with_context(|| format!("{} has no head node (yet)", args.name))?;
    let host = head
        .public_ip
        .or(head.private_ip)
        .with_context(|| format!("the head node {} has no IP address", head.instance_id))?;
    let user = status
        .stack
        .parameters
        .get("ClusterUser")
        .cloned()
        .unwrap_or_else(|| "ec2-user".into());
    let key = record.and_then(|r| r.key_file);
    let shown = ssh_command(&user, &host, key.as_ref().and_then(|k| k.to_str()));
    if args.print {
        println!("{shown}");
        return Ok(0);
    }
    eprintln!("{shown}");
    let mut ssh = std::process::Command::new("ssh");
    if let Some(key) = &key {
        ssh.arg("-i").arg(key);
    }
    ssh.arg(format!("{user}@{host}"));
    // Replace this process: the terminal belongs to ssh now.
    Err(ssh.exec()).context("could not run ssh")
}
