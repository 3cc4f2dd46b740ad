#!/usr/bin/env bash
# `pcwiz list --json` when live prices cannot be had, against its warm time (issue 20):
# one cluster-shaped stack with a running t3.large head node in moto, so the list asks the
# Price List for one price. Whole processes, timed by hyperfine when installed, else by
# benches/timeit.py (same idea, documented there). Runs inside the harness's loopback-only
# namespace (needs its env: moto, the Price List stand-in, the venv):
#
#   tests/harness/netns.sh tests/harness/with_services.sh benches/price_outage.sh
#
# PCWIZ_BIN picks the binary (default target/debug/pcwiz); BEFORE_BIN, if set, is timed
# the same way (main's binary, before the change). Not a test: nothing asserts a time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${PCWIZ_BIN:-$root/target/debug/pcwiz}"
out="${BENCH_OUT:-$root/.harness/bench}"; mkdir -p "$out"
runs="${RUNS:-20}"
py="$PCWIZ_TEST_VENV_BIN/python"
case "$AWS_ENDPOINT_URL" in http://127.0.0.1:*) ;; *) echo "moto must be on 127.0.0.1" >&2; exit 1;; esac

# A name of its own each run: the stack's retained log group outlives it.
stack="bench-outage-$$"
"$py" "$root/tests/harness/cluster_stack.py" create "$stack" --scenario complete >/dev/null
trap '"$py" "$root/tests/harness/cluster_stack.py" delete "$stack" >/dev/null 2>&1 || true' EXIT
closed=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="env AWS_EC2_METADATA_DISABLED=true AWS_REGION=us-west-2 AWS_SECRET_ACCESS_KEY=testing"
live="AWS_ENDPOINT_URL_PRICING=$AWS_ENDPOINT_URL_PRICING"
down="AWS_ENDPOINT_URL_PRICING=http://127.0.0.1:$closed"

time_it() { # time_it PREPARE NAME CMD [NAME CMD]...
  local prepare=$1; shift
  local argv=()
  while (($#)); do argv+=(-n "$1" "$2"); shift 2; done
  "$py" "$root/benches/timeit.py" --runs "$runs" --warmup 2 ${prepare:+--prepare "$prepare"} \
    --json "$out/price_outage.$RANDOM.json" "${argv[@]}"
}

for which in after before; do
  b=$bin; [ "$which" = before ] && { [ -n "${BEFORE_BIN:-}" ] || continue; b=$BEFORE_BIN; }
  warm=$(mktemp -d); cold=$(mktemp -d); remembered_down=$(mktemp -d); remembered_denied=$(mktemp -d)
  # Warm: the price cached by one live run.
  $base HOME="$warm" AWS_ACCESS_KEY_ID=AKIDBENCHWARM $live "$b" list --json >/dev/null
  # Remembered: one failed run first (the binary before the change remembers nothing).
  $base HOME="$remembered_down" AWS_ACCESS_KEY_ID=AKIDBENCHDOWN $down "$b" list --json >/dev/null
  $base HOME="$remembered_denied" AWS_ACCESS_KEY_ID=DENIEDBENCH $live "$b" list --json >/dev/null
  echo "== $which ($b)"
  echo "| what | mean ± σ | range | runs |"
  echo "|---|---|---|---|"
  time_it "" \
    "$which: warm cache (no Price List call)" "$base HOME=$warm AWS_ACCESS_KEY_ID=AKIDBENCHWARM $live $b list --json" \
    "$which: Price List on a closed port, after one failed run" "$base HOME=$remembered_down AWS_ACCESS_KEY_ID=AKIDBENCHDOWN $down $b list --json" \
    "$which: AccessDenied, after one denied run" "$base HOME=$remembered_denied AWS_ACCESS_KEY_ID=DENIEDBENCH $live $b list --json"
  time_it "rm -rf $cold/.cache" \
    "$which: Price List on a closed port, first failure (nothing cached)" "$base HOME=$cold AWS_ACCESS_KEY_ID=AKIDBENCHDOWN $down $b list --json" \
    "$which: AccessDenied, first denial (nothing cached)" "$base HOME=$cold AWS_ACCESS_KEY_ID=DENIEDBENCH $live $b list --json"
  rm -rf "$warm" "$cold" "$remembered_down" "$remembered_denied"
done
