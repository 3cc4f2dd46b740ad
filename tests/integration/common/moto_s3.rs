//! Buckets in a moto's S3, made with the AWS CLI as a user would: for the tests that run
//! HSDS on S3.

use std::process::{Command, Stdio};

use pcwiz::cluster::hsds_files::{NREL_BUCKET, NREL_REGION};

use super::{Harness, safe_env};

/// The AWS CLI against `moto` with the harness's dummy keys; whether it succeeded.
pub fn aws(harness: &Harness, moto: &str, args: &[&str]) -> bool {
    Command::new(harness.venv_bin.join("aws"))
        .args(args)
        .env_clear()
        .envs(safe_env())
        .env("AWS_ENDPOINT_URL", moto)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", NREL_REGION)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success()
}

/// A bucket in `region`, made unless it is there.
pub fn bucket(harness: &Harness, moto: &str, name: &str, region: &str) {
    if aws(harness, moto, &["s3api", "head-bucket", "--bucket", name]) {
        return;
    }
    let location = format!("LocationConstraint={region}");
    let mut args = vec![
        "s3api",
        "create-bucket",
        "--bucket",
        name,
        "--region",
        region,
    ];
    if region != "us-east-1" {
        args.extend(["--create-bucket-configuration", &location]);
    }
    assert!(aws(harness, moto, &args), "create bucket {name}");
}

/// NREL's bucket as NREL keeps it: anyone may list it and read its objects.
pub fn nrel_bucket(harness: &Harness, moto: &str) {
    bucket(harness, moto, NREL_BUCKET, NREL_REGION);
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[
        {{"Effect":"Allow","Principal":"*","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::{NREL_BUCKET}/*"}},
        {{"Effect":"Allow","Principal":"*","Action":["s3:ListBucket"],"Resource":"arn:aws:s3:::{NREL_BUCKET}"}}]}}"#
    );
    let set = aws(
        harness,
        moto,
        &[
            "s3api",
            "put-bucket-policy",
            "--bucket",
            NREL_BUCKET,
            "--policy",
            &policy,
        ],
    );
    assert!(set, "public-read policy on {NREL_BUCKET}");
}
