//! Findings about credentials: where they come from, who they are, and whether HSDS can use
//! them. Pure: every input is already gathered.

use chrono::{DateTime, Utc};

use super::finding::Finding;
use crate::aws::credential_source::{CredentialSource, SsoTokenState};
use crate::aws::error::AwsError;
use crate::aws::identity::{Identity, PrincipalKind};
use crate::aws::profile_files::ParseError;

const CREATE_IAM_USER: &str = "In the AWS console open IAM → Users → Create user, then Security credentials → Create access key (CLI), then press a here (or run `pcwiz credentials keys default`) and paste the two keys";
const HSDS_WAYS_OUT: &str = "For NREL's public data (bucket nrel-pds-hsds) use anonymous access: `aws_s3_no_sign_request: true`, no keys needed. For private buckets, give HSDS an IAM user's access keys.";

pub struct CredentialFacts<'a> {
    pub files_error: Option<&'a ParseError>,
    pub source: &'a CredentialSource,
    /// None when the STS call was skipped because the source cannot sign.
    pub identity: Option<&'a Result<Identity, AwsError>>,
    pub now: DateTime<Utc>,
}

pub fn findings(facts: &CredentialFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(error) = facts.files_error {
        out.push(Finding::fail(
            "credentials.files",
            format!("Your AWS profile file is malformed: {error}."),
            format!(
                "Fix line {} of {} (or move the file aside and add your keys again: a on Check my setup)",
                error.line,
                error.path.display()
            ),
        ));
    }
    out.push(source_finding(facts.source, facts.now));
    match facts.identity {
        Some(Ok(identity)) => {
            out.push(identity_finding(identity, facts.now));
            out.extend(principal_warnings(identity));
        }
        Some(Err(error)) => out.push(identity_error_finding(error, facts.source)),
        None => {}
    }
    out
}

fn source_finding(source: &CredentialSource, now: DateTime<Utc>) -> Finding {
    use CredentialSource::*;
    let id = "credentials.source";
    match source {
        EnvironmentKeys { session_token } => Finding::ok(
            id,
            format!(
                "Credentials come from environment variables (AWS_ACCESS_KEY_ID{}).",
                if *session_token {
                    " with AWS_SESSION_TOKEN: temporary"
                } else {
                    ""
                }
            ),
        ),
        WebIdentity { role_arn } => Finding::ok(
            id,
            format!("Credentials come from a web identity token for role {role_arn}."),
        ),
        Sso {
            profile,
            session,
            token,
            ..
        } => {
            let what = match session {
                Some(s) => format!(
                    "SSO (IAM Identity Center) {}, session `{s}`",
                    profile.describe()
                ),
                None => format!("SSO (IAM Identity Center) {}", profile.describe()),
            };
            let login = format!("aws sso login --profile {}", profile.name);
            match token {
                SsoTokenState::Valid { expires_at } => Finding::ok(
                    id,
                    format!(
                        "Credentials come from {what}; the login is valid until {} ({}).",
                        clock(*expires_at),
                        relative(*expires_at, now)
                    ),
                ),
                SsoTokenState::Expired { expires_at } => Finding::fail(
                    "credentials.sso-login",
                    format!(
                        "Credentials come from {what}, but the SSO login expired {} ({}).",
                        relative(*expires_at, now),
                        clock(*expires_at)
                    ),
                    login,
                ),
                SsoTokenState::Missing => Finding::fail(
                    "credentials.sso-login",
                    format!(
                        "Credentials come from {what}, but you have not logged in to SSO on this machine."
                    ),
                    login,
                ),
            }
        }
        AssumeRole {
            profile,
            role_arn,
            base,
        } => Finding::ok(
            id,
            format!(
                "Credentials come from {}, which assumes role {role_arn} using {base}.",
                profile.describe()
            ),
        ),
        Process { profile, command } => Finding::ok(
            id,
            format!(
                "Credentials come from {}, which runs credential_process `{command}`.",
                profile.describe()
            ),
        ),
        StaticKeys {
            profile,
            file,
            session_token,
        } => Finding::ok(
            id,
            format!(
                "Credentials come from {}: {} access keys in {}.",
                profile.describe(),
                if *session_token {
                    "temporary"
                } else {
                    "long-lived"
                },
                file.display()
            ),
        ),
        ProfileWithoutCredentials { profile } => Finding::fail(
            id,
            format!(
                "{} exists but holds no credentials: no access keys, SSO, role or credential_process.",
                capitalise(&profile.describe())
            ),
            format!(
                "pcwiz credentials keys {} (or a on Check my setup)",
                profile.name
            ),
        ),
        ProfileMissing { profile, available } => {
            let known = if available.is_empty() {
                "There are no profiles at all.".to_string()
            } else {
                format!("Profiles found: {}.", available.join(", "))
            };
            let next = match available.first() {
                Some(first) => format!(
                    "pcwiz --profile {first} doctor (or create it: pcwiz credentials keys {})",
                    profile.name
                ),
                None => format!(
                    "pcwiz credentials keys {} (or a on Check my setup)",
                    profile.name
                ),
            };
            Finding::fail(
                id,
                format!(
                    "{} is not in ~/.aws/config or ~/.aws/credentials. {known}",
                    capitalise(&profile.describe())
                ),
                next,
            )
        }
        Nothing => Finding::fail(
            id,
            "No AWS credentials found: no AWS_ACCESS_KEY_ID in the environment and no ~/.aws/config or ~/.aws/credentials. pcwiz needs an AWS identity to create clusters.",
            CREATE_IAM_USER,
        ),
    }
}

