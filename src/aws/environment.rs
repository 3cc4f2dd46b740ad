//! A snapshot of the process environment that matters to AWS, taken once.
//!
//! Passing this around instead of reading `std::env` deep inside the code keeps the
//! credential and region logic testable without mutating the real environment.

use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub struct AwsEnvironment {
    vars: BTreeMap<String, String>,
    home: Option<PathBuf>,
}

impl AwsEnvironment {
    pub fn from_process() -> Self {
        let vars = std::env::vars()
            .filter(|(k, _)| k.starts_with("AWS_"))
            .collect();
        Self {
            vars,
            home: std::env::var_os("HOME").map(PathBuf::from),
        }
    }

    /// For tests: an environment with exactly these variables and this home directory.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        home: Option<PathBuf>,
    ) -> Self {
        Self {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            home,
        }
    }

    /// A variable's value, treating an empty string as unset (as the AWS CLI does).
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub fn home(&self) -> Option<&PathBuf> {
        self.home.as_ref()
    }

    pub fn config_file(&self) -> Option<PathBuf> {
        self.var("AWS_CONFIG_FILE")
            .map(PathBuf::from)
            .or_else(|| self.home.as_ref().map(|h| h.join(".aws/config")))
    }

    pub fn credentials_file(&self) -> Option<PathBuf> {
        self.var("AWS_SHARED_CREDENTIALS_FILE")
            .map(PathBuf::from)
            .or_else(|| self.home.as_ref().map(|h| h.join(".aws/credentials")))
    }

    pub fn sso_cache_dir(&self) -> Option<PathBuf> {
        self.home.as_ref().map(|h| h.join(".aws/sso/cache"))
    }
}
