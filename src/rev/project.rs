//! A reV project on the cluster from its form: the sites counted first (a list counts
//! itself; a box is turned into gids on a compute node, from the resource's coordinates
//! read through that node's HSDS, which also proves the resource is there), then the files
//! put in the project directory on the shared file system, each one that differs backed up
//! beside it (`NAME.pcwiz-backup-STAMP`), never overwritten silently.

use std::time::Duration;

use serde::Serialize;

use crate::cluster::rev_project::{POINTS_FILE, ProjectForm, Sites};
use crate::remote::put_files::{self, InstallFile, Installed};
use crate::remote::{SshTarget, run_script, shell_quote};

const SELECTOR: &str = include_str!("../../assets/remote/select_sites.py");
const SELECTOR_FILE: &str = ".pcwiz/select_sites.py";
const WRITE_LIMIT: Duration = Duration::from_secs(60);
/// A powered-down compute node boots before it counts: minutes on ParallelCluster.
const COUNT_LIMIT: Duration = Duration::from_secs(30 * 60);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteCount {
    pub selected: usize,
    /// The sites the resource holds, when it was read.
    pub of: Option<usize>,
    /// project_points.csv as it was before, when the box's selection replaced it.
    pub backup: Option<String>,
}

/// How many sites the form covers. A box is selected on a compute node of `partition`
/// (through Slurm, with the node's HSDS started as the jobs start it), which writes the
/// project's `project_points.csv` there.
pub async fn count_sites(target: &SshTarget, form: &ProjectForm) -> Result<SiteCount, String> {
    if let Some(selected) = form.sites.count() {
        return Ok(SiteCount {
            selected,
            of: None,
            backup: None,
        });
    }
    form.check()?;
    let selector = InstallFile {
        path: SELECTOR_FILE,
        mode: "644",
        contents: SELECTOR.to_string(),
    };
    put(target, &form.dir, std::slice::from_ref(&selector)).await?;
    let output = run_script(
        target,
        &["bash".to_string(), "-s".into()],
        &select_script(form),
        COUNT_LIMIT,
    )
    .await
    .map_err(|e| e.message)?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    read_count(&stdout).ok_or_else(|| {
        let said = stdout
            .lines()
            .find_map(|l| l.strip_prefix("pcwiz: error "))
            .map(str::to_string)
            .or_else(|| {
                String::from_utf8_lossy(&output.stderr)
                    .trim()
                    .lines()
                    .last()
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "no answer".into());
        format!(
            "the sites in the box could not be chosen on a compute node: {said}{}",
            hint(&said)
        )
    })
}

/// What to do about a failed selection, when its words say.
fn hint(said: &str) -> &'static str {
    if said.contains("HSDS cannot be checked") || said.contains("not a valid file path") {
        " (the resource is not on HSDS at that path, or the node's HSDS did not answer: check the path, and HSDS with `pcwiz hsds NAME`)"
    } else if said.contains("No such file") && said.contains("activate") {
        " (reV is not installed there: `pcwiz rev NAME --install`)"
    } else {
        ""
    }
}

/// The head node's part: the selector run by srun on a compute node in the project dir,
/// into a new file that replaces project_points.csv (backed up when it differs). srun's
/// stdin is not this script's (it would read the rest of it).
fn select_script(form: &ProjectForm) -> String {
    let venv = form.venv.trim_end_matches('/');
    let mut python = vec![
        "python".to_string(),
        SELECTOR_FILE.into(),
        shell_quote(&form.resource_file),
        ".pcwiz/project_points.new.csv".into(),
    ];
    python.extend(form.sites.selector_args());
    // `form.check` keeps shell syntax out of the venv and the directory.
    let on_node = format!(
        "source {venv}/bin/activate && bash ~/start_hsds.sh >/dev/null && {}",
        python.join(" ")
    );
    let partition = form
        .execution
        .partition
        .as_ref()
        .map(|q| format!("-p {q} "))
        .unwrap_or_default();
    format!(
        "set -u\ncd {dir} || exit 1\n\
         srun {partition}-N1 -n1 --job-name=pcwiz-sites bash -c {on_node} </dev/null 2>&1 || exit 1\n\
         if [ -e {POINTS_FILE} ] && ! cmp -s .pcwiz/project_points.new.csv {POINTS_FILE}; then\n\
         \x20 backup={POINTS_FILE}.pcwiz-backup-$(date -u +%Y%m%dT%H%M%SZ)\n\
         \x20 cp -p {POINTS_FILE} \"$backup\" && echo \"pcwiz: backup $backup\"\n\
         fi\n\
         mv -f .pcwiz/project_points.new.csv {POINTS_FILE}\n",
        dir = shell_quote(&form.dir),
        on_node = shell_quote(&on_node),
    )
}

