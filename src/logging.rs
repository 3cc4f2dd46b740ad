//! Logs go to a file in the state dir, never to the terminal: under the full-screen app a
//! stray line on stderr would corrupt the screen.

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

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
    let filter = EnvFilter::try_from_env("PCWIZ_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    // A second init (tests) is harmless: the first subscriber stays.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
    Ok(())
}
