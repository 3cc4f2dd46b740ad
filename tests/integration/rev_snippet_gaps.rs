//! The reV `execution_control` pcwiz writes (HSDS set-up and the sizing assistant), read
//! by the real NREL-gaps that reV submits its jobs with: gaps must accept every key it
//! needs (`allocation` and `walltime` are required) and write the `#SBATCH` lines we mean.

use std::process::Command;

use pcwiz::cluster::hsds_files::{RevSnippet, execution_control};

/// gaps' own filter and Slurm script writer, on the block in `path`.
const SBATCH_FROM_GAPS: &str = r#"
import json, sys, warnings
from gaps.status import HardwareOption
from gaps.cli.execution import _filter_exec_kwargs
block = dict(json.load(open(sys.argv[1]))["execution_control"])
option = HardwareOption(block.pop("option"))
with warnings.catch_warnings():
    # reV's own keys (max_workers…) are not gaps': it warns that it passes them on.
    warnings.simplefilter("ignore")
    kwargs = _filter_exec_kwargs(block, option.manager.make_script_str, option)
print(option.manager.make_script_str(name="rev_gen_j0", cmd="reV generation -c config.json", **kwargs))
"#;

fn sbatch_script(snippet: &RevSnippet) -> String {
    sbatch_script_for(&snippet.to_json())
}

/// The Slurm script gaps writes for the `execution_control` of this config's JSON.
pub(crate) fn sbatch_script_for(config: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config_gen.json");
    std::fs::write(&path, config).unwrap();
    let python = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/rev/bin/python");
    let output = Command::new(python)
        .args(["-c", SBATCH_FROM_GAPS])
        .arg(&path)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("the .venv/rev python (tests/run.sh installs it)");
    assert!(
        output.status.success(),
        "gaps refused the block: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
#[ignore = "needs .venv/rev (NREL-gaps): run tests/run.sh"]
fn gaps_takes_the_block_and_writes_the_slurm_lines_we_mean() {
    let mut snippet = RevSnippet {
        execution_control: execution_control(4, 48, true),
        resource_file: "/nrel/wtk/conus/wtk_conus_{}.h5".into(),
    };
    let script = sbatch_script(&snippet);
    assert!(script.contains("#SBATCH --exclusive"), "{script}");
    assert!(
        script.contains("\nbash ~/start_hsds.sh\nreV generation"),
        "HSDS starts before reV: {script}"
    );
    assert!(
        !script.contains("--account") && !script.contains("--time"),
        "{script}"
    );

    // The sizing assistant's walltime, on a queue that does not share nodes.
    snippet.execution_control = execution_control(3, 44, false);
    snippet.execution_control.walltime = Some(35.0);
    let script = sbatch_script(&snippet);
    assert!(script.contains("#SBATCH --time=35:00:00"), "{script}");
    assert!(!script.contains("--exclusive"), "{script}");
}
