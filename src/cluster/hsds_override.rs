//! HSDS's `override.yml` as pcwiz writes it for a cluster: where the data is (gateway,
//! region, bucket), whether HSDS signs its S3 requests, and `max_task_count`. Both
//! launchers hand this one file to HSDS (pip: CONFIG_OVERRIDE_PATH; Docker: mounted as
//! /config/override.yml), so HSDS gets the same settings either way. Pure.
//!
//! How HSDS 1.0.2 reads it (hsds/config.py): only keys of its own config.yml count, each
//! converted to the type of config.yml's value (so booleans stay unquoted: `"false"` would
//! be true); empty values are ignored; an environment variable of the same name wins over
//! this file, which is why start_hsds.sh clears those a job may carry.

use super::hsds_files::{DataSource, max_task_count};

/// The S3 gateway HSDS is given for a region. For AWS it only says "use S3": HSDS lets
/// boto pick the region's endpoint (https) for any `*.amazonaws.com` gateway.
pub fn s3_gateway(region: &str) -> String {
    format!("https://s3.{region}.amazonaws.com/")
}

/// The file, with a comment on each setting saying why.
pub fn override_yml(source: &DataSource, max_workers: u32) -> String {
    let region = source.region();
    let mut text = String::from(
        "# Written by pcwiz. HSDS takes these entries over those of its own config.yml.\n",
    );
    match source {
        DataSource::NrelPublic => text.push_str(
            "# NREL's public bucket, read anonymously: HSDS signs no request (botocore's UNSIGNED),\n\
             # so it sends neither config.yml's placeholder key (xxx) nor asks the instance\n\
             # metadata service for its role (hsds_role). Those two defaults cannot be emptied\n\
             # here (HSDS ignores empty values); unsigned, HSDS never uses them.\n",
        ),
        DataSource::Private { .. } => text.push_str(
            "# A private bucket, read with an IAM user's keys: start_hsds.sh hands them to HSDS\n\
             # from ~/.hsds/credentials (mode 0600), never through this file.\n",
        ),
    }
    text.push_str(&format!(
        "aws_s3_gateway: {}\n\
         aws_region: {region}  # the bucket's region\n\
         bucket_name: {}\n\
         aws_s3_no_sign_request: {}\n",
        s3_gateway(region),
        source.bucket(),
        !source.needs_keys(),
    ));
    text.push_str(&format!(
        "# HSDS answers 503 when more than max_task_count requests are in flight on a node;\n\
         # reV's {max_workers} workers per node need room (HSDS's default is {}).\n\
         max_task_count: {}\n",
        super::hsds_files::DEFAULT_MAX_TASK_COUNT,
        max_task_count(max_workers)
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nrel_data_is_read_unsigned_and_a_private_bucket_with_its_keys() {
        let public = override_yml(&DataSource::NrelPublic, 36);
        assert!(public.contains("aws_s3_no_sign_request: true\n"));
        assert!(public.contains("bucket_name: nrel-pds-hsds\n"));
        assert!(public.contains("aws_region: us-west-2  #"));
        assert!(public.contains("aws_s3_gateway: https://s3.us-west-2.amazonaws.com/\n"));
        assert!(public.contains("max_task_count: 164\n"));
        let private = DataSource::Private {
            bucket: "my-bucket".into(),
            region: "eu-west-1".into(),
        };
        let private = override_yml(&private, 48);
        assert!(private.contains("aws_s3_no_sign_request: false\n"));
        assert!(private.contains("bucket_name: my-bucket\n"));
        assert!(private.contains("aws_s3_gateway: https://s3.eu-west-1.amazonaws.com/\n"));
        assert!(private.contains("max_task_count: 212\n"));
        // No key in the file: they travel in the 0600 credentials file only.
        assert!(!private.contains("aws_access_key_id"));
    }
}