fn identity_finding(identity: &Identity, now: DateTime<Utc>) -> Finding {
    let who = match identity.kind {
        PrincipalKind::IamUser => format!("IAM user `{}`", identity.principal_name),
        PrincipalKind::Sso => format!("SSO user `{}`", identity.principal_name),
        PrincipalKind::AssumedRole => format!("role session `{}`", identity.principal_name),
        PrincipalKind::Root => "the account's ROOT user".to_string(),
        PrincipalKind::Unknown => format!("`{}`", identity.arn),
    };
    let lifetime = match (identity.temporary, identity.expires_at) {
        (true, Some(at)) => format!(
            "Temporary credentials, expiring {} ({}).",
            relative(at, now),
            clock(at)
        ),
        (true, None) => "Temporary credentials (with a session token).".to_string(),
        (false, _) => "Long-lived access keys.".to_string(),
    };
    Finding::ok(
        "credentials.identity",
        format!(
            "You are {who} in account {} ({}, {}). {lifetime}",
            identity.account,
            identity.kind.as_str(),
            identity.arn
        ),
    )
}

/// The reV guide's SSO/IAM flag, and the root warning.
fn principal_warnings(identity: &Identity) -> Vec<Finding> {
    let hsds = "credentials.hsds";
    match identity.kind {
        PrincipalKind::Root => vec![Finding::warn(
            "credentials.root",
            "You are using the account's ROOT user. Its keys can do anything, including close the account and run up any bill; AWS says never to use them for daily work.",
            format!(
                "Create an IAM user for pcwiz and delete the root access keys. {CREATE_IAM_USER}"
            ),
        )],
        PrincipalKind::Sso => vec![Finding::warn(
            hsds,
            format!(
                "SSO credentials are fine for creating and running a cluster, but HSDS on the compute nodes cannot use SSO (STS) credentials: they expire within hours, in the middle of a run. {HSDS_WAYS_OUT}"
            ),
            "Use anonymous access for NREL's public data, or create an IAM user's access keys for HSDS",
        )],
        _ if identity.temporary => vec![Finding::warn(
            hsds,
            format!(
                "These are temporary (STS) credentials. They work for creating a cluster, but HSDS on the compute nodes cannot use them. {HSDS_WAYS_OUT}"
            ),
            "Use anonymous access for NREL's public data, or create an IAM user's access keys for HSDS",
        )],
        _ => vec![Finding::ok(
            hsds,
            "Long-lived IAM user keys also work for HSDS on the compute nodes (for NREL's public bucket, anonymous access needs no keys at all).",
        )],
    }
}

