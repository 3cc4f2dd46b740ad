//! Where the user's AWS credentials come from, decided from the environment and the profile
//! files alone, before any network call.
//!
//! The order follows the SDK's default chain: environment keys first, then the selected
//! profile. Knowing the source lets doctor explain *why* something fails (an expired SSO
//! login, a profile that does not exist) instead of relaying the SDK's generic error.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::environment::AwsEnvironment;
use super::profile_files::{self, FileKind, ParseError, ParsedFile};
use super::sso_cache::{self, SsoToken};

/// The profile in use and how it was chosen, so messages can say "from --profile".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileChoice {
    pub name: String,
    pub chosen_by: ChosenBy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChosenBy {
    Flag,
    EnvVar,
    Default,
}

impl ProfileChoice {
    pub fn resolve(flag: Option<&str>, env: &AwsEnvironment) -> Self {
        if let Some(name) = flag.filter(|n| !n.is_empty()) {
            return Self {
                name: name.to_string(),
                chosen_by: ChosenBy::Flag,
            };
        }
        if let Some(name) = env.var("AWS_PROFILE") {
            return Self {
                name: name.to_string(),
                chosen_by: ChosenBy::EnvVar,
            };
        }
        Self {
            name: "default".into(),
            chosen_by: ChosenBy::Default,
        }
    }

    /// The profile as handed to other programs: None when nobody chose one (then they
    /// resolve environment keys or `default` themselves, as this process did).
    pub fn explicit(&self) -> Option<String> {
        match self.chosen_by {
            ChosenBy::Default => None,
            ChosenBy::Flag | ChosenBy::EnvVar => Some(self.name.clone()),
        }
    }

