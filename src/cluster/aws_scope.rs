//! Who pcwiz acts as, and where: the profile and region it resolved (flag, environment,
//! config), handed explicitly to every program it runs that talks to AWS, so that
//! `pcluster` never acts in another account or region than the one on the screen.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwsScope {
    /// The profile chosen by `--profile` or AWS_PROFILE; None when neither chose one (then
    /// environment keys, or the `default` profile, as in every AWS tool).
    pub profile: Option<String>,
    pub region: String,
}

impl AwsScope {
    /// The variables a child process gets so that it resolves the same identity and region
    /// (botocore reads these exactly as the Rust SDK does).
    pub fn subprocess_env(&self) -> Vec<(&'static str, String)> {
        let mut env = vec![
            ("AWS_REGION", self.region.clone()),
            ("AWS_DEFAULT_REGION", self.region.clone()),
        ];
        if let Some(profile) = &self.profile {
            env.push(("AWS_PROFILE", profile.clone()));
        }
        env
    }

    /// "account 123456789012, profile lab, us-west-2": what every screen that acts shows.
    pub fn describe(&self, account: Option<&str>) -> String {
        let account = match account {
            Some(id) => format!("account {id}"),
            None => "account not yet confirmed".into(),
        };
        let profile = match &self.profile {
            Some(name) => format!("profile {name}"),
            None => "default credentials".into(),
        };
        format!("{account}, {profile}, {}", self.region)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_profile_and_the_region_reach_the_child() {
        let scope = AwsScope {
            profile: Some("lab".into()),
            region: "us-west-2".into(),
        };
        let env = scope.subprocess_env();
        assert!(env.contains(&("AWS_PROFILE", "lab".into())));
        assert!(env.contains(&("AWS_REGION", "us-west-2".into())));
        assert!(env.contains(&("AWS_DEFAULT_REGION", "us-west-2".into())));
        assert_eq!(
            scope.describe(Some("123456789012")),
            "account 123456789012, profile lab, us-west-2"
        );
        let default = AwsScope {
            profile: None,
            region: "eu-west-1".into(),
        };
        assert!(
            !default
                .subprocess_env()
                .iter()
                .any(|(k, _)| *k == "AWS_PROFILE")
        );
        assert_eq!(
            default.describe(None),
            "account not yet confirmed, default credentials, eu-west-1"
        );
    }
}
