//! reV's Python environment on the cluster, as data: the versions pcwiz installs (pinned,
//! and shown), whether what a venv holds already satisfies them (a second install changes
//! nothing), and how far an install is, read from pip's own output. Pure; `rev/install.rs`
//! runs it over ssh.
//!
//! The pins are the versions run together here (docs: /work/notes/issue21-rev.md): NREL-reV
//! 0.14.5 with NREL-gaps 0.8.11 and NREL-rex 0.4.3, reading HSDS through h5pyd 1.0.0 (which
//! needs Python 3.11; 0.18.0, rex's floor, was checked too and serves older Pythons, such as
//! Amazon Linux 2023's 3.9), and pandas kept below 3 (rex 0.4.3 cannot write an output's
//! meta with pandas 3's string dtype). pip resolves the rest for the node's Python.

use std::collections::BTreeMap;

use serde::Serialize;

/// Where the venv goes unless told otherwise: the guide's `~/envs/rev`, in the home that
/// ParallelCluster shares with every compute node.
pub const DEFAULT_VENV: &str = "~/envs/rev";
pub const REV_VERSION: &str = "0.14.5";

/// One requirement pcwiz installs: a package at a version, or below a major version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pin {
    pub name: &'static str,
    /// pip's form: `==0.14.5` or `<3`.
    pub spec: &'static str,
}

impl Pin {
    /// `NREL-reV==0.14.5`, as pip reads it.
    pub fn requirement(&self) -> String {
        format!("{}{}", self.name, self.spec)
    }

    /// Whether an installed `version` satisfies the pin.
    pub fn satisfied_by(&self, version: &str) -> bool {
        if let Some(exact) = self.spec.strip_prefix("==") {
            return version == exact;
        }
        if let Some(below) = self.spec.strip_prefix('<') {
            let major = |v: &str| v.split('.').next().and_then(|m| m.parse::<u64>().ok());
            return matches!((major(version), major(below)), (Some(v), Some(b)) if v < b);
        }
        false
    }
}

/// The pins for a head node's Python (major, minor); Err when reV cannot run on it.
pub fn pins_for(python: (u32, u32)) -> Result<Vec<Pin>, String> {
    if python < (3, 9) {
        return Err(format!(
            "The head node's python3 is {}.{}; reV {REV_VERSION} needs Python 3.9 or newer. Use an OS with a newer Python (Ubuntu 24.04 has 3.12).",
            python.0, python.1
        ));
    }
    let h5pyd = if python >= (3, 11) {
        "==1.0.0"
    } else {
        "==0.18.0"
    };
    Ok(vec![
        Pin {
            name: "NREL-reV",
            spec: "==0.14.5",
        },
        Pin {
            name: "NREL-gaps",
            spec: "==0.8.11",
        },
        Pin {
            name: "NREL-rex",
            spec: "==0.4.3",
        },
        Pin {
            name: "h5pyd",
            spec: h5pyd,
        },
        Pin {
            name: "pandas",
            spec: "<3",
        },
    ])
}

/// "3.11.2" → (3, 11).
pub fn python_version(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim().split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// Package names compare as pip compares them: case, `-`, `_` and `.` do not matter.
pub fn normalized(name: &str) -> String {
    name.to_ascii_lowercase().replace(['_', '.'], "-")
}

/// The pins a venv does not satisfy, given its installed versions (by normalized name).
pub fn unmet<'a>(pins: &'a [Pin], have: &BTreeMap<String, String>) -> Vec<&'a Pin> {
    pins.iter()
        .filter(|p| {
            !have
                .get(&normalized(p.name))
                .is_some_and(|v| p.satisfied_by(v))
        })
        .collect()
}

/// A venv as `assets/remote/install_rev.sh` found it, read from its `pcwiz: ` lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VenvState {
    /// The head node's python3 version, e.g. "3.11.2".
    pub python: Option<String>,
    /// Installed packages, by normalized name.
    pub have: BTreeMap<String, String>,
    /// What `reV --version` printed, when it ran: "reV, version 0.14.5".
    pub rev: Option<String>,
    pub errors: Vec<String>,
}

