//! `pcwiz ssh NAME`: log in to a cluster's head node with the right user, address and key,
//! found from pcwiz's history, the cluster stack (ClusterUser) and EC2 (the head node), and
//! its host key checked against pcwiz's pin for the cluster (made on first contact).
//! `--repin` re-pins a head node whose key changed, once AWS confirms the new key.

use anyhow::Context as _;

use crate::cli::args::SshArgs;
use crate::context::Context;
use crate::monitor::status::SshSetup;
use crate::monitor::{host_trust, reach};
use crate::remote::args::interactive_args;
use crate::remote::shell_quote;

pub async fn run(ctx: &Context, args: &SshArgs) -> anyhow::Result<i32> {
    let found = super::cluster_arg::find_cluster(ctx, &args.name)?;
    let session = ctx.session_in(&found.region).await;
    let setup = SshSetup::new(&ctx.dirs.state, super::cluster_arg::ssh_config());
    let target = reach::head_node(&session, &args.name, found.record.as_ref(), &setup)
        .await
        .map_err(anyhow::Error::msg)?;
    if args.repin {
        let pin = host_trust::repin(&session, &setup.pins, &target, args.accept_unverified)
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.message))?;
        println!("Re-pinned: {}.", pin.describe());
        return Ok(0);
    }
    let pin = host_trust::ensure_pinned(&session, &setup.pins, &target)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.message))?;
    let args_line = interactive_args(&target);
    if args.print {
        let words: Vec<String> = args_line.iter().map(|a| shell_word(a)).collect();
        println!("ssh {}", words.join(" "));
        return Ok(0);
    }
    eprintln!(
        "pcwiz: {} as {}; {}",
        args.name,
        target.login(),
        pin.describe()
    );
    // Replace this process: the terminal belongs to ssh now.
    Err(crate::remote::interactive::replace_process(&target)).context("could not run ssh")
}

/// A word as a person would type it into a shell: bare when it is safe, quoted otherwise.
fn shell_word(word: &str) -> String {
    let safe = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./=@:,%+".contains(c));
    if safe && !word.is_empty() {
        word.to_string()
    } else {
        shell_quote(word)
    }
}
