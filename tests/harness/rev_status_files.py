#!/usr/bin/env python3
"""Write the GAPs status files of a reV pipeline with gaps' own API (fixtures for the reV tab).

Usage (in the reV venv that tests/harness/install.sh makes from rev-requirements.txt):

    .venv/rev/bin/python tests/harness/rev_status_files.py tests/fixtures/rev

For each case it makes OUT_DIR/<case>/rev_conus/, a reV project directory, and drives it the way
a reV pipeline run does: gaps' `Pipeline` writes the step indices, the kick-off marks each job
submitted (`Status.mark_job_as_submitted`, as gaps.cli.execution does), the compute nodes write
their single-job files (`StatusUpdates`, as gaps.cli.config.run_with_status_updates does), and
the pipeline monitor records its pid (`Status.record_monitor_pid`) and later collects the job
files (`Status.update_from_all_job_files`). No status JSON is written by hand.

The pipeline: generation (2 jobs: one successful, one running), collect (1 job, failed),
multi-year (not submitted yet). The cases:

- uncollected: job states only in .gaps/jobstatus_*.json, beside the main status file that holds
  the step indices and the "submitted" entries; monitor pid still in .gaps/monitor_pid.json.
- collected:   the monitor has merged (and deleted) the job files into .gaps/rev_conus_status.json.
- mixed:       collected, then the running generation job finished and wrote a new job file, so
               the job file must override the collected entry.

gaps stamps times with datetime.now(); a scripted clock replaces it so the fixtures are the same
on every run and the runtimes are realistic rather than a few milliseconds.
"""

import datetime
import json
import shutil
import sys
import types
from pathlib import Path

import gaps
import gaps.status
from gaps.pipeline import Pipeline
from gaps.status import (
    DT_FMT,
    HardwareOption,
    QOSOption,
    Status,
    StatusField,
    StatusUpdates,
)

PROJECT = "rev_conus"
STEPS = ["generation", "collect", "multi-year"]
CASES = ["uncollected", "collected", "mixed"]


class _Clock(datetime.datetime):
    """datetime whose now() is whatever the script last set."""

    current = datetime.datetime(2024, 6, 3, 9, 0, 0)

    @classmethod
    def now(cls, tz=None):  # noqa: ARG003
        return cls.current


def at(hh, mm, ss=0):
    _Clock.current = datetime.datetime(2024, 6, 3, hh, mm, ss)
    return _Clock.current


# gaps.status does `import datetime as dt` and calls dt.datetime.now().
gaps.status.dt = types.SimpleNamespace(datetime=_Clock)


def submit(project, step, job_name, job_id):
    """What gaps.cli.execution._kickoff_hpc_job records after sbatch returns."""
    Status.mark_job_as_submitted(
        project,
        pipeline_step=step,
        job_name=job_name,
        replace=True,
        job_attrs={
            StatusField.JOB_ID: job_id,
            StatusField.HARDWARE: HardwareOption.AWSPC,
            StatusField.QOS: QOSOption.NORMAL,
            StatusField.TIME_SUBMITTED: _Clock.now().strftime(DT_FMT),
            StatusField.STDOUT_LOG: f"./stdout/{job_name}_{job_id}.o",
            StatusField.STDOUT_ERR_LOG: f"./stdout/{job_name}_{job_id}.e",
        },
    )


def build_uncollected(project):
    """Run the pipeline up to: gen j0 done, gen j1 running, collect failed. Returns gen j1's
    StatusUpdates so a later case can finish it."""
    project.mkdir(parents=True)
    pipeline = {"pipeline": [{step: f"./config_{step}.json"} for step in STEPS]}
    for step in STEPS:
        (project / f"config_{step}.json").write_text("{}\n", encoding="utf-8")
    config = project / "config_pipeline.json"
    config.write_text(json.dumps(pipeline, indent=4) + "\n", encoding="utf-8")

    at(9, 0)
    Pipeline(config, monitor=False)  # writes {step: {pipeline_index: i}} to the status file
    Status.record_monitor_pid(project, 4242)

    # reV names jobs <project dir>_<command with - as _>, plus _jN when a step has several.
    gen = [f"{PROJECT}_generation_j0", f"{PROJECT}_generation_j1"]
    submit(project, "generation", gen[0], "101")
    submit(project, "generation", gen[1], "102")

    node_attrs = {"tech": "pvwattsv8", "sites_per_worker": 100}
    at(9, 1, 10)
    with StatusUpdates(project, "generation", gen[0], node_attrs) as done:
        at(10, 31, 40)  # 1 h 30 min 30 s of work
        # where the file lands on the cluster, not on the machine that makes the fixtures
        done.out_file = f"/shared/{PROJECT}/{gen[0]}.h5"

    at(9, 2)
    running = StatusUpdates(project, "generation", gen[1], node_attrs)
    running.__enter__()  # node still working: only the "running" job file exists

    collect = f"{PROJECT}_collect"
    at(10, 35)
    submit(project, "collect", collect, "103")
    at(10, 35, 30)
    try:
        with StatusUpdates(project, "collect", collect, {"dsets": ["cf_mean"]}):
            at(10, 36, 15)
            raise RuntimeError("collect: no files matched the pattern")
    except RuntimeError:
        pass  # the node process dies; the job file says "failed"

    return running


def main():
    if len(sys.argv) != 2:  # noqa: PLR2004
        sys.exit(f"usage: {sys.argv[0]} OUT_DIR")
    out = Path(sys.argv[1]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        shutil.rmtree(out / case, ignore_errors=True)

    uncollected = out / "uncollected" / PROJECT
    running = build_uncollected(uncollected)

    collected = out / "collected" / PROJECT
    shutil.copytree(uncollected, collected)
    at(10, 40)
    # The pipeline monitor's poll: merge the job files and monitor_pid.json, delete them, dump.
    Status(collected).update_from_all_job_files(purge=True)

    mixed = out / "mixed" / PROJECT
    shutil.copytree(collected, mixed)
    running.directory = mixed
    at(11, 2, 0)  # 2 h of work for the second generation node
    running.__exit__(None, None, None)

    (out / "README.md").write_text(
        "Made by tests/harness/rev_status_files.py with NREL-gaps "
        f"{gaps.__version__} (do not edit by hand; rerun the script).\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
