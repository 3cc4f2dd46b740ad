#!/usr/bin/env bash
# Start the services, run the given command with their addresses in the environment, and
# stop every service afterwards, whether the command passed, failed or was interrupted.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
run_dir="$root/.harness/run"
trap '"$root/tests/harness/services.sh" stop "$run_dir"' EXIT
trap 'exit 130' INT TERM
"$root/tests/harness/services.sh" start "$run_dir"
# shellcheck disable=SC1091
source "$run_dir/env"
set +e
"$@"
status=$?
set -e
exit $status
