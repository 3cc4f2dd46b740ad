#!/usr/bin/env bash
# The test command. Installs what is missing (Debian packages, a Python venv with moto,
# pcluster, node, awscli and HSDS, the Rust build), then, in a network namespace that has
# only loopback, starts the real services on 127.0.0.1 and runs every test against them:
# the offline unit and snapshot tests, and the ones marked #[ignore] because they need the
# services. Everything it started is stopped when it ends, pass or fail.
#
#   tests/run.sh                       # everything
#   tests/run.sh --test integration doctor_moto   # one area (any `cargo test` arguments)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "$(id -u)" != 0 ]; then
  echo "tests/run.sh needs root: it creates the test user, starts munged, slurmd and sshd," >&2
  echo "and a network namespace. Run it as root (CI does), e.g. sudo -E env PATH=\"\$PATH\" tests/run.sh" >&2
  exit 2
fi
tests/harness/install.sh
# Inside the namespace there is no network at all, so cargo must not try to reach crates.io.
export CARGO_NET_OFFLINE=true
targets=(--all-targets)
(($#)) && targets=("$@")
exec tests/harness/netns.sh tests/harness/with_services.sh \
  cargo test --no-fail-fast "${targets[@]}" -- --include-ignored
