//! An IAM Identity Center (SSO) profile: `[profile NAME]` with its account and role, and
//! the `[sso-session NAME]` it logs in through, as `aws configure sso` writes them. The
//! login itself is the AWS CLI's (`aws sso login`): pcwiz says so, and runs it when asked.

use std::path::Path;

use serde::Deserialize;

use super::{Written, check_profile_name, config_header, forget_price_failures, use_it, write_all};
use crate::aws::environment::AwsEnvironment;

/// What `aws configure sso` asks for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SsoSetup {
    pub profile: String,
    /// The sso-session's name (default: the profile's).
    pub session: String,
    /// "https://my-org.awsapps.com/start".
    pub start_url: String,
    /// Where Identity Center lives (not necessarily the cluster's region).
    pub sso_region: String,
    pub account_id: String,
    pub role_name: String,
    /// The region the profile works in.
    pub region: String,
}

impl SsoSetup {
    /// Why it cannot be written as it is, in one sentence.
    pub fn check(&self) -> Result<(), String> {
        check_profile_name(&self.profile)?;
        check_profile_name(&self.session)
            .map_err(|_| format!("`{}` cannot be an sso-session name.", self.session))?;
        if !self.start_url.starts_with("https://") || self.start_url.contains(char::is_whitespace) {
            return Err("The start URL is the https:// address of your organisation's AWS access portal (e.g. https://my-org.awsapps.com/start).".into());
        }
        if self.account_id.len() != 12 || !self.account_id.chars().all(|c| c.is_ascii_digit()) {
            return Err("An AWS account id is 12 digits.".into());
        }
        let role_ok = !self.role_name.is_empty()
            && self
                .role_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
        if !role_ok {
            return Err("The role (permission set) name is letters, digits and +=,.@_- (e.g. PowerUserAccess).".into());
        }
        for region in [&self.sso_region, &self.region] {
            let shaped = region.split('-').count() >= 3
                && region
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !shaped {
                return Err(format!("`{region}` is not a region name (e.g. us-west-2)."));
            }
        }
        Ok(())
    }
}

/// Writes the profile and its sso-session into `~/.aws/config`.
pub fn add_sso(env: &AwsEnvironment, cache_dir: &Path, sso: &SsoSetup) -> Result<Written, String> {
    sso.check()?;
    let config = env
        .config_file()
        .ok_or("no home directory to keep ~/.aws/config in")?;
    let profile = (
        config.clone(),
        config_header(&sso.profile),
        vec![
            ("sso_session", sso.session.as_str()),
            ("sso_account_id", sso.account_id.as_str()),
            ("sso_role_name", sso.role_name.as_str()),
            ("region", sso.region.as_str()),
        ],
        // A profile that had keys or an old-style SSO setup: those would win over these.
        vec![
            "sso_start_url",
            "sso_region",
            "aws_access_key_id",
            "aws_secret_access_key",
        ],
    );
    let session = (
        config,
        format!("sso-session {}", sso.session),
        vec![
            ("sso_start_url", sso.start_url.as_str()),
            ("sso_region", sso.sso_region.as_str()),
            ("sso_registration_scopes", "sso:account:access"),
        ],
        vec![],
    );
    let mut written = write_all(&[profile, session])?;
    forget_price_failures(cache_dir);
    written.profile = sso.profile.clone();
    written.next = format!(
        "log in with `aws sso login --profile {}` (the AWS CLI opens your browser), then {}",
        sso.profile,
        use_it(&sso.profile)
    );
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> SsoSetup {
        SsoSetup {
            profile: "rev".into(),
            session: "lab".into(),
            start_url: "https://my-org.awsapps.com/start".into(),
            sso_region: "us-east-1".into(),
            account_id: "111122223333".into(),
            role_name: "PowerUserAccess".into(),
            region: "us-west-2".into(),
        }
    }

    #[test]
    fn what_is_not_an_sso_setup_is_said() {
        assert!(setup().check().is_ok());
        let mut bad = setup();
        bad.account_id = "1111".into();
        assert!(bad.check().unwrap_err().contains("12 digits"));
        let mut bad = setup();
        bad.start_url = "my-org.awsapps.com".into();
        assert!(bad.check().unwrap_err().contains("https://"));
        let mut bad = setup();
        bad.profile = "my profile".into();
        assert!(bad.check().is_err());
        let mut bad = setup();
        bad.region = "oregon".into();
        assert!(bad.check().unwrap_err().contains("oregon"));
    }

    #[test]
    fn the_profile_and_its_session_go_into_the_config_beside_what_is_there() {
        let home = tempfile::tempdir().unwrap();
        let aws = home.path().join(".aws");
        std::fs::create_dir_all(&aws).unwrap();
        std::fs::write(aws.join("config"), "[default]\nregion = eu-west-1\n").unwrap();
        let env = AwsEnvironment::from_pairs([], Some(home.path().to_path_buf()));
        let written = add_sso(&env, home.path(), &setup()).unwrap();
        let config = std::fs::read_to_string(aws.join("config")).unwrap();
        assert_eq!(
            config,
            "[default]\nregion = eu-west-1\n\n[profile rev]\nsso_session = lab\nsso_account_id = 111122223333\nsso_role_name = PowerUserAccess\nregion = us-west-2\n\n[sso-session lab]\nsso_start_url = https://my-org.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n"
        );
        assert_eq!(written.files, [aws.join("config")]);
        assert_eq!(written.backups.len(), 1, "the first change backed it up");
        assert!(written.next.contains("aws sso login --profile rev"));
        assert!(!aws.join("credentials").exists(), "nothing else touched");
    }
}
