//! Getting a key pair into the region, shared by the TUI and `--plain`: import a local
//! public key, or make a new ed25519 key with ssh-keygen and import that. Errors come back
//! as one explained line, ready for the screen.

use std::path::Path;

use crate::aws::keypairs::{self, ImportError};
use crate::aws::session::AwsSession;
use crate::store::ssh_dir;
use crate::tools::locate::SearchPath;
use crate::tools::ssh_keygen;
use crate::wizard::draft::{KeyChoice, KeyOrigin};

/// Import `public_key` (a `.pub` file) as key pair `name`.
pub async fn import_file(
    session: &AwsSession,
    public_key: &Path,
    name: &str,
    origin: KeyOrigin,
) -> Result<KeyChoice, String> {
    let key = ssh_dir::read_key(public_key)
        .map_err(|reason| format!("{}: {reason}", public_key.display()))?;
    let pair = keypairs::import(session, name, &key, &public_key.display().to_string())
        .await
        .map_err(|e| match e {
            ImportError::Aws(aws) => aws.explained(),
            other => other.to_string(),
        })?;
    let private = public_key.with_extension("");
    Ok(KeyChoice {
        name: pair.name,
        kind: key.kind,
        private_key: private.exists().then_some(private),
        origin,
    })
}

/// `ssh-keygen -t ed25519` into `ssh_dir/name`, then import it. A name already taken in the
/// region is refused first, so no key file is left behind for nothing.
pub async fn generate_and_import(
    session: &AwsSession,
    search: &SearchPath,
    ssh_dir: &Path,
    name: &str,
    passphrase: &str,
) -> Result<KeyChoice, String> {
    if keypairs::exists(session, name)
        .await
        .map_err(|e| e.explained())?
    {
        return Err(ImportError::Duplicate(name.to_string()).to_string());
    }
    let public = ssh_keygen::generate_ed25519(search, ssh_dir, name, passphrase)
        .await
        .map_err(|e| e.to_string())?;
    import_file(session, &public, name, KeyOrigin::Generated).await
}
