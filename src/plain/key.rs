//! The SSH key step as prompts: the region's key pairs matched with ~/.ssh, then use one,
//! import one, or generate an ed25519 key (its passphrase never on a command line).

use tokio::runtime::Handle;

use super::prompts::{self, ask_select, ask_text};
use crate::aws::keypairs;
use crate::aws::session::AwsSession;
use crate::context::Context;
use crate::keys;
use crate::store::ssh_dir;
use crate::wizard::Draft;
use crate::wizard::draft::{KeyChoice, KeyOrigin};
use crate::wizard::key_step::{self, KeyAction};

pub(super) fn choose_key(
    ctx: &Context,
    rt: &Handle,
    session: &AwsSession,
    draft: &Draft,
) -> anyhow::Result<KeyChoice> {
    loop {
        let remote = rt
            .block_on(keypairs::list(session))
            .map_err(|e| anyhow::anyhow!(e.explained()))?;
        let local = ssh_dir::scan(&ctx.ssh_dir());
        let rows = key_step::rows(
            &local,
            &remote,
            draft.os,
            ctx.aws_env.home().map(|p| p.as_path()),
            &session.region,
        );
        let labels = rows
            .iter()
            .map(|r| {
                let mark = if r.refused.is_some() {
                    "✖"
                } else if r.action.is_none() {
                    "·"
                } else {
                    "✔"
                };
                format!("{mark} {}: {}", r.title, r.detail)
            })
            .collect();
        let row = &rows[ask_select("SSH key", labels, key_step::default_row(&rows))?];
        for warning in &row.warnings {
            println!("! {warning}");
        }
        if let Some(reason) = &row.refused {
            println!("✖ {reason}");
            continue;
        }
        let result = match row.action.clone() {
            None => {
                println!("✖ {}", row.detail);
                continue;
            }
            Some(KeyAction::UseExisting {
                pair,
                private_key,
                kind,
            }) => {
                return Ok(KeyChoice {
                    name: pair,
                    kind,
                    private_key: Some(private_key),
                    origin: KeyOrigin::Existing,
                });
            }
            Some(KeyAction::Import {
                public_key,
                suggested_name,
                ..
            }) => {
                let name = ask_text("Key pair name", &suggested_name)?;
                rt.block_on(keys::import_file(
                    session,
                    &public_key,
                    &name,
                    KeyOrigin::Imported,
                ))
            }
            Some(KeyAction::Generate { suggested_name }) => {
                let name = ask_text("Key pair name (also the file in ~/.ssh)", &suggested_name)?;
                let passphrase = prompts::ask_passphrase()?;
                rt.block_on(keys::generate_and_import(
                    session,
                    &ctx.search_path(),
                    &ctx.ssh_dir(),
                    &name,
                    &passphrase,
                ))
            }
        };
        match result {
            Ok(choice) => {
                println!("✔ Key pair `{}` is ready.", choice.name);
                return Ok(choice);
            }
            // Nothing is lost: say why and ask again.
            Err(problem) => println!("✖ {problem}"),
        }
    }
}
