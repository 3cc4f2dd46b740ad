//! A new reV run from the dashboard (the reV tab's `n`), in one go: reV installed in its
//! venv (nothing happens when it already is), the project written from the form (the sites
//! counted first), then, if asked, its pipeline submitted. Progress goes to `on` as it
//! happens, as a line and a bar's fraction.

use serde::Serialize;

use super::install::{self, InstallEvent, InstallRequest, Installed, Source};
use super::project::{self, Written};
use super::submit::{self, Submitted};
use crate::cluster::rev_project::ProjectForm;
use crate::remote::SshTarget;

#[derive(Debug, Clone, PartialEq)]
pub struct StartRequest {
    pub form: ProjectForm,
    pub source: Source,
    /// The user set the node count: keep it even above the sites.
    pub nodes_asked: bool,
    pub submit: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Started {
    pub installed: Installed,
    pub written: Written,
    pub submitted: Option<Submitted>,
}

/// What the run is doing now: a line to show, and where a bar stands (None: no bar).
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub line: String,
    pub fraction: Option<f64>,
}

pub async fn start(
    target: &SshTarget,
    request: &StartRequest,
    mut on: impl FnMut(Progress),
) -> Result<Started, String> {
    let mut say = |line: String, fraction: Option<f64>| on(Progress { line, fraction });
    let install_request = InstallRequest {
        venv: request.form.venv.clone(),
        source: request.source.clone(),
    };
    let installed = install::install(target, &install_request, |event| match event {
        InstallEvent::Checking => say(format!("Looking at reV in {}…", install_request.venv), None),
        InstallEvent::Sending { sent, total } => say(
            format!(
                "Sending the wheelhouse: {:.0} of {:.0} MB",
                sent as f64 / 1e6,
                total as f64 / 1e6
            ),
            Some(sent as f64 / total.max(1) as f64),
        ),
        InstallEvent::Pip(p) => say(
            format!("pip: {} ({} found)", p.now, p.found),
            Some(p.fraction()),
        ),
    })
    .await?;
    say(
        if installed.changed {
            format!("{} installed in {}.", installed.rev, installed.venv)
        } else {
            format!(
                "{} already in {}: nothing to install.",
                installed.rev, installed.venv
            )
        },
        None,
    );
    let written = project::create(target, request.form.clone(), request.nodes_asked, |line| {
        say(line.to_string(), None)
    })
    .await?;
    say(
        format!(
            "Project written in {} ({} node jobs).",
            written.form.dir, written.jobs
        ),
        None,
    );
    let submitted = if request.submit {
        say("Submitting the pipeline on the head node…".into(), None);
        Some(submit::submit(target, &written.form.dir, &written.form.venv).await?)
    } else {
        None
    };
    Ok(Started {
        installed,
        written,
        submitted,
    })
}
