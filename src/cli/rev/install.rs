//! `pcwiz rev NAME --install`: reV's venv on the cluster, with pip's progress as a bar and
//! the pinned versions said.

use super::args::RevArgs;
use super::progress::{Bar, megabytes};
use crate::cluster::rev_install::DEFAULT_VENV;
use crate::remote::SshTarget;
use crate::rev::install::{self, InstallEvent, InstallRequest, Installed, Source};

pub async fn run(target: &SshTarget, args: &RevArgs) -> anyhow::Result<Installed> {
    let request = InstallRequest {
        venv: args.venv.clone().unwrap_or_else(|| DEFAULT_VENV.into()),
        source: match (&args.wheelhouse, &args.index_url) {
            (Some(dir), _) => Source::Wheelhouse(dir.clone()),
            (None, Some(url)) => Source::IndexUrl(url.clone()),
            (None, None) => Source::Pypi,
        },
    };
    let mut bar = Bar::new();
    let installed = install::install(target, &request, |event| match event {
        InstallEvent::Checking => eprintln!("Looking at {} on the head node…", request.venv),
        InstallEvent::Sending { sent, total } => bar.show(
            sent as f64 / total.max(1) as f64,
            &format!(
                "sending the wheelhouse {} of {}",
                megabytes(sent),
                megabytes(total)
            ),
        ),
        InstallEvent::Pip(progress) => bar.show(
            progress.fraction(),
            &format!("pip: {} ({} found)", progress.now, progress.found),
        ),
    })
    .await;
    bar.done();
    let installed = installed.map_err(anyhow::Error::msg)?;
    if !args.json {
        print(&installed);
    }
    Ok(installed)
}

fn print(installed: &Installed) {
    let versions: Vec<String> = installed
        .versions
        .iter()
        .map(|(name, version)| format!("{name} {}", version.as_deref().unwrap_or("missing")))
        .collect();
    println!(
        "reV {} in {} (Python {}): {}",
        if installed.changed {
            "installed"
        } else {
            "already installed, nothing changed,"
        },
        installed.venv,
        installed.python,
        versions.join(", ")
    );
    println!(
        "  `{}` answers; activate it with: source {}/bin/activate",
        installed.rev, installed.venv
    );
}
