#!/usr/bin/env bash
# How many AWS calls following a launch costs: `pcwiz follow` on a cluster-shaped stack in
# moto that stays CREATE_IN_PROGRESS (nothing changes, as during a head node's bootstrap) for
# $1 seconds (default 180), then completes. Prints calls, looks and calls per minute.
# Runs inside the harness (benches/run.sh calls it that way). Not a test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-180}
bin="${PCWIZ_BIN:-$root/target/release/pcwiz}"
py="$PCWIZ_TEST_VENV_BIN/python"
"$py" "$root/tests/harness/cluster_stack.py" create bench-rev --scenario in-progress >/dev/null
home=$(mktemp -d)
start=$(date +%s.%N)
env HOME="$home" "$bin" follow bench-rev --json > "$home/out.json" 2>/dev/null &
follower=$!
sleep "$seconds"
"$py" "$root/tests/harness/cluster_stack.py" signal bench-rev --status SUCCESS >/dev/null
wait "$follower" || true
end=$(date +%s.%N)
"$py" "$root/tests/harness/cluster_stack.py" delete bench-rev >/dev/null
"$py" - "$home/out.json" "$start" "$end" <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))
minutes = (float(sys.argv[3]) - float(sys.argv[2])) / 60
calls = out["calls"]
print(f"following {minutes:.1f} min of an unchanging creation: {calls} calls "
      f"({calls // 4} looks of 4), {calls / minutes:.1f} calls/min; ended {out.get('phase')}")
PY
