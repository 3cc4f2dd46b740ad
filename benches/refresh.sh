#!/usr/bin/env bash
# One dashboard refresh (`pcwiz status NAME`): DescribeStacks + DescribeInstances against
# moto and one ssh round trip to the harness's sshd, Slurm and HSDS, with the ssh share.
# The cluster is a cluster-shaped stack whose head node is the harness's own sshd. Runs
# inside the harness (benches/run.sh calls it that way). Not a test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${PCWIZ_BIN:-$root/target/release/pcwiz}"
out="${BENCH_OUT:-$root/.harness/bench}"; mkdir -p "$out"
py="$PCWIZ_TEST_VENV_BIN/python"
"$py" "$root/tests/harness/cluster_stack.py" create bench-refresh --scenario complete \
  --cluster-user "$PCWIZ_TEST_SSH_USER" >/dev/null
home=$(mktemp -d)
"$root/tests/harness/harness-ssh-config" > "$home/ssh_config"
port=${PCWIZ_TEST_HSDS_URL##*:}
run="env HOME=$home PCWIZ_SSH_CONFIG=$home/ssh_config $bin status bench-refresh --json --hsds-port $port"
# The shares, from the refreshes' own timings (warm: the ControlMaster connection is up).
$run >/dev/null
for _ in 1 2 3 4 5 6 7 8 9 10; do $run; done | "$py" -c '
import json, sys
docs = [json.loads(l) for l in sys.stdin.read().replace("}\n{", "}\x00{").split("\x00")]
total = sum(d["refresh_ms"] for d in docs) / len(docs)
ssh = sum(d["ssh_ms"] for d in docs) / len(docs)
print(f"one refresh (warm connection): {total:.0f} ms, of which the ssh round trip {ssh:.0f} ms ({100*ssh/total:.0f}%), over {len(docs)} refreshes")'
hyperfine -N --warmup 2 --runs 20 --export-json "$out/refresh.json" -n "pcwiz status (one refresh, whole process)" "$run" | tee "$out/refresh.txt"
"$py" "$root/tests/harness/cluster_stack.py" delete bench-refresh >/dev/null
