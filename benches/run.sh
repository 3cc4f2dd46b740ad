#!/usr/bin/env bash
# pcwiz's benchmarks, whole-process, with hyperfine. Results go to BENCHMARKS.md by hand;
# raw numbers to .harness/bench/. Not a test: nothing here asserts a time.
#
#   benches/run.sh
#
# 1. Start to first frame: `pcwiz --exit-after-first-frame` draws the main menu once (to the
#    terminal: --output=inherit, since pcwiz refuses to draw a full-screen app into a pipe) and
#    exits. It runs inside tmux because the full-screen app needs a terminal.
# 2. `pcwiz doctor --json` against moto versus `aws sts get-caller-identity` (AWS CLI from
#    the harness venv), same run, same machine; in the loopback-only namespace.
# 3. `pcwiz price` for 20 types: cold (20 GetProducts calls to the harness's Price List
#    stand-in) and from a warm cache (no calls), whole process.
# 4. One keystroke in the head-node picker over 642 types: `cargo bench --bench keystroke`.
# 5. AWS calls per minute while following a launch (benches/polling.sh).
# 6. `pcwiz list` versus `pcluster list-clusters` with 100 clusters (benches/list.sh).
# 7. One dashboard refresh and its ssh share (benches/refresh.sh).
# 8. The Jobs tab with 10,000 jobs: `cargo bench --bench jobs_tab`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tests/harness/install.sh
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --quiet
out="$root/.harness/bench"; mkdir -p "$out"
bin="$root/target/release/pcwiz"

echo "== start to first frame"
home=$(mktemp -d)
tmux -L pcwiz-bench -f /dev/null new-session -d -x 100 -y 30 \
  "env -i TERM=tmux-256color PATH=/usr/bin:/bin HOME=$home AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL=http://127.0.0.1:9 \
   hyperfine -N --output=inherit --style basic --warmup 5 --runs 100 --export-json $out/startup.json '$bin --exit-after-first-frame'; \
   tmux -L pcwiz-bench wait-for -S bench-done"
tmux -L pcwiz-bench wait-for bench-done
tmux -L pcwiz-bench kill-server 2>/dev/null || true
# hyperfine drew on the tmux pane with pcwiz (pcwiz needs the terminal); the numbers are in the JSON.
"$root/.venv/harness/bin/python" - "$out/startup.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
ms = lambda s: s * 1000
print(f"start -> first frame -> exit: {ms(r['mean']):.1f} ms ± {ms(r['stddev']):.1f} ms "
      f"(min {ms(r['min']):.1f}, max {ms(r['max']):.1f}, {len(r['times'])} runs)")
PY

echo "== doctor --json versus aws sts get-caller-identity (moto)"
export CARGO_NET_OFFLINE=true
tests/harness/netns.sh tests/harness/with_services.sh bash -c '
  set -e
  home=$(mktemp -d)
  common="env HOME=$home AWS_EC2_METADATA_DISABLED=true"
  hyperfine -N -i --warmup 3 --runs 20 --export-json "'"$out"'/doctor.json" \
    -n "pcwiz doctor --json (tools on PATH: runs pcluster version)" \
      "$common PATH=$PCWIZ_TEST_VENV_BIN:/usr/bin:/bin '"$bin"' doctor --json" \
    -n "pcwiz doctor --json (no pcluster on PATH)" \
      "$common PATH=/usr/bin:/bin '"$bin"' doctor --json" \
    -n "aws sts get-caller-identity" \
      "$common $PCWIZ_TEST_VENV_BIN/aws sts get-caller-identity" \
    | tee "'"$out"'/doctor.txt"
'

echo "== pcwiz price, 20 types: cold cache versus warm cache"
tests/harness/netns.sh tests/harness/with_services.sh bash -c '
  set -e
  types="t3.large t3.medium t3.xlarge t3a.2xlarge c6a.large c6a.xlarge c6a.2xlarge c6a.4xlarge c6a.8xlarge c6a.12xlarge m6a.large m6a.xlarge m6a.2xlarge m6a.4xlarge m6a.8xlarge m6a.12xlarge r6a.large r6a.xlarge r6a.2xlarge r6a.12xlarge"
  warm=$(mktemp -d)
  common="env AWS_EC2_METADATA_DISABLED=true PATH=/usr/bin:/bin"
  env HOME=$warm AWS_EC2_METADATA_DISABLED=true '"$bin"' price $types --json >/dev/null
  hyperfine -N --warmup 3 --runs 30 --export-json "'"$out"'/price.json" \
    --prepare "rm -rf /tmp/pcwiz-cold-home" \
    -n "pcwiz price (20 types, cold: 20 GetProducts calls)" \
      "$common HOME=/tmp/pcwiz-cold-home '"$bin"' price $types --json" \
    -n "pcwiz price (20 types, warm cache: no calls)" \
      "$common HOME=$warm '"$bin"' price $types --json" \
    | tee "'"$out"'/price.txt"
'

echo "== one keystroke in the head-node picker (release build)"
cargo bench --quiet --bench keystroke | tee "$out/keystroke.txt"

echo "== AWS calls while following a launch (3 min of nothing changing)"
tests/harness/netns.sh tests/harness/with_services.sh benches/polling.sh 180 | tee "$out/polling.txt"

echo "== pcwiz list versus pcluster list-clusters, 100 clusters"
tests/harness/netns.sh tests/harness/with_services.sh benches/list.sh

echo "== one dashboard refresh, and its ssh share"
tests/harness/netns.sh tests/harness/with_services.sh benches/refresh.sh

echo "== the Jobs tab with 10,000 jobs (release build)"
cargo bench --quiet --bench jobs_tab | tee "$out/jobs_tab.txt"
