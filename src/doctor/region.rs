//! Which region pcwiz works in, and where that came from.

use serde::Serialize;

use super::finding::Finding;
use crate::aws::credential_source::{ProfileChoice, ProfileFiles};
use crate::aws::environment::AwsEnvironment;

pub use crate::cluster::regions::REV_DATA_REGION;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedRegion {
    pub name: String,
    /// "--region", "AWS_REGION", "profile `rev`"…
    pub from: String,
}

/// Flag, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile: the SDK's order.
pub fn resolve(
    flag: Option<&str>,
    env: &AwsEnvironment,
    files: Option<&ProfileFiles>,
    profile: &ProfileChoice,
) -> Option<ResolvedRegion> {
    let found = |name: &str, from: String| {
        Some(ResolvedRegion {
            name: name.to_string(),
            from,
        })
    };
    if let Some(r) = flag.filter(|r| !r.is_empty()) {
        return found(r, "--region".into());
    }
    for var in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
        if let Some(r) = env.var(var) {
            return found(r, var.into());
        }
    }
    let region = files?.region_of(&profile.name)?;
    found(&region, format!("profile `{}`", profile.name))
}

pub fn findings(region: Option<&ResolvedRegion>, profile: &ProfileChoice) -> Vec<Finding> {
    let Some(region) = region else {
        return vec![Finding::fail(
            "region",
            "No AWS region is set, so pcwiz does not know where to look for or create clusters.",
            format!(
                "aws configure set region {REV_DATA_REGION} --profile {} (or export AWS_REGION={REV_DATA_REGION}, or pcwiz --region {REV_DATA_REGION})",
                profile.name
            ),
        )];
    };
    if region.name == REV_DATA_REGION {
        vec![Finding::ok(
            "region",
            format!(
                "Region {} (from {}): where NREL's resource data for reV lives.",
                region.name, region.from
            ),
        )]
    } else {
        vec![Finding::warn(
            "region",
            format!(
                "Region {} (from {}). reV reads NREL's resource data from {REV_DATA_REGION} (Oregon); a cluster elsewhere pays for cross-region transfer and waits on it.",
                region.name, region.from
            ),
            format!(
                "pcwiz --region {REV_DATA_REGION}, or keep {} if your data lives there",
                region.name
            ),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::finding::Level;

    fn profile() -> ProfileChoice {
        ProfileChoice::resolve(None, &AwsEnvironment::default())
    }

    #[test]
    fn flag_beats_environment() {
        let env = AwsEnvironment::from_pairs([("AWS_REGION", "eu-west-1")], None);
        let r = resolve(Some("us-west-2"), &env, None, &profile()).unwrap();
        assert_eq!(
            (r.name.as_str(), r.from.as_str()),
            ("us-west-2", "--region")
        );
        let r = resolve(None, &env, None, &profile()).unwrap();
        assert_eq!(r.from, "AWS_REGION");
    }

    #[test]
    fn missing_region_says_how_to_set_it() {
        let f = findings(None, &profile());
        assert_eq!(f[0].level, Level::Fail);
        assert!(
            f[0].next_step
                .as_ref()
                .unwrap()
                .contains("aws configure set region")
        );
    }

    #[test]
    fn other_regions_are_warned_about_the_data_location() {
        let region = ResolvedRegion {
            name: "eu-west-1".into(),
            from: "AWS_REGION".into(),
        };
        let f = findings(Some(&region), &profile());
        assert_eq!(f[0].level, Level::Warn);
        assert!(f[0].message.contains("us-west-2"));
    }
}
