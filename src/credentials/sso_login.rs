//! The SSO login is the AWS CLI's (`aws sso login --profile NAME`): it registers with
//! Identity Center, opens the browser and waits for the user to approve. pcwiz runs it
//! when the AWS CLI is there, and otherwise says in one sentence how to get it.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::tools::locate::SearchPath;

/// Identity Center's device codes expire after 10 minutes; past this the login is over.
pub const LOGIN_LIMIT: Duration = Duration::from_secs(15 * 60);

/// The AWS CLI to log in with, or what to do without one.
pub fn aws_cli(search: &SearchPath, profile: &str) -> Result<PathBuf, String> {
    search.find("aws").map(|found| found.path).ok_or_else(|| {
        format!(
            "The AWS CLI is not installed, so pcwiz cannot run the login: install it (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html), then run `aws sso login --profile {profile}`."
        )
    })
}

/// `aws sso login --profile NAME` with its output handed to `line` as it comes (the
/// address to open and the code to type, for a terminal where no browser opens).
pub async fn login(
    aws: &std::path::Path,
    profile: &str,
    mut line: impl FnMut(String),
) -> Result<(), String> {
    let mut child = Command::new(aws)
        .args(["sso", "login", "--profile", profile])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| {
            format!(
                "The AWS CLI did not start ({e}); run `aws sso login --profile {profile}` yourself."
            )
        })?;
    let mut out = BufReader::new(child.stdout.take().expect("piped")).lines();
    let mut err = BufReader::new(child.stderr.take().expect("piped")).lines();
    let mut last_error = String::new();
    let reading = async {
        let (mut out_done, mut err_done) = (false, false);
        while !(out_done && err_done) {
            tokio::select! {
                next = out.next_line(), if !out_done => match next {
                    Ok(Some(text)) if !text.trim().is_empty() => line(text),
                    Ok(Some(_)) => {}
                    _ => out_done = true,
                },
                next = err.next_line(), if !err_done => match next {
                    Ok(Some(text)) if !text.trim().is_empty() => {
                        last_error = text.trim().to_string();
                        line(text);
                    }
                    Ok(Some(_)) => {}
                    _ => err_done = true,
                },
            }
        }
        child.wait().await
    };
    let status = tokio::time::timeout(LOGIN_LIMIT, reading)
        .await
        .map_err(|_| {
            format!(
                "The SSO login was not approved within {} minutes and was stopped; run `aws sso login --profile {profile}` again.",
                LOGIN_LIMIT.as_secs() / 60
            )
        })?
        .map_err(|e| format!("The AWS CLI's login did not finish ({e})."))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`aws sso login --profile {profile}` failed: {}",
            if last_error.is_empty() {
                "it said nothing".to_string()
            } else {
                last_error
            }
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_the_aws_cli_it_says_how_to_log_in() {
        let empty = tempfile::tempdir().unwrap();
        let search = SearchPath::new(Some(empty.path().as_os_str().to_owned()), None);
        let how = aws_cli(&search, "rev").unwrap_err();
        assert!(how.contains("aws sso login --profile rev"), "{how}");
        assert!(how.contains("install it"), "{how}");
    }
}
