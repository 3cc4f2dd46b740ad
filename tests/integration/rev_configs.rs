//! A reV project as pcwiz's form writes it, read by the real NREL-gaps and PySAM (offline,
//! in .venv/rev): gaps turns its execution_control into the Slurm lines meant (the queue,
//! whole nodes, the walltime, the venv and HSDS started before reV), and each SAM default
//! loads into its PySAM model with every key known and every value of the right type.

use pcwiz::cluster::rev_project::{Execution, ProjectForm, Sites, Technology};

use crate::rev_snippet_gaps::sbatch_script_for;

fn form(technology: Technology) -> ProjectForm {
    ProjectForm {
        dir: "~/rev_runs/conus".into(),
        technology,
        year: 2012,
        resource_file: technology.default_resource().into(),
        sites: Sites::parse_gids("0-99").unwrap(),
        sam: technology.default_sam(),
        execution: Execution {
            nodes: 4,
            max_workers: 44,
            sites_per_worker: Some(25),
            memory_utilization_limit: 0.7,
            walltime: Some(2.5),
            partition: Some("bigmem".into()),
            exclusive: true,
        },
        venv: "~/envs/rev".into(),
        estimate: None,
    }
}

fn file(form: &ProjectForm, name: &str) -> String {
    form.files()
        .into_iter()
        .find(|(n, _)| *n == name)
        .unwrap()
        .1
}

#[test]
#[ignore = "needs .venv/rev (NREL-gaps): run tests/run.sh"]
fn gaps_turns_the_forms_execution_control_into_the_slurm_lines_meant() {
    let form = form(Technology::Pvwatts);
    let script = sbatch_script_for(&file(&form, "config_gen.json"));
    assert!(script.contains("#SBATCH --time=02:30:00"), "{script}");
    assert!(
        script.contains("#SBATCH --exclusive --partition=bigmem"),
        "{script}"
    );
    assert!(!script.contains("--account"), "{script}");
    assert!(
        script.contains(
            "\nsource ~/envs/rev/bin/activate && bash ~/start_hsds.sh || exit 1\nreV generation"
        ),
        "the venv and HSDS before reV, a failed start ends the job: {script}"
    );
    // Collect runs as a job of its own in the same queue, with the venv.
    let collect = sbatch_script_for(&file(&form, "config_collect.json"));
    assert!(collect.contains("--partition=bigmem"), "{collect}");
    assert!(
        collect.contains("\nsource ~/envs/rev/bin/activate\n"),
        "{collect}"
    );
}

/// Every key of a SAM file set on PySAM's model: an unknown key or a wrong type raises.
const LOAD_IN_PYSAM: &str = r#"
import importlib, json, sys
module = importlib.import_module("PySAM." + sys.argv[1])
model = module.new()
settings = json.load(open(sys.argv[2]))
for key, value in settings.items():
    model.value(key, value)
print(len(settings))
"#;

#[test]
#[ignore = "needs .venv/rev (NREL-PySAM): run tests/run.sh"]
fn the_sam_defaults_load_in_pysam_every_key_known() {
    for (technology, module) in [
        (Technology::Pvwatts, "Pvwattsv8"),
        (Technology::Wind, "Windpower"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sam.json");
        std::fs::write(&path, file(&form(technology), technology.sam_file())).unwrap();
        let output = crate::common::rev_python(&[
            std::ffi::OsStr::new("-c"),
            LOAD_IN_PYSAM.as_ref(),
            module.as_ref(),
            path.as_os_str(),
        ]);
        let keys: usize = String::from_utf8_lossy(&output).trim().parse().unwrap();
        assert_eq!(keys, technology.default_sam().len());
    }
}

#[test]
#[ignore = "needs the harness (shellcheck is installed by tests/run.sh)"]
fn the_scripts_sent_to_the_head_node_for_rev_pass_shellcheck() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for script in ["install_rev.sh", "submit_rev.sh", "probe.sh"] {
        let output = std::process::Command::new("shellcheck")
            .args(["-s", "bash"])
            .arg(root.join("assets/remote").join(script))
            .output()
            .expect("run shellcheck");
        assert!(
            output.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
}