impl VenvState {
    pub fn read(output: &str) -> Self {
        let mut state = Self::default();
        for line in output.lines() {
            let Some(said) = line.strip_prefix("pcwiz: ") else {
                continue;
            };
            let (what, rest) = said.split_once(' ').unwrap_or((said, ""));
            match what {
                "python" => state.python = Some(rest.trim().to_string()),
                "have" => {
                    if let Some((name, version)) = rest.split_once(' ') {
                        state
                            .have
                            .insert(normalized(name), version.trim().to_string());
                    }
                }
                "rev" => state.rev = Some(rest.trim().to_string()),
                "error" => state.errors.push(rest.trim().to_string()),
                _ => {}
            }
        }
        state
    }

    /// reV's version as `reV --version` said it ("0.14.5"), when it ran.
    pub fn rev_version(&self) -> Option<&str> {
        self.rev.as_deref()?.rsplit(' ').next()
    }

    /// The installed version of each pin's package (None: missing).
    pub fn versions(&self, pins: &[Pin]) -> Vec<(String, Option<String>)> {
        pins.iter()
            .map(|p| {
                (
                    p.name.to_string(),
                    self.have.get(&normalized(p.name)).cloned(),
                )
            })
            .collect()
    }
}

/// Where an install is, read from pip's output line by line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PipProgress {
    /// Requirements pip has found so far ("Collecting", "Processing", "already satisfied").
    pub found: u32,
    /// How many pip will likely find: the wheelhouse's wheels, else a typical closure.
    pub expected: u32,
    /// The packages pip said it installs, once it says so.
    pub installing: Option<u32>,
    pub done: bool,
    /// What pip is on now, e.g. "numpy" or "installing 96 packages".
    pub now: String,
    /// pip's ERROR lines.
    pub errors: Vec<String>,
}

/// A typical reV 0.14.5 closure on Python 3.11 (tests/harness/rev-requirements.txt: 101).
pub const TYPICAL_PACKAGES: u32 = 100;

impl PipProgress {
    pub fn new(expected: Option<u32>) -> Self {
        Self {
            expected: expected.filter(|n| *n > 0).unwrap_or(TYPICAL_PACKAGES),
            ..Self::default()
        }
    }

    /// Takes one line of pip's output; true when it moved the progress.
    pub fn line(&mut self, line: &str) -> bool {
        let line = line.trim();
        let first_word = |rest: &str| {
            rest.split([' ', '=', '<', '>', '!', '~', '[', ';', '('])
                .next()
                .unwrap_or("")
                .to_string()
        };
        if let Some(rest) = line.strip_prefix("Collecting ") {
            self.found += 1;
            self.now = first_word(rest);
        } else if let Some(rest) = line.strip_prefix("Processing ") {
            // A wheel from a wheelhouse: ./wh/numpy-2.4.6-cp311-….whl
            self.found += 1;
            let file = rest.rsplit('/').next().unwrap_or(rest);
            self.now = file.split('-').next().unwrap_or(file).to_string();
        } else if let Some(rest) = line.strip_prefix("Requirement already satisfied: ") {
            self.found += 1;
            self.now = first_word(rest);
        } else if let Some(rest) = line.strip_prefix("Installing collected packages: ") {
            let count = rest.split(',').filter(|p| !p.trim().is_empty()).count() as u32;
            self.installing = Some(count);
            self.now = format!("installing {count} packages");
        } else if line.starts_with("Successfully installed ") {
            self.done = true;
            self.now = "installed".into();
        } else if line.starts_with("ERROR:") {
            self.errors.push(line.to_string());
        } else {
            return false;
        }
        true
    }

