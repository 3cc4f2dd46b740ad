//! Logs go to a file in the state dir, never to the terminal: under the full-screen app a
//! stray line on stderr would corrupt the screen.

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// SDK log targets that print credentials, and the level they are held to.
const CREDENTIAL_LOGGERS: [&str; 2] = [
    "aws_smithy_runtime=info",
    "aws_config::profile::credentials=warn",
];

/// Start logging to `path`. `PCWIZ_LOG` overrides the level (e.g. `PCWIZ_LOG=debug`).
pub fn init(path: &Path, verbose: bool) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = OpenOptions::new().create(true).append(true).open(path)?;
    let default = if verbose {
        "pcwiz=debug,info"
    } else {
        "pcwiz=info,warn"
    };
    let asked = std::env::var("PCWIZ_LOG").ok();
    let mut filter = EnvFilter::try_new(asked.as_deref().unwrap_or(default))
        .unwrap_or_else(|_| EnvFilter::new(default));
    // These SDK modules log the credentials they load or sign with, access key id and all
    // (at debug, and the profile provider at info): `PCWIZ_LOG=debug` must not put keys in
    // the log. Only naming one in PCWIZ_LOG asks for it.
    for quiet in CREDENTIAL_LOGGERS {
        let target = quiet.split('=').next().unwrap_or(quiet);
        if !asked.as_deref().is_some_and(|a| a.contains(target)) {
            filter = filter.add_directive(quiet.parse().expect("a fixed, valid directive"));
        }
    }
    // A second init (tests) is harmless: the first subscriber stays.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
    Ok(())
}
