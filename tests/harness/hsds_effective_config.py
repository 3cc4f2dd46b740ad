"""What HSDS itself makes of its settings: HSDS's own code, not a reading of the files.

    python hsds_effective_config.py [OVERRIDE_FILE]

Run in the environment HSDS would have (CONFIG_OVERRIDE_PATH, or CONFIG_DIR for a Docker
container's /config mount, AWS_* variables). Prints one JSON document:

  defaults     every key of HSDS's packaged config.yml with its value there
  effective    every key as HSDS's config module resolves it (command line, environment,
               override.yml, config.yml, in HSDS's order and with its conversions)
  override     OVERRIDE_FILE's keys: `unknown` (not in config.yml, so HSDS ignores them)
               and `type_mismatch` (HSDS converts them to config.yml's type: "false" is true)
  s3           what HSDS's S3 client does with those settings: `unsigned` (botocore's
               UNSIGNED), `key_id` it would sign with, `metadata_lookups` (the curl calls
               it makes to the instance metadata service for its IAM role; recorded here,
               never run)
"""
import contextlib
import json
import subprocess
import sys

import yaml
from importlib_resources import files

from hsds import config
from hsds.util import s3Client

defaults = yaml.safe_load(files("admin.config").joinpath("config.yml").read_text())
effective = {key: config.get(key) for key in defaults}

override = {"unknown": [], "type_mismatch": []}
if len(sys.argv) > 1:
    with open(sys.argv[1]) as f:
        written = yaml.safe_load(f) or {}
    for key, value in written.items():
        if key not in defaults:
            override["unknown"].append(key)
        elif defaults[key] is not None and type(value) is not type(defaults[key]):
            override["type_mismatch"].append(key)

# HSDS asks the instance metadata service for its role by running curl: record the calls.
metadata_lookups = []


def recorded_run(command, **kwargs):
    metadata_lookups.append(" ".join(command))
    return subprocess.CompletedProcess(command, 7, b"", b"curl: (7) not run by this test")


s3Client.subprocess.run = recorded_run
s3 = None
if effective.get("aws_s3_gateway") and not effective.get("root_dir"):
    # HSDS's logger prints to stdout, which is this program's answer.
    with contextlib.redirect_stdout(sys.stderr):
        client = s3Client.S3Client({})
    s3 = {
        "unsigned": client._aio_config.signature_version is s3Client.UNSIGNED,
        "key_id": client._get_client_kwargs()["aws_access_key_id"],
        "metadata_lookups": metadata_lookups,
    }

print(json.dumps({"defaults": defaults, "effective": effective, "override": override, "s3": s3},
                 default=str))
