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