fn identity_error_finding(error: &AwsError, source: &CredentialSource) -> Finding {
    let id = "credentials.identity";
    let retry = "Press r to check again (pcwiz doctor)";
    let refresh = match source {
        CredentialSource::Sso { profile, .. } => {
            format!("aws sso login --profile {}", profile.name)
        }
        _ => "Get fresh credentials (for keys: a on Check my setup), then check again".to_string(),
    };
    // One sentence each; the SDK's own words go to the log and behind `?`.
    error.keep_detail();
    match error {
        AwsError::NoCredentials(_) => Finding::fail(
            id,
            "The AWS SDK found no usable credentials.",
            CREATE_IAM_USER,
        ),
        AwsError::CredentialsFailed(_) => {
            Finding::fail(id, "Loading your credentials failed.", refresh)
        }
        AwsError::Unreachable { endpoint, .. } => Finding::fail(
            id,
            format!("Could not reach AWS STS at {endpoint}."),
            format!("Check your network connection (and AWS_ENDPOINT_URL if you set it). {retry}"),
        ),
        AwsError::TimedOut { endpoint } => Finding::fail(
            id,
            format!(
                "{endpoint} did not answer within a few seconds, so pcwiz could not tell who you are."
            ),
            format!("Check your network connection or proxy. {retry}"),
        ),
        AwsError::AccessDenied { action, .. } => Finding::fail(
            id,
            format!(
                "AWS denied {action} (AccessDenied). Your credentials work, but a policy blocks this call."
            ),
            format!("Ask your AWS administrator to allow {action} for your user or role"),
        ),
        AwsError::InvalidCredentials { code, .. } => Finding::fail(
            id,
            format!(
                "AWS does not recognise these credentials ({code}). The key may be deleted, deactivated or mistyped."
            ),
            "Create a new access key (IAM → Users → Security credentials) and paste it: a on Check my setup, or `pcwiz credentials keys NAME`",
        ),
        AwsError::Expired(_) => Finding::fail(id, "Your credentials have expired.", refresh),
        AwsError::Throttled(_) => Finding::warn(
            id,
            "AWS is throttling requests right now; pcwiz retried and gave up.",
            format!("Wait a minute. {retry}"),
        ),
        AwsError::Service { .. } | AwsError::Other(_) | AwsError::Failed { .. } => Finding::fail(
            id,
            format!("Asking AWS who you are failed: {}", error.sentence()),
            retry,
        ),
    }
}

