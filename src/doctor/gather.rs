//! Doctor's I/O: read the profile files, ask STS, run the tools. Everything else is pure.

use std::time::Duration;

use chrono::Utc;
use tokio::process::Command;

use super::credentials::{self, CredentialFacts};
use super::region;
use super::tools::{ToolState, ToolStates};
use super::{CredentialsSummary, IdentityCheck, Report};
use crate::aws::credential_source::{self, CredentialSource, ProfileChoice, ProfileFiles};
use crate::aws::environment::AwsEnvironment;
use crate::aws::{identity, sdk};
use crate::pcluster::Pcluster;
use crate::tools::locate::SearchPath;
use crate::tools::probe;

/// Everything doctor reads from the outside world, captured once at start-up.
#[derive(Debug, Clone)]
pub struct DoctorInputs {
    pub env: AwsEnvironment,
    pub profile_flag: Option<String>,
    pub region_flag: Option<String>,
    pub search: SearchPath,
}

/// STS's global endpoint answers for any account; used when no region is configured so the
/// user still learns who they are.
const FALLBACK_STS_REGION: &str = "us-east-1";

pub async fn run(inputs: &DoctorInputs) -> Report {
    let (identity, tools) = tokio::join!(check_identity(inputs), check_tools(&inputs.search));
    Report::assemble(identity, super::tools::findings(&tools))
}

pub async fn check_identity(inputs: &DoctorInputs) -> IdentityCheck {
    let now = Utc::now();
    let env = &inputs.env;
    let profile = ProfileChoice::resolve(inputs.profile_flag.as_deref(), env);
    let (files, files_error) = match ProfileFiles::load(env) {
        Ok(files) => (files, None),
        Err(error) => (ProfileFiles::default(), Some(error)),
    };
    let source = credential_source::resolve(env, &files, &profile, now);
    let region = region::resolve(
        inputs.region_flag.as_deref(),
        env,
        files_error.is_none().then_some(&files),
        &profile,
    );

    // Skip the network when we already know it cannot work (expired SSO, no profile…): the
    // finding then names the real cause instead of the SDK's generic error.
    let can_call = source.can_sign()
        && (files_error.is_none() || matches!(source, CredentialSource::EnvironmentKeys { .. }));
    let answer = if can_call {
        let region_name = region
            .as_ref()
            .map_or(FALLBACK_STS_REGION, |r| r.name.as_str());
        let config = sdk::load(&profile, Some(region_name)).await;
        let endpoint = sdk::endpoint_for(env, "STS", &format!("sts.{region_name}.amazonaws.com"));
        tracing::info!(%endpoint, source = source.label(), "asking STS who the user is");
        Some(identity::caller_identity(&config, &endpoint).await)
    } else {
        tracing::info!(
            source = source.label(),
            "skipping STS: the credentials cannot sign"
        );
        None
    };

    let mut findings = credentials::findings(&CredentialFacts {
        files_error: files_error.as_ref(),
        source: &source,
        identity: answer.as_ref(),
        now,
    });
    findings.extend(region::findings(region.as_ref(), &profile));

    let identity = answer.and_then(Result::ok);
    IdentityCheck {
        summary: CredentialsSummary {
            kind: identity.as_ref().map(|i| i.kind),
            arn: identity.as_ref().map(|i| i.arn.clone()),
            account: identity.as_ref().map(|i| i.account.clone()),
            source: source.label(),
            expires_at: source
                .sso_expiry()
                .or_else(|| identity.as_ref().and_then(|i| i.expires_at)),
        },
        identity,
        region,
        findings,
    }
}

pub async fn check_tools(search: &SearchPath) -> ToolStates {
    let pcluster = async {
        match Pcluster::locate(search) {
            None => ToolState::Missing,
            Some(p) => ToolState::Found {
                version: p.version().await.map_err(|e| e.to_string()),
                path: p.program,
                managed: p.managed,
            },
        }
    };
    let node = version_of(search, "node", &["--version"], |out| out.stdout.clone());
    // `ssh -V` prints "OpenSSH_9.2p1 Debian-2, OpenSSL 3.0.15" to stderr.
    let ssh = version_of(search, "ssh", &["-V"], |out| {
        out.stderr
            .split([',', ' '])
            .next()
            .unwrap_or_default()
            .to_string()
    });
    // ssh-keygen has no version flag; being there is what matters.
    let ssh_keygen = async {
        match search.find("ssh-keygen") {
            None => ToolState::Missing,
            Some(found) => ToolState::Found {
                path: found.path,
                managed: found.managed,
                version: Ok(String::new()),
            },
        }
    };
    let (pcluster, node, ssh, ssh_keygen) = tokio::join!(pcluster, node, ssh, ssh_keygen);
    ToolStates {
        pcluster,
        node,
        ssh,
        ssh_keygen,
    }
}

async fn version_of(
    search: &SearchPath,
    program: &str,
    args: &[&str],
    read: impl Fn(&probe::Output) -> String,
) -> ToolState {
    let Some(found) = search.find(program) else {
        return ToolState::Missing;
    };
    let mut command = Command::new(&found.path);
    command.args(args);
    let version = probe::run(command, Duration::from_secs(10))
        .await
        .map(|out| read(&out))
        .map_err(|e| e.to_string());
    ToolState::Found {
        path: found.path,
        managed: found.managed,
        version,
    }
}
