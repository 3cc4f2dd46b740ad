//! The SSH key step's background work: `~/.ssh` with the region's key pairs, and importing
//! or making a key (through the `keys` service both front ends share).

use std::path::Path;

use super::{AWS_LIMIT, CommandEnv, too_long};
use crate::aws::keypairs;
use crate::store::ssh_dir;
use crate::tui::action::{Action, KeyInventory};
use crate::wizard::draft::KeyOrigin;

pub async fn load(env: &CommandEnv, region: String) -> Action {
    let session = env.session(&region).await;
    let result = match tokio::time::timeout(AWS_LIMIT, keypairs::list(&session)).await {
        Ok(Ok(remote)) => Ok(KeyInventory {
            local: ssh_dir::scan(&env.ssh_dir),
            remote,
        }),
        Ok(Err(e)) => Err(e.explained()),
        Err(_) => Err(too_long("Listing key pairs")),
    };
    Action::KeysLoaded { region, result }
}

pub async fn import(env: &CommandEnv, region: &str, public_key: &Path, name: &str) -> Action {
    let session = env.session(region).await;
    Action::KeyReady(
        crate::keys::import_file(&session, public_key, name, KeyOrigin::Imported).await,
    )
}

pub async fn generate(env: &CommandEnv, region: &str, name: &str, passphrase: &str) -> Action {
    let session = env.session(region).await;
    let result = crate::keys::generate_and_import(
        &session,
        &env.doctor.search,
        &env.ssh_dir,
        name,
        passphrase,
    );
    Action::KeyReady(
        tokio::time::timeout(AWS_LIMIT, result)
            .await
            .unwrap_or_else(|_| Err(too_long("Making the key"))),
    )
}
