//! The reV tab's background work: a new run (`rev::start`) and fetching outputs
//! (`rev::fetch`), each reporting as it goes and always ending with one answer.

use std::path::{Path, PathBuf};

use tokio::sync::mpsc::UnboundedSender;

use crate::remote::SshTarget;
use crate::rev::install::Source;
use crate::rev::start::StartRequest;
use crate::tui::action::Action;

pub async fn start(
    name: &str,
    target: &SshTarget,
    mut request: StartRequest,
    tx: &UnboundedSender<Action>,
) {
    if let Source::Wheelhouse(dir) = &request.source {
        request.source = Source::Wheelhouse(home_expanded(dir));
    }
    let result = crate::rev::start::start(target, &request, |p| {
        let _ = tx.send(Action::RevRunProgress {
            name: name.to_string(),
            line: p.line,
            fraction: p.fraction,
        });
    })
    .await;
    let _ = tx.send(Action::RevRunDone {
        name: name.to_string(),
        result: Box::new(result),
    });
}

pub async fn fetch(
    name: &str,
    target: &SshTarget,
    outputs: &[(String, u64)],
    into: &Path,
    tx: &UnboundedSender<Action>,
) {
    let into = home_expanded(into);
    let result = crate::rev::fetch::fetch(target, outputs, &into, |file, received, size| {
        let _ = tx.send(Action::RevFetchProgress {
            name: name.to_string(),
            file,
            received,
            size,
        });
    })
    .await;
    let _ = tx.send(Action::RevFetchDone {
        name: name.to_string(),
        result,
    });
}

/// `~/wheels` as the shell would read it.
fn home_expanded(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path.to_path_buf(),
    }
}
