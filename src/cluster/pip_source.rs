//! Where pip installs a cluster's Python packages from: PyPI, a private index, or a
//! wheelhouse (a directory of wheels) on the cluster, for clusters that cannot reach PyPI.
//! Pure: the options pip is given, and what is wrong with what the user typed.

use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "at", rename_all = "kebab-case")]
pub enum PipSource {
    #[default]
    Pypi,
    /// A package index other than PyPI (pip's `--index-url`).
    IndexUrl(String),
    /// A directory of wheels on the cluster: `~/wheels` or an absolute path. Nothing else
    /// is asked of the network.
    Wheelhouse(String),
}

impl PipSource {
    /// From the two options a front end offers; at most one may be given.
    pub fn from_options(index_url: Option<&str>, wheelhouse: Option<&str>) -> Self {
        match (index_url, wheelhouse) {
            (_, Some(dir)) => PipSource::Wheelhouse(dir.trim().to_string()),
            (Some(url), None) => PipSource::IndexUrl(url.trim().to_string()),
            (None, None) => PipSource::Pypi,
        }
    }

    /// What is wrong with it, in one sentence, or None.
    pub fn problem(&self) -> Option<String> {
        match self {
            PipSource::Pypi => None,
            PipSource::IndexUrl(url) => {
                let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
                (!scheme_ok || url.contains(char::is_whitespace)).then(|| {
                    format!(
                        "The package index \"{url}\" is not a web address: give it as https://host/simple/."
                    )
                })
            }
            PipSource::Wheelhouse(dir) => {
                let path_ok = dir.starts_with('/') || dir.starts_with("~/");
                let safe = !dir.contains(['\n', '\'', '"', '`', '$']);
                (!path_ok || !safe).then(|| {
                    format!(
                        "The wheelhouse \"{dir}\" is not a directory on the cluster: give an absolute path or one under ~/."
                    )
                })
            }
        }
    }

    /// pip's options for it (the wheelhouse's `~/` is expanded on the cluster).
    pub fn pip_options(&self) -> Vec<String> {
        match self {
            PipSource::Pypi => vec![],
            PipSource::IndexUrl(url) => vec!["--index-url".into(), url.clone()],
            PipSource::Wheelhouse(dir) => {
                vec!["--no-index".into(), "--find-links".into(), dir.clone()]
            }
        }
    }

    /// "PyPI", "the index https://…", "the wheelhouse ~/wheels".
    pub fn describe(&self) -> String {
        match self {
            PipSource::Pypi => "PyPI".into(),
            PipSource::IndexUrl(url) => format!("the index {url}"),
            PipSource::Wheelhouse(dir) => format!("the wheelhouse {dir}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_source_gives_pip_its_options_and_bad_ones_are_named() {
        assert!(PipSource::Pypi.pip_options().is_empty());
        let index = PipSource::from_options(Some("https://pypi.example.org/simple/"), None);
        assert_eq!(index.problem(), None);
        assert_eq!(
            index.pip_options(),
            ["--index-url", "https://pypi.example.org/simple/"]
        );
        let wheels = PipSource::from_options(None, Some("~/wheels"));
        assert_eq!(wheels.problem(), None);
        assert_eq!(
            wheels.pip_options(),
            ["--no-index", "--find-links", "~/wheels"]
        );
        assert!(
            PipSource::from_options(Some("pypi.example.org"), None)
                .problem()
                .unwrap()
                .contains("not a web address")
        );
        assert!(
            PipSource::from_options(None, Some("wheels"))
                .problem()
                .unwrap()
                .contains("absolute path")
        );
        assert!(
            PipSource::from_options(None, Some("/tmp/$(reboot)"))
                .problem()
                .is_some()
        );
    }
}
