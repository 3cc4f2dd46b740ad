#!/usr/bin/env bash
# pcwiz's one round trip to a cluster's head node: everything the dashboard shows from the
# cluster itself, gathered here and printed as ONE JSON document on stdout. pcwiz sends this
# script over ssh on stdin (`bash -s -- ARGS`), so nothing is installed on the cluster.
#
#   --hsds-port N   where HSDS listens on each compute node (default 5101)
#   --rev-dir DIR   a reV project directory: its GAPs status files (.gaps/*.json) are read
#   --nodes-up-since T  the idle guard's cost history after epoch T (the dashboard asks for
#                   what it has not seen yet; the first refresh asks from 0)
#
# Each source is bounded by a timeout and reported with its exit status and stderr, so a
# down controller or a dead HSDS is a fact in the answer, not a hang or a missing answer.
set -u
hsds_port=5101
rev_dir=""
nodes_up_since=""
while [ $# -gt 0 ]; do
  case "$1" in
    --hsds-port) hsds_port=$2; shift 2 ;;
    --rev-dir) rev_dir=$2; shift 2 ;;
    --nodes-up-since) nodes_up_since=$2; shift 2 ;;
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
# Per node, with each node's address and last busy time; 23.02+ only (22.05's sinfo has both).
run scontrol scontrol show nodes --json

# HSDS on every node that has an instance (a "~" node is powered off: nothing to ask),
# reached at its NodeAddr (the instance's private IP), which resolves without cluster DNS.
i=0
while read -r node addr state; do
  case "$state" in *~*) continue ;; esac
  echo "$node" >"$tmp/hsds.$i.node"
  curl -s -m 3 -o "$tmp/hsds.$i.body" -w '%{http_code}' "http://$addr:$hsds_port/about" \
    >"$tmp/hsds.$i.code" 2>"$tmp/hsds.$i.err"
  # HSDS 1.0+ counts its answers by status on /metrics: the 503s are requests it refused.
  curl -s -m 3 -o "$tmp/hsds.$i.metrics" -w '%{http_code}' "http://$addr:$hsds_port/metrics" \
    >"$tmp/hsds.$i.mcode" 2>/dev/null
  i=$((i + 1))
done < <(sinfo -h -N -o '%N %o %t' 2>/dev/null | sort -u -k1,1)

python3 - "$tmp" "$hsds_port" "$rev_dir" "$nodes_up_since" <<'PY'
import json, os, socket, sys, time
tmp, port, rev_dir, nodes_up_since = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

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

def refusals(n):
    """(503s answered so far, max_task_count) from HSDS's Prometheus text; None when
    this HSDS has no /metrics (older than 1.0)."""
    if read(f"hsds.{n}.mcode").strip() != "200":
        return None, None
    refused, limit = 0, None
    for line in read(f"hsds.{n}.metrics").splitlines():
        if line.startswith("hsds_http_requests_total{") and 'status="503"' in line:
            refused += int(float(line.rsplit(" ", 1)[1]))
        elif line.startswith("hsds_tasks_max "):
            limit = int(float(line.rsplit(" ", 1)[1]))
    return refused, limit

def rev(directory):
    """The GAPs status files of a reV project: the collected <dir>_status.json and the
    per-job jobstatus_*.json files gaps writes before collecting them."""
    if not directory:
        return None
    directory = os.path.expanduser(directory)
    gaps = os.path.join(directory, ".gaps")
    answer = {"dir": directory, "files": [], "error": None}
    if not os.path.isdir(directory):
        answer["error"] = f"no directory {directory} on the head node"
        return answer
    try:
        names = sorted(n for n in os.listdir(gaps) if n.endswith(".json"))
    except OSError:
        names = []  # no step has run yet
    for name in names[:500]:
        try:
            with open(os.path.join(gaps, name), errors="replace") as f:
                answer["files"].append({"path": ".gaps/" + name, "text": f.read(400_000)})
        except OSError as e:
            answer["files"].append({"path": ".gaps/" + name, "text": "", "error": str(e)})
    return answer

def guard():
    """The idle guard's state file (assets/remote/idle_guard.sh), as text; None when the
    guard is not installed."""
    try:
        with open("/var/lib/pcwiz/idle-guard.json", errors="replace") as f:
            return f.read(20_000)
    except FileNotFoundError:
        return None
    except OSError as e:
        return "unreadable: " + str(e)

def nodes_up(since):
    """The idle guard's cost history (compute nodes up by instance type) after epoch
    `since`, oldest first; None when not asked or the guard keeps none."""
    if since == "":
        return None
    try:
        with open("/var/lib/pcwiz/nodes-up.jsonl", errors="replace") as f:
            lines = f.readlines()[-5000:]
    except OSError:
        return None
    samples = []
    for line in lines:
        try:
            sample = json.loads(line)
            if int(sample["t"]) > int(since):
                samples.append(sample)
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by a full disk: the rest still counts
    return samples

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
    hsds[-1]["refused_503"], hsds[-1]["max_task_count"] = refusals(n)
    n += 1

print(json.dumps({"probe": 1, "host": socket.gethostname(), "time": int(time.time()),
                  "squeue": source("squeue"), "sinfo": source("sinfo"),
                  "scontrol": source("scontrol"), "hsds": hsds, "rev": rev(rev_dir),
                  "guard": guard(), "nodes_up": nodes_up(nodes_up_since)}))
PY
