#!/usr/bin/env bash
# `pcwiz list --json` versus `pcluster list-clusters` on the same moto with 100
# cluster-shaped stacks (the tags pcluster looks for; no instances), whole process, same run.
# Runs inside the harness (benches/run.sh calls it that way). Not a test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${PCWIZ_BIN:-$root/target/release/pcwiz}"
out="${BENCH_OUT:-$root/.harness/bench}"; mkdir -p "$out"
"$PCWIZ_TEST_VENV_BIN/python" - <<'PY'
import boto3, json, os
cfn = boto3.client("cloudformation", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-west-2")
template = json.dumps({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}})
for n in range(100):
    cfn.create_stack(StackName=f"bench-{n:03d}", TemplateBody=template,
                     Tags=[{"Key": "parallelcluster:version", "Value": "3.16.1"},
                           {"Key": "parallelcluster:cluster-name", "Value": f"bench-{n:03d}"}])
PY
home=$(mktemp -d)
env HOME="$home" "$bin" list --json | "$PCWIZ_TEST_VENV_BIN/python" -c 'import json,sys; print(len(json.load(sys.stdin)), "clusters listed by pcwiz")'
hyperfine -N --warmup 2 --runs 10 --export-json "$out/list.json" \
  -n "pcwiz list --json (100 clusters)" "env HOME=$home $bin list --json" \
  -n "pcluster list-clusters (100 clusters)" "$PCWIZ_TEST_VENV_BIN/pcluster list-clusters --region us-west-2" \
  | tee "$out/list.txt"