    pub fn describe(&self) -> String {
        match self.chosen_by {
            ChosenBy::Flag => format!("profile `{}` (from --profile)", self.name),
            ChosenBy::EnvVar => format!("profile `{}` (from AWS_PROFILE)", self.name),
            ChosenBy::Default => format!("profile `{}`", self.name),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SsoTokenState {
    Valid {
        expires_at: DateTime<Utc>,
    },
    Expired {
        expires_at: DateTime<Utc>,
    },
    /// No cached token: the user never ran `aws sso login` for this profile on this machine.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialSource {
    /// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment.
    EnvironmentKeys { session_token: bool },
    /// AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (CI systems, EKS).
    WebIdentity { role_arn: String },
    Sso {
        profile: ProfileChoice,
        session: Option<String>,
        start_url: String,
        token: SsoTokenState,
    },
    AssumeRole {
        profile: ProfileChoice,
        role_arn: String,
        /// `source_profile` or `credential_source`, for the message.
        base: String,
    },
    Process {
        profile: ProfileChoice,
        command: String,
    },
    StaticKeys {
        profile: ProfileChoice,
        file: PathBuf,
        session_token: bool,
    },
    /// The profile exists but says nothing about credentials (e.g. only `region`).
    ProfileWithoutCredentials { profile: ProfileChoice },
    /// A profile was asked for by name but is in neither file.
    ProfileMissing {
        profile: ProfileChoice,
        available: Vec<String>,
    },
    /// No environment keys and no profile files: nothing to sign with.
    Nothing,
}

impl CredentialSource {
    /// A short label for the `source` field of `doctor --json`.
    pub fn label(&self) -> &'static str {
        match self {
            Self::EnvironmentKeys { .. } => "environment",
            Self::WebIdentity { .. } => "web-identity",
            Self::Sso { .. } => "sso-profile",
            Self::AssumeRole { .. } => "assume-role-profile",
            Self::Process { .. } => "credential-process",
            Self::StaticKeys { .. } => "static-keys-profile",
            Self::ProfileWithoutCredentials { .. } => "profile-without-credentials",
            Self::ProfileMissing { .. } => "profile-missing",
            Self::Nothing => "none",
        }
    }

    /// Can the SDK be expected to find credentials? If not, doctor skips the STS call.
    pub fn can_sign(&self) -> bool {
        match self {
            Self::Sso { token, .. } => matches!(token, SsoTokenState::Valid { .. }),
            Self::ProfileMissing { .. }
            | Self::Nothing
            | Self::ProfileWithoutCredentials { .. } => false,
            _ => true,
        }
    }

    pub fn sso_expiry(&self) -> Option<DateTime<Utc>> {
        match self {
            Self::Sso {
                token: SsoTokenState::Valid { expires_at } | SsoTokenState::Expired { expires_at },
                ..
            } => Some(*expires_at),
            _ => None,
        }
    }
}

/// What was read from disk: the parsed files, or the first parse error.
#[derive(Debug, Clone, Default)]
pub struct ProfileFiles {
    pub config: ParsedFile,
    pub credentials: ParsedFile,
    pub config_path: Option<PathBuf>,
    pub credentials_path: Option<PathBuf>,
}

impl ProfileFiles {
    /// Read both files. A missing file is normal (empty); a malformed one is an error that
    /// names the file and line.
    pub fn load(env: &AwsEnvironment) -> Result<Self, ParseError> {
        let config_path = env.config_file();
        let credentials_path = env.credentials_file();
        Ok(Self {
            config: read_one(config_path.as_ref(), FileKind::Config)?,
            credentials: read_one(credentials_path.as_ref(), FileKind::Credentials)?,
            config_path,
            credentials_path,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.config.sections.is_empty() && self.credentials.sections.is_empty()
    }

    /// The profile's region setting, if any.
    pub fn region_of(&self, profile: &str) -> Option<String> {
        self.config
            .profile(profile)
            .and_then(|s| s.properties.get("region"))
            .cloned()
    }

    fn profile_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .config
            .profile_names()
            .chain(self.credentials.profile_names())
            .map(str::to_string)
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

fn read_one(path: Option<&PathBuf>, kind: FileKind) -> Result<ParsedFile, ParseError> {
    let Some(path) = path else {
        return Ok(ParsedFile::default());
    };
    match std::fs::read_to_string(path) {
        Ok(text) => profile_files::parse(&text, kind, path),
        Err(_) => Ok(ParsedFile::default()),
    }
}

/// Decide the credential source. `now` is passed in so expiry is testable.
pub fn resolve(
    env: &AwsEnvironment,
    files: &ProfileFiles,
    profile: &ProfileChoice,
    now: DateTime<Utc>,
) -> CredentialSource {
    // Environment keys win over any profile, exactly as in the SDK's default chain.
    if env.var("AWS_ACCESS_KEY_ID").is_some() && env.var("AWS_SECRET_ACCESS_KEY").is_some() {
        return CredentialSource::EnvironmentKeys {
            session_token: env.var("AWS_SESSION_TOKEN").is_some(),
        };
    }
    if let (Some(_), Some(role)) = (
        env.var("AWS_WEB_IDENTITY_TOKEN_FILE"),
        env.var("AWS_ROLE_ARN"),
    ) {
        return CredentialSource::WebIdentity {
            role_arn: role.to_string(),
        };
    }

    let in_config = files.config.profile(&profile.name);
    let in_credentials = files.credentials.profile(&profile.name);
    if in_config.is_none() && in_credentials.is_none() {
        if files.is_empty() && profile.chosen_by == ChosenBy::Default {
            return CredentialSource::Nothing;
        }
        return CredentialSource::ProfileMissing {
            profile: profile.clone(),
            available: files.profile_names(),
        };
    }

    // The credentials file takes precedence for keys; the config file for everything else.
    let get = |key: &str| {
        in_credentials
            .and_then(|s| s.properties.get(key))
            .or_else(|| in_config.and_then(|s| s.properties.get(key)))
            .cloned()
    };

    if let Some(role_arn) = get("role_arn") {
        let base = get("source_profile")
            .map(|p| format!("source_profile `{p}`"))
            .or_else(|| get("credential_source").map(|c| format!("credential_source {c}")))
            .unwrap_or_else(|| "no source_profile".into());
        return CredentialSource::AssumeRole {
            profile: profile.clone(),
            role_arn,
            base,
        };
    }
    if let Some(session) = get("sso_session") {
        let start_url = files
            .config
            .sso_session(&session)
            .and_then(|s| s.properties.get("sso_start_url"))
            .cloned()
            .unwrap_or_default();
        let token = token_state(
            sso_cache::find(env, Some(&session), &start_url).as_ref(),
            now,
        );
        return CredentialSource::Sso {
            profile: profile.clone(),
            session: Some(session),
            start_url,
            token,
        };
    }
    if let Some(start_url) = get("sso_start_url") {
        let token = token_state(sso_cache::find(env, None, &start_url).as_ref(), now);
        return CredentialSource::Sso {
            profile: profile.clone(),
            session: None,
            start_url,
            token,
        };
    }
    if let Some(command) = get("credential_process") {
        return CredentialSource::Process {
            profile: profile.clone(),
            command,
        };
    }
    if get("aws_access_key_id").is_some() {
        let from_credentials = in_credentials
            .map(|s| s.properties.contains_key("aws_access_key_id"))
            .unwrap_or(false);
        let file = if from_credentials {
            files.credentials_path.clone()
        } else {
            files.config_path.clone()
        };
        return CredentialSource::StaticKeys {
            profile: profile.clone(),
            file: file.unwrap_or_default(),
            session_token: get("aws_session_token").is_some(),
        };
    }
    CredentialSource::ProfileWithoutCredentials {
        profile: profile.clone(),
    }
}

fn token_state(token: Option<&SsoToken>, now: DateTime<Utc>) -> SsoTokenState {
    match token {
        None => SsoTokenState::Missing,
        Some(t) if t.expires_at <= now => SsoTokenState::Expired {
            expires_at: t.expires_at,
        },
        Some(t) => SsoTokenState::Valid {
            expires_at: t.expires_at,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    struct Home {
        dir: tempfile::TempDir,
    }

    impl Home {
        fn new(config: &str, credentials: &str) -> Self {
            let dir = tempfile::tempdir().unwrap();
            fs::create_dir_all(dir.path().join(".aws/sso/cache")).unwrap();
            fs::write(dir.path().join(".aws/config"), config).unwrap();
            fs::write(dir.path().join(".aws/credentials"), credentials).unwrap();
            Self { dir }
        }

        fn env(&self, pairs: &[(&str, &str)]) -> AwsEnvironment {
            AwsEnvironment::from_pairs(pairs.iter().copied(), Some(self.dir.path().into()))
        }

        fn resolve(&self, pairs: &[(&str, &str)], flag: Option<&str>) -> CredentialSource {
            let env = self.env(pairs);
            let files = ProfileFiles::load(&env).unwrap();
            resolve(&env, &files, &ProfileChoice::resolve(flag, &env), now())
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-11-21T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn environment_keys_win_over_profiles() {
        let home = Home::new(
            "[default]\nregion=us-west-2\n",
            "[default]\naws_access_key_id=A\n",
        );
        let source = home.resolve(
            &[
                ("AWS_ACCESS_KEY_ID", "AKIA"),
                ("AWS_SECRET_ACCESS_KEY", "s"),
            ],
            None,
        );
        assert_eq!(
            source,
            CredentialSource::EnvironmentKeys {
                session_token: false
            }
        );
    }

    #[test]
    fn static_keys_in_the_credentials_file() {
        let home = Home::new(
            "",
            "[rev]\naws_access_key_id=AKIA\naws_secret_access_key=s\n",
        );
        let source = home.resolve(&[("AWS_PROFILE", "rev")], None);
        assert!(
            matches!(source, CredentialSource::StaticKeys { ref file, .. } if file.ends_with(".aws/credentials"))
        );
    }

    #[test]
    fn flag_beats_aws_profile() {
        let home = Home::new(
            "[profile a]\ncredential_process = /bin/a\n[profile b]\ncredential_process = /bin/b\n",
            "",
        );
        let source = home.resolve(&[("AWS_PROFILE", "a")], Some("b"));
        assert!(
            matches!(source, CredentialSource::Process { ref command, .. } if command == "/bin/b")
        );
    }

    #[test]
    fn role_profiles_name_their_base() {
        let home = Home::new(
            "[profile worker]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n",
            "",
        );
        let source = home.resolve(&[], Some("worker"));
        assert!(
            matches!(source, CredentialSource::AssumeRole { ref base, .. } if base.contains("default"))
        );
    }

    #[test]
    fn missing_profile_lists_the_ones_that_exist() {
        let home = Home::new(
            "[profile rev]\nregion=us-west-2\n",
            "[other]\naws_access_key_id=A\n",
        );
        let source = home.resolve(&[], Some("typo"));
        let CredentialSource::ProfileMissing { available, .. } = source else {
            panic!("{source:?}")
        };
        assert_eq!(available, vec!["other".to_string(), "rev".to_string()]);
    }

    #[test]
    fn no_files_and_no_keys_is_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let env = AwsEnvironment::from_pairs([], Some(dir.path().into()));
        let files = ProfileFiles::load(&env).unwrap();
        let source = resolve(&env, &files, &ProfileChoice::resolve(None, &env), now());
        assert_eq!(source, CredentialSource::Nothing);
        assert!(!source.can_sign());
    }

    #[test]
    fn sso_session_profile_reads_its_token_expiry() {
        let home = Home::new(
            "[profile rev]\nsso_session = acct\nsso_account_id = 1\nsso_role_name = dev\n\
             [sso-session acct]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-west-2\n",
            "",
        );
        let cache = home
            .dir
            .path()
            .join(".aws/sso/cache")
            .join(sso_cache::cache_file_name("acct"));
        fs::write(&cache, r#"{"startUrl":"https://x.awsapps.com/start","accessToken":"t","expiresAt":"2026-11-21T11:00:00Z"}"#).unwrap();
        let source = home.resolve(&[("AWS_PROFILE", "rev")], None);
        let CredentialSource::Sso { token, session, .. } = &source else {
            panic!("{source:?}")
        };
        assert_eq!(session.as_deref(), Some("acct"));
        assert!(matches!(token, SsoTokenState::Expired { .. }));
        assert!(
            !source.can_sign(),
            "an expired SSO login must not reach the network"
        );

        fs::write(&cache, r#"{"startUrl":"https://x.awsapps.com/start","accessToken":"t","expiresAt":"2026-11-21T20:00:00Z"}"#).unwrap();
        let source = home.resolve(&[("AWS_PROFILE", "rev")], None);
        assert!(source.can_sign());
    }

    #[test]
    fn sso_profile_never_logged_in_has_no_token() {
        let home = Home::new(
            "[profile old]\nsso_start_url = https://y.awsapps.com/start\nsso_region = us-east-1\n",
            "",
        );
        let source = home.resolve(&[], Some("old"));
        assert!(matches!(
            source,
            CredentialSource::Sso {
                token: SsoTokenState::Missing,
                ..
            }
        ));
    }
}
