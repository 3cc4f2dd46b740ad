#!/usr/bin/env bash
# pcwiz's one round trip to a cluster's head node: everything the dashboard shows from the
# cluster itself, gathered here and printed as ONE JSON document on stdout. pcwiz sends this
# script over ssh on stdin (`bash -s -- ARGS`), so nothing is installed on the cluster.
#
#   --hsds-port N   where HSDS listens on each compute node (default 5101)
#
# Each source is bounded by a timeout and reported with its exit status and stderr, so a
# down controller or a dead HSDS is a fact in the answer, not a hang or a missing answer.
set -u
hsds_port=5101
while [ $# -gt 0 ]; do
  case "$1" in
    --hsds-port) hsds_port=$2; shift 2 ;;
    *) shift ;;
  esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { # run NAME COMMAND...: stdout, stderr and exit status into $tmp/NAME.*
  local name=$1; shift
  timeout 20 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  echo $? >"$tmp/$name.rc"
}
run squeue squeue --json
run sinfo sinfo --json

# HSDS on every node that has an instance (a "~" node is powered off: nothing to ask).
i=0
for node in $(sinfo -h -N -o '%N %t' 2>/dev/null | awk '$2 !~ /~/ {print $1}' | sort -u); do
  echo "$node" >"$tmp/hsds.$i.node"
  curl -s -m 3 -o "$tmp/hsds.$i.body" -w '%{http_code}' "http://$node:$hsds_port/about" \
    >"$tmp/hsds.$i.code" 2>"$tmp/hsds.$i.err"
  i=$((i + 1))
done

python3 - "$tmp" "$hsds_port" <<'PY'
import json, os, socket, sys, time
tmp, port = sys.argv[1], int(sys.argv[2])

def read(name, default=""):
    try:
        with open(os.path.join(tmp, name), errors="replace") as f:
            return f.read()
    except OSError:
        return default

def source(name):
    rc = read(name + ".rc", "").strip()
    return {"rc": int(rc) if rc.lstrip("-").isdigit() else None,
            "stdout": read(name + ".out"), "stderr": read(name + ".err")[-2000:]}

hsds = []
n = 0
while os.path.exists(os.path.join(tmp, f"hsds.{n}.node")):
    body = read(f"hsds.{n}.body")
    try:
        about = json.loads(body) if body else None
    except ValueError:
        about = None
    hsds.append({"node": read(f"hsds.{n}.node").strip(), "port": port,
                 "http_code": read(f"hsds.{n}.code").strip(), "about": about,
                 "error": read(f"hsds.{n}.err").strip()[-500:]})
    n += 1

print(json.dumps({"probe": 1, "host": socket.gethostname(), "time": int(time.time()),
                  "squeue": source("squeue"), "sinfo": source("sinfo"), "hsds": hsds}))
PY
