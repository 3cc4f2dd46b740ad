#!/usr/bin/env python3
"""The GAPs status files of a big reV generation run, written with gaps' own API.

Usage (in the reV venv that tests/harness/install.sh makes from rev-requirements.txt):

    .venv/rev/bin/python tests/harness/rev_big_status.py PROJECT_DIR JOBS

PROJECT_DIR becomes a reV project whose one step, generation, was split into JOBS node jobs,
all of which finished: gaps' `Pipeline` writes the step index, the kick-off marks each job
submitted with its Slurm id and the run's arguments (as gaps.cli.execution does for every job,
which is what makes the collected file megabytes), each node writes its job file through
`StatusUpdates` ("running", then "successful" with its out_file), and the pipeline monitor
collects the first few into the main status file (`Status.update_from_all_job_files`); the
rest finished after that poll, so their job files are still there. (gaps deep-copies the whole
status once per job file it collects, so collecting thousands takes minutes: the monitor polls
as jobs end, a few at a time.) No status JSON is written by hand.

It prints one JSON line: {"jobs": N, "job_files": M, "main_bytes": B}.
"""

import json
import sys
from pathlib import Path

from gaps.pipeline import Pipeline
from gaps.status import (
    DT_FMT,
    HardwareOption,
    QOSOption,
    Status,
    StatusField,
    StatusOption,
    StatusUpdates,
)


def run_kwargs(project, name, index, jobs):
    """What reV's generation records for each job besides its status (cli_gen's split)."""
    sites = 100
    return {
        "technology": "pvwattsv8",
        "resource_file": "/nrel/nsrdb/v3/nsrdb_2019.h5",
        "sam_files": {"default": f"{project}/sam_pvwattsv8.json"},
        "output_request": ["cf_mean", "cf_profile"],
        "low_res_resource_file": None,
        "project_points_split_range": [index * sites, (index + 1) * sites],
        "tag": f"_j{index}",
        "command_name": "generation",
        "pipeline_step": "generation",
        "config_file": f"{project}/config_gen.json",
        "project_dir": str(project),
        "job_name": name,
        "out_dir": str(project),
        "out_fpath": f"{project}/{name}",
        "run_method": "run",
        "max_workers": 48,
        "sites_per_worker": 50,
        "memory_utilization_limit": 0.7,
        "split_jobs": jobs,
    }


def main():
    if len(sys.argv) != 3:  # noqa: PLR2004
        sys.exit(f"usage: {sys.argv[0]} PROJECT_DIR JOBS")
    project = Path(sys.argv[1]).resolve()
    jobs = int(sys.argv[2])
    project.mkdir(parents=True)
    (project / "config_gen.json").write_text("{}\n", encoding="utf-8")
    config = project / "config_pipeline.json"
    config.write_text(
        json.dumps({"pipeline": [{"generation": "./config_gen.json"}]}) + "\n",
        encoding="utf-8",
    )
    Pipeline(config, monitor=False)

    width = len(str(jobs - 1))
    names = [f"{project.name}_generation_j{i:0{width}d}" for i in range(jobs)]
    # The kick-off: one "submitted" entry per job, as mark_job_as_submitted writes it, in one
    # dump (mark_job_as_submitted rewrites the whole file per job).
    status = Status(project)
    for index, name in enumerate(names):
        attrs = run_kwargs(project, name, index, jobs)
        attrs.update(
            {
                StatusField.JOB_ID: str(10_000 + index),
                StatusField.HARDWARE: HardwareOption.AWSPC,
                StatusField.QOS: QOSOption.NORMAL,
                StatusField.JOB_STATUS: StatusOption.SUBMITTED,
                StatusField.TIME_SUBMITTED: "06-Dec-2026 01:00:00",
                StatusField.STDOUT_LOG: f"{project}/logs/stdout/{name}_{10_000 + index}.o",
                StatusField.STDOUT_ERR_LOG: f"{project}/logs/stdout/{name}_{10_000 + index}.e",
            }
        )
        status.data["generation"][name] = attrs
    status.dump()

    collected_before = min(20, jobs // 2)
    for index, name in enumerate(names):
        if index == collected_before:
            Status(project).update_from_all_job_files(purge=True)
        with StatusUpdates(project, "generation", name, run_kwargs(project, name, index, jobs)) as node:
            node.out_file = f"{project}/{name}_2019.h5"

    job_files = len(list((project / ".gaps").glob("jobstatus_*.json")))
    main_bytes = (project / ".gaps" / f"{project.name}_status.json").stat().st_size
    print(json.dumps({"jobs": jobs, "job_files": job_files, "main_bytes": main_bytes}))


if __name__ == "__main__":
    main()