    /// 0.0 ‥ 1.0 for a bar: finding is the first 80 %, installing the rest.
    pub fn fraction(&self) -> f64 {
        if self.done {
            return 1.0;
        }
        if self.installing.is_some() {
            return 0.85;
        }
        0.8 * (f64::from(self.found) / f64::from(self.expected.max(1))).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_follow_the_head_nodes_python() {
        let on = |v| {
            pins_for(v)
                .unwrap()
                .iter()
                .map(Pin::requirement)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            on((3, 12)),
            [
                "NREL-reV==0.14.5",
                "NREL-gaps==0.8.11",
                "NREL-rex==0.4.3",
                "h5pyd==1.0.0",
                "pandas<3"
            ]
        );
        assert!(on((3, 9)).contains(&"h5pyd==0.18.0".to_string()));
        assert!(pins_for((3, 8)).unwrap_err().contains("3.9 or newer"));
        assert_eq!(python_version("3.11.2\n"), Some((3, 11)));
        assert_eq!(python_version("Python"), None);
    }

    #[test]
    fn a_venv_that_has_the_pins_needs_nothing_and_one_that_lacks_one_says_which() {
        let pins = pins_for((3, 11)).unwrap();
        let mut have: BTreeMap<String, String> = [
            ("nrel-rev", "0.14.5"),
            ("nrel-gaps", "0.8.11"),
            ("nrel-rex", "0.4.3"),
            ("h5pyd", "1.0.0"),
            ("pandas", "2.3.3"),
        ]
        .into_iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
        assert!(unmet(&pins, &have).is_empty());
        have.insert("pandas".into(), "3.0.1".into());
        have.remove("h5pyd");
        let names: Vec<_> = unmet(&pins, &have).iter().map(|p| p.name).collect();
        assert_eq!(names, ["h5pyd", "pandas"]);
        assert_eq!(normalized("NREL_reV"), "nrel-rev");
    }

    #[test]
    fn the_scripts_lines_say_what_the_venv_holds() {
        let state = VenvState::read(
            "pcwiz: python 3.11.2\nsome pip noise\npcwiz: have NREL_reV 0.14.5\npcwiz: have h5pyd 1.0.0\npcwiz: rev reV, version 0.14.5\npcwiz: error nothing\n",
        );
        assert_eq!(state.python.as_deref(), Some("3.11.2"));
        assert_eq!(state.have["nrel-rev"], "0.14.5");
        assert_eq!(state.rev_version(), Some("0.14.5"));
        assert_eq!(state.errors, ["nothing"]);
        let pins = pins_for((3, 11)).unwrap();
        let versions = state.versions(&pins);
        assert_eq!(versions[0], ("NREL-reV".into(), Some("0.14.5".into())));
        assert_eq!(versions[1], ("NREL-gaps".into(), None));
    }

    #[test]
    fn progress_comes_from_pips_own_lines() {
        let mut p = PipProgress::new(Some(4));
        for line in [
            "Looking in links: /home/u/.pcwiz/wheelhouse",
            "Processing ./.pcwiz/wheelhouse/nrel_rev-0.14.5-py3-none-any.whl",
            "Collecting numpy<3,>=2.0.2 (from NREL-reV==0.14.5)",
            "  Downloading numpy-2.4.6-cp311-cp311-manylinux_2_28_x86_64.whl (16.4 MB)",
        ] {
            p.line(line);
        }
        assert_eq!((p.found, p.now.as_str()), (2, "numpy"));
        assert!((p.fraction() - 0.4).abs() < 1e-9);
        p.line("Installing collected packages: six, numpy, nrel-rev");
        assert_eq!(p.installing, Some(3));
        assert!(p.fraction() > 0.8 && p.fraction() < 1.0);
        p.line("ERROR: Could not find a version that satisfies the requirement h5pyd==1.0.0");
        p.line("Successfully installed numpy-2.4.6 six-1.17.0 nrel-rev-0.14.5");
        assert!(p.done && p.fraction() == 1.0);
        assert_eq!(p.errors.len(), 1);
        // Found more than expected: the bar stops short of the install part, never past it.
        let mut many = PipProgress::new(None);
        for _ in 0..150 {
            many.line("Requirement already satisfied: six in ./lib (1.17.0)");
        }
        assert!((many.fraction() - 0.8).abs() < 1e-9);
    }
}
