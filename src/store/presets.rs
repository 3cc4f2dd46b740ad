//! Presets: the built-in ones, plus the user's own in `<config>/presets/*.yaml`.
//! A user file that is not a valid preset is reported by name, never silently skipped.

use super::dirs::Dirs;
use crate::cluster::presets::{self, Preset};

pub fn dir(dirs: &Dirs) -> std::path::PathBuf {
    dirs.config.join("presets")
}

/// Built-in presets first, then the user's (a user preset may not reuse a built-in name),
/// and the problems found reading the user's files.
pub fn load(dirs: &Dirs) -> (Vec<Preset>, Vec<String>) {
    let mut all = presets::builtin();
    let mut problems = vec![];
    let Ok(entries) = std::fs::read_dir(dir(dirs)) else {
        return (all, problems);
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    paths.sort();
    for path in paths {
        let parsed = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| presets::parse(&text).map_err(|e| e.to_string()));
        match parsed {
            Ok(preset) if all.iter().any(|p| p.name == preset.name) => problems.push(format!(
                "{}: a preset named `{}` already exists; rename it",
                path.display(),
                preset.name
            )),
            Ok(preset) => all.push(preset),
            Err(reason) => problems.push(format!("{}: {reason}", path.display())),
        }
    }
    (all, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_presets_join_the_built_in_ones_and_bad_files_are_named() {
        let root = tempfile::tempdir().unwrap();
        let dirs = Dirs::under(root.path());
        std::fs::create_dir_all(dir(&dirs)).unwrap();
        let mine =
            include_str!("../../presets/starter.yaml").replace("Name: starter", "Name: lab-small");
        std::fs::write(dir(&dirs).join("lab.yaml"), mine).unwrap();
        std::fs::write(dir(&dirs).join("broken.yaml"), "Name: [").unwrap();
        std::fs::write(
            dir(&dirs).join("dup.yaml"),
            include_str!("../../presets/starter.yaml"),
        )
        .unwrap();
        let (all, problems) = load(&dirs);
        let names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["rev-conus", "starter", "mpi-efa", "lab-small"]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("broken.yaml"));
        assert!(problems[1].contains("already exists"));
    }
}
