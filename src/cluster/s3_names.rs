//! A private bucket's name and region, checked before they reach `start_hsds.sh`: the
//! script runs on every compute node and takes them as shell text
//! (`BUCKET_NAME=${BUCKET_NAME:-NAME}`), so a typo must be said here, in words, rather
//! than become a node that cannot start HSDS, and no character may be shell syntax. Pure.
//!
//! The rules are S3's own for general purpose buckets ("Bucket naming rules", S3 user
//! guide) and the shape every AWS region name has (`us-west-2`, `us-gov-west-1`,
//! `ap-southeast-3`).

use super::hsds_files::DataSource;

/// Ok for NREL's public data; for a private bucket, its name and region checked.
pub fn check_source(source: &DataSource) -> Result<(), String> {
    match source {
        DataSource::NrelPublic => Ok(()),
        DataSource::Private { bucket, region } => {
            check_bucket(bucket)?;
            check_region(region)
        }
    }
}

/// S3's naming rules for a general purpose bucket.
pub fn check_bucket(name: &str) -> Result<(), String> {
    let said = |why: &str| {
        Err(format!(
            "The bucket name {name:?} {why}. Type the name as the S3 console shows it, without s3:// (e.g. my-lab-data)."
        ))
    };
    if !(3..=63).contains(&name.len()) {
        return said("must be 3 to 63 characters long");
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '.'))
    {
        return said(&format!(
            "has {c:?}: only lowercase letters, digits, hyphens and dots are allowed"
        ));
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        return said("must begin and end with a letter or a digit");
    }
    if name.contains("..") {
        return said("has two dots in a row");
    }
    if name.split('.').count() == 4 && name.split('.').all(|p| p.parse::<u8>().is_ok()) {
        return said("looks like an IP address, which S3 does not allow");
    }
    for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
        if name.starts_with(prefix) {
            return said(&format!("starts with {prefix:?}, which S3 reserves"));
        }
    }
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
        if name.ends_with(suffix) {
            return said(&format!("ends with {suffix:?}, which S3 reserves"));
        }
    }
    Ok(())
}

/// The shape of an AWS region name: a two-letter area, words, and a number
/// (`us-west-2`, `us-gov-west-1`, `eu-central-2`).
pub fn check_region(region: &str) -> Result<(), String> {
    let parts: Vec<&str> = region.split('-').collect();
    let word = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase());
    let shaped = parts.len() >= 3
        && parts[0].len() == 2
        && word(&parts[0])
        && parts[1..parts.len() - 1].iter().all(word)
        && parts.last().is_some_and(|n| {
            !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit())
        });
    if shaped {
        Ok(())
    } else {
        Err(format!(
            "{region:?} is not an AWS region name: the bucket's region looks like us-west-2 (the S3 console shows it beside the bucket)."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_bucket_names_pass_and_each_rule_is_said() {
        for good in [
            "nrel-pds-hsds",
            "my.lab.data",
            "abc",
            "a1-b2",
            &"a".repeat(63),
        ] {
            assert_eq!(check_bucket(good), Ok(()), "{good}");
        }
        let why = |name: &str| check_bucket(name).unwrap_err();
        assert!(why("ab").contains("3 to 63"));
        assert!(why(&"a".repeat(64)).contains("3 to 63"));
        assert!(why("My-Bucket").contains("'M'"));
        assert!(why("s3://data").contains("':'"));
        assert!(
            why("data$(reboot)").contains("'$'"),
            "shell syntax never passes"
        );
        assert!(why("data}").contains("'}'"));
        assert!(why("data bucket").contains("' '"));
        assert!(why("-data").contains("begin and end"));
        assert!(why("data.").contains("begin and end"));
        assert!(why("my..data").contains("two dots"));
        assert!(why("192.168.5.4").contains("IP address"));
        assert!(why("xn--data").contains("reserves"));
        assert!(why("data-s3alias").contains("reserves"));
        assert!(why("").contains("3 to 63"));
    }

    #[test]
    fn region_names_have_their_shape() {
        for good in [
            "us-west-2",
            "us-gov-west-1",
            "ap-southeast-3",
            "eu-central-2",
            "cn-north-1",
        ] {
            assert_eq!(check_region(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "us-west",
            "US-WEST-2",
            "uswest2",
            "us-west-2a",
            "us-west-2;reboot",
            "us--2",
            "usa-west-2",
            "us-west-123",
        ] {
            assert!(check_region(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn nrel_public_data_needs_no_check_and_a_private_source_checks_both() {
        assert_eq!(check_source(&DataSource::NrelPublic), Ok(()));
        let source = |bucket: &str, region: &str| DataSource::Private {
            bucket: bucket.into(),
            region: region.into(),
        };
        assert!(check_source(&source("lab-data", "us-east-1")).is_ok());
        assert!(
            check_source(&source("Lab", "us-east-1"))
                .unwrap_err()
                .contains("bucket")
        );
        assert!(
            check_source(&source("lab-data", "east"))
                .unwrap_err()
                .contains("region")
        );
    }
}