fn clock(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// "in 3 h 20 min" / "2 days ago": precise enough to act on, short enough to read.
pub fn relative(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = (at - now).num_seconds();
    let span = seconds.unsigned_abs();
    let text = match span {
        0..=59 => format!("{span} s"),
        60..=3599 => format!("{} min", span / 60),
        3600..=86_399 => match (span % 3600) / 60 {
            0 => format!("{} h", span / 3600),
            m => format!("{} h {m} min", span / 3600),
        },
        _ => match span / 86_400 {
            1 => "1 day".to_string(),
            d => format!("{d} days"),
        },
    };
    if seconds >= 0 {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::credential_source::ProfileChoice;
    use crate::aws::environment::AwsEnvironment;
    use crate::doctor::finding::Level;

    fn now() -> DateTime<Utc> {
        "2026-11-21T12:00:00Z".parse().unwrap()
    }

    fn identity(arn: &str, temporary: bool) -> Identity {
        let (kind, principal_name) = crate::aws::identity::classify_arn(arn);
        Identity {
            account: "123456789012".into(),
            arn: arn.into(),
            kind,
            principal_name,
            temporary,
            expires_at: None,
        }
    }

    fn run(source: &CredentialSource, id: Option<&Result<Identity, AwsError>>) -> Vec<Finding> {
        findings(&CredentialFacts {
            files_error: None,
            source,
            identity: id,
            now: now(),
        })
    }

    fn by_id<'a>(f: &'a [Finding], id: &str) -> &'a Finding {
        f.iter()
            .find(|f| f.id == id)
            .unwrap_or_else(|| panic!("no {id} in {f:#?}"))
    }

    #[test]
    fn sso_users_get_the_hsds_warning_with_both_ways_out() {
        let who = Ok(identity(
            "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Dev_1a2b/jane",
            true,
        ));
        let f = run(
            &CredentialSource::EnvironmentKeys {
                session_token: true,
            },
            Some(&who),
        );
        let hsds = by_id(&f, "credentials.hsds");
        assert_eq!(hsds.level, Level::Warn);
        assert!(hsds.message.contains("aws_s3_no_sign_request"));
        assert!(hsds.message.contains("IAM user"));
    }

    #[test]
    fn iam_users_are_fine_for_hsds() {
        let who = Ok(identity("arn:aws:iam::123456789012:user/alice", false));
        let f = run(
            &CredentialSource::EnvironmentKeys {
                session_token: false,
            },
            Some(&who),
        );
        assert_eq!(by_id(&f, "credentials.hsds").level, Level::Ok);
        assert!(
            by_id(&f, "credentials.identity")
                .message
                .contains("IAM user `alice`")
        );
    }

    #[test]
    fn root_gets_a_strong_warning() {
        let who = Ok(identity("arn:aws:iam::123456789012:root", false));
        let f = run(
            &CredentialSource::EnvironmentKeys {
                session_token: false,
            },
            Some(&who),
        );
        let root = by_id(&f, "credentials.root");
        assert_eq!(root.level, Level::Warn);
        assert!(root.message.contains("ROOT"));
        assert!(
            root.next_step
                .as_ref()
                .unwrap()
                .contains("Create an IAM user")
        );
    }

    #[test]
    fn expired_sso_names_the_login_command() {
        let env = AwsEnvironment::default();
        let source = CredentialSource::Sso {
            profile: ProfileChoice::resolve(Some("rev"), &env),
            session: Some("acct".into()),
            start_url: "https://x/start".into(),
            token: SsoTokenState::Expired {
                expires_at: "2026-11-21T10:00:00Z".parse().unwrap(),
            },
        };
        let f = run(&source, None);
        let login = by_id(&f, "credentials.sso-login");
        assert_eq!(login.level, Level::Fail);
        assert_eq!(
            login.next_step.as_deref(),
            Some("aws sso login --profile rev")
        );
        assert!(login.message.contains("2 h ago"), "{}", login.message);
    }

    #[test]
    fn nothing_at_all_explains_how_to_make_an_iam_user() {
        let f = run(&CredentialSource::Nothing, None);
        let source = by_id(&f, "credentials.source");
        assert_eq!(source.level, Level::Fail);
        assert!(
            source
                .next_step
                .as_ref()
                .unwrap()
                .contains("pcwiz credentials keys")
        );
    }

    #[test]
    fn throttling_is_a_warning_not_a_failure() {
        let f = run(
            &CredentialSource::EnvironmentKeys {
                session_token: false,
            },
            Some(&Err(AwsError::Throttled("Rate exceeded".into()))),
        );
        assert_eq!(by_id(&f, "credentials.identity").level, Level::Warn);
    }

    #[test]
    fn relative_times_read_naturally() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(relative(at("2026-11-21T15:20:00Z"), now()), "in 3 h 20 min");
        assert_eq!(relative(at("2026-11-21T11:59:30Z"), now()), "30 s ago");
        assert_eq!(relative(at("2026-11-19T12:00:00Z"), now()), "2 days ago");
    }
}
