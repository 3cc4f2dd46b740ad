#!/usr/bin/env bash
# Run a command in a private network namespace that has only loopback: a hard guarantee
# that no test can reach anything but 127.0.0.1, whatever a library does.
# 127.0.0.2 is added because glibc's AI_ADDRCONFIG ignores exactly 127.0.0.1 and would
# otherwise report "no IPv4 configured", which stops slurmd from binding its port.
set -euo pipefail
if [ "${PCWIZ_IN_NETNS:-}" = 1 ]; then exec "$@"; fi
if ! unshare --net true 2>/dev/null; then
  echo "[harness] cannot create a network namespace (needs root or user namespaces)." >&2
  echo "[harness] the tests still point only at 127.0.0.1, but nothing enforces it here." >&2
  exec "$@"
fi
exec unshare --net -- bash -c '
  ip link set lo up
  ip addr add 127.0.0.2/8 dev lo
  export PCWIZ_IN_NETNS=1
  exec "$@"' netns "$@"