/// "pcwiz: sites 24 of 48" (and a backup line) → the count.
fn read_count(stdout: &str) -> Option<SiteCount> {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("pcwiz: sites "))?;
    let (selected, of) = line.split_once(" of ")?;
    Some(SiteCount {
        selected: selected.trim().parse().ok()?,
        of: of.trim().parse().ok(),
        backup: stdout
            .lines()
            .find_map(|l| l.strip_prefix("pcwiz: backup "))
            .map(str::to_string),
    })
}

/// Puts the project's files in its directory; Err when the head node could not take one.
pub async fn write(target: &SshTarget, form: &ProjectForm) -> Result<Vec<Installed>, String> {
    form.check()?;
    let files: Vec<InstallFile> = form
        .files()
        .into_iter()
        .map(|(path, contents)| InstallFile {
            path,
            mode: "644",
            contents,
        })
        .collect();
    let written = put(target, &form.dir, &files).await?;
    if let Some(failed) = written.iter().find(|w| w.failed()) {
        return Err(format!(
            "the project was not written: {}",
            failed.describe()
        ));
    }
    Ok(written)
}

async fn put(
    target: &SshTarget,
    dir: &str,
    files: &[InstallFile],
) -> Result<Vec<Installed>, String> {
    let output = run_script(
        target,
        &["bash".to_string(), "-s".into()],
        &put_files::script_in(dir, files),
        WRITE_LIMIT,
    )
    .await
    .map_err(|e| e.message)?;
    Ok(put_files::parse(
        &String::from_utf8_lossy(&output.stdout),
        files,
    ))
}

/// A project written: the form as written (its nodes fitted to the sites), the sites
/// counted, each file's fate, and what pcwiz changed of what was asked.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    pub form: ProjectForm,
    pub sites: SiteCount,
    pub jobs: u32,
    pub files: Vec<Installed>,
    pub notes: Vec<String>,
}

/// The whole of it: checked, the sites counted (`say` hears when a node is asked), the
/// node jobs fitted to the sites unless `nodes_asked`, then the files written.
pub async fn create(
    target: &SshTarget,
    mut form: ProjectForm,
    nodes_asked: bool,
    mut say: impl FnMut(&str),
) -> Result<Written, String> {
    // Everything but the site count can be checked before a node is asked.
    let mut before = form.clone();
    before.execution.nodes = 1;
    before.check()?;
    if form.sites.count().is_none() {
        say(
            "Choosing the sites in the box on a compute node, through its HSDS (a powered-down node takes minutes to boot)…",
        );
    }
    let sites = count_sites(target, &form).await?;
    say(&format!("{}.", said(&sites, &form.sites)));
    let mut notes = vec![];
    if form.execution.nodes as usize > sites.selected && !nodes_asked {
        notes.push(format!(
            "{} nodes for {} sites would leave nodes idle: {} node jobs instead",
            form.execution.nodes, sites.selected, sites.selected
        ));
        form.execution.nodes = sites.selected as u32;
    }
    if let Some(backup) = &sites.backup {
        notes.push(format!("the old {POINTS_FILE} is kept as {backup}"));
    }
    // The nodes against the count, now known for a box too.
    let mut counted = form.clone();
    counted.sites = Sites::Gids {
        gids: (0..sites.selected as u64).collect(),
    };
    counted.check()?;
    let files = write(target, &form).await?;
    Ok(Written {
        jobs: form.jobs(),
        form,
        sites,
        files,
        notes,
    })
}

/// The sites as counted, said for the form: "24 sites (of 48 in the resource)".
pub fn said(count: &SiteCount, sites: &Sites) -> String {
    let of = count
        .of
        .map(|n| format!(" of the {n} in the resource"))
        .unwrap_or_default();
    format!("{} sites{of} ({})", count.selected, sites.describe())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_and_a_backup_are_read_from_the_selectors_lines() {
        let count = read_count("srun: job 7 queued\npcwiz: sites 24 of 48\npcwiz: backup project_points.csv.pcwiz-backup-X\n").unwrap();
        assert_eq!(count.selected, 24);
        assert_eq!(count.of, Some(48));
        assert_eq!(
            count.backup.as_deref(),
            Some("project_points.csv.pcwiz-backup-X")
        );
        assert!(read_count("pcwiz: error no site").is_none());
        assert!(hint("x.h5 is not a valid file path, and HSDS cannot be checked").contains("HSDS"));
    }
}
